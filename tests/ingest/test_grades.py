"""Pay grades are the customer's vocabulary (issue 18 part 1): `<home>/reference/grades.csv`
lists the codes the exports write and ranks them. The file is checked like the other reference
files; the contract takes the allowed codes from it (an unknown code is quarantined with its
rule, file and line); staging turns a code into its rank, which is what the warehouse's integer
`grade` means (1 = entry, higher = more senior). Real reader, loader and dbt; no mocks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from ingest import vocabulary
from ingest.contract import SOURCES, sources_for
from ingest.load import load_landing
from ingest.raw_schema import create_raw_tables, source_table_ddl
from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from ingest.vocabulary import SAMPLE_BANK_REFERENCE, VocabularyError, load_vocabulary
from tests.quality.landing import _write_csv, employee_row, write_reference

# A customer's grades: professional and management tracks, ranked by the file, not the code
# (M1 sorts before P1 as text but ranks above P6).
CUSTOMER_GRADES = [
    ("P1", 1, "专业一级", "Professional 1"),
    ("P2", 2, "专业二级", "Professional 2"),
    ("P3", 3, "专业三级", "Professional 3"),
    ("P4", 4, "专业四级", "Professional 4"),
    ("P5", 5, "专业五级", "Professional 5"),
    ("P6", 6, "专业六级", "Professional 6"),
    ("M1", 7, "管理一级", "Manager 1"),
    ("M2", 8, "管理二级", "Manager 2"),
]
RANK = {code: rank for code, rank, _, _ in CUSTOMER_GRADES}
HEADER = "code,rank,name_zh,name_en\n"


def _copy_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(SAMPLE_BANK_REFERENCE, folder)
    return folder


def _write_grades(folder: Path, rows: list[tuple[str, int, str, str]] = CUSTOMER_GRADES) -> Path:
    path = folder / "grades.csv"
    path.write_text(HEADER + "".join(f"{c},{r},{zh},{en}\n" for c, r, zh, en in rows), "utf-8")
    return path


# --- the reference file --------------------------------------------------------------------


def test_the_sample_bank_grades_are_the_codes_every_landing_wrote() -> None:
    bank = vocabulary.sample_bank()
    assert bank.codes("grades") == tuple(str(i) for i in range(1, 11))
    assert [t.values["rank"] for t in bank.terms("grades")] == list(range(1, 11))
    assert bank.grade_label(3, "en") == "Grade 3" and bank.grade_label(3.0, "zh") == "3级"
    assert bank.grade_label(11, "en") is None


def test_broken_grades_are_named_by_file_line_and_rule(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    path = folder / "grades.csv"
    path.write_text(
        HEADER
        + "P1,1,专业一级,Professional 1\n"
        + "P2,1,专业二级,Professional 2\n"  # line 3: the rank of P1 again
        + "P3,three,专业三级,Professional 3\n"  # line 4: not an integer
        + "P4,4.5,专业四级,Professional 4\n"  # line 5: not an integer either
        + "P5,5,,Professional 5\n"  # line 6: no Chinese label
        + "P6,6,专业六级,\n",  # line 7: no English label
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(folder)
    assert err.value.problems == [
        f"{path}:3: duplicate_rank: rank 1",
        f"{path}:4: bad_number: rank 'three'",
        f"{path}:5: bad_number: rank '4.5'",
        f"{path}:6: empty_value: name_zh",
        f"{path}:7: empty_value: name_en",
    ]


def test_grade_codes_are_written_as_exports_write_them(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    path = _write_grades(folder, [("G-07", 1, "七级", "G-07"), ("M1.2", 2, "经理", "M1.2")])
    assert load_vocabulary(folder).codes("grades") == ("G-07", "M1.2")
    _write_grades(folder, [("G 07", 1, "七级", "G 07")])
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(folder)
    assert err.value.problems == [f"{path}:2: bad_code: code 'G 07'"]


def test_a_grades_file_without_a_label_column_is_refused(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    (folder / "grades.csv").write_text("code,rank,name_zh\nP1,1,专业一级\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"grades.csv:1: missing_column: name_en"):
        load_vocabulary(folder)


def test_a_reference_folder_without_grades_uses_the_sample_bank_grades(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    (folder / "grades.csv").unlink()  # a home set up before grades were reference data
    vocab = load_vocabulary(folder)
    assert vocab.codes("grades") == vocabulary.sample_bank().codes("grades")
    assert vocab.codes("job_families") == vocabulary.sample_bank().codes("job_families")


def test_the_grade_fields_take_their_codes_from_the_vocabulary(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    _write_grades(folder)
    sources = sources_for(load_vocabulary(folder))
    codes = tuple(RANK)
    for source, field in (
        ("hr_employees", "grade"),
        ("job_changes", "to_grade"),
        ("compensation", "grade"),
    ):
        f = sources[source].field(field)
        assert (f.dtype, f.allowed, f.min, f.max) == ("str", codes, None, None), source


# --- through the loader and dbt ------------------------------------------------------------


@pytest.fixture
def customer_vocabulary(tmp_path: Path) -> Iterator[vocabulary.Vocabulary]:
    folder = _copy_bank(tmp_path / "home")
    _write_grades(folder)
    vocab = vocabulary.activate(load_vocabulary(folder))
    yield vocab
    vocabulary.deactivate()


def _landing(landing: Path) -> None:
    """Org units, an HR extract, job changes and pay records written with the customer's codes;
    line 5 of the HR extract has a code the customer's grades do not have."""
    write_reference(landing)
    rows = [employee_row(i) for i in range(4)]
    for row, code in zip(rows, ("P3", "M1", "P1", "P9"), strict=True):
        row["grade"] = code
    _write_csv(landing / "hr_employees" / "hr_2025.csv", "hr_employees", rows)
    change = {
        "change_id": "JC1",
        "employee_id": rows[0]["employee_id"],
        "effective_date": "2024-01-01",
        "change_type": "promotion",
        "to_org_unit_code": rows[0]["org_unit_code"],
        "to_position": "高级柜员",
        "to_job_family": rows[0]["job_family"],
        "to_grade": "P3",
        "recorded_at": "2024-01-02T09:00:00",
    }
    _write_csv(landing / "job_changes" / "changes_2024.csv", "job_changes", [change])
    pay = [
        {"employee_id": rows[1]["employee_id"], "effective_date": "2024-01-01", "base_pay": 9000},
        {
            "employee_id": rows[1]["employee_id"],
            "effective_date": "2024-07-01",
            "grade": "M2",
            "base_pay": 9900,
        },
        {
            "employee_id": rows[2]["employee_id"],
            "effective_date": "2024-07-01",
            "grade": "G07",  # line 4: not a grade of this customer
            "base_pay": 5000,
        },
    ]
    for record in pay:
        record["recorded_at"] = "2024-07-02T09:00:00"
    _write_csv(landing / "compensation" / "pay_2024.csv", "compensation", pay)


