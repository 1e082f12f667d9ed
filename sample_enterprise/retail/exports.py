"""The bank's contract-shaped landing frames rewritten as the retailer's HRIS exports them.

Each function takes the bank's frame of one source (every column text) and returns the
export: the retailer's codes, English headers and words, US month/day/year dates, `E`-prefixed
employee numbers. System timestamps stay ISO (what audit columns of an HRIS export hold).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .people import (
    CHANNEL_DISPLAY,
    CITY,
    DEPARTMENT,
    EXIT_TEXTS,
    EXIT_TYPE_DISPLAY,
    FAMILY_DISPLAY,
    HEAD_OFFICE,
    RATING_DISPLAY,
    TITLES,
    english_names,
)
from .relabel import Relabel

CHANGE_DISPLAY: dict[str, str] = {
    "transfer": "Transfer",
    "promotion": "Promotion",
    "demotion": "Demotion",
    "grade_change": "Pay Grade Change",
}


def us_date(column: str) -> pl.Expr:
    """A bank date (ISO, or YYYY/MM/DD in old legacy files) as MM/DD/YYYY."""
    text = pl.col(column)
    day = pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False), text.str.to_date("%Y/%m/%d", strict=False)
    )
    return day.dt.strftime("%m/%d/%Y")


def emp_no(column: str) -> pl.Expr:
    """The HRIS employee number: `E` and the number without its leading zeros."""
    digits = pl.col(column).str.strip_chars().str.strip_chars_start("0")
    return pl.when(pl.col(column).str.strip_chars() != "").then(pl.lit("E") + digits)


def store_code(column: str) -> pl.Expr:
    """Head office HO -> HQ, branch BR012 -> store S012 (departments keep their suffix)."""
    return pl.col(column).str.replace(r"^HO", "HQ").str.replace(r"^BR", "S")


def _recode(column: str, table: dict[str, str]) -> pl.Expr:
    return pl.col(column).replace_strict(table, default=None, return_dtype=pl.String)


def _family_display(column: str, r: Relabel) -> pl.Expr:
    shown = {bank: FAMILY_DISPLAY[ours] for bank, ours in r.job_families.items()}
    return _recode(column, shown)


def _titles(family: str, grade: str, r: Relabel) -> pl.Expr:
    """The job title of a retailer family and grade band (grades 1-2, 3-4, ..., 9-10)."""
    band = ((pl.col(grade).cast(pl.Int64) - 1) // 2).clip(0, 4)
    keys = pl.col(family) + pl.lit(":") + band.cast(pl.String)
    table = {
        f"{bank}:{i}": title
        for bank, ours in r.job_families.items()
        for i, title in enumerate(TITLES[ours])
    }
    return keys.replace_strict(table, default=None, return_dtype=pl.String)


def org_units(bank: pl.DataFrame, r: Relabel) -> pl.DataFrame:
    """Locations: the support center, stores named by number and US city, their departments;
    "Location Type" is the retailer's own level code (its reference org_levels.csv)."""
    names: dict[str, str] = {}
    cities: list[str] = []
    for row in bank.iter_rows(named=True):
        code, parent = row["org_unit_code"], row["parent_code"] or ""
        city = CITY.get(row["city"] or "", "Minneapolis")
        cities.append(city)
        if row["level"] == "head_office":
            names[code] = HEAD_OFFICE
        elif row["level"] == "branch":
            names[code] = f"Store {code[2:]} {city}"
        else:
            parent_en = bank.filter(pl.col("org_unit_code") == parent)["name_en"].item()
            dept = DEPARTMENT[row["name_en"][len(parent_en) + 1 :]]
            names[code] = f"{names[parent]} - {dept}"
    return bank.select(
        store_code("org_unit_code").alias("Location ID"),
        store_code("parent_code").alias("Parent Location ID"),
        pl.col("org_unit_code").replace_strict(names).alias("Location Name"),
        pl.col("level").replace_strict(r.org_levels).alias("Location Type"),
        pl.Series("City", cities),
        us_date("opened_date").alias("Open Date"),
    )


def competency_models(bank: pl.DataFrame, r: Relabel) -> pl.DataFrame:
    names = {
        bank: r.retail.label("job_families", ours, "en") for bank, ours in r.job_families.items()
    }
    return bank.select(
        _family_display("job_family", r).alias("Job Family"),
        _recode("job_family", names).alias("Job Family Name"),
        _recode("competency_code", r.competencies).alias("Competency ID"),
        pl.col("required_level").alias("Required Level"),
        pl.col("hiring_weight_pct").alias("Hiring Weight %"),
        us_date("effective_date").alias("Effective Date"),
    )


