"""Cell-key perturbation of count cubes: the disclosure-control method (docs/privacy.md).

Every count a page shows is a sum of *finest cells* of a declared cube, and each finest cell of a
count is shown as `true + noise`, where the noise is drawn once per cell from a keyed hash of the
cell's coordinates (HMAC-SHA-256 with a secret derived from the deployment's key): the same cell
always gets the same noise, on every page, in every export and in the report.

The noise is never zero and never negative (1..NOISE_MAX) on every measure of every cell that has
anyone in it. Because every figure is a sum of finest cells, any difference of two figures is a
sum of finest cells too, and the noise of a non-empty sum of cells is at least 1: subtracting
figures (months, moving windows, filter complements, page against page) only ever yields values
above the truth, never the truth. The exact grand totals of a role's scope do not change that:
total minus any shown figures is the truth minus the (positive) noise of those figures.

Linked tables: headcount(t) = headcount(t-1) + hires(t) - exits(t) (+ moves between cells, which
are not shown). The stock's noise is chosen so that the *perturbed* cells satisfy the identity
without moves (`perturb_linked`): whatever the attacker rearranges the identity into, the result
is a perturbed figure (hires + its noise, exits + its noise, headcount + its noise), never a true
one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

# Noise of a flow or plain count cell: 1..NOISE_MAX; of a stock (headcount) cell: 1..STOCK_MAX.
NOISE_MAX = 2
STOCK_MAX = 3
_DOMAIN = b"talentloop-cell-key-v1"


def cell_secret(key: str) -> bytes:
    """The perturbation secret, derived from the deployment's key with its own domain, so the
    pseudonyms and the cell noise never share a key."""
    return hmac.new(key.encode(), _DOMAIN, hashlib.sha256).digest()


def cell_noise(secret: bytes, coords: pd.DataFrame, highs: dict[str, int]) -> dict[str, np.ndarray]:
    """Per measure in `highs`, one integer in 1..high per row of `coords`, from SHA-256 of the
    secret and the row's coordinates (the same cell always gets the same numbers; each measure
    reads its own 8 hex digits of the digest). DuckDB hashes the rows in one vectorised pass on a
    private in-memory connection; the secret is a bound parameter, never part of any SQL text."""
    if coords.empty:
        return {m: np.empty(0, dtype=np.int64) for m in highs}
    if len(highs) > 8:
        raise ValueError("one digest holds the noise of at most 8 measures")
    frame = coords.reset_index(drop=True).copy()
    names = [f"c{i}" for i in range(len(frame.columns))]
    frame.columns = names
    parts = []
    for name in names:
        column = frame[name]
        first = column.dropna().iloc[0] if column.notna().any() else None
        if pd.api.types.is_datetime64_any_dtype(column) or isinstance(first, dt.date):
            frame[name] = pd.to_datetime(column).dt.date
            parts.append(f"coalesce(cast(cast({name} as date) as varchar), '')")
        else:
            parts.append(f"coalesce(cast({name} as varchar), '')")
    text = " || chr(31) || ".join(parts)
    words = ", ".join(
        f"('0x' || substr(d, {1 + 8 * i}, 8))::ubigint as w{i}" for i in range(len(highs))
    )
    con = duckdb.connect()
    try:
        con.register("cells", frame)
        got = con.execute(
            f"select {words} from (select sha256(? || chr(31) || {text}) as d from cells)",
            [secret.hex()],
        ).fetchnumpy()
    finally:
        con.close()
    return {
        m: 1 + (np.asarray(got[f"w{i}"]).astype(np.int64) % high)
        for i, (m, high) in enumerate(highs.items())
    }


def perturb_counts(
    cube: pd.DataFrame, dims: Sequence[str], counts: Sequence[str], secret: bytes
) -> pd.DataFrame:
    """Each count of each cell with anyone in it, plus its noise (1..NOISE_MAX); cells with no
    one in them are dropped (they are shown as absent, never as a perturbed zero)."""
    present = (cube[list(counts)].fillna(0) > 0).any(axis=1)
    out = cube[present].reset_index(drop=True).copy()
    noise = cell_noise(secret, out[list(dims)], {c: NOISE_MAX for c in counts})
    for count in counts:
        out[count] = out[count].fillna(0).astype(np.int64) + noise[count]
    return out


def perturb_linked(
    cube: pd.DataFrame,
    dims: Sequence[str],
    time: str,
    stock: str,
    inflow: str,
    outflow: str,
    secret: bytes,
) -> pd.DataFrame:
    """Perturb a stock and its two flows per cell (dims) over time, so that the perturbed cells
    obey stock(t) = stock(t-1) + inflow(t) - outflow(t) while the cell lives.

    For each cell, month by month: the flows get their keyed noise (1..NOISE_MAX); the stock's
    noise follows the identity (its noise last month + inflow noise - outflow noise - the cell's
    true moves), and where that would leave 1..STOCK_MAX (or 0 for an empty stock, shown as the
    true 0) the flow noise is raised just enough to bring it back: moves are shown as flows. So
    every rearrangement of the identity differs from the truth of a non-zero figure by at least
    1, upward. A cell is shown from its first month with anyone in it to the month after its
    last (when its stock is closed to 0).
    """
    keys = list(dims)
    frame = cube[[time, *keys, stock, inflow, outflow]].copy()
    for col in (stock, inflow, outflow):
        frame[col] = frame[col].fillna(0).astype(np.int64)
    frame = frame[(frame[[stock, inflow, outflow]] > 0).any(axis=1)]
    if frame.empty:
        return frame.reset_index(drop=True)
    times = np.sort(frame[time].unique())
    cells = frame[keys].drop_duplicates().reset_index(drop=True)
    cell_id = frame[keys].merge(cells.reset_index(), on=keys, how="left")["index"].to_numpy()
    time_id = np.searchsorted(times, frame[time].to_numpy())
    shape = (len(cells), len(times))
    true = {}
    for col in (stock, inflow, outflow):
        grid = np.zeros(shape, dtype=np.int64)
        grid[cell_id, time_id] = frame[col].to_numpy()
        true[col] = grid
    present = np.zeros(shape, dtype=bool)
    present[cell_id, time_id] = True
    # A cell that empties without anyone leaving (moves out) is shown once more, with its stock
    # closed to 0 by shown outflows: it never just vanishes with a perturbed stock left behind.
    present[:, 1:] |= true[stock][:, :-1] > 0
    cell_idx, time_idx = np.nonzero(present)
    coords = cells.iloc[cell_idx].reset_index(drop=True)
    coords.insert(0, time, times[time_idx])
    drawn = cell_noise(secret, coords, {inflow: NOISE_MAX, outflow: NOISE_MAX, stock: STOCK_MAX})
    noise = {}
    for col in (inflow, outflow, stock):
        grid = np.zeros(shape, dtype=np.int64)
        grid[cell_idx, time_idx] = drawn[col]
        noise[col] = grid
    d_in, d_out = noise[inflow], noise[outflow]
    empty = true[stock] == 0
    d_stock = np.zeros(shape, dtype=np.int64)
    d_stock[:, 0] = np.where(present[:, 0] & ~empty[:, 0], noise[stock][:, 0], 0)
    for t in range(1, len(times)):
        here = present[:, t]
        # True moves into the cell (not shown): what the identity leaves unexplained.
        moves = true[stock][:, t] - true[stock][:, t - 1] - true[inflow][:, t] + true[outflow][:, t]
        target = d_stock[:, t - 1] + d_in[:, t] - d_out[:, t] - moves
        # An empty cell shows a stock of exactly 0; any other a stock noise of 1..STOCK_MAX. The
        # flow noise is raised to match, so the perturbed cells keep the identity.
        want = np.where(empty[:, t], 0, np.clip(target, 1, STOCK_MAX))
        d_in[:, t] = np.where(here & (target < want), d_in[:, t] + (want - target), d_in[:, t])
        d_out[:, t] = np.where(here & (target > want), d_out[:, t] + (target - want), d_out[:, t])
        d_stock[:, t] = np.where(here, want, 0)
    out = coords.copy()
    out[stock] = true[stock][cell_idx, time_idx] + d_stock[cell_idx, time_idx]
    out[inflow] = true[inflow][cell_idx, time_idx] + d_in[cell_idx, time_idx]
    out[outflow] = true[outflow][cell_idx, time_idx] + d_out[cell_idx, time_idx]
    return out.sort_values([time, *keys]).reset_index(drop=True)
