"""Page queries read small marts or a bounded number of rows: the ranked risk list, the people
search (by pseudonym for analysts, in SQL) and per-person tables, on the tiny serving copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import queries, serving
from dashboards.privacy import pseudonym
from dashboards.queries import FULL_SCOPE, Filters, Scope
from tests.dashboard.test_app_headcount import signed_in
from tests.dashboard.tiny_serving import TEST_PSEUDONYM_KEY

HRBP = Scope(role="hrbp", org_units=("BR001",))


@pytest.fixture
def con(tiny_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(tiny_home / "serving.duckdb"), read_only=True) as c:
        yield c


def _ranked(con: duckdb.DuckDBPyConnection, where: str = "true") -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select p.employee_key from marts.employee_portraits p "
            "join marts.dim_org_unit o using (org_unit_code) "
            f"where p.risk_band is not null and {where} "
            "order by p.p_exit_12m desc, p.employee_key"
        ).fetchall()
    ]


def test_risk_list_is_the_top_of_the_ranking_with_the_full_count(
    con: duckdb.DuckDBPyConnection,
) -> None:
    everyone = _ranked(con)
    top = queries.retention_people(con, Filters(), FULL_SCOPE, limit=10)
    assert list(top["employee_key"]) == everyone[:10]
    assert queries.retention_people_count(con, Filters(), FULL_SCOPE) == len(everyone)
    high = _ranked(con, "p.risk_band = 'high'")
    got = queries.retention_people(con, Filters(), FULL_SCOPE, "high", limit=len(high) + 5)
    assert list(got["employee_key"]) == high


def test_risk_list_keeps_scope_and_filters(con: duckdb.DuckDBPyConnection) -> None:
    mine = _ranked(con, "o.branch_code = 'BR001'")
    got = queries.retention_people(con, Filters(), HRBP, limit=1000)
    assert list(got["employee_key"]) == mine
    assert set(got["org_unit_code"]) <= {"BR001-D01", "BR001-D02"}
    # A filter outside the scope narrows to nothing rather than widening it.
    assert queries.retention_people_count(con, Filters(org_units=("BR002",)), HRBP) == 0
    tellers = _ranked(con, "o.branch_code = 'BR001' and p.job_family = 'teller'")
    filtered = Filters(job_families=("teller",))
    assert queries.retention_people_count(con, filtered, HRBP) == len(tellers)


def test_risk_list_search_by_number_name_or_pseudonym(con: duckdb.DuckDBPyConnection) -> None:
    key = _ranked(con)[3]
    name = con.execute(
        "select employee_name from marts.dim_employee where employee_key = ?", [key]
    ).fetchone()[0]
    by_number = queries.retention_people(con, Filters(), FULL_SCOPE, None, key)
    assert list(by_number["employee_key"]) == [key]
    by_name = queries.retention_people(con, Filters(), FULL_SCOPE, None, name)
    assert key in set(by_name["employee_key"])
    alias = pseudonym(key, TEST_PSEUDONYM_KEY)
    by_alias = queries.retention_people(
        con, Filters(), FULL_SCOPE, None, alias, False, TEST_PSEUDONYM_KEY
    )
    assert list(by_alias["employee_key"]) == [key]
    # An analyst's search never matches the real number.
    assert queries.retention_people(
        con, Filters(), FULL_SCOPE, None, key, False, TEST_PSEUDONYM_KEY
    ).empty


def test_pseudonym_search_in_sql_equals_the_privacy_layer(con: duckdb.DuckDBPyConnection) -> None:
    """With the build's key the search reads the stored pseudonyms; with another key (rotated
    since the build) it hashes, and both equal the privacy layer's pseudonyms for that key."""
    keys = [
        r[0] for r in con.execute("select employee_key from marts.employee_portraits").fetchall()
    ]
    assert queries._stored_pseudonyms_fit(con, TEST_PSEUDONYM_KEY)
    assert not queries._stored_pseudonyms_fit(con, "a-rotated-key")
    for salt in (TEST_PSEUDONYM_KEY, "a-rotated-key"):
        for needle in ("a", "0f", "ff", "7c"):
            want = sorted(k for k in keys if needle in pseudonym(k, salt))[:50]
            got = queries.find_people(con, needle, FULL_SCOPE, False, 50, salt)
            assert list(got["employee_key"]) == want, (salt, needle)


