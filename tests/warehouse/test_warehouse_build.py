"""The real `dbt build` of the star schema: every model, contract and test passes; the docs
catalog builds; corrections replace earlier records; the analyst schema hides identities."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
from warehouse_build import EXCLUDE, Enterprise, run_dbt

MARTS = (
    "dim_date",
    "dim_org_unit",
    "dim_job",
    "dim_job_competency",
    "dim_competency",
    "dim_course",
    "dim_employee",
    "dim_candidate",
    "fct_interview_scores",
    "fct_training_enrollments",
    "fct_performance_reviews",
    "fct_employment_events",
    "fct_headcount_monthly",
    "fct_headcount_segments",
    "fct_survey_responses",
    "id_crosswalk",
    "id_exceptions",
    "id_resolution_summary",
    "quarantine_summary",
)


def test_build_passes_every_model_test_and_contract(enterprise: Enterprise) -> None:
    results = json.loads((enterprise.target / "run_results.json").read_text())["results"]
    bad = [(r["unique_id"], r["status"]) for r in results if r["status"] not in ("success", "pass")]
    assert not bad
    manifest = json.loads((enterprise.target / "manifest.json").read_text())
    # Every unit test runs here: production builds leave them out (orchestration/defs/warehouse.py).
    unit_tests = {r["unique_id"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert len(unit_tests) >= 8 and unit_tests == set(manifest["unit_tests"])
    for name in MARTS:
        node = manifest["nodes"][f"model.talentloop.{name}"]
        assert node["config"]["contract"]["enforced"], name
        # The monthly snapshot is a view over its stored runs (docs/architecture.md).
        expected = "view" if name == "fct_headcount_monthly" else "table"
        assert node["config"]["materialized"] == expected, name
        assert node["description"] and "Grain" in node["description"], name
        assert all(c["description"] for c in node["columns"].values()), name


def test_schemas_are_named_exactly(enterprise: Enterprise) -> None:
    schemas = enterprise.query(
        "select distinct table_schema from information_schema.tables order by 1"
    )["table_schema"].to_list()
    assert {"raw", "staging", "intermediate", "marts", "analyst"} <= set(schemas)
    staging_kinds = enterprise.query(
        "select distinct table_type from information_schema.tables where table_schema = 'staging'"
    )["table_type"].to_list()
    assert staging_kinds == ["VIEW"]


def test_docs_generate_builds_the_catalog(enterprise: Enterprise) -> None:
    done = run_dbt(
        ["docs", "generate", "--exclude", *EXCLUDE], enterprise.warehouse, enterprise.target
    )
    assert done.returncode == 0, done.stdout[-3000:]
    catalog = json.loads((enterprise.target / "catalog.json").read_text())
    node = catalog["nodes"]["model.talentloop.fct_headcount_monthly"]
    assert "employee_key" in {c.lower() for c in node["columns"]}
    assert "model.talentloop.analyst_dim_employee" in catalog["nodes"]


def test_corrections_replace_the_earlier_record(enterprise: Enterprise) -> None:
    defects = enterprise.truth_csv("defects.csv").filter(
        (pl.col("defect") == "correction") & (pl.col("source") == "performance_reviews")
    )
    assert defects.height > 0
    with enterprise.connect() as con:
        con.register("corrected", defects.select(pl.col("file"), pl.col("line").cast(pl.Int64)))
        rows = con.sql(
            """
            select r.review_id, r.score, f.review_id as kept_review_id, f.review_score
            from corrected as c
            join raw.performance_reviews as r on r._file = c.file and r._line = c.line
            join marts.id_crosswalk as x
                on x.source_name = 'performance_reviews' and x.id_field = 'employee_id'
                and x.raw_id = r.employee_id
            join marts.fct_performance_reviews as f
                on f.employee_key = x.employee_key and f.review_period = upper(trim(r.period))
            """
        ).pl()
    assert rows.height > 0
    assert (rows["score"] == rows["review_score"]).all()


def test_quarantine_summary_accounts_for_every_quarantined_row(enterprise: Enterprise) -> None:
    totals = enterprise.query(
        """
        select
            (select sum(rows_quarantined) from marts.quarantine_summary) as summarised,
            (select count(*) from raw.quarantine) as quarantined
        """
    ).row(0, named=True)
    assert totals["quarantined"] > 0
    assert totals["summarised"] == totals["quarantined"]


def test_duplicates_collapse_in_every_fact(enterprise: Enterprise) -> None:
    counts = enterprise.query(
        """
        select
            (select count(*) from marts.fct_performance_reviews) as reviews,
            (select count(distinct (x.employee_key, upper(trim(r.period))))
             from raw.performance_reviews as r
             join marts.id_crosswalk as x
                on x.source_name = 'performance_reviews' and x.id_field = 'employee_id'
                and x.raw_id = r.employee_id and x.resolution_status = 'matched') as review_keys,
            (select count(*) from marts.fct_training_enrollments) as enrollments,
            (select count(distinct r.enrollment_id) from raw.training_enrollments as r
             join marts.id_crosswalk as x
                on x.source_name = 'training_enrollments' and x.raw_id = r.learner_id
                and x.resolution_status = 'matched') as enrollment_keys,
            (select count(*) from marts.fct_survey_responses) as answers,
            (select count(distinct (response_id, question_code)) from raw.surveys) as answer_keys
        """
    ).row(0, named=True)
    assert counts["reviews"] == counts["review_keys"]
    assert counts["enrollments"] == counts["enrollment_keys"]
    assert counts["answers"] == counts["answer_keys"]


def test_analyst_views_mark_ids_for_publish_and_leave_identifiers_out(
    enterprise: Enterprise,
) -> None:
    """In the build's file an analyst `*_pid` column holds the ID itself: publishing replaces it
    with the keyed hash (tests/security), so the key never reaches dbt."""
    pair = enterprise.query(
        """
        select m.employee_key, a.employee_pid
        from marts.fct_performance_reviews as m
        join analyst.fct_performance_reviews as a
            on a.review_period = m.review_period and a.review_id = m.review_id
        limit 1
        """
    ).row(0, named=True)
    assert pair["employee_pid"] == pair["employee_key"]
    columns = enterprise.query(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'analyst'"
    )
    forbidden = {
        "employee_name",
        "national_id_hash",
        "birth_date",
        "birth_year",
        "employee_key",
        "candidate_key",
    }
    assert not set(columns["column_name"].to_list()) & forbidden


HEADCOUNT_GRAIN = (
    "non_overlapping_runs_fct_headcount_segments_"
    "last_month_start_date__employee_key__first_month_start_date"
)


def test_key_tests_catch_a_repeated_key(enterprise: Enterprise, tmp_path: Path) -> None:
    """The hashed uniqueness test (dbt's `unique` on DuckDB) and the headcount runs' grain test
    fail on a copied row and name the repeated key; NULL keys are passed on to not_null."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(enterprise.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into marts.fct_interview_scores select * from marts.fct_interview_scores limit 1"
        )
        con.execute(
            "insert into marts.fct_headcount_segments select * from marts.fct_headcount_segments "
            "limit 1"
        )
        # Two NULL keys are not a repeat (dbt's own `unique` ignores NULLs; not_null reports them).
        con.execute(
            "update marts.dim_employee set employee_version_key = null where employee_version_key in "
            "(select employee_version_key from marts.dim_employee order by 1 limit 2)"
        )
        repeated = con.execute(
            "select score_key from marts.fct_interview_scores group by 1 having count(*) > 1"
        ).fetchall()
    tests = [
        "unique_fct_interview_scores_score_key",
        HEADCOUNT_GRAIN,
        "unique_dim_employee_employee_version_key",
    ]
    done = run_dbt(["test", "--select", *tests], warehouse, tmp_path / "target")
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    status = {r["unique_id"].split(".")[2]: (r["status"], r["failures"]) for r in results}
    assert status == {
        "unique_fct_interview_scores_score_key": ("fail", 1),
        HEADCOUNT_GRAIN: ("fail", 1),
        "unique_dim_employee_employee_version_key": ("pass", 0),
    }, done.stdout[-3000:]
    assert len(repeated) == 1


