"""Issue 18 part 5 at the ingest: impossible orders of dates are quarantined with a rule, every
row still accounted for; unknown references are quarantined, never loaded."""

from __future__ import annotations

from ingest_samples import AS_OF, csv_text, good_row

from ingest.load import load_landing


def _rules(con, source: str) -> list[tuple]:
    return con.execute(
        "select line, rule, field from raw.quarantine where source = ? order by line", [source]
    ).fetchall()


def _balanced(con) -> None:
    assert not con.execute(
        "select file from raw.load_manifest where rows_read <> rows_loaded + rows_quarantined"
    ).fetchall()


def test_hire_before_age_16_is_quarantined(con, ref_landing, put):
    rows = [
        good_row("hr_employees", employee_id="1", birth_date="1990-01-01", hire_date="2010-06-01"),
        good_row("hr_employees", employee_id="2", birth_date="2000-01-01", hire_date="2015-12-31"),
        good_row("hr_employees", employee_id="3", birth_date="2000-01-01", hire_date="2016-01-01"),
    ]
    put("hr_employees/hr.csv", csv_text("hr_employees", rows))
    load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    assert _rules(con, "hr_employees") == [(3, "impossible_sequence", "hire_date")]
    _balanced(con)


def test_exit_before_the_first_hire_is_quarantined_across_sources(con, ref_landing, put):
    hr = [
        good_row("hr_employees", employee_id="00012345", hire_date="2020-03-01"),
        good_row("hr_employees", employee_id="777", hire_date="2021-01-01"),
    ]
    put("hr_employees/hr.csv", csv_text("hr_employees", hr))
    exits = [
        # The same person written three ways the HR system writes numbers.
        good_row("exits", employee_id="12345", exit_date="2019-12-31"),  # before the hire
        good_row("exits", employee_id="１２３４５", exit_date="2024-03-15"),  # after: fine
        good_row("exits", employee_id="777.0", exit_date="2020-06-30"),  # before the hire
        good_row("exits", employee_id="55555", exit_date="2010-01-01"),  # unknown person
    ]
    put("exits/exits.csv", csv_text("exits", exits), "gbk")
    load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    assert _rules(con, "exits") == [
        (2, "impossible_sequence", "exit_date"),
        (4, "impossible_sequence", "exit_date"),
    ]
    message, payload = con.execute(
        "select message, payload from raw.quarantine where source = 'exits' and line = 2"
    ).fetchone()
    assert "before the person's first hire (2020-03-01)" in message
    assert payload.startswith("12345,2019-12-31")
    kept = con.execute("select employee_id from raw.exits order by _line").fetchall()
    assert kept == [("１２３４５",), ("55555",)]
    _balanced(con)


def test_unknown_org_unit_course_and_job_family_are_quarantined(con, ref_landing, put):
    put(
        "job_changes/j.csv",
        csv_text(
            "job_changes",
            [
                good_row("job_changes", to_org_unit_code="BR404"),
                good_row("job_changes", to_job_family="astronaut"),
            ],
        ),
    )
    load_landing(con, ref_landing, load_id="L1", as_of=AS_OF)
    assert _rules(con, "job_changes") == [
        (2, "unknown_reference", "to_org_unit_code"),
        (3, "unknown_reference", "to_job_family"),
    ]
    _balanced(con)
