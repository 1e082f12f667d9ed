"""The privacy layer on small frames: thresholds, complementary suppression, recoverability."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from dashboards import privacy
from dashboards.privacy import (
    SUPPRESSED,
    PrivacyError,
    PrivacyPolicy,
    protect_counts,
    protect_groups,
    protect_individuals,
    protect_rate,
    pseudonym,
    pseudonym_key,
    rollup,
    safe_total,
)


def cube(values: dict[tuple[str, str], int]) -> pd.DataFrame:
    return pd.DataFrame([{"branch": b, "family": f, "n": n} for (b, f), n in values.items()])


def test_threshold_is_configurable_but_never_below_three() -> None:
    assert PrivacyPolicy().min_group == 5
    assert PrivacyPolicy(min_group=3).min_group == 3
    with pytest.raises(ValueError):
        PrivacyPolicy(min_group=2)


def test_small_cell_gets_a_complement_in_every_line() -> None:
    data = cube(
        {
            ("A", "x"): 3,
            ("A", "y"): 20,
            ("A", "z"): 30,
            ("B", "x"): 12,
            ("B", "y"): 25,
            ("B", "z"): 40,
        }
    )
    out = protect_counts(data, ["branch", "family"], "n")
    hidden = set(map(tuple, out.loc[out[SUPPRESSED], ["branch", "family"]].to_numpy()))
    # (A, x) is small; its row needs a second cell, its column too, and then that cell's lines.
    assert ("A", "x") in hidden
    assert len(hidden) >= 4
    for dim in ("branch", "family"):
        for _, line in out.groupby(dim):
            sup = line[line[SUPPRESSED]]
            if len(sup):
                assert len(sup) >= 2
    assert out.loc[out[SUPPRESSED], "n"].isna().all()
    assert not out.loc[~out[SUPPRESSED], "n"].isna().any()


def test_zero_cells_are_not_suppressed_and_big_cells_are_untouched() -> None:
    data = cube({("A", "x"): 0, ("A", "y"): 20, ("B", "x"): 7, ("B", "y"): 9})
    out = protect_counts(data, ["branch", "family"], "n")
    assert not out[SUPPRESSED].any()


def test_partitions_are_protected_independently() -> None:
    data = pd.DataFrame(
        {"month": ["m1", "m1", "m2", "m2"], "branch": ["A", "B"] * 2, "n": [2, 30, 10, 30]}
    )
    out = protect_counts(data, ["branch"], "n", by=["month"])
    assert out[SUPPRESSED].tolist() == [True, True, False, False]


def _determined(lines: list[list[int]], n_unknown: int, i: int) -> bool:
    """Is unknown i fixed by the equations `sum(unknowns in line) = known`?"""
    if not lines:
        return False
    a = np.array([[1.0 if j in line else 0.0 for j in range(n_unknown)] for line in lines])
    e = np.zeros((1, n_unknown))
    e[0, i] = 1.0
    return np.linalg.matrix_rank(np.vstack([a, e])) == np.linalg.matrix_rank(a)


@pytest.mark.parametrize("seed", range(12))
def test_hidden_cells_cannot_be_recovered_from_totals_or_overlapping_filters(seed: int) -> None:
    rng = random.Random(seed)
    branches, families = list("ABCDEF"), list("wxyz")
    values = {
        (b, f): (rng.randint(1, 4) if rng.random() < 0.2 else rng.randint(5, 60))
        for b in branches
        for f in families
    }
    out = protect_counts(cube(values), ["branch", "family"], "n")
    hidden = [tuple(r) for r in out.loc[out[SUPPRESSED], ["branch", "family"]].to_numpy()]
    if not hidden:
        return
    index = {cell: i for i, cell in enumerate(hidden)}
    # What an attacker can learn: every box of branches x families the filters can select gives
    # the sum of shown cells (no information about hidden ones); the grand total gives the sum
    # of all hidden cells. Even if every row and column total were published, no hidden cell may
    # be determined.
    equations = [list(index.values())]
    for b in branches:
        equations.append([index[c] for c in hidden if c[0] == b])
    for f in families:
        equations.append([index[c] for c in hidden if c[1] == f])
    equations = [e for e in equations if e]
    for cell, i in index.items():
        assert not _determined(equations, len(hidden), i), f"{cell} recoverable (seed {seed})"
    # And each filter box shows only the sum of its shown cells.
    for nb, nf in itertools.product(range(1, 3), range(1, 3)):
        for bs in itertools.combinations(branches, nb):
            for fs in itertools.combinations(families, nf):
                box = out[out["branch"].isin(bs) & out["family"].isin(fs)]
                shown = rollup(box, [], "n")["n"].iloc[0]
                expected = sum(values[c] for c in itertools.product(bs, fs) if c not in index)
                assert shown == expected
    assert sum(values[c] for c in hidden) >= 5


def test_safe_total_hides_small_totals() -> None:
    assert safe_total(4) is None
    assert safe_total(5) == 5
    assert safe_total(0) == 0


def test_group_measures_are_hidden_with_the_group() -> None:
    groups = pd.DataFrame({"job": ["a", "b"], "n": [4, 9], "mean_score": [3.1, 3.5]})
    out = protect_groups(groups, "n", measures=["mean_score"])
    assert out["mean_score"].isna().tolist() == [True, False]


def test_rate_needs_both_parts_shown() -> None:
    num = protect_counts(pd.DataFrame({"b": ["A", "B", "C"], "exits": [2, 6, 7]}), ["b"], "exits")
    den = protect_counts(pd.DataFrame({"b": ["A", "B", "C"], "hc": [40, 50, 60]}), ["b"], "hc")
    rate = protect_rate(num, den, ["b"], "exits", "hc", "rate")
    assert rate["rate"].isna().sum() >= 1
    assert rate.loc[rate["b"] == "A", "rate"].isna().all()


def test_individuals_by_role() -> None:
    people = pd.DataFrame(
        {
            "employee_key": ["00000001", "00000002"],
            "name": ["张三", "李四"],
            "org_unit_code": ["BR001-D01", "BR002-D01"],
            "risk": [0.2, 0.7],
        }
    )
    with pytest.raises(PrivacyError):
        protect_individuals(people, "executive")
    hrbp = protect_individuals(people, "hrbp", ["BR001-D01"])
    assert hrbp["employee_key"].tolist() == ["00000001"]
    analyst = protect_individuals(people, "analyst")
    assert "name" not in analyst.columns
    assert analyst["employee_key"].tolist() == [
        pseudonym("00000001", pseudonym_key()),
        pseudonym("00000002", pseudonym_key()),
    ]
    assert not analyst["employee_key"].str.contains("0000000").any()
    assert protect_individuals(people, "admin")["name"].tolist() == ["张三", "李四"]


def test_window_totals_never_give_back_one_hidden_month() -> None:
    from dashboards.views_data import window_total

    exact = pd.Series([10, 3, 12])
    assert window_total(exact, pd.Series([10, None, 12]), 5) is None
    assert window_total(pd.Series([10, 3, 4]), pd.Series([10, None, None]), 5) == 17
    assert window_total(pd.Series([10, 1, 2]), pd.Series([10, None, None]), 5) is None
    assert window_total(exact, exact, 5) == 25


def test_pseudonyms_match_the_analyst_file() -> None:
    """The dashboards' pseudonym is the publish step's keyed hash (HMAC-SHA256, in SQL)."""
    import duckdb

    from ingest.pseudonyms import pid_params, pid_sql

    key = "a-dashboard-test-key-0001"
    with duckdb.connect() as con:
        expected = con.execute(
            f"select {pid_sql('$id')}", {"id": "00000001", **pid_params(key.encode())}
        ).fetchone()[0]
    assert pseudonym("00000001", key) == expected


@pytest.mark.parametrize("seed", range(8))
def test_coarse_table_beside_the_fine_cube_gives_nothing_back(seed: int) -> None:
    """The report's job family x band table next to the dashboards' branch x family x band cube."""
    rng = random.Random(seed)
    cells = [
        {"branch": b, "family": f, "band": band, "n": rng.choice([0, 1, 2, 3, 6, 9, 15, 30])}
        for b in "ABCD"
        for f in "xyz"
        for band in ("high", "low")
    ]
    fine_raw = pd.DataFrame(cells)
    fine = protect_counts(fine_raw, ["branch", "family", "band"], "n")
    coarse_raw = fine_raw.groupby(["family", "band"], as_index=False)["n"].sum()
    coarse = protect_counts(coarse_raw, ["family", "band"], "n")
    hidden = [tuple(r) for r in fine.loc[fine[SUPPRESSED], ["branch", "family", "band"]].to_numpy()]
    if not hidden:
        return
    index = {cell: i for i, cell in enumerate(hidden)}
    equations = []
    for _, row in coarse[~coarse[SUPPRESSED]].iterrows():
        line = [index[c] for c in hidden if c[1] == row["family"] and c[2] == row["band"]]
        if line:
            equations.append(line)
    for cell, i in index.items():
        assert not _determined(equations, len(hidden), i), f"{cell} recoverable (seed {seed})"


def _reference_complementary(
    df: pd.DataFrame, dims: list[str], by: list[str], count: str, k: int
) -> np.ndarray:
    """The plain algorithm: every pass checks every line, in order."""
    values = df[count].fillna(0).astype(float).to_numpy()
    sup = (values > 0) & (values < k)
    lines: list[np.ndarray] = []
    for dim in dims:
        keys = [*by, *[d for d in dims if d != dim]]
        if keys:
            lines.extend(np.asarray(i) for i in df.groupby(keys, dropna=False).indices.values())
        else:
            lines.append(np.arange(len(df)))
    changed = True
    while changed:
        changed = False
        for idx in lines:
            line_sup = sup[idx]
            if not line_sup.any():
                continue
            while line_sup.sum() < 2 or values[idx][line_sup].sum() < k:
                candidates = idx[~line_sup & (values[idx] > 0)]
                if candidates.size == 0:
                    break
                sup[candidates[np.argmin(values[candidates])]] = True
                line_sup = sup[idx]
                changed = True
    return sup


@pytest.mark.parametrize("seed", range(40))
def test_suppression_equals_the_plain_algorithm(seed: int) -> None:
    """The pass that jumps between unsafe lines hides exactly the cells the plain one hides."""
    rng = np.random.default_rng(seed)
    shape = rng.integers(1, 7, size=3)
    cells = list(itertools.product(*(range(n) for n in shape)))
    df = pd.DataFrame(cells, columns=["month", "branch", "family"]).astype(str)
    df = df.sample(frac=rng.uniform(0.6, 1.0), random_state=seed).reset_index(drop=True)
    small = rng.random(len(df)) < rng.uniform(0.1, 0.6)
    df["n"] = np.where(small, rng.integers(0, 5, len(df)), rng.integers(5, 60, len(df)))
    df.loc[rng.random(len(df)) < 0.05, "n"] = np.nan
    if seed % 4 == 0:
        df.loc[rng.random(len(df)) < 0.1, "branch"] = None
    if seed % 5 == 0:
        df["n"] = df["n"] * 0.5  # not whole numbers: the line-by-line start
    k = int(rng.integers(3, 8))
    for dims, by in (
        (["branch", "family"], ["month"]),
        (["month", "branch", "family"], []),
        (["branch"], []),
        (["family"], ["month"]),
    ):
        got = privacy._complementary(df, dims, by, "n", k)
        want = _reference_complementary(df, dims, by, "n", k)
        assert np.array_equal(got, want), (dims, by, k)


def test_suppression_of_an_empty_cube_or_one_without_dimensions() -> None:
    empty = pd.DataFrame({"branch": pd.Series(dtype=str), "n": pd.Series(dtype=float)})
    assert privacy._complementary(empty, ["branch"], [], "n", 5).size == 0
    flat = pd.DataFrame({"branch": ["A", "B"], "n": [3.0, 20.0]})
    assert list(privacy._complementary(flat, [], [], "n", 5)) == [True, False]