def test_grain_test_catches_overlapping_runs(enterprise: Enterprise, tmp_path: Path) -> None:
    """Two runs of one employee that share a month would give the monthly view two rows for it:
    the runs' grain test fails on the overlap, not only on a copied row."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(enterprise.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        employee, first = con.execute(
            "select employee_key, min(first_month_start_date) from marts.fct_headcount_segments "
            "group by 1 having count(*) > 1 order by 1 limit 1"
        ).fetchall()[0]
        # The employee's first run now also claims its second run's first month.
        con.execute(
            "update marts.fct_headcount_segments set last_month_start_date = ("
            "  select min(first_month_start_date) from marts.fct_headcount_segments"
            "  where employee_key = ? and first_month_start_date > ?)"
            " where employee_key = ? and first_month_start_date = ?",
            [employee, first, employee, first],
        )
        months = con.execute(
            "select month_start_date from marts.fct_headcount_monthly where employee_key = ? "
            "group by 1 having count(*) > 1",
            [employee],
        ).fetchall()
    done = run_dbt(["test", "--select", HEADCOUNT_GRAIN], warehouse, tmp_path / "target")
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert [(r["status"], r["failures"]) for r in results] == [("fail", 1)], done.stdout[-3000:]
    assert len(months) == 1  # the view shows the month twice: what the test guards against
