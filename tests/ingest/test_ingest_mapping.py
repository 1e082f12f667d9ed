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
        ("1001", "José Núñez", "男", "2015-07-01", "在职", "本科"),
        ("1002", "Anna Smith", "女", "2020-06-18", "在职", "本科"),  # Excel serial 44000
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
