"""Applying a table's declared privacy class to the rows read for a viewer.

Every protected frame carries, for each figure column `c`, a column `c_status` saying how the
figure relates to the truth: `exact`, `perturbed` (cell-key noise, never below the truth) or
`withheld` (not shown; the value is missing). Frames also carry `attrs["privacy"]`, which the
exports check.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboards.data.catalog import Cube, Groups, Individuals, Statistics, declaration
from dashboards.data.cellkey import cell_secret, perturb_counts, perturb_linked
from dashboards.privacy import PrivacyPolicy, protect_individuals, pseudonym_key

EXACT = "exact"
PERTURBED = "perturbed"
WITHHELD = "withheld"
# A model statistic the model itself could not compute for a group large enough to show (too
# few score pairs, say): not a privacy mark, but never shown as an empty cell either.
NOT_COMPUTED = "not_computed"
STATUS = "_status"
# Roles that see every person in their scope, one by one.
INDIVIDUAL_ROLES = ("hrbp", "analyst", "admin")


def status_of(column: str) -> str:
    return f"{column}{STATUS}"


def secret() -> bytes:
    return cell_secret(pseudonym_key())


def mark(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    frame.attrs["privacy"] = kind
    return frame


def cube(
    table: str, raw: pd.DataFrame, role: str, policy: PrivacyPolicy, key: bytes | None = None
) -> pd.DataFrame:
    """The finest cells of a declared cube as `role` may see them: counts perturbed (or exact
    for roles that see the people), magnitudes withheld for cells under min_group people."""
    spec = declaration(table)
    if not isinstance(spec, Cube):
        raise TypeError(f"{table} is declared {type(spec).__name__}, not a cube")
    key = key or secret()
    dims = [d for d in spec.dims]
    exact = spec.exact_for_individual_roles and role in INDIVIDUAL_ROLES
    if exact:
        out = raw[(raw[list(spec.counts)].fillna(0) > 0).any(axis=1)].reset_index(drop=True)
    elif spec.linked is not None:
        stock, inflow, outflow = spec.linked
        out = perturb_linked(raw, dims, spec.time, stock, inflow, outflow, key)
    else:
        keys = [spec.time, *dims] if spec.time else dims
        out = perturb_counts(raw, keys, spec.counts, key)
    out = out.copy()
    for count in spec.counts:
        # Noise is never 0 on a count with anyone in it: a shown 0 is a true 0.
        out[status_of(count)] = np.where(exact | (out[count] == 0), EXACT, PERTURBED)
    if spec.magnitudes:
        keys = [spec.time, *dims] if spec.time else dims
        true = out[keys].merge(raw[[*keys, spec.size, *spec.magnitudes]], on=keys, how="left")
        small = true[spec.size].fillna(0).to_numpy() < policy.min_group
        for col in spec.magnitudes:
            out[col] = true[col].astype("Float64").where(~small).to_numpy()
            out[status_of(col)] = np.where(small, WITHHELD, EXACT)
        # The true size stays inside: weights of means over cells (see `weighted_mean`).
        out["_true_size"] = true[spec.size].fillna(0).to_numpy()
    return mark(out, "cube")


def sum_cells(cells: pd.DataFrame, keep: Sequence[str], counts: Sequence[str]) -> pd.DataFrame:
    """Counts summed over finest cells by `keep`: a sum of perturbed cells is perturbed."""
    agg: dict[str, str] = {c: "sum" for c in counts}
    frame = cells[[*keep, *counts]].copy()
    for c in counts:
        frame[status_of(c)] = cells[status_of(c)] == PERTURBED
        agg[status_of(c)] = "any"
    if keep:
        out = frame.groupby(list(keep), as_index=False, dropna=False).agg(agg)
    else:
        out = frame.agg(agg).to_frame().T
    for c in counts:
        out[c] = out[c].astype(np.int64)
        out[status_of(c)] = np.where(out[status_of(c)].astype(bool), PERTURBED, EXACT)
    return mark(out.reset_index(drop=True), "cube")


def weighted_mean(cells: pd.DataFrame, keep: Sequence[str], measure: str) -> pd.DataFrame:
    """A mean over the cells with at least min_group people, weighted by their true sizes;
    `partial` when cells were left out, `withheld` when none is left."""
    shown = cells[cells[status_of(measure)] != WITHHELD]
    weights = shown["_true_size"].astype(float)
    frame = shown[list(keep)].assign(
        _num=shown[measure].astype(float) * weights, _den=weights, _n=1
    )
    out = frame.groupby(list(keep), as_index=False).agg({"_num": "sum", "_den": "sum", "_n": "sum"})
    total = cells.groupby(list(keep), as_index=False).size()
    out = total.merge(out, on=list(keep), how="left")
    out[measure] = (out["_num"] / out["_den"]).where(out["_den"] > 0)
    out[status_of(measure)] = np.where(
        out[measure].isna(), WITHHELD, np.where(out["_n"] < out["size"], "partial", EXACT)
    )
    return out[[*keep, measure, status_of(measure)]]


def individuals(
    table: str, raw: pd.DataFrame, role: str, units: Sequence[str], policy: PrivacyPolicy
) -> pd.DataFrame:
    spec = declaration(table)
    if not isinstance(spec, Individuals):
        raise TypeError(f"{table} is declared {type(spec).__name__}, not individuals")
    return protect_individuals(raw, role, units, org_column=spec.org_column, policy=policy)


def groups(table: str, raw: pd.DataFrame, policy: PrivacyPolicy) -> pd.DataFrame:
    """Statistics per group: the declared measures of a group under min_group are withheld."""
    spec = declaration(table)
    if not isinstance(spec, Groups):
        raise TypeError(f"{table} is declared {type(spec).__name__}, not groups")
    out = raw.reset_index(drop=True).copy()
    small = out[spec.size].fillna(0).astype(float).to_numpy() < policy.min_group
    for col in (spec.size, *spec.measures):
        if col not in out.columns:
            continue
        if out[col].dtype != object:
            out[col] = out[col].astype("Float64")
        out.loc[small, col] = pd.NA
        out[status_of(col)] = np.where(
            small, WITHHELD, np.where(out[col].isna().to_numpy(), NOT_COMPUTED, EXACT)
        )
    out = mark(out, "groups")
    out.attrs["size"] = spec.size
    return out


def statistics(table: str, raw: pd.DataFrame) -> pd.DataFrame:
    spec = declaration(table)
    if not isinstance(spec, Statistics):
        raise TypeError(f"{table} is declared {type(spec).__name__}, not statistics")
    return mark(raw.copy(), "statistics")
