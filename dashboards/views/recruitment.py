"""Recruitment and the AI-interview pilot's scorecard: the headline (criteria met, hire rate,
agreement with human interviewers, groups under the four-fifths line) with its reading and
action first, then the charts (funnel, agreement, adverse impact, hiring quality), then the
statistics in words and the detail tables in expanders."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analytics.pilot.thresholds import load_thresholds
from dashboards import charts, formatting, ui
from dashboards.data.served import WITHHELD, NotBuilt, status_of
from dashboards.i18n import competency_name, job_family_name
from dashboards.labels import code_label
from dashboards.views.common import exported_labelled, labelled, privacy_note, shown_value

PAGE = "recruitment"
UNKNOWN = "unknown"
# Performance reviews score from 1 to 10 (ingest.contract, performance_reviews.score).
SCORE_RANGE = (1.0, 10.0)
AUDIT_KEYS = ("ai_recommendation", "hire_decision", "ai_score")
# The agreement statistics a reader can weigh, in the order the detail table shows them.
AGREEMENT_STATS = ("within_one", "kappa_quadratic", "icc", "mean_difference")


def _within_one(figures: dict) -> pd.DataFrame | None:
    data = figures.get("agreement")
    if data is None:
        return None
    cells = data[(data["level"] == "competency_family") & (data["metric"] == "within_one")].copy()
    cells["share"] = pd.to_numeric(cells["value"], errors="coerce")
    cells["ok"] = (cells["status"] == "ok") & cells["share"].notna()
    return cells


def _ratios(figures: dict, audit: str) -> pd.DataFrame:
    data = figures.get("adverse_impact")
    if data is None:
        return pd.DataFrame(columns=["ratio"])
    ratios = data[data["audit"] == audit].copy()
    ratios["ratio"] = pd.to_numeric(ratios["impact_ratio"], errors="coerce")
    return ratios[ratios["ratio"].notna()]


def _headline(figures: dict, lang: str) -> None:
    """Four figures with one reading and the action: what an HR business partner or executive
    must know about the pilot before any chart."""
    thresholds = load_thresholds()
    cols = st.columns(4)
    pilot = figures.get("pilot")
    failing: list[str] = []
    if pilot is not None and not pilot.empty:
        met = int((pilot["failed"] == 0).sum())
        failing = [
            code_label("criterion", c, lang) for c in pilot.loc[pilot["failed"] > 0, "criterion"]
        ]
        cols[0].metric(ui.t("recruitment.kpi_pilot"), f"{met} / {len(pilot)}")
    funnel = figures.get("funnel")
    if funnel is not None and not funnel.empty:
        candidates, hired = funnel["candidates"].sum(), funnel["hired"].sum()
        status = funnel[status_of("hired")].iloc[0]
        rate = hired / candidates if candidates else None
        cols[1].metric(
            ui.t("recruitment.kpi_hire_rate"), shown_value(rate, status, lang, "percent")
        )
    cells = _within_one(figures)
    below = 0
    if cells is not None and cells["ok"].any():
        judged = cells[cells["ok"]]
        below = int((judged["share"] < thresholds.within_one_min).sum())
        cols[2].metric(
            ui.t("recruitment.kpi_agreement"),
            f"{formatting.number(len(judged) - below, lang)} / {formatting.number(len(judged), lang)}",
        )
    # Every audited decision (the AI's recommendation, the hiring decision, the AI score).
    under = sum(
        int((_ratios(figures, audit)["ratio"] < thresholds.impact_ratio_min).sum())
        for audit in AUDIT_KEYS
    )
    cols[3].metric(ui.t("recruitment.kpi_impact"), formatting.number(under, lang))
    reading = ui.t(
        "recruitment.headline_reading",
        failing=len(failing),
        below=below,
        under=under,
        threshold=formatting.percent(thresholds.within_one_min, lang, 0),
    )
    if failing:
        action = ui.t(
            "recruitment.action_fail",
            criteria="、".join(failing) if lang == "zh" else ", ".join(failing),
        )
    elif pilot is not None:
        action = ui.t("recruitment.action_pass")
    else:
        action = ui.t("recruitment.action_wait")
    ui.reading_and_action(reading, action)


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
    # Candidates the vendor sent without a job family or channel count in the totals, but a
    # bar of a handful of "unknown" people reads as a job family: they are left out of the chart.
    known = cube[(cube["job_family"] != UNKNOWN) & (cube["channel"] != UNKNOWN)]
    long = known.melt(
        id_vars=["job_family"], value_vars=list(stages), var_name="stage", value_name="people"
    )
    if long.empty:
        st.info(ui.t("headcount.no_data"))
        return
    long = long.groupby(["job_family", "stage"], as_index=False)["people"].sum()
    long["people"] = long["people"].astype(float)
    long["job"] = long["job_family"].map(lambda c: job_family_name(c, lang))
    long["stage_name"] = long["stage"].map(stages)
    totals = cube[list(stages)].sum()
    status = cube[status_of("candidates")].iloc[0]
    rate = totals["hired"] / totals["candidates"] if totals["candidates"] else None
    reading = ui.t(
        "recruitment.reading_funnel",
        candidates=shown_value(totals["candidates"], status, lang),
        hired=shown_value(totals["hired"], status, lang),
        rate=shown_value(rate, status, lang, "percent"),
    )
    order = list(stages.values())
    spec = (
        alt.Chart(long[["job", "stage_name", "people"]])
        .mark_bar()
        .encode(
            y=alt.Y("job:N", title=ui.t("axis.job_family"), sort="-x"),
            x=alt.X("people:Q", title=ui.t("axis.people"), axis=alt.Axis(format=",d")),
            color=alt.Color("stage_name:N", title=ui.t("axis.stage"), sort=order),
            yOffset=alt.YOffset("stage_name:N", sort=order),
            tooltip=[
                alt.Tooltip("job:N", title=ui.t("axis.job_family")),
                alt.Tooltip("stage_name:N", title=ui.t("axis.stage")),
                alt.Tooltip("people:Q", title=ui.t("axis.people"), format=",d"),
            ],
        )
        .properties(title=charts.wrapped_title(ui.t("recruitment.chart_funnel"), reading, 48))
    )
    ui.chart(spec, reading)


def _agreement_chart(figures: dict, lang: str) -> None:
    """Share of AI-human pairs within one point, per competency x job family, against the
    pilot's threshold; cells with too few pairs (or hidden by privacy) are marked, not drawn."""
    cells = _within_one(figures)
    if cells is None:
        ui.missing_figure(figures, "agreement")
        return
    if cells.empty:
        st.info(ui.t("headcount.no_data"))
        return
    threshold = load_thresholds().within_one_min
    labels = {
        "meets": ui.t("recruitment.agreement_meets"),
        "below": ui.t("recruitment.agreement_below"),
        "insufficient": ui.t("recruitment.insufficient"),
    }
    cells["verdict"] = [
        labels["insufficient"] if not good else labels["meets" if v >= threshold else "below"]
        for good, v in zip(cells["ok"], cells["share"], strict=True)
    ]
    cells["share"] = cells["share"].where(cells["ok"]) * 100
    cells["label"] = [
        formatting.percent(v / 100, lang, 0) if pd.notna(v) else "–" for v in cells["share"]
    ]
    cells["competency_name"] = cells["competency"].map(lambda c: competency_name(c, lang))
    cells["job"] = cells["job_family"].map(lambda c: job_family_name(c, lang))
    shown = int(cells["ok"].sum())
    reading = ui.t(
        "recruitment.reading_agreement",
        below=shown - int((cells.loc[cells["ok"], "share"] >= threshold * 100).sum()),
        cells=shown,
        threshold=formatting.percent(threshold, lang, 0),
        insufficient=len(cells) - shown,
    )
    order = list(labels.values())
    base = alt.Chart(cells[["competency_name", "job", "verdict", "share", "label"]]).encode(
        x=alt.X("job:N", title=ui.t("axis.job_family"), axis=alt.Axis(labelAngle=-30)),
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
            alt.Tooltip("share:Q", title=ui.t("axis.within_one"), format=".0f"),
            alt.Tooltip("verdict:N", title=ui.t("axis.verdict")),
        ],
    )
    text = base.mark_text(color="white").encode(text="label:N")
    spec = (rect + text).properties(
        title=charts.wrapped_title(ui.t("recruitment.chart_agreement"), reading, 48)
    )
    ui.chart(spec, reading)


