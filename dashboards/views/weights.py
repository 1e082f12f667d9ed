"""Competency weights: where the evidence says the hiring weights should change, first; then
current against recommended per job family with each weight's reading in words; the model's
numbers (intervals, coefficients, the re-ranking) in expanders
(figures: dashboards.data.figures.weights)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, formatting, ui
from dashboards.data.served import WITHHELD, NotBuilt
from dashboards.i18n import competency_name, job_family_name
from dashboards.views.common import exported_labelled, labelled

PAGE = "weights"
CHANGE = "change"
# The weight table's columns a reader of the detail needs (the model's internals stay in the
# analyst file): one row per job family x competency.
DETAIL_COLUMNS = (
    "job_family",
    "competency_code",
    "hires",
    "current_weight_pct",
    "recommended_weight_pct",
    "recommended_ci_low",
    "recommended_ci_high",
    "difference_pts",
)


def weight_sentence(row: pd.Series, lang: str) -> str:
    """One weight's recommendation in the viewer's language: the change, or why the weight
    stays (the model's own `reading_en`/`reading_zh` are for analysts and know no French)."""

    def pct(value: object) -> str:
        return "–" if pd.isna(value) else formatting.percent(float(value) / 100, lang, 0)

    figures = {
        "current": pct(row["current_weight_pct"]),
        "recommended": pct(row["recommended_weight_pct"]),
        "low": pct(row["data_ci_low"]),
        "high": pct(row["data_ci_high"]),
    }
    if row["evidence"] == CHANGE:
        return ui.t("weights.weight_change", **figures)
    return ui.t("weights.weight_keep", **figures)


def _changes(weights: pd.DataFrame) -> pd.DataFrame:
    shown = weights[weights["hires_status"] != WITHHELD]
    if "evidence" not in shown.columns:
        return shown.iloc[0:0]
    out = shown[shown["evidence"] == CHANGE].copy()
    out["size"] = (out["recommended_weight_pct"] - out["current_weight_pct"]).astype(float).abs()
    return out.sort_values("size", ascending=False)


def _headline(figures: dict, lang: str) -> None:
    weights = figures.get("weights")
    if weights is None or weights.empty:
        return
    changes = _changes(weights)
    families = list(dict.fromkeys(changes["job_family"]))
    total = weights["job_family"].nunique()
    c1, c2, c3 = st.columns(3)
    c1.metric(ui.t("weights.kpi_families"), f"{len(families)} / {total}")
    c2.metric(ui.t("weights.kpi_changes"), formatting.number(len(changes), lang))
    reranking = figures.get("reranking")
    if reranking is not None and not reranking.empty:
        gain = (
            reranking["correlation_recommended"].astype(float)
            - reranking["correlation_current"].astype(float)
        ).mean()
        c3.metric(ui.t("weights.kpi_gain"), formatting.signed_number(gain, lang, 2))
    if changes.empty:
        ui.reading_and_action(ui.t("weights.no_evidence"), ui.t("weights.action_keep"))
        return
    top = changes.iloc[0]
    names = [job_family_name(f, lang) for f in families]
    reading = ui.t(
        "weights.headline_reading",
        families=formatting.number(len(families), lang),
        total=formatting.number(total, lang),
        family=job_family_name(top["job_family"], lang),
        competency=competency_name(top["competency_code"], lang),
        current=formatting.number(top["current_weight_pct"], lang),
        recommended=formatting.number(top["recommended_weight_pct"], lang),
    )
    action = ui.t("weights.action_review", families=("、" if lang == "zh" else ", ").join(names))
    ui.reading_and_action(reading, action)


def _chart(weights: pd.DataFrame, lang: str) -> None:
    shown = weights[weights["hires_status"] != WITHHELD]
    changes = _changes(weights)
    # The family with the largest supported change first: that is where a reader looks.
    families = list(
        dict.fromkeys([*changes["job_family"], *sorted(shown["job_family"].dropna().unique())])
    )
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
    mine = changes[changes["job_family"] == family]
    if mine.empty:
        reading = ui.t("weights.no_evidence_family", family=job_family_name(family, lang))
    else:
        top = mine.iloc[0]
        reading = ui.t(
            "weights.reading",
            competency=competency_name(top["competency_code"], lang),
            current=formatting.number(top["current_weight_pct"], lang),
            recommended=formatting.number(top["recommended_weight_pct"], lang),
        )
    spec = charts.bars(
        long[["competency", "weight", "kind"]],
        "competency",
        "weight",
        ui.t("weights.chart_title"),
        reading,
        ui.t("axis.competency"),
        ui.t("axis.weight"),
        color="kind",
        color_title=ui.t("axis.measure"),
        percent=True,
    ).properties(title=charts.wrapped_title(ui.t("weights.chart_title"), reading, 48))
    ui.chart(spec, reading)
    needed = {"evidence", "recommended_rank", "data_ci_low", "data_ci_high"}
    if needed <= set(part.columns):
        # Each weight in a sentence: what the interval means and whether to change it.
        ordered = part.assign(_change=part["evidence"] == CHANGE).sort_values(
            ["_change", "recommended_rank"], ascending=[False, True]
        )
        st.markdown(
            "\n".join(
                f"- **{competency_name(r['competency_code'], lang)}**: {weight_sentence(r, lang)}"
                for _, r in ordered.iterrows()
            )
        )


def _details(figures: dict, lang: str) -> None:
    weights = figures.get("weights")
    if weights is not None and not weights.empty:
        with st.expander(ui.t("weights.table_title")):
            st.caption(ui.t("weights.interval_explained"))
            keep = [c for c in weights.columns if c.split("_status")[0] in DETAIL_COLUMNS]
            part = weights[weights["hires_status"] != WITHHELD][keep].reset_index(drop=True)
            part.attrs.update(weights.attrs)
            ui.table(
                exported_labelled(part, lang), PAGE, "ml_competency_weights", display=labelled(part)
            )
    reranking = figures.get("reranking")
    if reranking is not None and not reranking.empty:
        with st.expander(ui.t("weights.reranking_title")):
            st.caption(ui.t("weights.reranking_explained"))
            ui.table(
                exported_labelled(reranking, lang),
                PAGE,
                "ml_reranking_summary",
                display=labelled(reranking),
            )


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.weights"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    weights = figures.get("weights")
    if weights is None:
        ui.missing_figure(figures, "weights")
        return
    if weights.empty:
        # The model writes no weights for a job family with too few reviewed hires.
        st.info(ui.t("weights.no_rows"))
        return
    _headline(figures, lang)
    _chart(weights, lang)
    _details(figures, lang)
