"""Issue 18 part 2 (first cut): a mapping file brings a foreign HRIS export to the contract,
no Python; the quarantine names the export's own file and line."""

from __future__ import annotations

from pathlib import Path

from ingest_samples import AS_OF

from ingest.load import load_landing, load_source
from ingest.mapping import load_mapping

MAPPING = """
source = "hr_employees"
encoding = ["cp1252"]

[columns]
"Employee Number" = "employee_id"
"Full Name" = "name"
"Gender" = "sex"
"Date of Birth" = "birth_date"
"Hire Date" = "hire_date"
"Department" = "org_unit_code"
"Title" = "position"
"Job Family" = "job_family"
"Level" = "grade"
"Manager" = "manager_id"
"Employment Status" = "status"

[values.sex]
Male = "男"
Female = "女"

[values.status]
Active = "在职"
Terminated = "离职"

[dates]
birth_date = ["%m/%d/%Y"]
hire_date = ["%m/%d/%Y", "excel_serial"]

[constants]
education = "本科"
national_id_hash = "not-collected"
extracted_at = "2025-06-30T00:00:00"
"""

EXPORT = (
    "Employee Number,Full Name,Gender,Date of Birth,Hire Date,Department,Title,Job Family,"
    "Level,Manager,Employment Status,Badge Color\r\n"
    "1001,José Núñez,Male,03/14/1988,07/01/2015,BR001-D01,Analyst,customer_manager,3,,Active,red\r\n"
    "1002,Anna Smith,Female,11/02/1990,44000,BR001-D01,Teller,customer_manager,2,1001,Active,blue\r\n"
    "1003,Bob Lee,Unknown,01/01/1985,13/45/2020,BR001-D01,Clerk,customer_manager,2,1001,Active,x\r\n"
)


def test_a_foreign_export_loads_through_its_mapping_file(con, ref_landing, put, tmp_path: Path):
    (tmp_path / "hr_employees.toml").write_text(MAPPING, encoding="utf-8")
    mapping = load_mapping(tmp_path / "hr_employees.toml")
    load_landing(con, ref_landing, sources=["org_units", "competency_models"], as_of=AS_OF)
    put("hr_employees/hris_export.csv", EXPORT.encode("cp1252"))
    result = load_source(
        con, ref_landing, "hr_employees", load_id="L2", as_of=AS_OF, mapping=mapping
    )
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    rows = con.execute(
        "select employee_id, name, sex, hire_date::varchar, status, education "
        "from raw.hr_employees order by _line"
    ).fetchall()
    assert rows == [
        # Mapped onto the code lists' Chinese labels, loaded as their codes.
        ("1001", "José Núñez", "M", "2015-07-01", "active", "本科"),
        ("1002", "Anna Smith", "F", "2020-06-18", "active", "本科"),  # Excel serial 44000
    ]
    q = con.execute("select file, line, rule, field from raw.quarantine").fetchall()
    # 13/45/2020 is no date (bad_type is checked before the unmapped sex value).
    assert q == [("hr_employees/hris_export.csv", 4, "bad_type", "hire_date")]


def test_map_check_reports_per_field_and_publishes_nothing(ref_landing, put, tmp_path: Path):
    from typer.testing import CliRunner

    from orchestration.cli import app

    home = tmp_path / "home"
    (home / "mappings").mkdir(parents=True)
    (home / "mappings" / "hr_employees.toml").write_text(MAPPING, encoding="utf-8")
    put("hr_employees/hris_export.csv", EXPORT.encode("cp1252"))
    ran = CliRunner().invoke(
        app,
        ["map", "check", "--home", str(home), "--landing", str(ref_landing)],
        env={"COLUMNS": "250"},
    )
    assert ran.exit_code == 1, ran.output
    assert "hire_date" in ran.output and "bad_type" in ran.output
    assert "hris_export.csv line 4" in ran.output
    assert "nothing was published" in ran.output
    assert not (home / "warehouse.duckdb").exists() and not (home / "serving.duckdb").exists()


# --- Derived fields and ID rules (issue 18 part 2) on an export unlike ours -------------------

