"""The executive strategy report: self-contained HTML (charts inlined as SVG) and PDF.

`write_report(serving_path, lang, period, out)` reads the serving copy read-only, computes the
figures through the dashboards' query and privacy layers (executive scope: aggregates only),
renders the template in Chinese or English and writes `out` (HTML) and `out` with `.pdf`.
The PDF is rendered by WeasyPrint from the same HTML (it needs Pango, and a CJK font such as
Debian's fonts-wqy-microhei for Chinese text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import altair as alt
import duckdb
import jinja2
import pandas as pd
import vl_convert as vlc

from dashboards import charts, formatting
from dashboards.i18n import job_family_name, t
from dashboards.pages import source_names
from dashboards.privacy import PrivacyPolicy, policy_from_settings
from dashboards.report import narrative
from dashboards.report.figures import ReportFigures, compute
from ingest.settings import load_settings

TEMPLATE = Path(__file__).with_name("template.html")
VEGA_LOCALES = {"zh": "zh-CN", "en": "en-US"}


def _svg(chart: alt.TopLevelMixin, lang: str) -> str:
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(
        spec, format_locale=VEGA_LOCALES[lang], time_format_locale=VEGA_LOCALES[lang]
    )
    # The XML declaration is not allowed inside HTML.
    return svg[svg.index("<svg") :]


def _charts(f: ReportFigures, lang: str) -> tuple[list[dict], list[dict]]:
    changed, risk = [], []
    trend = f.totals.dropna(subset=["headcount"]).astype({"headcount": float})
    if not trend.empty:
        first, last = trend.iloc[0], trend.iloc[-1]
        reading = t(
            "headcount.reading_total",
            lang,
            start=formatting.number(first["headcount"], lang),
            start_month=formatting.month(first["month"], lang),
            end=formatting.number(last["headcount"], lang),
            end_month=formatting.month(last["month"], lang),
            change=formatting.signed_number(last["headcount"] - first["headcount"], lang),
        )
        chart = charts.line(
            trend,
            "month",
            "headcount",
            t("headcount.chart_total", lang),
            reading,
            t("axis.month", lang),
            t("axis.people", lang),
        ).properties(width=820)
        changed.append({"svg": _svg(chart, lang), "reading": reading})
    quarters = f.flows if f.flows is not None else f.totals.head(0)
    flows = quarters.melt(id_vars="month", value_vars=["hires", "exits"], var_name="m").dropna()
    if not flows.empty:
        names = {"hires": t("measure.hires", lang), "exits": t("measure.exits", lang)}
        flows = flows.assign(
            measure=flows["m"].map(names),
            value=flows["value"].astype(float),
            quarter=[f"{m.year}Q{(m.month - 1) // 3 + 1}" for m in pd.to_datetime(flows["month"])],
        )
        reading = t(
            "report.reading_flows",
            lang,
            hires=formatting.number(flows.loc[flows["m"] == "hires", "value"].sum(), lang),
            exits=formatting.number(flows.loc[flows["m"] == "exits", "value"].sum(), lang),
        )
        chart = (
            alt.Chart(flows)
            .mark_bar()
            .encode(
                x=alt.X("quarter:O", title=t("axis.quarter", lang)),
                xOffset="measure:N",
                y=alt.Y("value:Q", title=t("axis.people", lang)),
                color=alt.Color("measure:N", title=t("axis.measure", lang)),
            )
            .properties(
                title=charts.titled(t("report.chart_flows", lang), reading), width=820, height=240
            )
        )
        changed.append({"svg": _svg(chart, lang), "reading": reading})
    if f.risk_by_family is not None and not f.risk_by_family.empty:
        data = f.risk_by_family.assign(
            job=f.risk_by_family["job_family"].map(lambda c: job_family_name(c, lang)),
            expected_leavers=f.risk_by_family["expected_leavers"].astype(float),
        )
        reading = narrative.what_is_at_risk(f, lang)[1]
        chart = charts.bars(
            data,
            "job",
            "expected_leavers",
            t("report.chart_risk", lang),
            reading,
            t("axis.job_family", lang),
            t("axis.expected_leavers", lang),
        ).properties(width=700)
        risk.append({"svg": _svg(chart, lang), "reading": reading})
    return changed, risk


def _kpis(f: ReportFigures, lang: str) -> list[dict]:
    def delta(now: float | None, before: float | None, pct: bool = False) -> str:
        if now is None or before is None:
            return ""
        text = (
            formatting.signed_percent(now - before, lang)
            if pct
            else formatting.signed_number(now - before, lang)
        )
        return t("report.vs_year_ago", lang, delta=text)

    return [
        {
            "key": "headcount",
            "label": t("measure.headcount", lang),
            "value": formatting.number(f.headcount, lang),
            "delta": delta(f.headcount, f.headcount_year_ago),
        },
        {
            "key": "hires_12m",
            "label": t("report.hires_12m", lang),
            "value": formatting.number(f.hires_12m, lang),
            "delta": "",
        },
        {
            "key": "exits_12m",
            "label": t("report.exits_12m", lang),
            "value": formatting.number(f.exits_12m, lang),
            "delta": "",
        },
        {
            "key": "attrition_12m",
            "label": t("measure.attrition_12m", lang),
            "value": formatting.percent(f.attrition_12m, lang),
            "delta": delta(f.attrition_12m, f.attrition_prev_12m, pct=True),
        },
    ]


def render_html(f: ReportFigures, lang: str, policy: PrivacyPolicy) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    changed_charts, risk_charts = _charts(f, lang)
    pilot_rows = [] if f.pilot is None else f.pilot.to_dict("records")
    return template.render(
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        period_label=formatting.month(f.period, lang),
        generated_label=formatting.date(dt.date.today(), lang),
        kpis=_kpis(f, lang),
        changed=narrative.what_changed(f, lang),
        at_risk=narrative.what_is_at_risk(f, lang),
        decide=narrative.what_to_decide(f, lang),
        charts_changed=changed_charts,
        charts_risk=risk_charts,
        pilot_rows=pilot_rows,
        min_group=policy.min_group,
        missing=", ".join(f.missing),
        sources_missing=source_names(f.sources_missing, lang),
    )


def write_pdf(html: str, out: Path) -> Path:
    import weasyprint

    weasyprint.HTML(string=html).write_pdf(str(out))
    return out


def write_report(serving_path: Path, lang: str, period: str | None, out: Path) -> list[Path]:
    """Write the HTML report to `out` and the PDF beside it; returns both paths."""
    if lang not in VEGA_LOCALES:
        raise ValueError(f"lang must be zh or en, got {lang!r}")
    policy = policy_from_settings(load_settings().section("dashboards"))
    con = duckdb.connect(str(serving_path), read_only=True)
    try:
        figures = compute(con, period, policy)
    finally:
        con.close()
    html = render_html(figures, lang, policy)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return [out, write_pdf(html, out.with_suffix(".pdf"))]
