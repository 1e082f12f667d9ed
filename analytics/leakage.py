"""The leakage guard: columns no model may learn from, found on any frame, each with its reason.

An HRIS export used for attrition carries what is known only once someone has left (status,
termination reason and date) and identifiers (employee numbers); a model fed them scores a
perfect ROC AUC and predicts nothing. The guard drops, before any fit:
* identifiers: a different whole number or text on every row, numbers that run with the row
  order, or a name that says "ID" / "number" / 工号 with mostly distinct values;
* what is recorded at or after the outcome: by name (status, termination, exit, separation,
  attrition, 离职, 在职状态 ...), by date (dated after the prediction date, when one is given), or
  because alone it predicts the outcome almost perfectly (out-of-fold single-column ROC AUC);
and a model that still scores near-perfectly is reported as suspect, never as a plain success.
It works on column names and values only, so it holds for another employer's columns as for ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score

from analytics.tabular import FeatureSpec

# One column alone ranking leavers above stayers this well is a record of the outcome.
NEAR_PERFECT_FEATURE_AUC = 0.98
# A whole model this good on people data is a leak not found, not a success: the best
# attrition models on public data sets reach 0.80-0.88.
SUSPECT_MODEL_AUC = 0.97
# Numbers that run with the row order (|Spearman| with the row number) are an identifier.
SEQUENTIAL_CORRELATION = 0.98
# An identifier-looking whole number: a different value on (almost) every row ...
ID_DISTINCT_SHARE = 0.9
# ... and dense: the range is at most this many times the rows (employee numbers are handed out
# in sequence; pay, which can also be distinct on every row, spreads far wider).
ID_DENSITY = 10.0
# A column named like an identifier is one when at least this share of its values is distinct.
NAMED_ID_DISTINCT_SHARE = 0.5
# Fewer rows than this say nothing about distinctness.
MIN_ROWS = 20
# The single-column screen reads at most this many rows (a seeded sample): an AUC near 0.98 is
# known to about +/-0.005 there, and the screen stays cheap on a million-row history.
SCREEN_ROWS = 20_000
SCREEN_BINS = 20
SCREEN_FOLDS = 5
# Share of a date column's values after the prediction date that marks it as recorded later
# (a few stray future dates are data errors, a column of them is a record of what happened).
AFTER_PREDICTION_SHARE = 0.01

# Words of a column name (English tokens) that say it records the end of the employment.
_OUTCOME_PREFIXES = ("terminat", "separat", "attrit", "resign", "turnover", "churn", "dismiss")
_OUTCOME_TOKENS = frozenset(
    {
        "exit",
        "exits",
        "exited",
        "exiting",
        "left",
        "leaver",
        "leavers",
        "leaving",
        "quit",
        "quits",
        "termd",
        "termed",
        "fired",
        "departure",
        "departed",
        "offboarding",
        "offboarded",
        "lastday",
        "lastworkingday",
    }
)
# "term" is an outcome with these ("TermReason", "term_date"), not in "long_term_bonus".
_TERM_WITH = frozenset({"date", "dt", "reason", "type", "code", "cd", "flag"})
# "status" / "active" is the employment status unless qualified ("MaritalStatus").
_STATUS_TOKENS = frozenset({"status", "active", "stat"})
_STATUS_QUALIFIERS = frozenset(
    {
        "employment",
        "employee",
        "emp",
        "empl",
        "job",
        "work",
        "worker",
        "staff",
        "personnel",
        "hr",
        "current",
        "is",
        "id",
        "code",
        "cd",
        "flag",
        "desc",
        "contract",
        "active",
        "status",
        "stat",
    }
)
# Chinese names: any of these says the column records a departure.
_OUTCOME_ZH = (
    "离职",
    "辞职",
    "离司",
    "离岗",
    "离开",
    "流失",
    "解除劳动",
    "终止劳动",
    "合同终止",
    "退出",
)
_STATUS_ZH = ("在职", "员工", "人员", "雇佣", "用工", "任职", "在岗")
_ID_TOKENS = frozenset(
    {"id", "ids", "key", "number", "no", "num", "nr", "uuid", "guid", "sn", "empid", "employeeid"}
)
_ID_ZH = ("工号", "编号", "身份证", "证件号", "员工号")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])|([A-Z])([A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


def name_tokens(name: str) -> list[str]:
    """'DateofTermination' -> ['dateof', 'termination']; 'EmpStatusID' -> ['emp', 'status', 'id']."""
    spaced = _CAMEL.sub(lambda m: f"{m[1] or m[3]} {m[2] or m[4]}", name)
    return [t for t in _SPLIT.split(spaced.lower()) if t]


def outcome_word(name: str) -> str | None:
    """The word of a column name that says it is recorded at or after the exit, if any."""
    for word in _OUTCOME_ZH:
        if word in name:
            return word
    if "状态" in name and (name.strip() == "状态" or any(q in name for q in _STATUS_ZH)):
        return "状态"
    if "是否在职" in name:
        return "是否在职"
    tokens = name_tokens(name)
    for token in tokens:
        if token in _OUTCOME_TOKENS or token.startswith(_OUTCOME_PREFIXES):
            return token
    if "term" in tokens and (len(tokens) == 1 or _TERM_WITH & set(tokens)):
        return "term"
    if _STATUS_TOKENS & set(tokens) and set(tokens) <= _STATUS_QUALIFIERS:
        return next(t for t in tokens if t in _STATUS_TOKENS)
    return None


def _named_like_id(name: str) -> bool:
    return any(w in name for w in _ID_ZH) or bool(_ID_TOKENS & set(name_tokens(name)))


def _whole_numbers(col: pl.Series) -> np.ndarray | None:
    """The non-null values of an integer (or whole-valued float) column, else None."""
    if not col.dtype.is_numeric() or col.dtype == pl.Boolean:
        return None
    values = col.drop_nulls().cast(pl.Float64).to_numpy()
    values = values[np.isfinite(values)]
    if values.size == 0 or not np.all(values == np.round(values)):
        return None
    return values


def identifier_reason(col: pl.Series) -> str | None:
    """Why a column is an identifier (unique per row, sequential, named like one), or None."""
    n = col.len() - col.null_count()
    if n < MIN_ROWS:
        return None
    distinct = col.drop_nulls().n_unique()
    share = distinct / n
    text = col.dtype in (pl.String, pl.Categorical) or isinstance(col.dtype, pl.Enum)
    if text and distinct == n:
        return "identifier: a different value on every row"
    values = _whole_numbers(col)
    if values is not None and share >= ID_DISTINCT_SHARE:
        span = float(values.max() - values.min()) + 1
        if distinct == n and span <= ID_DENSITY * n:
            return "identifier: a different whole number on every row, handed out in sequence"
        order = np.flatnonzero(col.is_not_null().to_numpy())
        ranks = pl.Series(values).rank("average").to_numpy()
        if abs(np.corrcoef(ranks, order)[0, 1]) >= SEQUENTIAL_CORRELATION:
            return "identifier: numbers that run with the row order"
    if share >= NAMED_ID_DISTINCT_SHARE and _named_like_id(col.name):
        return f"identifier: named like one, {distinct:,} distinct values in {n:,} rows"
    return None


def _codes(col: pl.Series) -> pl.Series:
    """A column as a few codes: quantile bins for numbers and dates, the value for text; missing
    values are a code of their own (a date missing for every stayer is a record of who left)."""
    dtype = col.dtype
    if dtype in (pl.Date, pl.Datetime):
        col = col.cast(pl.Date).cast(pl.Int32)
        dtype = col.dtype
    elif dtype == pl.Duration:
        col = col.dt.total_days()
        dtype = col.dtype
    if dtype.is_numeric():
        x = col.cast(pl.Float64).fill_nan(None)
        present = max(x.len() - x.null_count(), 1)
        bins = ((x.rank("min") - 1) * SCREEN_BINS / present).floor().cast(pl.Int64)
        return bins.fill_null(-1).cast(pl.String)
    return col.cast(pl.String).fill_null("\x00missing")


def single_feature_auc(col: pl.Series, y: np.ndarray, seed: int = 0) -> float:
    """Out-of-fold ROC AUC of one column alone: each row scored by the leaving rate of its code
    (bin or value) in the other folds, so a many-valued column cannot score by memorising."""
    n = len(y)
    folds = np.random.default_rng(seed).permutation(n) % SCREEN_FOLDS
    prior = float(y.mean())
    frame = pl.DataFrame({"code": _codes(col), "y": y.astype(np.float64), "fold": folds})
    total = frame.group_by("code").agg(pl.col("y").sum().alias("ty"), pl.len().alias("tn"))
    per_fold = frame.group_by("code", "fold").agg(
        pl.col("y").sum().alias("fy"), pl.len().alias("fn")
    )
    scored = frame.join(per_fold, on=["code", "fold"], how="left").join(
        total, on="code", how="left"
    )
    score = (
        (scored["ty"] - scored["fy"] + prior) / (scored["tn"] - scored["fn"] + 1).cast(pl.Float64)
    ).to_numpy()
    return float(roc_auc_score(scored["y"].to_numpy(), score))


def _screen_rows(n: int, seed: int) -> np.ndarray | None:
    if n <= SCREEN_ROWS:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, SCREEN_ROWS, replace=False))


def _after_prediction_share(col: pl.Series, as_of: pl.Series | date) -> float:
    values = col.cast(pl.Date)
    later = (values > as_of) if isinstance(as_of, date) else (values > as_of.cast(pl.Date))
    present = values.len() - values.null_count()
    return float(later.fill_null(False).sum()) / present if present else 0.0


@dataclass(frozen=True)
class LeakageScreen:
    """Columns refused, each with its reason, and each kept column's single-column ROC AUC."""

    dropped: dict[str, str]
    single_auc: dict[str, float]


