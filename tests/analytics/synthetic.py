"""Small synthetic frames with a known truth, built independently of the sample enterprise."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from sample_enterprise.bank.bank_vocabulary import COMPETENCIES


def retention_features(employees: int = 400, years: int = 4, seed: int = 0) -> pl.DataFrame:
    """Annual snapshots with a planted logistic exit risk; the latest snapshot is unlabelled."""
    rng = np.random.default_rng(seed)
    as_of = date(2026, 1, 1)
    stability = rng.normal(size=employees)
    families = rng.choice(["teller", "customer_manager", "it_developer"], size=employees)
    frames = []
    for k in range(years, -1, -1):
        snap = date(as_of.year - k, 1, 1)
        tenure = rng.integers(1, 120, size=employees).astype(float)
        perf = rng.normal(6, 1.2, size=employees)
        attendance = np.clip(rng.normal(0.8, 0.15, size=employees), 0, 1)
        logit = (
            -2.2 - 1.1 * stability - 0.6 * (perf - 6) - 1.5 * (attendance - 0.8) - 0.008 * tenure
        )
        p = 1 / (1 + np.exp(-logit))
        left = rng.random(employees) < p
        perf_obs = np.where(rng.random(employees) < 0.1, np.nan, perf)
        frames.append(
            pl.DataFrame(
                {
                    "employee_key": [f"{i:08d}" for i in range(employees)],
                    "snapshot_date": [snap] * employees,
                    "job_family": families,
                    "tenure_months": tenure,
                    "ai_score_stability": np.clip(
                        5 + 1.5 * stability + rng.normal(0, 0.5, employees), 0, 10
                    ),
                    "perf_score_avg_8q": perf_obs,
                    "training_attendance_rate_12m": attendance,
                    "probation_result": pl.Series(
                        rng.choice(["passed", "extended", ""], size=employees)
                    ).replace("", None),
                    "true_p": p,
                    LABEL_NAME: pl.Series([None] * employees, dtype=pl.Boolean)
                    if k == 0
                    else pl.Series(left),
                },
                strict=False,
            )
        )
    return pl.concat(frames).with_columns(pl.col(LABEL_NAME).cast(pl.Boolean))


LABEL_NAME = "left_voluntarily_12m"


def mixed_frame(rows: int = 300, seed: int = 1, target_style: str = "yes/no") -> pl.DataFrame:
    """Another employer's data: numbers, text, booleans, dates, missing values and an ID column."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=rows)
    dept = rng.choice(["sales", "ops", "it", "hr"], size=rows)
    logit = 1.5 * x1 + np.where(dept == "sales", 1.0, -0.5) - 0.5
    y = rng.random(rows) < 1 / (1 + np.exp(-logit))
    frame = pl.DataFrame(
        {
            "person_id": [f"P{i:05d}" for i in range(rows)],
            "engagement": np.where(rng.random(rows) < 0.15, np.nan, x1),
            "overtime_hours": rng.integers(0, 40, size=rows),
            "department": pl.Series(np.where(rng.random(rows) < 0.1, "", dept)).replace("", None),
            "remote": rng.random(rows) < 0.4,
            "hired_on": [
                date(2015 + int(v), 1 + int(m), 1)
                for v, m in zip(rng.integers(0, 10, rows), rng.integers(0, 12, rows), strict=True)
            ],
            "constant": ["same"] * rows,
        },
        strict=False,
    )
    frame = frame.with_columns(pl.col("engagement").fill_nan(None))
    if target_style == "yes/no":
        target = pl.Series("attrition", np.where(y, "Yes", "No"))
    elif target_style == "0/1":
        target = pl.Series("attrition", y.astype(int))
    else:
        target = pl.Series("attrition", y)
    return frame.with_columns(target)