def _dbt(warehouse: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    env.update(
        TALENTLOOP_WAREHOUSE=str(warehouse),
        TALENTLOOP_DBT_TARGET="duckdb",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args, "--project-dir", str(DBT_PROJECT_DIR)]
        + ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)]
        + ["--log-path", str(target)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_customer_codes_load_and_staging_ranks_them(
    tmp_path: Path, customer_vocabulary: vocabulary.Vocabulary
) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    _landing(landing)
    with duckdb.connect(str(warehouse)) as con:
        load_landing(
            con, landing, sources=["org_units", "hr_employees", "job_changes", "compensation"]
        )
        quarantined = con.execute(
            "select source, file, line, rule, field from raw.quarantine order by source"
        ).fetchall()
        raw_grades = con.execute("select grade from raw.hr_employees order by grade").fetchall()
        vocab_grades = con.execute(
            "select code, rank from raw.vocab_grades order by rank"
        ).fetchall()
    # The unknown codes are quarantined with their rule, file and line, as any vocabulary field.
    assert quarantined == [
        ("compensation", "compensation/pay_2024.csv", 4, "not_allowed", "grade"),
        ("hr_employees", "hr_employees/hr_2025.csv", 5, "not_allowed", "grade"),
    ]
    assert raw_grades == [("M1",), ("P1",), ("P3",)]  # the codes as the export wrote them
    assert vocab_grades == [(c, r) for c, r, _, _ in CUSTOMER_GRADES]

    models = ["grades", "education_levels", "stg_hr__employees", "stg_hr__job_changes"]
    done = _dbt(
        warehouse, tmp_path / "target", "run", "--select", *models, "stg_payroll__compensation"
    )
    assert done.returncode == 0, done.stdout[-4000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        employees = dict(
            con.execute("select employee_id, grade from staging.stg_hr__employees").fetchall()
        )
        changes = con.execute("select to_grade from staging.stg_hr__job_changes").fetchall()
        pay = con.execute(
            "select effective_date::varchar, grade from staging.stg_payroll__compensation "
            "order by effective_date"
        ).fetchall()
    ids = [employee_row(i)["employee_id"] for i in range(3)]
    assert employees == {ids[0]: RANK["P3"], ids[1]: RANK["M1"], ids[2]: RANK["P1"]}
    assert changes == [(RANK["P3"],)]
    assert pay == [("2024-01-01", None), ("2024-07-01", RANK["M2"])]  # an empty grade stays empty


def test_a_warehouse_from_before_keeps_its_rows_and_takes_codes(tmp_path: Path) -> None:
    """raw tables made when the grade fields were integers: their columns become text, the
    integers the codes of the sample bank's grades."""
    old = replace(
        SOURCES["hr_employees"],
        fields=tuple(
            replace(f, dtype="int") if f.name == "grade" else f
            for f in SOURCES["hr_employees"].fields
        ),
    )
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema raw")
        con.execute(source_table_ddl(old))
        con.execute(
            "insert into raw.hr_employees (employee_id, grade, _load_id, _file, _line, _loaded_at)"
            " values ('10001', 3, 'L1', 'hr/a.csv', 2, now())"
        )
        create_raw_tables(con)
        kind = con.execute(
            "select data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'hr_employees' and column_name = 'grade'"
        ).fetchone()
        assert kind == ("VARCHAR",)
        assert con.execute("select grade from raw.hr_employees").fetchall() == [("3",)]
        assert "3" in vocabulary.sample_bank().codes("grades")