def screen_columns(
    frame: pl.DataFrame,
    y: np.ndarray,
    columns: list[str],
    as_of: date | str | None = None,
    seed: int = 0,
) -> LeakageScreen:
    """Check `columns` of `frame` (rows aligned with the 0/1 outcome `y`) for leakage.

    `as_of` is the prediction date, or the name of the column holding each row's prediction date
    (the retention mart's `snapshot_date`); without it dates are judged by the other rules only.
    """
    dropped: dict[str, str] = {}
    when = frame[as_of] if isinstance(as_of, str) and as_of in frame.columns else as_of
    if isinstance(when, str):
        when = None
    # In a history of snapshots one person's number repeats every snapshot: identifiers are
    # judged on one snapshot, the latest.
    ids = frame if not isinstance(when, pl.Series) else frame.filter(when == when.max())
    for name in columns:
        word = outcome_word(name)
        if word is not None:
            dropped[name] = f"recorded at or after the outcome: the name says {word!r}"
            continue
        reason = identifier_reason(ids[name])
        if reason is not None:
            dropped[name] = reason
            continue
        if when is not None and frame.schema[name] in (pl.Date, pl.Datetime):
            share = _after_prediction_share(frame[name], when)
            if share > AFTER_PREDICTION_SHARE:
                dropped[name] = (
                    f"recorded after the prediction date: {share:.0%} of its dates are later"
                )
    rows = _screen_rows(frame.height, seed)
    sample = frame if rows is None else frame[rows]
    ys = y if rows is None else y[rows]
    single: dict[str, float] = {}
    if 0 < ys.sum() < len(ys):
        for name in columns:
            if name in dropped:
                continue
            auc = single_feature_auc(sample[name], ys, seed)
            single[name] = auc
            if auc >= NEAR_PERFECT_FEATURE_AUC:
                dropped[name] = (
                    f"alone predicts the outcome almost perfectly (ROC AUC {auc:.3f}): "
                    "recorded with or after it"
                )
    return LeakageScreen(dropped, single)


def is_suspect(roc_auc: float) -> bool:
    return bool(np.isfinite(roc_auc) and roc_auc > SUSPECT_MODEL_AUC)


def verdict(roc_auc: float) -> str:
    """How to read a model's ROC AUC: a near-perfect one points to a leak the guard missed."""
    if is_suspect(roc_auc):
        return (
            f"suspect: ROC AUC {roc_auc:.3f} is near-perfect, which real attrition data does not "
            "give; look for a column recorded with or after the outcome before trusting it"
        )
    return "ok"


def guard_spec(
    spec: FeatureSpec,
    frame: pl.DataFrame,
    y: np.ndarray,
    as_of: date | str | None = None,
    seed: int = 0,
) -> tuple[FeatureSpec, LeakageScreen]:
    """`spec` without the columns the guard refuses; their reasons join `spec.dropped`."""
    screen = screen_columns(frame, y, list(spec.columns), as_of, seed)
    keep = [c for c in spec.columns if c not in screen.dropped]
    guarded = FeatureSpec(
        tuple(c for c in spec.numeric if c in keep),
        tuple(c for c in spec.categorical if c in keep),
        {**spec.dropped, **screen.dropped},
        {**spec.refused, **screen.dropped},
    )
    return guarded, screen
