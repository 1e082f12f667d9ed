"""The one privacy layer: every aggregate, table, chart, export and report goes through here.

Model (documented in docs/user_guide.md):
- A *cube* is a table of counts at the finest grain a page can filter by (for example month x
  branch x job family). Cells with fewer than `min_group` people (but more than zero) are
  suppressed (primary suppression).
- Complementary suppression: along every dimension, each line (the cells that share all other
  coordinates) that holds a suppressed cell holds at least two, and their sum is at least
  `min_group`, so a line total cannot give one back.
- Every figure shown is either an unsuppressed cell, a sum of unsuppressed cells (`rollup`), or
  the partition's grand total when that is at least `min_group`. A suppressed cell therefore never
  enters any figure except the grand total, and the grand total minus what is shown is the sum of
  at least two suppressed cells of at least `min_group` people: no filter combination recovers one.
- Individual records: executives never get them; analysts get pseudonymised rows without names;
  HR business partners only rows of their org units; admins everything.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingest.pseudonyms import find_key
from ingest.pseudonyms import pseudonym as keyed_pseudonym
from ingest.settings import load_settings

DEFAULT_MIN_GROUP = 5
ABSOLUTE_MIN_GROUP = 3
SUPPRESSED = "suppressed"
# Columns that identify a person directly: never shown to analysts or executives.
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "name",
        "full_name",
        "employee_name",
        "name_zh",
        "candidate_name",
        "national_id_hash",
        "birth_date",
        "phone",
        "email",
        "manager_name",
    }
)
ID_COLUMNS: tuple[str, ...] = ("employee_key", "employee_id", "manager_key", "candidate_key")


class PrivacyError(PermissionError):
    """Raised when a role asks for data it may never see."""


def pseudonym_key() -> str:
    """The installation's pseudonym key (ingest/pseudonyms.py), so a pseudonym on a dashboard is
    the one analysts see in analyst.duckdb. With none configured the dashboards make up a random
    key for this process: pseudonyms then match nothing published, but never a public default."""
    key = find_key(load_settings().home)
    return key.decode("utf-8") if key is not None else _PROCESS_KEY


_PROCESS_KEY = secrets.token_hex(32)


@dataclass(frozen=True)
class PrivacyPolicy:
    """The suppression threshold; configurable, never below ABSOLUTE_MIN_GROUP."""

    min_group: int = DEFAULT_MIN_GROUP
    pseudonym_salt: str = ""  # empty: the installation's key, read when first needed

    def __post_init__(self) -> None:
        if self.min_group < ABSOLUTE_MIN_GROUP:
            raise ValueError(
                f"min_group must be at least {ABSOLUTE_MIN_GROUP}, got {self.min_group}"
            )


def policy_from_settings(section: dict) -> PrivacyPolicy:
    """Build the policy from talentloop.toml's `[dashboards]` section."""
    return PrivacyPolicy(
        min_group=int(section.get("min_group_size", DEFAULT_MIN_GROUP)),
        pseudonym_salt=pseudonym_key(),
    )


def _unsafe(values: np.ndarray, sup: np.ndarray, idx: np.ndarray, k: int) -> bool:
    """The line holds a hidden cell but fewer than two, or fewer than k people hidden."""
    line_sup = sup[idx]
    return bool(line_sup.any()) and bool(line_sup.sum() < 2 or values[idx][line_sup].sum() < k)


