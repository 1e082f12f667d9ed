"""The privacy layer on small frames: the cell-key method, declared classes, individuals."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from dashboards.data import catalog, protect
from dashboards.data.cellkey import (
    NOISE_MAX,
    STOCK_MAX,
    cell_secret,
    perturb_counts,
    perturb_linked,
)
from dashboards.privacy import (
    PrivacyError,
    PrivacyPolicy,
    protect_individuals,
    pseudonym,
    pseudonym_key,
)

SECRET = cell_secret("test-key")


def cube(values: dict[tuple[str, str], int]) -> pd.DataFrame:
    return pd.DataFrame([{"branch": b, "family": f, "n": n} for (b, f), n in values.items()])


def test_threshold_is_configurable_but_never_below_three() -> None:
    assert PrivacyPolicy(min_group=10).min_group == 10
    with pytest.raises(ValueError):
        PrivacyPolicy(min_group=2)


def test_every_nonzero_cell_is_above_its_truth_by_at_most_noise_max_and_zeros_are_absent() -> None:
    raw = cube({("A", "x"): 1, ("A", "y"): 0, ("B", "x"): 40, ("B", "y"): 3})
    out = perturb_counts(raw, ["branch", "family"], ["n"], SECRET)
    merged = out.merge(raw, on=["branch", "family"], suffixes=("", "_true"))
    assert len(out) == 3 and not (out["n"] == 0).any()
    noise = merged["n"] - merged["n_true"]
    assert noise.between(1, NOISE_MAX).all()
    # The same cell always gets the same figure, whatever else is in the frame.
    again = perturb_counts(raw.iloc[[3, 0]], ["branch", "family"], ["n"], SECRET)
    assert again.set_index(["branch", "family"])["n"].to_dict() == {
        k: v
        for k, v in out.set_index(["branch", "family"])["n"].items()
        if k in {("B", "y"), ("A", "x")}
    }
    # Another key, other noise (somewhere among many cells).
    many = pd.DataFrame({"branch": [f"B{i}" for i in range(64)], "family": "x", "n": 1})
    a = perturb_counts(many, ["branch", "family"], ["n"], SECRET)["n"]
    b = perturb_counts(many, ["branch", "family"], ["n"], cell_secret("other"))["n"]
    assert (a != b).any()


@pytest.mark.parametrize("seed", range(6))
def test_no_difference_of_sums_of_cells_gives_a_true_count_back(seed: int) -> None:
    """Every figure is a sum of perturbed cells, the grand total is exact: total minus any
    set of shown figures, or a figure minus another, never equals the truth it estimates."""
    rng = random.Random(seed)
    raw = cube({(b, f): rng.choice([0, 1, 2, 3, 4, 9, 30]) for b in "ABCD" for f in "xyz"})
    out = perturb_counts(raw, ["branch", "family"], ["n"], SECRET)
    truth = raw.set_index(["branch", "family"])["n"]
    shown = out.set_index(["branch", "family"])["n"].reindex(truth.index, fill_value=0)
    total = int(truth.sum())
    cells = list(truth.index)
    for size in range(1, 4):
        for subset in itertools.combinations(cells, size):
            part = list(subset)
            true_part = int(truth[part].sum())
            if true_part == 0:
                continue
            assert int(shown[part].sum()) > true_part
            rest = [c for c in cells if c not in part]
            if int(truth[rest].sum()):
                # total minus the shown rest: below the truth of the part.
                assert total - int(shown[rest].sum()) < true_part


def _random_history(rng: random.Random, cells: int, months: int) -> pd.DataFrame:
    rows = []
    for c in range(cells):
        stock = rng.choice([0, 2, 5, 40])
        for t in range(months):
            hires = rng.choice([0, 0, 1, 2, 5])
            exits = min(stock, rng.choice([0, 0, 1, 3]))
            moves = rng.choice([0, 0, 0, 1, -1, 4, -3])
            new = max(0, stock + hires - exits + moves)
            rows.append(
                {"month": t, "cell": f"C{c}", "headcount": new, "hires": hires, "exits": exits}
            )
            stock = new
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", range(4))
def test_linked_tables_give_only_perturbed_figures_back(seed: int) -> None:
    raw = _random_history(random.Random(seed), cells=12, months=24)
    out = perturb_linked(raw, ["cell"], "month", "headcount", "hires", "exits", SECRET)
    m = out.merge(raw, on=["month", "cell"], suffixes=("", "_t")).sort_values(["cell", "month"])
    for col in ("hires", "exits"):
        assert (m[col] - m[f"{col}_t"] >= 1).all(), col
    stock_noise = m["headcount"] - m["headcount_t"]
    # An empty cell shows its true 0; any other stock is 1..STOCK_MAX above the truth.
    assert (stock_noise[m["headcount_t"] == 0] == 0).all()
    assert stock_noise[m["headcount_t"] > 0].between(1, STOCK_MAX).all()
    prev = m.groupby("cell")["headcount"].shift()
    consecutive = m.groupby("cell")["month"].diff().eq(1) & prev.notna()
    # The perturbed cells obey the identity without moves ...
    identity = m["headcount"] - prev - m["hires"] + m["exits"]
    assert (identity[consecutive] == 0).all()
    # ... so rearranging it gives perturbed figures, never the true ones.
    derived_hires = m["headcount"] - prev + m["exits"]
    derived_exits = prev - m["headcount"] + m["hires"]
    derived_stock = prev + m["hires"] - m["exits"]
    assert (derived_hires[consecutive] != m["hires_t"][consecutive]).all()
    assert (derived_exits[consecutive] != m["exits_t"][consecutive]).all()
    protected = consecutive & (m["headcount_t"] > 0)
    assert (derived_stock[protected] != m["headcount_t"][protected]).all()
    # A cell that empties by moves is closed to 0 the month after, never left hanging.
    last = m.groupby("cell").tail(1)
    assert ((last["headcount"] == 0) | (last["month"] == m["month"].max())).all()


def test_a_table_without_a_declaration_cannot_be_served() -> None:
    with pytest.raises(catalog.Undeclared):
        catalog.declaration("marts.dim_employee")
    with pytest.raises(catalog.Undeclared):
        protect.statistics("marts.people_directory_copy", pd.DataFrame())
    with pytest.raises(TypeError):
        protect.statistics("marts.people_directory", pd.DataFrame())


def test_group_measures_are_withheld_with_the_group() -> None:
    raw = pd.DataFrame(
        {"risk_band": ["high", "low"], "employees": [3, 50], "predicted_rate": [0.5, 0.1]}
    )
    out = protect.groups("ml.retention_backtest", raw, PrivacyPolicy())
    assert out["predicted_rate"].isna().tolist() == [True, False]
    assert out["predicted_rate_status"].tolist() == ["withheld", "exact"]


def test_magnitudes_of_small_cells_never_enter_a_figure() -> None:
    raw = pd.DataFrame(
        {
            "branch_code": ["A", "A", "B"],
            "job_family": ["x", "x", "x"],
            "risk_band": ["high", "low", "high"],
            "people": [2, 30, 8],
            "expected_leavers": [1.7, 3.0, 4.0],
        }
    )
    cells = protect.cube("marts.agg_retention_bands", raw, "executive", PrivacyPolicy())
    assert cells["expected_leavers_status"].tolist() == ["withheld", "exact", "exact"]
    assert (cells["people"] > raw["people"]).all()
    exact = protect.cube("marts.agg_retention_bands", raw, "hrbp", PrivacyPolicy())
    assert exact["people"].tolist() == [2, 30, 8]


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


def test_cell_secret_is_not_the_pseudonym_key() -> None:
    assert cell_secret("a-pseudonym-key") != b"a-pseudonym-key"
    assert len(np.frombuffer(cell_secret("k"), dtype=np.uint8)) == 32
