"""Validation: each quarantine rule, rule order, types, as-of date and references."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest
from ingest_samples import AS_OF, csv_text, good_row

from ingest.contract import QUARANTINE_RULES, SOURCES
from ingest.readers import read_csv
from ingest.validate import validate

REFS = {
    "org_units.org_unit_code": pl.Series(["HO", "BR001", "BR001-D01"]),
    "competency_models.job_family": pl.Series(["customer_manager"]),
    "training_catalog.course_code": pl.Series(["CRS001"]),
}


def _check(source: str, rows: list[dict], as_of: date = AS_OF, refs=REFS):
    # Rows of any source are written as CSV here: validation does not depend on the format.
    spec = replace(SOURCES[source], format="csv", encodings=("utf-8",))
    frame = read_csv(csv_text(source, rows).encode(), spec, f"{source}/f.csv")
    return validate(frame, spec, file=f"{source}/f.csv", as_of=as_of, references=refs)


@pytest.mark.parametrize(
    ("source", "field", "value", "rule"),
    [
        ("hr_employees", "name", "", "missing_required"),
        ("hr_employees", "name", "   ", "missing_required"),
        ("training_enrollments", "sessions_planned", "three", "bad_type"),
        ("training_enrollments", "sessions_planned", "3.5", "bad_type"),
        ("hr_employees", "hire_date", "2024-02-30", "bad_type"),
        ("hr_employees", "extracted_at", "yesterday", "bad_type"),
        ("human_interviews", "is_blind", "maybe", "bad_type"),
        ("human_interviews", "score_communication", "nan", "bad_type"),
        ("hr_employees", "sex", "Q", "not_allowed"),
        ("hr_employees", "status", "pending", "not_allowed"),
        # Grades are codes of the customer's grades.csv (the sample bank's "1".."10").
        ("hr_employees", "grade", "11", "not_allowed"),
        ("job_changes", "to_grade", "P3", "not_allowed"),
        ("compensation", "grade", "3.0", "not_allowed"),
        ("human_interviews", "score_stability", "-0.5", "out_of_range"),
        ("hr_employees", "hire_date", "2025-07-01", "future_date"),
        ("performance_reviews", "submitted_at", "2025-07-01T00:00:00", "future_date"),
        ("hr_employees", "org_unit_code", "BR999", "unknown_reference"),
        ("hr_employees", "job_family", "pilot", "unknown_reference"),
        ("job_changes", "to_org_unit_code", "br001", "unknown_reference"),
    ],
)
def test_each_rule(source: str, field: str, value: str, rule: str):
    result = _check(source, [good_row(source), good_row(source, **{field: value})])
    assert result.good.height == 1
    q = result.quarantine.row(0, named=True)
    assert (q["line"], q["rule"], q["field"]) == (3, rule, field)
    assert q["message"].startswith(f"{source}/f.csv line 3: field {field}: {rule}")
    assert value in q["payload"]


def test_every_rule_is_tested_somewhere():
    # implausible_text and formula_cell are raised by readers (test_ingest_edge_cases.py),
    # impossible_sequence in test_ingest_sequences.py.
    tested = {
        "malformed_line",
        "stray_header",
        "implausible_text",
        "formula_cell",
        "impossible_sequence",
    } | {
        p[3]
        for p in test_each_rule.pytestmark[0].args[1]  # type: ignore[attr-defined]
    }
    assert tested == set(QUARANTINE_RULES)


def test_malformed_and_stray_header_rows():
    text = csv_text("exits", [good_row("exits")])
    header, line = text.splitlines()
    frame = read_csv(f"{header}\n{line}\n{header}\n{line},x\n".encode(), SOURCES["exits"], "e.csv")
    result = validate(frame, SOURCES["exits"], file="e.csv", as_of=AS_OF)
    got = result.quarantine.select("line", "rule", "field").rows()
    assert got == [(3, "stray_header", None), (4, "malformed_line", None)]
    assert (
        result.quarantine["message"][1]
        == "e.csv line 4: malformed_line: 7 fields, the header has 6"
    )


@pytest.mark.parametrize(
    ("field", "delivered", "loaded"),
    [
        ("sex", "男", "M"),
        ("sex", "女", "F"),
        ("sex", " female ", "F"),
        ("sex", "MALE", "M"),
        ("sex", "M", "M"),
        ("sex", "Prefer not to say", "X"),
        ("sex", "Non-binary", "X"),
        ("sex", "x", "X"),
        ("sex", "", None),  # optional: unknown, and the person is still loaded
        ("status", "在职", "active"),
        ("status", "离职 ", "exited"),
        ("status", "Terminated", "exited"),
        ("status", "ACTIVE", "active"),
        ("status", "Voluntarily Terminated", "exited"),
        ("status", "Terminated for Cause", "exited"),
        ("status", "Leave of Absence", "active"),
    ],
)
def test_code_lists_load_labels_and_spellings_as_their_codes(
    field: str, delivered: str, loaded: str | None
) -> None:
    """Sex and status are the contract's code lists: an export in Chinese or English needs no
    value map, and what is loaded is the code (the marts never see 男 or Terminated)."""
    result = _check("hr_employees", [good_row("hr_employees", **{field: delivered})])
    assert result.quarantine.height == 0, result.quarantine["message"].to_list()
    assert result.good[field][0] == loaded


def test_a_value_of_no_code_list_is_quarantined_with_what_was_delivered() -> None:
    result = _check("hr_employees", [good_row("hr_employees", sex="Mx.")])
    q = result.quarantine.row(0, named=True)
    assert (q["rule"], q["field"]) == ("not_allowed", "sex")
    assert "Mx." in q["payload"]


def test_codes_and_ids_padded_with_blanks_are_read_without_them() -> None:
    """Exports pad codes ("Production       "): a padded org unit or job family matches its
    reference and is loaded trimmed; free text keeps its blanks, and an ID is kept as delivered
    (dbt normalises IDs; the crosswalk shows the delivered form)."""
    row = good_row(
        "hr_employees",
        org_unit_code="BR001-D01   ",
        job_family=" customer_manager",
        employee_id=" 00001234 ",
        position="Teller  ",
    )
    result = _check("hr_employees", [row])
    assert result.quarantine.height == 0, result.quarantine["message"].to_list()
    got = result.good.row(0, named=True)
    assert (got["org_unit_code"], got["job_family"]) == ("BR001-D01", "customer_manager")
    assert (got["employee_id"], got["position"]) == (" 00001234 ", "Teller  ")


def test_the_national_id_is_optional() -> None:
    result = _check("hr_employees", [good_row("hr_employees", national_id_hash="")])
    assert result.quarantine.height == 0 and result.good["national_id_hash"][0] is None


def test_first_rule_wins_in_rule_order_then_field_order():
    row = good_row(
        "hr_employees",
        hire_date="x",  # bad_type
        name="",  # missing_required: earlier rule
        sex="?",  # not_allowed
        birth_date="",  # missing_required on an earlier field
    )
    q = _check("hr_employees", [row]).quarantine.row(0, named=True)
    assert (q["rule"], q["field"]) == ("missing_required", "name")


def test_types_of_good_rows():
    row = good_row(
        "training_enrollments",
        sessions_planned="12.0",
        exam_score=" 88.5 ",
        completed="是",
        completed_date="2024/05/06",
        updated_at="2024-05-07T08:09:10.5+08:00",
    )
    good = _check("training_enrollments", [row]).good.row(0, named=True)
    assert good["sessions_planned"] == 12
    assert good["exam_score"] == 88.5
    assert good["completed"] is True
    assert good["completed_date"] == date(2024, 5, 6)
    assert str(good["updated_at"]) == "2024-05-07 08:09:10.500000"
    assert good["_line"] == 2


@pytest.mark.parametrize(
    ("delivered", "loaded"),
    [
        ("2024-03-01 00:00:00", date(2024, 3, 1)),  # a database export's date
        ("2024-03-01T09:15:00+08:00", date(2024, 3, 1)),  # the wall-clock date, offset dropped
        ("2024/03/01 00:00:00.000", date(2024, 3, 1)),
        ("2024-02-30 00:00:00", None),  # no such day: bad_type
    ],
)
def test_a_date_field_takes_the_date_of_a_timestamp(delivered: str, loaded: date | None) -> None:
    result = _check("exits", [good_row("exits", exit_date=delivered)])
    if loaded is None:
        assert result.quarantine["rule"].to_list() == ["bad_type"]
    else:
        assert result.good["exit_date"].to_list() == [loaded]


def test_future_date_is_relative_to_as_of():
    row = good_row("exits", exit_date="2025-07-01")
    assert _check("exits", [row], as_of=date(2025, 7, 1)).quarantine.height == 0
    assert _check("exits", [row], as_of=date(2025, 6, 30)).quarantine["rule"][0] == "future_date"


def test_optional_empty_values_pass_and_load_as_null():
    row = good_row("exits", reason_text="")
    result = _check("exits", [row])
    assert result.quarantine.height == 0 and result.good["reason_text"][0] is None


def test_empty_reference_values_mean_every_code_is_unknown_and_absent_ones_unchecked():
    q = _check("exits", [good_row("exits")]).quarantine
    assert q.height == 0  # exits has no ref fields
    q = _check("onboarding", [good_row("onboarding")], refs={}).quarantine
    assert q.height == 0
    empty = pl.Series(values=[], dtype=pl.String)
    refs = {"org_units.org_unit_code": empty, "competency_models.job_family": empty}
    q = _check("hr_employees", [good_row("hr_employees")], refs=refs).quarantine
    assert q.row(0, named=True)["rule"] == "unknown_reference"
    # A reference left out (an optional source never delivered) is not checked.
    q = _check("hr_employees", [good_row("hr_employees")], refs={}).quarantine
    assert q.height == 0
