"""Issue 18 part 7: a second sample enterprise of another shape. `talentloop generate --profile
retail` writes a US retailer's HRIS exports (English headers, US dates, Male/Female, a
termination date instead of a status, a four-level rating in words, its own job families,
competencies and exit reasons) and puts its reference data and mappings into the home. The
real build publishes it and the pages and the report work on it: nothing is tied to the bank."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingest import vocabulary
from ingest.settings import PROJECT_ROOT
from ingest.vocabulary import SAMPLES_DIR, load_vocabulary, sample_bank

EMPLOYEES = 300
AS_OF = date(2025, 6, 30)
RETAIL = load_vocabulary(SAMPLES_DIR / "retail" / "reference")
BANK = sample_bank()
WRITTEN = {
    "org_units",
    "competency_models",
    "hr_employees",
    "job_changes",
    "performance_reviews",
    "exits",
}
US_DATE = re.compile(r"^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/(19|20)[0-9]{2}$")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _generate(home: Path) -> subprocess.CompletedProcess[str]:
    """`talentloop generate --profile retail`, as a person types it."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.cli",
            "generate",
            "--profile",
            "retail",
            "-n",
            str(EMPLOYEES),
            "--seed",
            "3",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(home / "landing"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def retail_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("retail") / "home"
    ran = _generate(home)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return home


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="cp1252", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_exports_are_shaped_like_an_hris_export_not_like_the_contract(
    retail_landing: Path,
) -> None:
    from ingest.contract import SOURCES

    landing = retail_landing / "landing"
    assert {p.name for p in landing.iterdir()} == WRITTEN
    (roster,) = (landing / "hr_employees").glob("Employee_Roster_*.csv")
    rows = _rows(roster)
    header = list(rows[0])
    assert "Termination Date" in header and "First Name" in header
    assert not set(header) & set(SOURCES["hr_employees"].columns)  # not the contract's names
    assert {r["Gender"] for r in rows} == {"Male", "Female", "Prefer not to say"}
    assert "SSN Hash" not in header  # a US roster exports no national ID
    for field in ("Date of Birth", "Hire Date"):
        assert all(US_DATE.match(r[field]) for r in rows), field
    ended = [r for r in rows if r["Termination Date"]]
    assert ended and all(US_DATE.match(r["Termination Date"]) for r in ended)
    assert all(re.fullmatch(r"E[1-9][0-9]*", r["Employee ID"]) for r in rows)
    ratings = {
        r["Rating"] for p in (landing / "performance_reviews").glob("*.csv") for r in _rows(p)
    }
    assert ratings == {
        "Exceeds Expectations",
        "Meets Expectations",
        "Partially Meets",
        "Below Expectations",
    }
    # The locations carry the retailer's own level codes, not the bank's (no value map needed).
    (locations,) = (landing / "org_units").glob("*.csv")
    assert {r["Location Type"] for r in _rows(locations)} == set(RETAIL.codes("org_levels"))
    assert not set(RETAIL.codes("org_levels")) & set(BANK.codes("org_levels"))
    reasons = {r["Reason Code"] for p in (landing / "exits").glob("*.csv") for r in _rows(p)}
    assert reasons <= set(RETAIL.codes("exit_reasons")) and len(reasons) > 5
    # The retailer's own pay grades (H1 ... M4), not the bank's numbers.
    grades = {r["Pay Grade"] for r in rows} | {
        r["New Pay Grade"] for p in (landing / "job_changes").glob("*.csv") for r in _rows(p)
    }
    assert grades <= set(RETAIL.codes("grades")) and len(grades) > 5
    assert not grades & set(BANK.codes("grades"))
    # English throughout, and none of the bank's codes anywhere in the exports.
    bank_codes = [*BANK.codes("job_families"), *BANK.codes("competencies")]
    for path in landing.rglob("*.csv"):
        text = path.read_bytes().decode("cp1252")
        assert not CJK.search(text), path
        assert not [c for c in bank_codes if c in text], path
    # The home gets the profile's reference data and mappings.
    assert load_vocabulary(retail_landing / "reference").codes("job_families") == RETAIL.codes(
        "job_families"
    )
    assert {p.stem for p in (retail_landing / "mappings").glob("*.toml")} == WRITTEN


def test_the_shipped_mappings_load_every_row(retail_landing: Path) -> None:
    from ingest.sandbox import check_mappings

    vocabulary.activate_home(retail_landing)
    report = check_mappings(retail_landing / "landing", retail_landing / "mappings", as_of=AS_OF)
    assert report["quarantine"] == []
    assert {f[0] for f in report["files"]} == WRITTEN
    for source, file, status, read, loaded, quarantined, _ in report["files"]:
        assert status == "loaded" and read == loaded > 0 and quarantined == 0, (source, file)


def test_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    from sample_enterprise import generate_profile

    with pytest.raises(ValueError, match="unknown profile"):
        generate_profile("insurer", tmp_path / "landing", 100)


# --- the build --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def retail_home(retail_landing: Path) -> Iterator[Path]:
    from ingest.pseudonyms import ensure_key_file
    from ingest.settings import load_settings
    from orchestration.build import run_build

    home = retail_landing
    ensure_key_file(home)  # as `talentloop key init` writes it
    result = run_build(load_settings(home, home / "landing"), log_level="WARNING")
    assert result.published, (result.failed_steps, result.blocking_failures)
    yield home


def _query(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def _codes(home: Path, sql: str) -> set[str]:
    return {r[0] for r in _query(home, sql) if r[0] is not None}


@pytest.mark.slow
def test_the_marts_hold_the_retailers_vocabulary_and_none_of_the_banks(retail_home: Path) -> None:
    families = set(RETAIL.codes("job_families"))
    assert _codes(retail_home, "select job_family from marts.dim_job") == families
    assert _codes(retail_home, "select job_family from marts.dim_employee") == families
    assert _codes(retail_home, "select competency_code from marts.dim_competency") == set(
        RETAIL.competencies
    )
    labels = dict(_query(retail_home, "select job_family, job_family_name_zh from marts.dim_job"))
    assert labels["store_associate"] == RETAIL.label("job_families", "store_associate", "zh")
    # The bank's codes are nowhere: no family, competency, rating or exit reason of the bank.
    bank = {
        *BANK.codes("job_families"),
        *BANK.codes("competencies"),
        *BANK.codes("performance_ratings"),
        *BANK.codes("exit_reasons"),
    }
    text_columns = _query(
        retail_home,
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' and data_type = 'VARCHAR' and ("
        "column_name like '%job_family%' or column_name like '%competency_code%' "
        "or column_name like '%grade%' or column_name like '%reason_code%')",
    )
    assert text_columns
    for table, column in text_columns:
        found = _codes(retail_home, f"select distinct {column} from marts.{table}") & bank
        assert not found, (table, column, found)


@pytest.mark.slow
def test_the_four_level_rating_lands_as_normalised_scores(retail_home: Path) -> None:
    scale = {t.code: t.values["normalised_score"] for t in RETAIL.terms("performance_ratings")}
    with duckdb.connect(str(retail_home / "warehouse.duckdb"), read_only=True) as con:
        staged = dict(
            con.execute(
                "select rating_code, normalised_score from staging.performance_ratings"
            ).fetchall()
        )
    assert staged == pytest.approx(scale)
    grades = dict(
        _query(
            retail_home,
            "select review_grade, count(*) from marts.fct_performance_reviews group by 1",
        )
    )
    assert set(grades) == set(scale)
    # The score drives the portrait's segment: a latest rating in the lower half of the
    # retailer's scale (PM 0.33, BE 0) is development, unless at risk or high potential first.
    segments = dict(
        _query(
            retail_home,
            "select segment, count(*) from marts.employee_portraits "
            "where perf_grade_last in ('PM', 'BE') group by 1",
        )
    )
    assert segments.get("needs_development", 0) > 0
    assert set(segments) <= {"needs_development", "at_risk", "high_potential"}


@pytest.mark.slow
def test_an_unstated_sex_loads_as_x_and_the_analyst_file_shows_it_as_unknown(
    retail_home: Path,
) -> None:
    """ "Prefer not to say" is a spelling of the contract's X: the person is loaded, not
    quarantined; analysts, who see units and age bands, get it as unknown (a rare value names)."""
    sexes = dict(_query(retail_home, "select sex, count(*) from marts.dim_employee group by 1"))
    assert set(sexes) == {"M", "F", "X"} and sexes["X"] > 0, sexes
    with duckdb.connect(str(retail_home / "analyst.duckdb"), read_only=True) as con:
        shown = {r[0] for r in con.execute("select distinct sex from dim_employee").fetchall()}
    assert shown == {"M", "F", None}


@pytest.mark.slow
def test_the_retailers_grade_codes_become_their_ranks(retail_home: Path) -> None:
    rank = {t.code: t.values["rank"] for t in RETAIL.terms("grades")}
    with duckdb.connect(str(retail_home / "warehouse.duckdb"), read_only=True) as con:
        raw = {
            (f, n): g
            for f, n, g in con.execute(
                "select _file, _line, grade from raw.hr_employees"
            ).fetchall()
        }
        staged = {
            (f, n): g
            for f, n, g in con.execute(
                "select source_file, source_line, grade from staging.stg_hr__employees"
            ).fetchall()
        }
        steps = con.execute(
            "select count(*), count(*) filter (where grade > previous_grade) from ("
            "  select change_type, grade, lag(grade) over ("
            "    partition by employee_key order by valid_from) as previous_grade"
            "  from marts.dim_employee) where change_type = 'promotion'"
        ).fetchone()
    assert set(raw.values()) <= set(rank) and staged.keys() == raw.keys()
    assert all(staged[row] == rank[code] for row, code in raw.items())
    ranks = _codes(retail_home, "select distinct grade from marts.dim_employee")
    assert ranks <= set(rank.values()) and len(ranks) > 5
    # A promotion is a step up in rank, whatever the codes look like (M1 sorts before S1).
    promotions, up = steps
    assert promotions > 0 and up == promotions


@pytest.mark.slow
def test_every_landing_row_is_accounted_for(retail_home: Path) -> None:
    with duckdb.connect(str(retail_home / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute(
            "select source, file, rows_read, rows_loaded, rows_quarantined "
            "from raw.load_manifest where status = 'loaded'"
        ).fetchall()
        exits = con.execute(
            "select reason_code, count(*) from raw.exits group by 1 order by 1"
        ).fetchall()
    landing = retail_home / "landing"
    assert {f[0] for f in files} == WRITTEN
    assert len(files) == sum(1 for _ in landing.rglob("*.csv"))
    for source, file, read, loaded, quarantined in files:
        assert read == loaded + quarantined, (source, file)
        lines = (landing / file).read_bytes().count(b"\n") - 1
        assert read == lines, (source, file)
    assert {code for code, _ in exits} <= set(RETAIL.codes("exit_reasons"))
    status = dict(_query(retail_home, "select source, status from ops.sources"))
    assert {s for s, v in status.items() if v == "ok"} == WRITTEN


@pytest.mark.slow
def test_the_pages_figures_and_the_report_work_on_the_retailer(
    retail_home: Path, tmp_path: Path
) -> None:
    from dashboards.pages import PAGES, SOURCES_MISSING, SourcesMissing, page_figures
    from dashboards.queries import Scope
    from dashboards.report import write_report

    vocabulary.activate_home(retail_home)
    admin = Scope(role="admin")
    with duckdb.connect(str(retail_home / "serving.duckdb"), read_only=True) as con:
        for spec in PAGES:
            # A page withheld only for a source the retailer does not deliver, and naming it.
            lacking = [s for s, keys in spec.needs.items() if not keys and s not in WRITTEN]
            if lacking:
                with pytest.raises(SourcesMissing) as info:
                    page_figures(con, spec.name, admin)
                assert info.value.sources == lacking
                continue
            shown = page_figures(con, spec.name, admin)
            assert not set(shown[SOURCES_MISSING]["source"]) & WRITTEN, spec.name
        # A person of the roster is found by an English name; the families are the retailer's.
        (roster,) = (retail_home / "landing" / "hr_employees").glob("*.csv")
        active = next(r for r in _rows(roster) if not r["Termination Date"])
        found = page_figures(con, "portrait", admin, search=active["Last Name"])["found"]
        by_family = page_figures(con, "headcount", admin)["by_family"]
    assert len(found) >= 1
    assert set(by_family["job_family"]) <= set(RETAIL.codes("job_families"))
    html, pdf = write_report(
        retail_home / "serving.duckdb", "en", AS_OF.strftime("%Y-%m"), tmp_path / "r.html"
    )
    text = html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert RETAIL.label("job_families", "store_associate", "en") in text
    for code in BANK.codes("job_families"):
        assert BANK.label("job_families", code, "en") not in text, code


@pytest.mark.slow
def test_the_app_serves_every_page_of_the_retailer(
    retail_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboards.pages import PAGES
    from tests.dashboard.conftest import write_users
    from tests.dashboard.test_app_headcount import signed_in

    write_users(retail_home / "users.toml")
    monkeypatch.setenv("TALENTLOOP_HOME", str(retail_home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    at = signed_in("admin", lang="en")
    for spec in PAGES:
        at.switch_page(f"app_pages/{spec.name}.py").run()
        assert not at.exception, (spec.name, at.exception)