def competency_frame(
    weights: dict[str, dict[str, float]], hires_per_family: int = 600, seed: int = 2
) -> pl.DataFrame:
    """Hires whose later performance depends on latent competencies with planted weights."""
    rng = np.random.default_rng(seed)
    frames = []
    for family, w in weights.items():
        latent = rng.normal(size=(hires_per_family, len(COMPETENCIES)))
        beta = np.array([w.get(c, 0.0) for c in COMPETENCIES]) / 100
        perf = (
            6
            + 1.0 * latent @ beta / np.sqrt((beta**2).sum()) * 0.8
            + rng.normal(0, 0.6, hires_per_family)
        )
        data = {
            "assessment_id": [f"{family}-{i}" for i in range(hires_per_family)],
            "job_family": [family] * hires_per_family,
            "is_hired": rng.random(hires_per_family) < 0.5,
        }
        for j, c in enumerate(COMPETENCIES):
            data[f"ai_score_{c}"] = np.clip(
                6 + 1.2 * latent[:, j] + rng.normal(0, 0.3, hires_per_family), 0, 10
            )
        data["education_level"] = rng.integers(1, 6, size=hires_per_family).astype(float)
        data["years_experience"] = rng.gamma(2, 2, size=hires_per_family)
        data["performance_score"] = np.clip(perf, 1, 10)
        frames.append(pl.DataFrame(data))
    return pl.concat(frames).with_columns(
        pl.when(pl.col("is_hired")).then(pl.col("performance_score")).alias("performance_score")
    )


def attrition_export(rows: int = 1470, seed: int = 7) -> pl.DataFrame:
    """An HR export shaped like the public IBM attrition data set (its column names and kinds of
    values, written here), with a planted logistic attrition of about 16% on a few columns."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 61, rows)
    job_level = rng.choice([1, 2, 3, 4, 5], rows, p=[0.37, 0.36, 0.15, 0.07, 0.05])
    total_years = np.clip(age - 18 - rng.integers(0, 6, rows), 0, 40)
    years_at = np.minimum(total_years, rng.gamma(1.5, 4.5, rows).astype(int))
    overtime = rng.random(rows) < 0.28
    marital = rng.choice(["Single", "Married", "Divorced"], rows, p=[0.32, 0.46, 0.22])
    income = (job_level * 3200 + rng.gamma(3, 500, rows)).round().astype(int)
    satisfaction = rng.integers(1, 5, rows)
    travel = rng.choice(
        ["Non-Travel", "Travel_Rarely", "Travel_Frequently"], rows, p=[0.1, 0.71, 0.19]
    )
    logit = (
        -1.0
        + 1.5 * overtime
        - 0.45 * (job_level - 2)
        - 0.05 * (age - 37)
        - 0.06 * (years_at - 7)
        - 0.35 * (satisfaction - 2.5)
        + 0.8 * (marital == "Single")
        + 0.7 * (travel == "Travel_Frequently")
    )
    left = rng.random(rows) < 1 / (1 + np.exp(-logit))
    # Employee numbers handed out in sequence with gaps (people who left before the export).
    numbers = np.cumsum(rng.integers(1, 3, rows))
    return pl.DataFrame(
        {
            "Age": age,
            "Attrition": np.where(left, "Yes", "No"),
            "BusinessTravel": travel,
            "Department": rng.choice(
                ["Sales", "Research & Development", "Human Resources"], rows, p=[0.3, 0.65, 0.05]
            ),
            "DistanceFromHome": rng.integers(1, 30, rows),
            "Education": rng.integers(1, 6, rows),
            "EducationField": rng.choice(
                ["Life Sciences", "Medical", "Marketing", "Technical Degree", "Other"], rows
            ),
            "EmployeeCount": np.ones(rows, dtype=int),
            "EmployeeNumber": numbers,
            "EnvironmentSatisfaction": rng.integers(1, 5, rows),
            "Gender": rng.choice(["Male", "Female"], rows, p=[0.6, 0.4]),
            "JobLevel": job_level,
            "JobSatisfaction": satisfaction,
            "MaritalStatus": marital,
            "MonthlyIncome": income,
            "NumCompaniesWorked": rng.integers(0, 10, rows),
            "Over18": ["Y"] * rows,
            "OverTime": np.where(overtime, "Yes", "No"),
            "PercentSalaryHike": rng.integers(11, 26, rows),
            "StockOptionLevel": rng.integers(0, 4, rows),
            "TotalWorkingYears": total_years,
            "TrainingTimesLastYear": rng.integers(0, 7, rows),
            "WorkLifeBalance": rng.integers(1, 5, rows),
            "YearsAtCompany": years_at,
            "YearsSinceLastPromotion": np.minimum(years_at, rng.integers(0, 8, rows)),
        }
    )
