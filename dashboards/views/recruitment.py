"""Recruitment and AI interview: funnel by job and channel, agreement with human interviewers,
adverse-impact audit, hiring quality."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analytics.pilot.thresholds import load_thresholds
from dashboards import charts, formatting, ui
from dashboards.data.served import NotBuilt, status_of
from dashboards.i18n import competency_name, job_family_name
from dashboards.views.common import exported, labelled, privacy_note, show_table, shown_value

PAGE = "recruitment"


def _funnel(figures: dict, lang: str) -> None:
    cube = figures.get("funnel")
    if cube is None:
        ui.missing_figure(figures, "funnel")
        return
    stages = {
        "candidates": ui.t("recruitment.stage_candidates"),
        "advanced": ui.t("recruitment.stage_advanced"),
        "hired": ui.t("recruitment.stage_hired"),
    }
    long = cube.melt(
        id_vars=["job_family", "channel"],
        value_vars=list(stages),
        var_name="stage",
        value_name="people",
    )
    if long.empty:
        st.info(ui.t("headcount.no_data"))
        return
    long["people"] = long["people"].astype(float)
    long["job"] = long["job_family"].map(lambda c: job_family_name(c, lang))
    long["stage_name"] = long["stage"].map(stages)
    totals = long.groupby("stage")["people"].sum()
    rate = totals.get("hired", 0) / totals["candidates"] if totals.get("candidates") else None
    status = cube[status_of("candidates")].iloc[0]
    reading = ui.t(
        "recruitment.reading_funnel",
        candidates=shown_value(totals.get("candidates"), status, lang),
        hired=shown_value(totals.get("hired"), status, lang),
        rate=shown_value(rate, status, lang, "percent"),
    )
    spec = (
        alt.Chart(long[["job", "channel", "stage_name", "people"]])
        .mark_bar()
        .encode(
            y=alt.Y("job:N", title=ui.t("axis.job_family")),
            x=alt.X("sum(people):Q", title=ui.t("axis.people")),
            color=alt.Color("stage_name:N", title=ui.t("axis.stage"), sort=list(stages.values())),
            yOffset=alt.YOffset("stage_name:N", sort=list(stages.values())),
            tooltip=["job:N", "channel:N", "stage_name:N", "people:Q"],
        )
        .properties(title=charts.titled(ui.t("recruitment.chart_funnel"), reading))
    )
    ui.chart(spec, reading)
    ui.table(exported(cube), PAGE, "funnel", display=labelled(cube))


def _agreement_chart(figures: dict, lang: str) -> None:
    """Share of AI-human pairs within one point, per competency x job family, against the
    pilot's threshold; cells with too few pairs (or hidden by privacy) are marked, not drawn."""
    data = figures.get("agreement")
    if data is None:
        ui.missing_figure(figures, "agreement")
        return
    threshold = load_thresholds().within_one_min
    cells = data[(data["level"] == "competency_family") & (data["metric"] == "within_one")].copy()
    if cells.empty:
        st.info(ui.t("headcount.no_data"))
        return
    value = pd.to_numeric(cells["value"], errors="coerce")
    ok = (cells["status"] == "ok") & value.notna()
    labels = {
        "meets": ui.t("recruitment.agreement_meets"),
        "below": ui.t("recruitment.agreement_below"),
        "insufficient": ui.t("recruitment.insufficient"),
    }
    cells["verdict"] = [
        labels["insufficient"] if not good else labels["meets" if v >= threshold else "below"]
        for good, v in zip(ok, value, strict=True)
    ]
    cells["share"] = value.where(ok) * 100
    cells["label"] = [
        formatting.percent(v / 100, lang, 0) if pd.notna(v) else "–" for v in cells["share"]
    ]
    cells["competency_name"] = cells["competency"].map(lambda c: competency_name(c, lang))
    cells["job"] = cells["job_family"].map(lambda c: job_family_name(c, lang))
    shown = int(ok.sum())
    reading = ui.t(
        "recruitment.reading_agreement",
        below=shown - int((value[ok] >= threshold).sum()),
        cells=shown,
        threshold=formatting.percent(threshold, lang, 0),
        insufficient=len(cells) - shown,
    )
    order = list(labels.values())
    base = alt.Chart(cells[["competency_name", "job", "verdict", "share", "label"]]).encode(
        x=alt.X("job:N", title=ui.t("axis.job_family")),
        y=alt.Y("competency_name:N", title=ui.t("axis.competency")),
    )
    rect = base.mark_rect().encode(
        color=alt.Color(
            "verdict:N",
            title=ui.t(
                "recruitment.agreement_legend", threshold=formatting.percent(threshold, lang, 0)
            ),
            scale=alt.Scale(domain=order, range=["#4c78a8", "#e45756", "#bab0ac"]),
        ),
        tooltip=[
            alt.Tooltip("job:N", title=ui.t("axis.job_family")),
            alt.Tooltip("competency_name:N", title=ui.t("axis.competency")),
            alt.Tooltip("share:Q", title=ui.t("axis.within_one"), format=".1f"),
            alt.Tooltip("verdict:N", title=ui.t("axis.verdict")),
        ],
    )
    text = base.mark_text(color="white").encode(text="label:N")
    spec = (rect + text).properties(
        title=charts.titled(ui.t("recruitment.chart_agreement"), reading)
    )
    ui.chart(spec, reading)