def test_people_tables_are_bounded_and_scoped(tiny_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "serving.duckdb"
    shutil.copyfile(tiny_home / "serving.duckdb", path)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema ml")
        con.execute(
            "create table ml.training_recommendations as select employee_key, r as rank, "
            "'C10' || r as course_code from marts.employee_portraits, range(1, 4) t(r)"
        )
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select count(*) from ml.training_recommendations").fetchone()[0]
        assert rows > 12
        table = "ml.training_recommendations"
        assert len(queries.mart_table(con, table, FULL_SCOPE, limit=12)) == 12
        assert len(queries.mart_table(con, table, FULL_SCOPE)) == min(rows, queries.TABLE_LIMIT)
        full = queries.mart_table(con, table, FULL_SCOPE, limit=12)
        assert full["org_unit_code"].notna().all()
        mine = queries.mart_table(con, table, HRBP, limit=10_000)
        in_scope = con.execute(
            "select count(*) from ml.training_recommendations t "
            "join marts.employee_portraits p using (employee_key) where p.branch_code = 'BR001'"
        ).fetchone()[0]
        assert len(mine) == in_scope
        assert set(mine["org_unit_code"]) <= {"BR001-D01", "BR001-D02"}


def test_catalog_is_cached_for_read_only_connections_only(tiny_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "serving.duckdb"
    shutil.copyfile(tiny_home / "serving.duckdb", path)
    with duckdb.connect(str(path)) as con:
        assert "ml.later" not in serving.existing_tables(con)
        assert not serving.has_table(con, "ml.later")
        con.execute("create schema ml")
        con.execute("create table ml.later (x integer)")
        assert "ml.later" in serving.existing_tables(con)
        assert serving.has_table(con, "ml.later")
    with duckdb.connect(str(path), read_only=True) as con:
        first = serving.existing_tables(con)
        first.add("marts.not_there")  # callers get a copy
        assert "marts.not_there" not in serving.existing_tables(con)
        assert "ml.later" in first
        assert serving.has_table(con, "ml.later") and serving.has_table(con, "ml.later")
        assert not serving.has_table(con, "marts.not_there")
        assert not serving.has_table(con, "raw.quarantine")  # not a schema pages may read
        with pytest.raises(serving.NotBuilt, match="marts.not_there"):
            serving.require(con, "marts.dim_org_unit", "marts.not_there")


def test_retention_page_shows_the_ranked_list_with_its_count(home_env: Path) -> None:
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        high = _ranked(con, "p.risk_band = 'high' and o.branch_code = 'BR001'")
    at: AppTest = signed_in("hrbp1")
    at.switch_page("app_pages/retention.py").run()
    assert not at.exception, at.exception
    people = at.dataframe[0].value
    assert len(people) == len(high)
    assert f"{len(high)} of {len(high)} people, highest risk first." in [
        c.value for c in at.caption
    ]
    at.text_input(key="retention_search").input(high[0]).run()
    assert not at.exception, at.exception
    assert list(at.dataframe[0].value["Employee"]) == [high[0]]
    assert "1 of 1 people, highest risk first." in [c.value for c in at.caption]


def test_the_org_filter_offers_the_business_units_of_the_data(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """The bank's branches and head office, or a retailer's stores and its root: whatever level
    the reference data marks as the business unit (dim_org_unit.branch_code), named nowhere."""
    assert list(queries.branches(con, FULL_SCOPE)["org_unit_code"]) == [
        "BR001",
        "BR002",
        "BR003",
        "HO",
    ]
    assert list(queries.branches(con, HRBP)["org_unit_code"]) == ["BR001"]
    retail = tmp_path / "retail.duckdb"
    with duckdb.connect(str(retail)) as c:
        c.execute("create schema marts")
        c.execute(
            "create table marts.dim_org_unit (org_unit_code varchar, org_level varchar, "
            "org_unit_name_zh varchar, org_unit_name_en varchar, branch_code varchar)"
        )
        c.executemany(
            "insert into marts.dim_org_unit values (?, ?, ?, ?, ?)",
            [
                ("CO", "company", "公司", "Company", "CO"),
                ("DV1", "division", "事业部", "Division", "CO"),
                ("RG1", "region", "大区", "Region", "CO"),
                ("ST1", "store", "一号店", "Store 1", "ST1"),
                ("ST1-D1", "department", "一号店生鲜", "Store 1 fresh", "ST1"),
                ("ST2", "store", "二号店", "Store 2", "ST2"),
            ],
        )
        assert list(queries.branches(c, FULL_SCOPE)["org_unit_code"]) == ["CO", "ST1", "ST2"]