def _complementary(
    df: pd.DataFrame, dims: Sequence[str], by: Sequence[str], count: str, k: int
) -> np.ndarray:
    """Iterate primary + complementary suppression until every line is safe.

    Lines are grouped once per dimension. Each pass visits the lines in a fixed order and, on an
    unsafe line, hides its smallest visible cells until it is safe; passes repeat until one
    changes nothing. Which lines are unsafe is kept up to date as cells are hidden (a cell lies
    on one line per dimension), so a pass jumps from one unsafe line to the next instead of
    checking every line: the same cells end up hidden as when every line is checked.
    """
    values = df[count].fillna(0).astype(float).to_numpy()
    sup = (values > 0) & (values < k)
    if not len(df):
        return sup
    lines: list[np.ndarray] = []
    owners: list[np.ndarray] = []  # per dimension: the line each cell lies on
    for dim in dims:
        keys = [*by, *[d for d in dims if d != dim]]
        if keys:
            # groupby's groups in its order, each with its rows in order: what `.indices` gives,
            # without a Python step per group.
            group = df.groupby(keys, dropna=False).ngroup().to_numpy()
            rows = np.argsort(group, kind="stable")
            groups = np.split(rows, np.flatnonzero(np.diff(group[rows])) + 1)
        else:
            groups = [np.arange(len(df))]
        owner = np.zeros(len(df), dtype=np.intp)
        for idx in groups:
            owner[idx] = len(lines)
            lines.append(np.asarray(idx))
        owners.append(owner)
    if not lines:
        return sup
    if np.array_equal(values, np.round(values)):
        # Whole numbers (counts of people): sums are exact in any order, so all lines at once.
        starts = np.cumsum([0, *(len(idx) for idx in lines[:-1])])
        order = np.concatenate(lines)
        hidden = np.add.reduceat(sup[order].astype(np.int64), starts)
        people = np.add.reduceat(np.where(sup, values, 0.0)[order], starts)
        unsafe = (hidden > 0) & ((hidden < 2) | (people < k))
    else:
        unsafe = np.array([_unsafe(values, sup, idx, k) for idx in lines], dtype=bool)
    changed = True
    while changed:
        changed = False
        pos = 0
        while True:
            ahead = np.flatnonzero(unsafe[pos:])
            if ahead.size == 0:
                break
            line = pos + int(ahead[0])
            pos = line + 1
            idx = lines[line]
            line_sup = sup[idx]
            while line_sup.sum() < 2 or values[idx][line_sup].sum() < k:
                candidates = idx[~line_sup & (values[idx] > 0)]
                if candidates.size == 0:
                    break
                cell = candidates[np.argmin(values[candidates])]
                sup[cell] = True
                for owner in owners:
                    other = owner[cell]
                    unsafe[other] = _unsafe(values, sup, lines[other], k)
                line_sup = sup[idx]
                changed = True
    return sup


def protect_counts(
    df: pd.DataFrame,
    dims: Sequence[str],
    count: str,
    *,
    by: Sequence[str] = (),
    measures: Sequence[str] = (),
    policy: PrivacyPolicy | None = None,
) -> pd.DataFrame:
    """Suppress small cells of a count cube, with complementary suppression.

    `dims` are the cube's dimensions, `by` independent partitions (e.g. month), `count` the number
    of people in the cell, `measures` other columns about the same people (averages, rates) that
    are hidden along with the count. Returns a copy with a boolean `suppressed` column and the
    hidden values set to missing.
    """
    policy = policy or PrivacyPolicy()
    out = df.reset_index(drop=True).copy()
    if out.empty:
        out[SUPPRESSED] = pd.Series(dtype=bool)
        return out
    out[SUPPRESSED] = _complementary(out, list(dims), list(by), count, policy.min_group)
    for col in (count, *measures):
        out[col] = out[col].astype("Float64")
        out.loc[out[SUPPRESSED], col] = pd.NA
    return out


def protect_groups(
    df: pd.DataFrame,
    size: str,
    *,
    measures: Sequence[str] = (),
    dims: Sequence[str] = (),
    policy: PrivacyPolicy | None = None,
) -> pd.DataFrame:
    """Hide measures (averages, rates, scores) of groups with fewer than min_group people.

    For a table of group statistics (not a cube that adds up), the group size alone decides;
    with `dims` the size column is treated as a cube and complementary suppression applies.
    """
    policy = policy or PrivacyPolicy()
    if dims:
        return protect_counts(df, dims, size, measures=measures, policy=policy)
    out = df.reset_index(drop=True).copy()
    sizes = out[size].fillna(0).astype(float)
    out[SUPPRESSED] = (sizes < policy.min_group).to_numpy()
    for col in (size, *measures):
        out[col] = out[col].astype("Float64") if out[col].dtype != object else out[col]
        out.loc[out[SUPPRESSED], col] = pd.NA
    return out


