"""A tiny landing folder with planted defects, written field by field from the contract."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path

from ingest.contract import SOURCES
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES, JOB_FAMILIES

ORG_UNITS = [
    ("HO", "", "总行", "Head office", "head_office"),
    ("BR001", "HO", "一分行", "Branch 1", "branch"),
    ("BR001-D01", "BR001", "一分行营业部", "Branch 1 sales", "department"),
    ("BR002", "HO", "二分行", "Branch 2", "branch"),
    ("BR002-D01", "BR002", "二分行营业部", "Branch 2 sales", "department"),
]
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"


def person_name(i: int) -> str:
    return SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i * 7) % 10]


def employee_id(i: int) -> str:
    return str(10_000 + i)


def national_hash(i: int) -> str:
    return hashlib.sha256(f"11010119900101{i:04d}".encode()).hexdigest()


def _write_csv(path: Path, source: str, rows: list[dict], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=SOURCES[source].columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in SOURCES[source].columns})


def write_reference(landing: Path, *, weights_off: bool = False) -> None:
    _write_csv(
        landing / "org_units" / "org_2025.csv",
        "org_units",
        [
            dict(
                org_unit_code=c,
                parent_code=p,
                name_zh=zh,
                name_en=en,
                level=lvl,
                city="北京",
                opened_date="2001-01-01",
            )
            for c, p, zh, en, lvl in ORG_UNITS
        ],
    )
    rows = []
    for family in JOB_FAMILIES:
        weights = [15, 15, 15, 15, 15, 15, 10]
        if weights_off and family == "teller":
            weights[-1] = 0  # sums to 90
        for comp, w in zip(COMPETENCIES, weights, strict=True):
            rows.append(
                dict(
                    job_family=family,
                    job_family_name_zh="岗位",
                    job_family_name_en=family.replace("_", " "),
                    competency_code=comp,
                    required_level=6,
                    hiring_weight_pct=w,
                    effective_date="2024-01-01",
                )
            )
    _write_csv(landing / "competency_models" / "models_2024.csv", "competency_models", rows)
    _write_csv(
        landing / "training_catalog" / "courses.csv",
        "training_catalog",
        [
            dict(
                course_code=f"CRS00{i}",
                name_zh="课程",
                name_en=f"Course {i}",
                competency_code=COMPETENCIES[i],
                hours=8,
                delivery="online",
            )
            for i in range(3)
        ],
    )


def employee_row(i: int) -> dict:
    return dict(
        employee_id=employee_id(i),
        name=person_name(i),
        sex="男" if i % 2 else "女",
        birth_date="1990-05-01",
        national_id_hash=national_hash(i),
        education="本科",
        hire_date="2020-03-01",
        org_unit_code="BR001-D01" if i % 2 else "BR002-D01",
        position="柜员",
        job_family="teller",
        grade=3,
        manager_id=employee_id(0),
        status="在职",
        recruiting_channel="campus",
        extracted_at="2025-06-30T20:00:00",
    )


EMPLOYEES = 40
# The planted row-level defects of hr_employees/hr_2025.csv, by the rule that must catch them.
PLANTED_HR = {"unknown_reference": 2, "not_allowed": 1, "missing_required": 1}


def write_defective_landing(landing: Path) -> dict[str, list[str]]:
    """Reference files, an HR extract with planted defects, an empty exits file, surveys.

    Returns the personal values written (names, IDs, hashes) so tests can prove no alert
    carries any of them.
    """
    write_reference(landing)
    rows = [employee_row(i) for i in range(EMPLOYEES)]
    rows[5]["org_unit_code"] = "BR999-D01"  # unknown_reference
    rows[6]["org_unit_code"] = "BR999-D02"  # unknown_reference
    rows[7]["grade"] = 12  # not_allowed: no code of the sample bank's grades (1-10)
    rows[8]["name"] = ""  # missing_required
    rows.append(dict(rows[10]))  # the same record delivered twice: a duplicate (WARN)
    _write_csv(landing / "hr_employees" / "hr_2025.csv", "hr_employees", rows, encoding="gbk")
    (landing / "exits").mkdir(parents=True)
    (landing / "exits" / "exits_20250630.csv").write_bytes(b"")  # empty_file
    _write_csv(
        landing / "surveys" / "survey_2025.csv",
        "surveys",
        [
            dict(
                response_id=f"R{i:03d}",
                respondent_type="hr_user",
                survey_date=str(date(2025, 6, 1)),
                question_code="Q1",
                answer=4,
            )
            for i in range(12)
        ],
    )
    return {
        "names": [person_name(i) for i in range(EMPLOYEES) if i != 8],
        "ids": [employee_id(i) for i in range(EMPLOYEES)],
        "hashes": [national_hash(i) for i in range(EMPLOYEES)],
    }