def _impact_chart(figures: dict, lang: str) -> None:
    """Impact ratios of one audit, per group (in words), against the four-fifths line."""
    data = figures.get("adverse_impact")
    if data is None:
        ui.missing_figure(figures, "adverse_impact")
        return
    threshold = load_thresholds().impact_ratio_min
    audits = [a for a in AUDIT_KEYS if a in set(data["audit"])]
    if not audits:
        st.info(ui.t("headcount.no_data"))
        return
    audit = st.selectbox(
        ui.t("recruitment.audit"),
        audits,
        format_func=lambda a: code_label("audit", a, lang),
        key="recruitment_audit",
    )
    ratios = _ratios(figures, audit)
    if ratios.empty:
        st.info(ui.t("headcount.no_data"))
        return
    ratios["group"] = ratios["category"].map(lambda c: code_label("category", c, lang))
    ratios["dimension_name"] = ratios["dimension"].map(lambda d: code_label("dimension", d, lang))
    below = ratios["ratio"] < threshold
    ratios["verdict"] = [
        ui.t("recruitment.impact_below") if b else ui.t("recruitment.impact_meets") for b in below
    ]
    flagged = int(ratios["flagged"].fillna(False).astype(bool).sum())
    reading = ui.t(
        "recruitment.reading_impact",
        audit=code_label("audit", audit, lang),
        below=int(below.sum()),
        ratios=len(ratios),
        threshold=formatting.number(threshold, lang, 1),
        flagged=flagged,
    )
    bars = (
        alt.Chart(ratios[["group", "dimension_name", "ratio", "verdict"]])
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=ui.t("axis.category"), sort="x"),
            x=alt.X("ratio:Q", title=ui.t("axis.impact_ratio"), axis=alt.Axis(format=".1f")),
            color=alt.Color(
                "verdict:N",
                title=ui.t("axis.verdict"),
                scale=alt.Scale(
                    domain=[ui.t("recruitment.impact_meets"), ui.t("recruitment.impact_below")],
                    range=["#4c78a8", "#e45756"],
                ),
            ),
            tooltip=[
                alt.Tooltip("dimension_name:N", title=ui.t("axis.dimension")),
                alt.Tooltip("group:N", title=ui.t("axis.category")),
                alt.Tooltip("ratio:Q", title=ui.t("axis.impact_ratio"), format=".2f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"x": [threshold]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    spec = (bars + rule).properties(
        title=charts.wrapped_title(ui.t("recruitment.chart_impact"), reading, 48)
    )
    ui.chart(spec, reading)


def _hiring_quality(figures: dict, lang: str) -> None:
    table = figures.get("hiring")
    if table is None:
        ui.missing_figure(figures, "hiring")
        return
    shown = table[table["mean_performance_status"] != WITHHELD]
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return
    first, last = shown.iloc[0], shown.iloc[-1]
    reading = ui.t(
        "recruitment.reading_hiring",
        year=int(last["hire_year"]),
        hires=shown_value(last["hires"], last["hires_status"], lang),
        score=formatting.number(last["mean_performance"], lang, 1),
        first_year=int(first["hire_year"]),
        first_score=formatting.number(first["mean_performance"], lang, 1),
    )
    data = shown[["hire_year", "mean_performance"]].astype(
        {"mean_performance": float, "hire_year": int}
    )
    spec = charts.hiring_quality(
        data,
        ui.t("recruitment.chart_hiring"),
        reading,
        ui.t("axis.hire_year"),
        ui.t("axis.mean_score"),
        SCORE_RANGE,
    )
    ui.chart(spec, reading)


def _coded(df: pd.DataFrame, lang: str, kinds: dict[str, str]) -> pd.DataFrame:
    """`df` with each code column in words ("all" rows of a rolled-up level as "All")."""
    out = df.copy()
    everything = ui.t("filter.all")
    for col, kind in kinds.items():
        if col in out.columns:
            out[col] = out[col].map(
                lambda c, kind=kind: everything if c == "all" else code_label(kind, c, lang)
            )
    for col in ("job_family", "competency", "model_version", "month"):
        if col in out.columns:
            out[col] = out[col].map(lambda c: everything if c == "all" else c)
    if "job_family" in out.columns:
        out["job_family"] = out["job_family"].map(
            lambda c: code_label("category", c, lang) if c == UNKNOWN else c
        )
    yes_no = {True: ui.t("common.yes"), False: ui.t("common.no")}
    for col in out.columns:
        if out[col].dtype == bool or str(out[col].dtype) == "boolean":
            out[col] = out[col].map(lambda v: yes_no.get(v, "–") if pd.notna(v) else "–")
    return out


def _detail_table(data: pd.DataFrame, name: str, lang: str, kinds: dict[str, str]) -> None:
    coded = _coded(data, lang, kinds)
    coded.attrs.update(data.attrs)
    ui.table(exported_labelled(coded, lang), PAGE, name, display=labelled(coded))


def _details(figures: dict, lang: str) -> None:
    with st.expander(ui.t("recruitment.stats_explained_title")):
        st.markdown(
            ui.t(
                "recruitment.stats_explained",
                threshold=formatting.percent(load_thresholds().within_one_min, lang, 0),
            )
        )
    pilot = figures.get("pilot")
    if pilot is not None and not pilot.empty:
        with st.expander(ui.t("recruitment.pilot_table")):
            _detail_table(pilot, "pilot_scorecard", lang, {"criterion": "criterion"})
    funnel = figures.get("funnel")
    if funnel is not None and not funnel.empty:
        with st.expander(ui.t("recruitment.funnel_table")):
            _detail_table(funnel, "funnel", lang, {"channel": "channel"})
    agreement = figures.get("agreement")
    if agreement is not None and not agreement.empty:
        with st.expander(ui.t("recruitment.agreement_table")):
            # Competency x job family and competency overall: the finer levels (by model
            # version and month) are the analyst file's.
            part = agreement[
                agreement["level"].isin(["competency_family", "competency"])
                & agreement["metric"].isin(AGREEMENT_STATS)
            ].drop(columns=["model_version", "month", "built_at"], errors="ignore")
            _detail_table(
                part.reset_index(drop=True),
                "ml_ai_human_agreement",
                lang,
                {"level": "level", "metric": "statistic", "status": "pilot_status"},
            )
    impact = figures.get("adverse_impact")
    if impact is not None and not impact.empty:
        with st.expander(ui.t("recruitment.adverse_table")):
            size = impact.attrs.get("size")
            shown = impact
            if size and status_of(size) in impact.columns:
                shown = impact[impact[status_of(size)] != WITHHELD].reset_index(drop=True)
            _detail_table(
                shown.drop(columns=["built_at", "median_score"], errors="ignore"),
                "ml_adverse_impact",
                lang,
                {
                    "audit": "audit",
                    "outcome": "outcome",
                    "dimension": "dimension",
                    "category": "category",
                    "status": "impact_status",
                },
            )


def render() -> None:
    lang = ui.lang()
    st.title(ui.t("page.recruitment"))
    try:
        figures = ui.page_figures(PAGE)
    except NotBuilt as error:
        ui.not_built(error)
        return
    ui.record_view(PAGE)
    _headline(figures, lang)
    _funnel(figures, lang)
    st.subheader(ui.t("recruitment.agreement_title"))
    _agreement_chart(figures, lang)
    st.subheader(ui.t("recruitment.adverse_title"))
    _impact_chart(figures, lang)
    st.subheader(ui.t("recruitment.hiring_title"))
    _hiring_quality(figures, lang)
    _details(figures, lang)
    privacy_note()