def rollup(protected: pd.DataFrame, keep: Sequence[str], count: str) -> pd.DataFrame:
    """Sum of the unsuppressed cells, by `keep`; `partial` says some cells were left out."""
    visible = protected[count].fillna(0).astype(float)
    if not keep:
        return pd.DataFrame(
            {count: [visible.sum()], "partial": [bool(protected[SUPPRESSED].any())]}
        )
    # A plain dict aggregation: the named form costs several times more on a page's cube.
    frame = protected[list(keep)].assign(**{count: visible, "partial": protected[SUPPRESSED]})
    return (
        frame.groupby(list(keep), dropna=False).agg({count: "sum", "partial": "any"}).reset_index()
    )


def safe_total(raw_total: float | int | None, policy: PrivacyPolicy | None = None) -> float | None:
    """A grand total is shown only when it covers at least min_group people."""
    policy = policy or PrivacyPolicy()
    if raw_total is None or pd.isna(raw_total):
        return None
    return float(raw_total) if raw_total >= policy.min_group or raw_total == 0 else None


def protect_rate(
    numerator: pd.DataFrame,
    denominator: pd.DataFrame,
    keys: Sequence[str],
    num: str,
    den: str,
    rate: str,
) -> pd.DataFrame:
    """A rate is shown only where both its numerator and denominator cells are shown.

    Both frames must already be protected; a rate with a hidden numerator would give it back.
    """
    merged = numerator[[*keys, num, SUPPRESSED]].merge(
        denominator[[*keys, den, SUPPRESSED]], on=list(keys), suffixes=("_num", "_den")
    )
    hidden = merged[f"{SUPPRESSED}_num"] | merged[f"{SUPPRESSED}_den"]
    merged[rate] = (merged[num] / merged[den]).where(~hidden & (merged[den] > 0))
    merged[SUPPRESSED] = hidden
    return merged.drop(columns=[f"{SUPPRESSED}_num", f"{SUPPRESSED}_den"])


def pseudonym(employee_key: str, salt: str) -> str:
    """A stable pseudonym: HMAC-SHA256 under the key, 16 hex characters, as in analyst.duckdb;
    unlinkable to the person without the key."""
    return keyed_pseudonym(employee_key, salt.encode("utf-8"))


def protect_individuals(
    df: pd.DataFrame,
    role: str,
    org_units: Iterable[str] = (),
    *,
    org_column: str = "org_unit_code",
    policy: PrivacyPolicy | None = None,
) -> pd.DataFrame:
    """Rows about single people, as the role may see them.

    The query layer has already scoped the rows; this is the second, independent check.
    """
    policy = policy or PrivacyPolicy()
    if role == "executive":
        raise PrivacyError("executives see aggregates only")
    out = df.copy()
    if role == "hrbp":
        allowed = set(org_units)
        if org_column not in out.columns:
            raise PrivacyError(f"individual rows without {org_column} cannot be scoped")
        out = out[out[org_column].isin(allowed)]
    elif role == "analyst":
        out = out.drop(columns=[c for c in out.columns if c in PERSONAL_COLUMNS])
        salt = policy.pseudonym_salt or pseudonym_key()
        for col in ID_COLUMNS:
            if col in out.columns:
                out[col] = out[col].map(
                    lambda v: None if v is None or pd.isna(v) else pseudonym(v, salt)
                )
    elif role != "admin":
        raise PrivacyError(f"unknown role {role!r}")
    out = out.reset_index(drop=True)
    out.attrs["privacy"] = f"individuals:{role}"
    return out


def visible_cells(protected: pd.DataFrame) -> pd.DataFrame:
    """Only the cells that may be drawn (charts skip suppressed cells rather than show zero)."""
    return protected[~protected[SUPPRESSED]].reset_index(drop=True)
