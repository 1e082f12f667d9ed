"""Reference sources: org units, competency models and the training catalog."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from .bank_vocabulary import COMPETENCIES, JOB_FAMILIES, JOB_FAMILY_NAMES
from .org import Org
from .params import GeneratorParams

# Required level (0-10) per competency, raised for each family's key competencies.
BASE_REQUIRED = 6.0


def org_units(org: Org) -> pl.DataFrame:
    df = pl.DataFrame(
        org.units,
        schema={
            "org_unit_code": pl.String,
            "parent_code": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "level": pl.String,
            "city": pl.String,
            "opened_date": pl.Date,
        },
    )
    return df.with_columns(_file=pl.lit("org_units.csv"))


def competency_models(p: GeneratorParams, as_of: date, ai_start: date) -> pl.DataFrame:
    """Two model versions: the original (equal weights) and the one in force since the AI pilot."""
    rows = []
    versions = [
        (
            date(as_of.year - p.history_years, 1, 1),
            {c: 100.0 / len(COMPETENCIES) for c in COMPETENCIES},
        ),
        (ai_start, dict(p.current_weights)),
    ]
    for eff, weights in versions:
        total = sum(weights.values())
        for fam in JOB_FAMILIES:
            top = sorted(p.effects[fam], key=lambda c: -p.effects[fam][c])[:3]
            for comp in COMPETENCIES:
                rows.append(
                    {
                        "job_family": fam,
                        "job_family_name_zh": JOB_FAMILY_NAMES[fam][0],
                        "job_family_name_en": JOB_FAMILY_NAMES[fam][1],
                        "competency_code": comp,
                        "required_level": BASE_REQUIRED + (1.5 if comp in top else 0.0),
                        "hiring_weight_pct": round(100.0 * weights[comp] / total, 2),
                        "effective_date": eff,
                    }
                )
    return pl.DataFrame(rows).with_columns(_file=pl.lit("competency_models.csv"))


COURSE_TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "communication": (
        ("高效沟通技巧", "Effective communication"),
        ("商务演讲", "Business presentation"),
    ),
    "problem_solving": (
        ("结构化思维", "Structured thinking"),
        ("数据分析入门", "Intro to data analysis"),
    ),
    "customer_service": (
        ("客户服务礼仪", "Service etiquette"),
        ("投诉处理", "Handling complaints"),
    ),
    "risk_awareness": (
        ("反洗钱合规", "Anti-money laundering"),
        ("操作风险防控", "Operational risk"),
    ),
    "product_knowledge": (("理财产品知识", "Wealth products"), ("信贷产品解读", "Credit products")),
    "stability": (("职业生涯规划", "Career planning"), ("压力管理", "Stress management")),
    "culture_fit": (("企业文化与价值观", "Culture and values"), ("团队协作", "Teamwork")),
}


def training_catalog(rng: np.random.Generator, p: GeneratorParams) -> pl.DataFrame:
    rows = []
    for k in range(p.courses):
        comp = COMPETENCIES[k % len(COMPETENCIES)]
        topics = COURSE_TOPICS[comp]
        zh, en = topics[(k // len(COMPETENCIES)) % len(topics)]
        level = k // (len(COMPETENCIES) * len(topics))
        suffix_zh = ("", "（进阶）", "（高级）", "（专题）")[level % 4]
        suffix_en = ("", " (intermediate)", " (advanced)", " (special topic)")[level % 4]
        n_edition = level // 4
        if n_edition:
            suffix_zh += f"第{n_edition + 1}期"
            suffix_en += f" #{n_edition + 1}"
        rows.append(
            {
                "course_code": f"CRS{k + 1:03d}",
                "name_zh": zh + suffix_zh,
                "name_en": en + suffix_en,
                "competency_code": comp,
                "hours": float(rng.choice([2.0, 4.0, 8.0, 12.0, 16.0, 24.0, 32.0])),
                "delivery": str(rng.choice(["online", "classroom", "blended"], p=[0.5, 0.3, 0.2])),
            }
        )
    return pl.DataFrame(rows).with_columns(_file=pl.lit("training_catalog.csv"))
