"""The planted truth of a generated enterprise (`<out>/_truth/`, docs/architecture.md)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import polars as pl

from ingest.contract import EXIT_TYPES, RECRUITING_CHANNELS

from .bank_vocabulary import COMPETENCIES, EDUCATION_CODES, JOB_FAMILIES
from .frames import NO_DAY, dates, lookup
from .hr_sources import World
from .params import GeneratorParams
from .population import EXIT_NONE
from .recruiting import noise_table


def id_kind(field: str) -> str:
    if "candidate" in field:
        return "candidate_id"
    if field == "employee_no":
        return "ai_employee_no"
    if "learner" in field:
        return "learner_id"
    return "employee_id"


def quarantine_rows(source: str, df: pl.DataFrame) -> pl.DataFrame:
    return df.filter(pl.col("_rule").is_not_null()).select(
        source=pl.lit(source),
        file=pl.lit(f"{source}/") + pl.col("_file"),
        line=pl.col("_line"),
        rule=pl.col("_rule"),
    )


def defect_rows(source: str, df: pl.DataFrame) -> pl.DataFrame:
    """Row-level defects, special IDs, and ID variants aggregated per file and field."""
    file = pl.lit(f"{source}/") + pl.col("_file")
    parts = [
        df.filter(pl.col("_defect").is_not_null()).select(
            defect=pl.col("_defect"),
            source=pl.lit(source),
            file=file,
            line=pl.col("_line"),
            detail=pl.col("_detail"),
        )
    ]
    for col in df.columns:
        if col.startswith("_idr__"):
            field = col[len("_idr__") :]
            parts.append(
                df.filter(pl.col(col).is_not_null()).select(
                    defect=pl.when(pl.col(col).str.starts_with("conflict"))
                    .then(pl.lit("id_conflict"))
                    .otherwise(pl.lit("unresolvable_id")),
                    source=pl.lit(source),
                    file=file,
                    line=pl.col("_line"),
                    detail=pl.lit(f"{field}: ") + pl.col(col),
                )
            )
        if col.startswith("_idk__"):
            field = col[len("_idk__") :]
            agg = (
                df.filter(
                    pl.col(col).is_not_null()
                    & (pl.col(col) != "canonical")
                    & (pl.col(col) != "unresolvable")
                )
                .group_by(["_file", col], maintain_order=True)
                .len()
                .sort(["_file", col])
            )
            parts.append(
                agg.select(
                    defect=pl.lit("id_variant:") + pl.col(col),
                    source=pl.lit(source),
                    file=pl.lit(f"{source}/") + pl.col("_file"),
                    line=pl.lit(None, dtype=pl.Int64),
                    detail=pl.lit(f"{field}: ") + pl.col("len").cast(pl.String) + pl.lit(" rows"),
                )
            )
    return pl.concat([p.with_columns(pl.col("line").cast(pl.Int64)) for p in parts])


def id_rows(source: str, df: pl.DataFrame) -> pl.DataFrame:
    """Every distinct person ID of the loadable rows with its true employee key."""
    ok = df.filter(pl.col("_rule").is_null())
    parts = []
    for col in df.columns:
        if not col.startswith("_key__"):
            continue
        field = col[len("_key__") :]
        reason = pl.col(f"_idr__{field}") if f"_idr__{field}" in df.columns else pl.lit(None)
        parts.append(
            ok.filter(pl.col(field).is_not_null() & pl.col(col).is_not_null()).select(
                source=pl.lit(source),
                raw_id=pl.col(field),
                id_kind=pl.lit(id_kind(field)),
                employee_key=pl.col(col).cast(pl.String).str.zfill(8),
                resolvable=reason.is_null(),
                reason=reason.cast(pl.String),
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "source": pl.String,
                "raw_id": pl.String,
                "id_kind": pl.String,
                "employee_key": pl.String,
                "resolvable": pl.Boolean,
                "reason": pl.String,
            }
        )
    return pl.concat(parts).unique(subset=["id_kind", "raw_id"], keep="first", maintain_order=True)


def employees_frame(w: World) -> pl.DataFrame:
    pop, c = w.pop, w.careers
    lat = {f"latent_{comp}": np.round(pop.latent[:, i], 4) for i, comp in enumerate(COMPETENCIES)}
    exit_type = np.where(
        pop.exit_type >= 0, np.array(EXIT_TYPES)[np.maximum(pop.exit_type, 0)], None
    )
    return pl.DataFrame(
        {
            "employee_key": pl.Series(pop.key).cast(pl.String).str.zfill(8),
            "hire_date": dates(pop.hire),
            "exit_date": dates(np.where(pop.exit == EXIT_NONE, NO_DAY, pop.exit)),
            "exit_type": pl.Series(exit_type.tolist(), dtype=pl.String),
            "job_family": lookup(JOB_FAMILIES, pop.family),
            "branch": np.array(w.org.branch_codes)[c.dept_branch[c.final_dept]],
            "org_unit_code": lookup(pop.dept_codes, c.final_dept),
            "grade": c.final_grade.astype(np.int64),
            "sex": np.where(pop.female, "F", "M"),
            "birth_date": dates(pop.birth),
            "education": np.array(EDUCATION_CODES)[pop.education],
            "recruiting_channel": np.array(RECRUITING_CHANNELS)[pop.channel],
            "hired_before_history": pop.initial,
            **lat,
            "education_z": np.round(pop.edu_z, 4),
            "true_performance": np.round(pop.perf_z, 4),
            "training_engagement": np.round(pop.train_z, 4),
            "p_exit_12m": pl.Series(np.round(pop.p_exit_12m.astype(float), 6), nan_to_null=True),
        }
    )


def headcount_frame(w: World) -> pl.DataFrame:
    pop = w.pop
    first = np.datetime64(w.as_of.replace(day=1), "M") - np.timedelta64(w.p.history_years * 12, "M")
    months = np.arange(first, np.datetime64(w.as_of, "M") + 1)
    epoch = np.datetime64("1970-01-01", "D")
    m_first = (months.astype("datetime64[D]") - epoch).astype(np.int64)
    m_last = ((months + 1).astype("datetime64[D]") - epoch).astype(np.int64) - 1
    hires = np.sort(pop.hire.astype(np.int64))
    ex = np.sort(pop.exit[pop.exit != EXIT_NONE].astype(np.int64))
    hired_by = np.searchsorted(hires, m_last, side="right")
    exited_before = np.searchsorted(ex, m_last, side="left")  # exit < last day: gone that day
    return pl.DataFrame(
        {
            "month": dates(m_first),
            "headcount": (hired_by - exited_before).astype(np.int64),
            "hires": (hired_by - np.searchsorted(hires, m_first, side="left")).astype(np.int64),
            "exits": (
                np.searchsorted(ex, m_last, side="right")
                - np.searchsorted(ex, m_first, side="left")
            ).astype(np.int64),
        }
    )


def effects_doc(p: GeneratorParams) -> dict:
    out: dict = {
        "standardized_on": "true performance (standard normal within family)",
        "families": {},
    }
    for fam in JOB_FAMILIES:
        eff = p.effects[fam]
        total = sum(eff.values())
        raw = {c: 100.0 * eff[c] / total for c in COMPETENCIES}
        ideal = {c: round(v, 2) for c, v in raw.items()}
        # Make the rounded weights sum to exactly 100.
        top = max(ideal, key=lambda c: ideal[c])
        ideal[top] = round(ideal[top] + 100.0 - sum(ideal.values()), 2)
        out["families"][fam] = {
            "competency_effects": {c: eff[c] for c in COMPETENCIES},
            "education_effect": p.education_effects[fam],
            "top3": sorted(COMPETENCIES, key=lambda c: -eff[c])[:3],
            "ideal_hiring_weights": ideal,
            "current_hiring_weights": {
                c: round(100.0 * p.current_weights[c] / sum(p.current_weights.values()), 2)
                for c in COMPETENCIES
            },
        }
    return out


def _within_one(sd: float) -> float:
    return math.erf(1.0 / (sd * math.sqrt(2.0)))


def agreement_doc(p: GeneratorParams, ai: pl.DataFrame, human: pl.DataFrame) -> dict:
    """Planted noise per family x competency and the share of pairs within 1 point."""
    ai_sd, hu_sd = noise_table(p)
    pairs = human.join(
        ai.select(["candidate_id", "job_family", *[f"score_{c}" for c in COMPETENCIES]]),
        on="candidate_id",
        suffix="_ai",
    )
    out: dict = {
        "measure": "share of AI/human pairs with |AI score - human score| <= 1 point",
        "threshold": 0.8,
        "families": {},
    }
    for f, fam in enumerate(JOB_FAMILIES):
        sub = pairs.filter(pl.col("job_family") == fam)
        out["families"][fam] = {}
        for c, comp in enumerate(COMPETENCIES):
            d = sub.select(
                (pl.col(f"score_{comp}") - pl.col(f"score_{comp}_ai")).abs().alias("d")
            ).drop_nulls()["d"]
            sd = math.sqrt(ai_sd[f, c] ** 2 + hu_sd[f, c] ** 2)
            out["families"][fam][comp] = {
                "ai_noise_sd": float(ai_sd[f, c]),
                "human_noise_sd": float(hu_sd[f, c]),
                "expected_within_1": round(_within_one(sd), 4),
                "observed_within_1": round(float((d <= 1.0 + 1e-9).mean()), 4) if len(d) else None,
                "pairs": len(d),
                "planted_weak": bool(fam == "customer_manager" and comp == "risk_awareness"),
            }
    return out


def bias_doc(p: GeneratorParams, ai: pl.DataFrame, biased: int) -> dict:
    return {
        "enabled": bool(p.scoring_bias),
        "category": p.scoring_bias,
        "points": p.bias_points if p.scoring_bias else 0.0,
        "applies_to": "every AI competency score of the category, before rounding and clipping",
        "affected_assessments": int(biased),
        "assessments": len(ai),
    }


def write_json(path: Path, doc: dict) -> None:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n", "utf-8")


def write_csv(path: Path, df: pl.DataFrame) -> None:
    df.write_csv(path, date_format="%Y-%m-%d", null_value="")