def _termination_dates(hr: pl.DataFrame, exits: pl.DataFrame) -> pl.Series:
    """Each exited spell's exit date: the first exit of the person on or after the hire."""
    spells = hr.select("employee_id", "hire_date", "status").with_row_index("_row")
    ended = (
        spells.filter(pl.col("status") == "离职")
        .join(exits.select("employee_id", "exit_date"), on="employee_id")
        .filter(pl.col("exit_date") >= pl.col("hire_date"))
        .group_by("_row")
        .agg(pl.col("exit_date").min())
    )
    return spells.join(ended, on="_row", how="left").sort("_row")["exit_date"]


def _gender() -> pl.Expr:
    """Male/Female, and about one person in fifty who did not state it (a US roster asks; the
    contract loads it as X); no national ID, which a US HRIS does not export."""
    unstated = pl.col("employee_id").cast(pl.Int64, strict=False) % 53 == 0
    stated = pl.col("sex").replace_strict({"男": "Male", "女": "Female"})
    return pl.when(unstated).then(pl.lit("Prefer not to say")).otherwise(stated)


def hr_employees(
    bank: pl.DataFrame, exits: pl.DataFrame, r: Relabel, rng: np.random.Generator
) -> pl.DataFrame:
    """The employee roster: one row per employment spell, a termination date for leavers."""
    names = english_names(rng, (bank["sex"] == "女").to_numpy())
    frame = bank.with_columns(
        _first=names["first"], _last=names["last"], _ended=_termination_dates(bank, exits)
    )
    return frame.select(
        emp_no("employee_id").alias("Employee ID"),
        pl.col("_first").alias("First Name"),
        pl.col("_last").alias("Last Name"),
        _gender().alias("Gender"),
        us_date("birth_date").alias("Date of Birth"),
        _recode("education", r.education).alias("Highest Education"),
        us_date("hire_date").alias("Hire Date"),
        us_date("_ended").alias("Termination Date"),
        store_code("org_unit_code").alias("Department Code"),
        _titles("job_family", "grade", r).alias("Job Title"),
        _family_display("job_family", r).alias("Job Family"),
        _recode("grade", r.grades).alias("Pay Grade"),
        emp_no("manager_id").alias("Manager ID"),
        _recode("recruiting_channel", CHANNEL_DISPLAY).alias("Source of Hire"),
        pl.col("extracted_at").alias("Extract Timestamp"),
    )


def job_changes(bank: pl.DataFrame, r: Relabel) -> pl.DataFrame:
    return bank.select(
        pl.col("change_id").alias("Action ID"),
        emp_no("employee_id").alias("Employee ID"),
        us_date("effective_date").alias("Effective Date"),
        _recode("change_type", CHANGE_DISPLAY).alias("Action"),
        store_code("to_org_unit_code").alias("New Department Code"),
        _titles("to_job_family", "to_grade", r).alias("New Job Title"),
        _family_display("to_job_family", r).alias("New Job Family"),
        _recode("to_grade", r.grades).alias("New Pay Grade"),
        emp_no("to_manager_id").alias("New Manager ID"),
        pl.col("recorded_at").alias("Entered On"),
    )


def performance_reviews(bank: pl.DataFrame, r: Relabel) -> pl.DataFrame:
    """Quarterly reviews on the four-level scale, in the words the review form uses."""
    words = {bank: RATING_DISPLAY[ours] for bank, ours in r.ratings.items()}
    return bank.select(
        pl.col("review_id").alias("Review ID"),
        emp_no("employee_id").alias("Employee ID"),
        pl.col("period").alias("Review Period"),
        pl.col("score").alias("Overall Score"),
        _recode("grade", words).alias("Rating"),
        pl.col("sales_target").alias("Sales Goal ($K)"),
        pl.col("sales_actual").alias("Sales ($K)"),
        emp_no("reviewer_id").alias("Reviewer ID"),
        pl.col("submitted_at").alias("Submitted On"),
    )


def exits(bank: pl.DataFrame, r: Relabel) -> pl.DataFrame:
    """Terminations with the retailer's reason codes and its HR's words for them."""
    texts = {bank: EXIT_TEXTS[ours] for bank, ours in r.exit_reasons.items()}
    return bank.select(
        emp_no("employee_id").alias("Employee ID"),
        us_date("exit_date").alias("Termination Date"),
        _recode("exit_type", EXIT_TYPE_DISPLAY).alias("Termination Type"),
        _recode("reason_code", r.exit_reasons).alias("Reason Code"),
        _recode("reason_code", texts).alias("Reason"),
        pl.col("recorded_at").alias("Entered On"),
    )