ODD_MAPPING = """
source = "hr_employees"
encoding = ["cp1252"]

[columns]
"Emp #" = "employee_id"
"Gender" = "sex"
"Date of Birth" = "birth_date"
"Start Date" = "hire_date"
"Dept ID" = "org_unit_code"
"Job Title" = "position"
"Job Family" = "job_family"
"Pay Grade" = "grade"
"Reports To Position" = "manager_id"
"Highest Degree" = "education"

[values.sex]
Male = "男"
Female = "女"

[values.education]
"High School" = "高中"
Associate = "大专"
"Bachelor's" = "本科"
"Master's" = "硕士"

[dates]
birth_date = ["%m/%d/%Y"]
hire_date = ["%m/%d/%Y", "excel_serial"]

[derived]
name = '`First Name` + " " + `Last Name`'
status = '"离职" if `Termination Date` else "在职"'

[constants]
national_id_hash = "not-collected"
extracted_at = "2025-06-30T00:00:00"

[ids.employee_id]
strip_prefix = "E-"
pad = 8

[ids.manager_id]
lookup = "Position No"
"""


def _odd_load(con, landing: Path, tmp_path: Path, mapping_text: str = ODD_MAPPING):
    from odd_export import ORG_UNITS, write_odd_export

    write_odd_export(landing)
    # The org units in the contract's own shape, so this test is about the employees' mapping.
    rows = ["org_unit_code,parent_code,name_zh,name_en,level"]
    levels = {"Company": "head_office", "Region": "branch", "Department": "department"}
    rows += [f"{c},{p},{n},{n},{levels[t]}" for c, n, p, t, _ in ORG_UNITS]
    (landing / "org_units" / "Departments.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "hr_employees.toml").write_text(mapping_text, encoding="utf-8")
    load_landing(con, landing, sources=["org_units"], as_of=AS_OF)
    return load_source(
        con,
        landing,
        "hr_employees",
        load_id="L2",
        as_of=AS_OF,
        mapping=load_mapping(tmp_path / "hr_employees.toml"),
    )


def test_derived_fields_and_id_rules_bring_an_odd_export_to_the_contract(
    con, landing: Path, tmp_path: Path
):
    from odd_export import BAD_LINE, EMPLOYEES, EMPLOYEES_FILE

    result = _odd_load(con, landing, tmp_path)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (7, 6, 1)
    rows = con.execute(
        "select employee_id, name, status, manager_id, hire_date::varchar, _line "
        "from raw.hr_employees order by _line"
    ).fetchall()
    assert [r[0] for r in rows] == [
        "00001001",
        "00001002",
        "00001003",
        "00001004",
        "00001005",
        "00001006",
    ]  # "E-" stripped, zero-padded to 8
    assert rows[0][1] == "María López"  # concatenated, cp1252 read right
    # E-1005 has a termination date; the derived 离职/在职 are loaded as the contract's codes.
    assert [r[2] for r in rows] == ["active"] * 4 + ["exited", "active"]
    # Position numbers are replaced by the employee number of the row holding the position;
    # 7777 is nobody's, so it is kept unreadable as an ID (never a collision, never a person).
    assert [r[3] for r in rows] == [
        None,
        "00001001",
        "00001002",
        "00001002",
        "00001001",
        "not found in Position No: 7777",
    ]
    assert rows[3][4] == "2019-01-01"  # Excel day 43466
    assert len(EMPLOYEES) == 7
    file, line, rule, fld, message = con.execute(
        "select file, line, rule, field, message from raw.quarantine"
    ).fetchone()
    assert (file, line, rule, fld) == (EMPLOYEES_FILE, BAD_LINE, "bad_type", "hire_date")
    # The message names the export's own file, line and column.
    assert message.startswith(
        f'{EMPLOYEES_FILE} line {BAD_LINE}: field hire_date (column "Start Date"): bad_type'
    ), message


def test_a_file_without_a_column_the_mapping_reads_is_rejected_naming_it(
    con, landing: Path, tmp_path: Path
):
    text = ODD_MAPPING.replace("`Termination Date`", "`Leaving Date`")
    result = _odd_load(con, landing, tmp_path, text)
    (file,) = result.files
    assert (file.status, file.rows_read, file.rows_quarantined) == ("rejected", 7, 7)
    assert "Leaving Date" in file.message


def test_derived_date_from_year_and_month_and_other_functions():
    import polars as pl

    from ingest.mapping_expr import compile_derived

    frame = pl.DataFrame(
        {
            "Hire Year": ["2024", "2023", "x"],
            "Hire Month": ["3", "12", "1"],
            "code": [" e-7", "E-12", None],
            "a": ["x", "", None],
        }
    )
    cases = {
        "date(`Hire Year`, `Hire Month`)": ["2024-03-01", "2023-12-01", None],
        "date(`Hire Year`, `Hire Month`, 15)": ["2024-03-15", "2023-12-15", None],
        'pad(strip_prefix(upper(code), "E-"), 5)': ["00007", "00012", None],
        'coalesce(a, "none") + "!"': ["x!", "!", "none!"],
        '"yes" if a == "x" or not a else "no"': ["yes", "yes", "yes"],
        '"set" if a != "x" and a else "unset"': ["unset", "unset", "unset"],
    }
    for text, expected in cases.items():
        derived = compile_derived("f", text)
        assert frame.select(derived.expr).to_series().to_list() == expected, text


def test_the_expression_language_runs_no_python():
    import pytest

    from ingest.mapping_expr import ExpressionError, compile_derived

    for text in (
        '__import__("os").system("touch /tmp/pwned")',
        "name.upper()",
        "name[0]",
        "(lambda: 1)()",
        "eval('1')",
        "[1, 2]",
        "a < b",
        "name +",
    ):
        with pytest.raises(ExpressionError, match="derived f"):
            compile_derived("f", text)


def test_a_mapping_with_a_bad_expression_names_the_file(tmp_path: Path):
    import pytest

    path = tmp_path / "hr_employees.toml"
    path.write_text("[derived]\nstatus = \"open('x')\"\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hr_employees.toml: derived status"):
        load_mapping(path)
    path.write_text('[ids.manager_id]\nlookup_column = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="hr_employees.toml"):
        load_mapping(path)


def test_source_delivered_is_false_on_a_warehouse_without_a_manifest(con):
    from ingest.load import source_delivered

    assert source_delivered(con, "exits") is False


def test_an_excel_export_of_a_csv_source_is_read_as_a_workbook(
    con, ref_landing, put, tmp_path: Path
):
    """HR systems export Excel as often as CSV: a mapping whose pattern names `.xlsx` files
    reads them as workbooks (its sheet, a header below a title, typed cells), whatever format
    the contract's own extract has."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Cover").write(0, 0, "HR report")
    sheet = book.add_worksheet("Employees")
    sheet.write(0, 0, "Headcount report, June 2025")  # a title above the header
    lines = [line.split(",") for line in EXPORT.strip().split("\r\n")]
    for r, cells in enumerate(lines):
        for c, cell in enumerate(cells):
            if r and cell.isdigit() and c not in (0,):  # typed number cells, as Excel holds them
                sheet.write_number(r + 2, c, int(cell))
            else:
                sheet.write(r + 2, c, cell)
    book.close()
    text = MAPPING.replace(
        'encoding = ["cp1252"]', 'pattern = "*.xlsx"\nsheet = "Employees"\nheader_row = 3'
    )
    (tmp_path / "hr_employees.toml").write_text(text, encoding="utf-8")
    mapping = load_mapping(tmp_path / "hr_employees.toml")
    load_landing(con, ref_landing, sources=["org_units", "competency_models"], as_of=AS_OF)
    put("hr_employees/HR_Export.xlsx", buffer.getvalue())
    result = load_source(
        con, ref_landing, "hr_employees", load_id="L2", as_of=AS_OF, mapping=mapping
    )
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    rows = con.execute(
        "select employee_id, sex, hire_date::varchar, grade, _line from raw.hr_employees "
        "order by _line"
    ).fetchall()
    assert rows == [("1001", "M", "2015-07-01", "3", 4), ("1002", "F", "2020-06-18", "2", 5)]
    q = con.execute("select file, line, rule, field from raw.quarantine").fetchall()
    assert q == [("hr_employees/HR_Export.xlsx", 6, "bad_type", "hire_date")]


def test_two_digit_years_load_in_the_right_century_and_never_as_year_83(
    con, ref_landing, put, tmp_path: Path
):
    """Public HRIS exports write birth dates as 07/10/83. A `%y` birth date takes the century
    that keeps it in the past (65 is 1965, not polars' 2065); a `%Y` format does not read a
    two-digit year as the year 83 AD: the row is quarantined (bad_type), never loaded wrong."""
    export = EXPORT.replace("03/14/1988", "03/14/65").replace("11/02/1990", "11/02/90")
    text = MAPPING.replace('birth_date = ["%m/%d/%Y"]', 'birth_date = ["%m/%d/%y"]')
    (tmp_path / "hr_employees.toml").write_text(text, encoding="utf-8")
    load_landing(con, ref_landing, sources=["org_units", "competency_models"], as_of=AS_OF)
    put("hr_employees/hris_export.csv", export.encode("cp1252"))
    mapping = load_mapping(tmp_path / "hr_employees.toml")
    load_source(con, ref_landing, "hr_employees", load_id="L2", as_of=AS_OF, mapping=mapping)
    births = con.execute("select birth_date::varchar from raw.hr_employees order by _line")
    assert [b[0] for b in births.fetchall()] == ["1965-03-14", "1990-11-02"]

    (tmp_path / "hr_employees.toml").write_text(MAPPING, encoding="utf-8")  # %m/%d/%Y
    put(
        "hr_employees/hris_export_2.csv",
        export.replace("Active,red", "Active,green").encode("cp1252"),
    )
    load_source(
        con,
        ref_landing,
        "hr_employees",
        load_id="L3",
        as_of=AS_OF,
        mapping=load_mapping(tmp_path / "hr_employees.toml"),
    )
    q = con.execute(
        "select line, rule, field from raw.quarantine where file like '%_2.csv' order by line"
    ).fetchall()
    assert q[:2] == [(2, "bad_type", "birth_date"), (3, "bad_type", "birth_date")]
    assert con.execute("select min(birth_date) from raw.hr_employees").fetchone()[0].year >= 1900


def test_one_roster_feeds_exits_through_a_records_rule(con, ref_landing, put, tmp_path: Path):
    """A roster with a termination date is also the exits export: the exits mapping's records
    rule takes its leavers only; the others are not quarantined as exits without a date but
    counted in the manifest's message, so every row of the file is still accounted for."""
    roster = (
        "Emp,Term Date,Term Reason,Status\r\n"
        "1001,,,Active\r\n"
        "1002,03/31/2025,Another position,Voluntarily Terminated\r\n"
        "1003,,,Active\r\n"
        "1004,04/15/2025,Attendance,Terminated for Cause\r\n"
    )
    (tmp_path / "exits.toml").write_text(
        """
source = "exits"
records = '`Term Date`'

[columns]
"Emp" = "employee_id"
"Term Date" = "exit_date"
"Term Reason" = "reason_text"

[derived]
exit_type = '"involuntary" if Status == "Terminated for Cause" else "voluntary"'

[dates]
exit_date = ["%m/%d/%Y"]

[constants]
reason_code = "R01"
recorded_at = "2025-06-30T00:00:00"
""",
        encoding="utf-8",
    )
    # The same bytes delivered to another source first: the ledger that skips a file already
    # loaded keeps one list per source, so the exits still read the roster.
    put("hr_employees/roster.csv", roster)
    load_source(con, ref_landing, "hr_employees", load_id="L0", as_of=AS_OF)
    put("exits/roster.csv", roster)
    mapping = load_mapping(tmp_path / "exits.toml")
    result = load_source(con, ref_landing, "exits", load_id="L1", as_of=AS_OF, mapping=mapping)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    rows = con.execute(
        "select employee_id, exit_date::varchar, exit_type, _line from raw.exits order by _line"
    ).fetchall()
    assert rows == [
        ("1002", "2025-03-31", "voluntary", 3),
        ("1004", "2025-04-15", "involuntary", 5),
    ]
    (message,) = con.execute(
        "select message from raw.load_manifest where source = 'exits'"
    ).fetchone()
    assert message.startswith("2 rows of the export are not exits records")
