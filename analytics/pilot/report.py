"""The scorecard as a Markdown table, for docs/pilot.md and the monthly strategy report."""

from __future__ import annotations

import polars as pl

STATUS_MARK: dict[str, str] = {
    "pass": "pass",
    "fail": "**FAIL**",
    "review": "review",
    "insufficient": "insufficient data",
}


def _fmt(value: float | None, criterion: str) -> str:
    if value is None:
        return "n/a"
    # Impact ratios read as ratios, everything else as a percentage.
    return f"{value:.2f}" if criterion == "adverse_impact" else f"{value:.1%}"


def scorecard_markdown(card: pl.DataFrame) -> str:
    """One line per criterion and scope: figure, threshold, status, trend, sample size.

    `card` has the columns of the `pilot_scorecard` mart (or of `build_scorecard` output plus
    `trend`).
    """
    n_col = "sample_size" if "sample_size" in card.columns else "n"
    lines = [
        "| criterion | scope | figure | threshold | status | trend | n | detail |",
        "| --- | --- | ---: | ---: | --- | --- | ---: | --- |",
    ]
    for r in card.sort("criterion", "scope").iter_rows(named=True):
        threshold = f"{r['comparator']} {_fmt(r['threshold'], r['criterion'])}"
        lines.append(
            f"| {r['criterion']} | {r['scope']} | {_fmt(r['figure'], r['criterion'])} "
            f"| {threshold} | {STATUS_MARK.get(r['status'], r['status'])} "
            f"| {r.get('trend') or ''} | {r[n_col]} | {r.get('detail') or ''} |"
        )
    return "\n".join(lines)