AUDIT_KEYS = ("ai_recommendation", "hire_decision", "ai_score")


def _impact_chart(figures: dict, lang: str) -> None:
    """Impact ratios of one audit, per category, against the four-fifths line."""
    data = figures.get("adverse_impact")
    if data is None:
        ui.missing_figure(figures, "adverse_impact")
        return
    threshold = load_thresholds().impact_ratio_min
    names = {
        "ai_recommendation": ui.t("recruitment.audit_ai_recommendation"),
        "hire_decision": ui.t("recruitment.audit_hire_decision"),
        "ai_score": ui.t("recruitment.audit_ai_score"),
    }
    audits = [a for a in AUDIT_KEYS if a in set(data["audit"])]
    if not audits:
        st.info(ui.t("headcount.no_data"))
        return
    audit = st.selectbox(
        ui.t("recruitment.audit"),
        audits,
        format_func=lambda a: names.get(a, a),
        key="recruitment_audit",
    )
    ratios = data[(data["audit"] == audit)].copy()
    ratios["ratio"] = pd.to_numeric(ratios["impact_ratio"], errors="coerce")
    ratios = ratios[ratios["ratio"].notna()]
    if ratios.empty:
        st.info(ui.t("headcount.no_data"))
        return
    ratios["group"] = ratios["dimension"].fillna("") + ": " + ratios["category"].fillna("")
    below = ratios["ratio"] < threshold
    ratios["verdict"] = [
        ui.t("recruitment.impact_below") if b else ui.t("recruitment.impact_meets") for b in below
    ]
    flagged = int(ratios["flagged"].fillna(False).astype(bool).sum())
    reading = ui.t(
        "recruitment.reading_impact",
        audit=names.get(audit, audit),
        below=int(below.sum()),
        ratios=len(ratios),
        threshold=formatting.number(threshold, lang, 2),
        flagged=flagged,
    )
    bars = (
        alt.Chart(ratios[["group", "ratio", "verdict"]])
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=ui.t("axis.category"), sort=None),
            x=alt.X("ratio:Q", title=ui.t("axis.impact_ratio")),
            color=alt.Color(
                "verdict:N",
                title=ui.t("axis.verdict"),
                scale=alt.Scale(
                    domain=[ui.t("recruitment.impact_meets"), ui.t("recruitment.impact_below")],
                    range=["#4c78a8", "#e45756"],
                ),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=ui.t("axis.category")),
                alt.Tooltip("ratio:Q", title=ui.t("axis.impact_ratio"), format=".2f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"x": [threshold]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    spec = (bars + rule).properties(title=charts.titled(ui.t("recruitment.chart_impact"), reading))
    ui.chart(spec, reading)


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.recruitment"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    _funnel(figures, lang)
    st.subheader(ui.t("recruitment.agreement_title"))
    _agreement_chart(figures, lang)
    show_table(
        PAGE, "ml_ai_human_agreement", ui.t("recruitment.agreement_table"), figures, "agreement"
    )
    st.subheader(ui.t("recruitment.adverse_title"))
    _impact_chart(figures, lang)
    show_table(
        PAGE, "ml_adverse_impact", ui.t("recruitment.adverse_table"), figures, "adverse_impact"
    )
    privacy_note()
