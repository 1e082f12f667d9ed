"""Competency weights: current against recommended per job family, with the re-ranking
(figures: dashboards.data.figures.weights)."""

from __future__ import annotations

import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.data.served import WITHHELD, NotBuilt
from dashboards.i18n import competency_name, job_family_name
from dashboards.views.common import show_table

PAGE = "weights"


def _chart(weights, lang: str) -> None:
    shown = weights[weights["hires_status"] != WITHHELD]
    families = sorted(shown["job_family"].dropna().unique())
    if not families:
        return
    family = st.selectbox(
        ui.t("axis.job_family"),
        families,
        format_func=lambda c: job_family_name(c, lang),
        key="weights_family",
    )
    part = shown[shown["job_family"] == family]
    long = part.melt(
        id_vars=["competency_code"],
        value_vars=["current_weight_pct", "recommended_weight_pct"],
        var_name="kind",
        value_name="weight",
    ).dropna()
    long["weight"] = long["weight"].astype(float) / 100
    long["competency"] = long["competency_code"].map(lambda c: competency_name(c, lang))
    long["kind"] = long["kind"].map(
        {
            "current_weight_pct": ui.t("weights.current"),
            "recommended_weight_pct": ui.t("weights.recommended"),
        }
    )
    diff = (part["recommended_weight_pct"] - part["current_weight_pct"]).astype(float).abs()
    # Only a change the evidence supports is a headline; otherwise say there is none.
    if "evidence" in part.columns:
        diff = diff.where(part["evidence"] == "change")
    top = part.loc[diff.idxmax()] if diff.notna().any() else None
    reading = ui.t(
        "weights.reading",
        competency=competency_name(top["competency_code"], lang) if top is not None else "–",
        current=formatting.number(top["current_weight_pct"] if top is not None else None, lang),
        recommended=formatting.number(
            top["recommended_weight_pct"] if top is not None else None, lang
        ),
    )
    if top is None and "evidence" in part.columns:
        reading = ui.t("weights.no_evidence")
    spec = charts.bars(
        long,
        "competency",
        "weight",
        ui.t("weights.chart_title"),
        reading,
        ui.t("axis.competency"),
        ui.t("axis.weight"),
        color="kind",
        color_title=ui.t("axis.measure"),
        percent=True,
    )
    ui.chart(spec, reading)


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.weights"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    show_table(PAGE, "ml_competency_weights", ui.t("weights.table_title"), figures, "weights")
    weights = figures.get("weights")
    if weights is not None and not weights.empty:
        _chart(weights, lang)
    show_table(PAGE, "ml_reranking_summary", ui.t("weights.reranking_title"), figures, "reranking")
