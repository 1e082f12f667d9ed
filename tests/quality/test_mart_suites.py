"""Mart suites on a tiny hand-built star schema: keys, references and values."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from expectations.registry import MART_NAMES, mart_suite_of
from expectations.suite import run_suite
from ingest import vocabulary
from ingest.raw_schema import write_vocabulary_tables


@pytest.fixture
def marts(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema marts")
    con.execute(
        "create table marts.dim_org_unit as select * from (values ('BR001-D01'), ('BR002-D01')) "
        "t(org_unit_code)"
    )
    con.execute("create table marts.dim_job as select 'teller' as job_family")
    # The customer's vocabulary as the ingest writes it (education levels and grades are
    # reference data).
    con.execute("create schema raw")
    write_vocabulary_tables(con, vocabulary.sample_bank())
    con.execute(
        """
        create table marts.dim_employee as
        select format('{:08d}', i) || ':1' as employee_version_key, format('{:08d}', i) as employee_key,
               date '2020-01-01' as valid_from, date '9999-12-31' as valid_to, true as is_current,
               'BR001-D01' as org_unit_code, 'teller' as job_family, 3 as grade,
               format('{:08d}', 0) as manager_key, 'F' as sex, 'bachelor' as education_code
        from range(20) r(i)
        """
    )
    con.execute(
        """
        create table marts.fct_headcount_segments as
        select e.employee_key,
               m as first_month_start_date, m + interval 1 month as last_month_start_date,
               date '2024-01-15' as hire_date,
               'BR001-D01' as org_unit_code, 'teller' as job_family, 3 as grade
        from marts.dim_employee e,
             (select unnest([date '2025-01-01', date '2025-03-01']) as m)
        """
    )
    return con


def test_a_clean_star_schema_passes(marts) -> None:
    for mart in ("dim_employee", "fct_headcount_segments"):
        failed = [r for r in run_suite(marts, mart_suite_of(mart)) if not r.passed]
        assert failed == [], failed


def test_planted_mart_defects_are_errors(marts) -> None:
    marts.execute(
        "insert into marts.fct_headcount_segments select * from marts.fct_headcount_segments limit 1"
    )
    marts.execute(
        "update marts.fct_headcount_segments set org_unit_code = 'BR404' "
        "where employee_key = '00000003'"
    )
    # A hire after the run's first month would give the view a negative tenure.
    marts.execute(
        "update marts.fct_headcount_segments set hire_date = date '2025-02-01' "
        "where employee_key = '00000007' and first_month_start_date = date '2025-01-01'"
    )
    marts.execute(
        "insert into marts.dim_employee select employee_key || ':2', * exclude "
        "(employee_version_key) from marts.dim_employee where employee_key = '00000005'"
    )
    hc = {r.name: r for r in run_suite(marts, mart_suite_of("fct_headcount_segments"))}
    grain = hc["unique.employee_key_first_month_start_date"]
    assert not grain.passed and grain.blocks and grain.observed == 1
    assert hc["references.org_unit_code"].observed == 2
    tenure = hc["rows.tenure_outside_0_to_720_months"]
    assert not tenure.passed and tenure.blocks and tenure.observed == 1
    # A grade that is no rank of the customer's grades (reference data, not a fixed 1-10).
    top = max(int(t.values["rank"]) for t in vocabulary.sample_bank().terms("grades"))
    marts.execute(
        f"update marts.dim_employee set grade = {top + 1} where employee_key = '00000009'"
    )
    emp = {r.name: r for r in run_suite(marts, mart_suite_of("dim_employee"))}
    assert not emp["rows.one_current_version"].passed and emp["rows.one_current_version"].blocks
    assert not emp["references.grade"].passed and emp["references.grade"].observed == 1


def test_every_key_mart_has_a_suite_with_keys_and_references() -> None:
    for mart in MART_NAMES:
        suite = mart_suite_of(mart)
        assert suite.table == f"marts.{mart}" and suite.asset_key == (mart,)
        kinds = {type(r).__name__ for r in suite.table_rules}
        assert {"Unique", "References"} <= kinds
