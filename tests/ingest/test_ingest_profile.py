"""Issue 18 part 3: `talentloop map init` profiles an export that is not shaped like ours and
drafts a mapping that the loader reads as it is."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from odd_export import EMPLOYEES_FILE, ORG_FILE, write_odd_export
from typer.testing import CliRunner

from ingest.mapping import EXCEL_SERIAL, load_mapping
from ingest.profile import draft_mapping, profile_column, profile_export
from orchestration.cli import app


def _guesses(profile) -> dict[str, str | None]:
    return {c.name: c.guess for c in profile.columns}


def test_map_init_profiles_an_odd_employee_export(landing: Path):
    write_odd_export(landing)
    profile = profile_export(landing / EMPLOYEES_FILE, "hr_employees")
    assert profile.encoding == "cp1252" and profile.rows == 7
    assert _guesses(profile) == {
        "Emp #": "employee_id",
        "First Name": None,
        "Last Name": None,
        "Gender": "sex",
        "Date of Birth": "birth_date",
        "Start Date": "hire_date",
        "Termination Date": None,
        "Dept ID": "org_unit_code",
        "Job Title": "position",
        "Job Family": "job_family",
        "Pay Grade": "grade",
        "Position No": None,
        "Reports To Position": "manager_id",
        "Highest Degree": "education",
        "Performance Rating": None,  # a four-level rating: no field of this source holds it
    }
    cols = {c.name: c for c in profile.columns}
    assert cols["Start Date"].date_formats == ["%m/%d/%Y", EXCEL_SERIAL]
    assert cols["Date of Birth"].kind == "date"
    assert cols["Emp #"].common_prefix == "E-"
    assert any("gender" in e for e in cols["Gender"].evidence)
    assert cols["Performance Rating"].top[0] == ("Meets", 4)
    assert profile.derived == {
        "name": '`First Name` + " " + `Last Name`',
        # A termination date instead of a status: the status is derived from it.
        "status": '"exited" if `Termination Date` else "active"',
    }
    assert profile.lookups == {"manager_id": "Position No"}
    assert profile.unmapped_required == ["extracted_at"]


def test_the_draft_is_a_mapping_the_loader_reads(landing: Path, tmp_path: Path):
    write_odd_export(landing)
    for source, rel in (("hr_employees", EMPLOYEES_FILE), ("org_units", ORG_FILE)):
        text = draft_mapping(profile_export(landing / rel, source))
        path = tmp_path / f"{source}.toml"
        path.write_text(text, encoding="utf-8")
        mapping = load_mapping(path)
        assert mapping.source == source
    assert mapping.values["level"] == {"Department": "department"}  # same code, other case
    assert "Required fields no column holds" in text and "name_zh" in text
    hr = load_mapping(tmp_path / "hr_employees.toml")
    assert hr.encodings == ("cp1252",)
    assert hr.dates["hire_date"] == ("%m/%d/%Y", EXCEL_SERIAL)
    assert hr.ids["employee_id"].strip_prefix == "E-"
    assert hr.ids["manager_id"].lookup == "Position No"
    # Male, Female, Non-binary are spellings of the sex code list: nothing to map. Education
    # values are the customer's vocabulary: listed as comments to fill in.
    assert "sex" not in hr.values
    assert hr.values["education"] == {}
    assert '# "Bachelor\'s" = ""' in (tmp_path / "hr_employees.toml").read_text(encoding="utf-8")
    assert hr.derived["status"].text == '"exited" if `Termination Date` else "active"'


def test_date_formats_are_detected():
    cases = {
        "dmy_dots": (["14.03.2024", "01.12.2023"], ["%d.%m.%Y"], ""),
        "dmy_slash": (["31/01/2024", "01/02/2024"], ["%d/%m/%Y"], ""),
        "mdy": (["01/31/2024", "12/01/2023"], ["%m/%d/%Y"], ""),
        "chinese": (["2024年3月1日", "2023年12月31日"], ["%Y年%m月%d日"], ""),
        "ambiguous": (["01/02/2024", "03/04/2024"], ["%m/%d/%Y"], "ambiguous"),
        "serial date": (["45000", "44000"], [EXCEL_SERIAL], ""),
        # Two-digit years: %Y would read "83" as the year 83 (silently wrong); %y reads them.
        "two-digit year": (["07/10/83", "03/24/65"], ["%m/%d/%y"], ""),
        "two-digit dotted": (["14.03.24", "01.12.23"], ["%d.%m.%y"], ""),
    }
    for name, (values, formats, note) in cases.items():
        col = profile_column(name, pl.Series(values))
        assert col.kind == "date", name
        assert col.date_formats == formats, name
        assert note in col.date_note, name
    # Numbers without a date header are not taken for dates.
    assert profile_column("Badge", pl.Series(["45000", "44000"])).kind != "date"


def test_map_init_command_writes_the_draft_once(landing: Path, tmp_path: Path):
    write_odd_export(landing)
    home = tmp_path / "home"
    args = ["map", "init", "--home", str(home), "--source", "hr_employees"]
    args += ["--file", str(landing / EMPLOYEES_FILE)]
    ran = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert ran.exit_code == 0, ran.output
    assert "required fields not mapped: extracted_at" in ran.output
    assert "Reports To Position" in ran.output and "manager_id" in ran.output
    assert (home / "mappings" / "hr_employees.toml").is_file()
    again = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert again.exit_code == 1 and "exists" in again.output


def test_a_semicolon_export_is_profiled_and_the_draft_says_its_delimiter(tmp_path: Path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "Emp No;Gender;Start Date;Dept\nE-1;Male;03/14/2020;D100\nE-2;Female;11/02/2019;D100\n",
        encoding="utf-8",
    )
    profile = profile_export(path, "hr_employees")
    assert profile.delimiter == ";"
    assert {c.name for c in profile.columns} == {"Emp No", "Gender", "Start Date", "Dept"}
    path.with_suffix(".toml").write_text(draft_mapping(profile), encoding="utf-8")
    assert load_mapping(path.with_suffix(".toml")).delimiter == ";"


def test_an_excel_roster_gets_a_draft_that_reads_it_as_a_workbook(tmp_path: Path):
    import xlsxwriter

    path = tmp_path / "Roster.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Staff").write_row(0, 0, ["Emp No", "Gender", "Start Date"])
    book.worksheets()[0].write_row(1, 0, ["E-1", "Male", "03/14/2020"])
    book.close()
    profile = profile_export(path, "hr_employees")
    draft = tmp_path / "hr_employees.toml"
    draft.write_text(draft_mapping(profile), encoding="utf-8")
    mapping = load_mapping(draft)
    assert (mapping.pattern, mapping.sheet, mapping.delimiter) == ("*.xlsx", "Staff", None)
    assert mapping.spec().format == "xlsx"


def test_small_numbers_are_no_grade_without_a_header_that_says_so(tmp_path: Path):
    """A department ID of 3, 4, 5 fits the sample grades 1-10; only a header like "grade"
    makes a column the grade (a public HRIS export's DeptID was drafted as the grade)."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "EmpID,DeptID,Pay Level Grade\n10026,5,3\n10084,3,4\n10196,5,3\n10088,4,2\n",
        encoding="utf-8",
    )
    guesses = {c.name: c.guess for c in profile_export(path, "hr_employees").columns}
    assert guesses["DeptID"] != "grade" and guesses["Pay Level Grade"] == "grade"
