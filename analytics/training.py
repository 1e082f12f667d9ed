"""Training: competency gaps, course recommendations, and the measured effect of courses taken.

The effect of a course is a difference in differences: the change in a taker's performance
(mean of the quarters after completion minus the quarters before) against the same change over
the same quarters for similar employees who never completed the course (same job family, same
band of prior performance). Matching on prior performance matters because people are often sent
to training after a weak quarter and would partly recover anyway.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest import vocabulary

# Quarters before and after the completion quarter that are compared.
WINDOW_QUARTERS = 2
# Prior performance is matched in bands of this many points.
PRIOR_BAND_POINTS = 1.0
MIN_TAKERS = 10
RECOMMENDATIONS_PER_EMPLOYEE = 3


def quarter_index(date_col: str) -> pl.Expr:
    """Quarters since year 0, so consecutive quarters differ by one."""
    return pl.col(date_col).dt.year() * 4 + (pl.col(date_col).dt.month() - 1) // 3


def competency_gaps(levels: pl.DataFrame, required: pl.DataFrame) -> pl.DataFrame:
    """Gap to the job's required level per employee and competency (positive = below required).

    `levels`: employee_key, job_family, competency_code, level (0-10).
    `required`: job_family, competency_code, required_level.
    """
    return (
        levels.join(required, on=["job_family", "competency_code"], how="inner")
        .with_columns((pl.col("required_level") - pl.col("level")).alias("gap"))
        .with_columns((pl.col("gap") > 0).alias("is_below_required"))
        .sort("employee_key", "competency_code")
    )


def _window_changes(pid: np.ndarray, q: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, ...]:
    """Before/after means around every quarter of each person, from reviews sorted by (pid, q).

    Each person's quarters are laid out on one dense line (first to last review quarter, padded
    by the window), so the window sums are shifted sums of that line and no review is copied per
    window position. Several reviews in one quarter count as their mean. Returns (pid, ref_q,
    before, after) for the reference quarters with a review on both sides.
    """
    if len(pid) == 0:
        empty = np.zeros(0)
        return empty.astype(np.int64), empty.astype(np.int64), empty, empty
    bounds = np.flatnonzero(np.diff(pid)) + 1
    run_start = np.concatenate([[0], bounds])
    run_end = np.concatenate([bounds, [len(pid)]]) - 1
    first = q[run_start]
    pad = WINDOW_QUARTERS
    span = q[run_end] - first + 1 + 2 * pad
    start = np.concatenate([[0], np.cumsum(span)[:-1]])
    total = int(span.sum())
    run = np.repeat(np.arange(len(run_start)), run_end - run_start + 1)
    pos = start[run] + (q - first[run]) + pad
    count = np.bincount(pos, minlength=total)
    reviewed = count > 0
    quarter_mean = np.divide(
        np.bincount(pos, weights=score, minlength=total),
        count,
        out=np.zeros(total),
        where=reviewed,
    )
    before_sum, before_n = np.zeros(total), np.zeros(total, dtype=np.int64)
    after_sum, after_n = np.zeros(total), np.zeros(total, dtype=np.int64)
    for offset in range(1, WINDOW_QUARTERS + 1):
        before_sum[offset:] += quarter_mean[:-offset]
        before_n[offset:] += reviewed[:-offset]
        after_sum[:-offset] += quarter_mean[offset:]
        after_n[:-offset] += reviewed[offset:]
    ref = np.flatnonzero((before_n > 0) & (after_n > 0))
    owner = np.searchsorted(start, ref, side="right") - 1
    ref_q = ref - start[owner] - pad + first[owner]
    return (
        pid[run_start][owner],
        ref_q,
        before_sum[ref] / before_n[ref],
        after_sum[ref] / after_n[ref],
    )


def _per_employee_change(reviews: pl.DataFrame) -> pl.DataFrame:
    """For every employee and every reference quarter q: mean score after minus mean before.

    Before is the mean of the quarters reviewed among the WINDOW_QUARTERS before q, after the
    same for the quarters after it, within one job family; q counts when both sides have one.
    """
    key, family = pl.col("employee_key"), pl.col("job_family")
    # Sorting is cheap when the input comes sorted (analytics.inputs.performance_reviews).
    ordered = (
        reviews.select(
            "employee_key",
            "job_family",
            quarter_index("period_start").cast(pl.Int64).alias("q"),
            pl.col("score").cast(pl.Float64),
        )
        .sort("employee_key", "job_family", "q", nulls_last=True)
        .with_columns(
            (key.ne_missing(key.shift()) | family.ne_missing(family.shift())).alias("_new")
        )
        .with_columns((pl.col("_new").cum_sum() - 1).cast(pl.Int64).alias("_pid"))
    )
    people = ordered.filter(pl.col("_new")).select("employee_key", "job_family")
    owner, ref_q, before, after = _window_changes(
        ordered["_pid"].to_numpy(), ordered["q"].to_numpy(), ordered["score"].to_numpy()
    )
    return (
        people[owner]
        .with_columns(
            pl.Series("ref_q", ref_q, dtype=pl.Int32),
            pl.Series("before", before, dtype=pl.Float64),
            pl.Series("after", after, dtype=pl.Float64),
        )
        .with_columns(
            (pl.col("after") - pl.col("before")).alias("change"),
            (pl.col("before") / PRIOR_BAND_POINTS).floor().cast(pl.Int32).alias("prior_band"),
        )
    )


def training_outcomes(reviews: pl.DataFrame, enrollments: pl.DataFrame) -> pl.DataFrame:
    """Per completed course and taker: performance change against similar non-takers.

    `reviews`: employee_key, job_family, period_start (date), score.
    `enrollments`: employee_key, course_code, completed_date (null when not completed).
    Takers without reviews on both sides of the completion are kept with a null change.
    """
    changes = _per_employee_change(reviews)
    takers = (
        enrollments.filter(pl.col("completed_date").is_not_null())
        .group_by("employee_key", "course_code")
        .agg(pl.col("completed_date").min())
        .with_columns(quarter_index("completed_date").alias("ref_q"))
    )
    cells = ["job_family", "ref_q", "prior_band"]
    all_stats = changes.group_by(cells).agg(
        pl.col("change").sum().alias("all_sum"), pl.len().alias("all_n")
    )
    # Changes of everyone who ever completed the course, to take them out of its control group.
    takers_any = takers.select("employee_key", "course_code").join(
        changes, on="employee_key", how="inner"
    )
    taker_stats = takers_any.group_by("course_code", *cells).agg(
        pl.col("change").sum().alias("tk_sum"), pl.len().alias("tk_n")
    )
    own = takers.join(changes, on=["employee_key", "ref_q"], how="left")
    out = (
        own.join(all_stats, on=cells, how="left")
        .join(taker_stats, on=["course_code", *cells], how="left")
        .with_columns(
            (pl.col("all_n") - pl.col("tk_n").fill_null(0)).alias("similar_non_takers"),
            (
                (pl.col("all_sum") - pl.col("tk_sum").fill_null(0))
                / (pl.col("all_n") - pl.col("tk_n").fill_null(0))
            ).alias("similar_change"),
        )
        .with_columns(
            pl.when(pl.col("similar_non_takers") > 0)
            .then(pl.col("change") - pl.col("similar_change"))
            .alias("relative_change")
        )
    )
    return out.select(
        "employee_key",
        "course_code",
        "completed_date",
        "job_family",
        pl.col("before").alias("performance_before"),
        pl.col("after").alias("performance_after"),
        "change",
        pl.col("similar_non_takers").fill_null(0).cast(pl.Int64),
        "similar_change",
        "relative_change",
    ).sort("employee_key", "course_code")


def training_effect(
    outcomes: pl.DataFrame, courses: pl.DataFrame, min_takers: int = MIN_TAKERS
) -> pl.DataFrame:
    """Per course: takers, mean change against similar non-takers, 95% interval, significance.

    `courses`: course_code, competency_code (and anything else, kept). Courses with fewer than
    `min_takers` comparable takers get no effect figure (marked `is_estimated` false).
    """
    per_course = outcomes.group_by("course_code").agg(
        pl.len().alias("takers"),
        pl.col("relative_change").is_not_null().sum().alias("takers_compared"),
        pl.col("change").mean().alias("mean_change_takers"),
        pl.col("similar_change").mean().alias("mean_change_similar"),
        pl.col("relative_change").mean().alias("effect"),
        pl.col("relative_change").std().alias("_sd"),
    )
    se = pl.col("_sd") / pl.col("takers_compared").cast(pl.Float64).sqrt()
    estimated = pl.col("takers_compared") >= min_takers
    return (
        courses.join(per_course, on="course_code", how="left")
        .with_columns(
            pl.col("takers").fill_null(0).cast(pl.Int64),
            pl.col("takers_compared").fill_null(0).cast(pl.Int64),
        )
        .with_columns(
            estimated.alias("is_estimated"),
            pl.when(estimated).then(pl.col("effect")).alias("effect"),
            pl.when(estimated).then(pl.col("effect") - 1.96 * se).alias("effect_ci_low"),
            pl.when(estimated).then(pl.col("effect") + 1.96 * se).alias("effect_ci_high"),
        )
        .with_columns(
            ((pl.col("effect_ci_low") > 0) | (pl.col("effect_ci_high") < 0))
            .fill_null(False)
            .alias("is_significant")
        )
        .drop("_sd")
        .sort("course_code")
    )


def _reason(row: dict) -> str:
    name = vocabulary.active().label("competencies", row["competency_code"], "en")
    text = (
        f"{name}: {row['level']:.1f} against a required {row['required_level']:.1f} "
        f"(gap {row['gap']:.1f}); this course builds {name.lower()}"
    )
    if row.get("effect") is not None and not np.isnan(row["effect"]):
        text += (
            f"; past participants' performance moved {row['effect']:+.2f} points "
            "against similar colleagues"
        )
    return text


def recommend_training(
    gaps: pl.DataFrame,
    courses: pl.DataFrame,
    completed: pl.DataFrame,
    effects: pl.DataFrame | None = None,
    per_employee: int = RECOMMENDATIONS_PER_EMPLOYEE,
) -> pl.DataFrame:
    """Ranked course recommendations for each employee's competencies below the required level.

    Ranking: biggest gap first; among courses for the same gap, the larger measured effect first,
    then the shorter course. Courses the employee already completed are not recommended.
    `completed`: employee_key, course_code of completed courses.
    """
    short = gaps.filter(pl.col("gap") > 0)
    catalog = courses.select("course_code", "competency_code", "name_en", "hours")
    if effects is not None:
        catalog = catalog.join(
            effects.select("course_code", "effect", "is_significant"), on="course_code", how="left"
        )
    else:
        catalog = catalog.with_columns(
            pl.lit(None, dtype=pl.Float64).alias("effect"), pl.lit(False).alias("is_significant")
        )
    done = completed.select("employee_key", "course_code").unique()
    # The courses of one competency rank the same for everyone (effect, then length), so only its
    # first `per_employee` can reach an employee's top, plus as many as the employee completed of
    # that competency (those are not offered again). The rest never become candidates: a few
    # per gap rather than the whole catalog.
    catalog = catalog.sort(
        ["competency_code", "effect", "hours", "course_code"],
        descending=[False, True, False, False],
        nulls_last=True,
    ).with_columns(pl.int_range(pl.len()).over("competency_code").alias("_course_rank"))
    done_here = (
        done.join(catalog.select("course_code", "competency_code"), on="course_code")
        .group_by("employee_key", "competency_code")
        .agg(pl.len().cast(pl.Int64).alias("_done"))
    )
    short = short.join(done_here, on=["employee_key", "competency_code"], how="left").with_columns(
        pl.col("_done").fill_null(0)
    )
    most_done = int(short["_done"].max() or 0)
    fresh = short.filter(pl.col("_done") == 0).join(
        catalog.filter(pl.col("_course_rank") < per_employee), on="competency_code"
    )
    repeat = (
        short.filter(pl.col("_done") > 0)
        .join(
            catalog.filter(pl.col("_course_rank") < per_employee + most_done), on="competency_code"
        )
        .filter(pl.col("_course_rank") < per_employee + pl.col("_done"))
        .join(done, on=["employee_key", "course_code"], how="anti")
    )
    candidates = pl.concat([fresh, repeat]).drop("_done", "_course_rank")
    # Ties (same gap, effect and length) are broken by competency and course code.
    ranked = candidates.sort(
        ["employee_key", "gap", "effect", "hours", "competency_code", "course_code"],
        descending=[False, True, True, False, False, False],
        nulls_last=True,
    ).with_columns(pl.int_range(pl.len()).over("employee_key").add(1).alias("rank"))
    top = ranked.filter(pl.col("rank") <= per_employee)
    # A reason depends on five values only: word each combination once, not each row.
    reason_keys = ["competency_code", "level", "required_level", "gap", "effect"]
    reasons = (
        top.select(reason_keys)
        .unique()
        .pipe(
            lambda distinct: distinct.with_columns(
                pl.Series(
                    "reason", [_reason(r) for r in distinct.iter_rows(named=True)], dtype=pl.String
                )
            )
        )
    )
    top = top.join(reasons, on=reason_keys, how="left", nulls_equal=True, maintain_order="left")
    return top.select(
        "employee_key",
        "rank",
        "course_code",
        pl.col("name_en").alias("course_name_en"),
        "competency_code",
        "level",
        "required_level",
        "gap",
        pl.col("effect").alias("course_effect"),
        pl.col("is_significant").fill_null(False).alias("is_course_effect_significant"),
        "reason",
    )
