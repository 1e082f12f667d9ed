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
import jinja2
import pandas as pd
import vl_convert as vlc

from dashboards import charts, formatting, labels
from dashboards.i18n import LANGUAGES, t
from dashboards.pages import source_names
from dashboards.privacy import PrivacyPolicy, policy_from_settings
from dashboards.report import narrative
from dashboards.report.figures import ReportFigures, compute
from ingest import encryption
from ingest.settings import load_settings

TEMPLATE = Path(__file__).with_name("template.html")
# Charts drawn at this size fit two to an A4 page with their readings (no near-empty pages).
CHART_WIDTH, CHART_HEIGHT = 760, 200


def _svg(chart: alt.TopLevelMixin, lang: str) -> str:
    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(
        spec,
        format_locale=formatting.vega_locale(lang),
        time_format_locale=formatting.vega_locale(lang),
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
            start=formatting.count(first["headcount"], lang),
            start_month=formatting.month(first["month"], lang),
            end=formatting.count(last["headcount"], lang),
            end_month=formatting.month(last["month"], lang),
            change=formatting.signed_number(last["headcount"] - first["headcount"], lang),
        )
        chart = (
            charts.line(
                trend,
                "month",
                "headcount",
                t("headcount.chart_total", lang),
                reading,
                t("axis.month", lang),
                t("axis.people", lang),
            )
            .properties(title=charts.wrapped_title(t("headcount.chart_total", lang), reading))
            .properties(width=CHART_WIDTH, height=CHART_HEIGHT)
        )
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
            hires=formatting.count(flows.loc[flows["m"] == "hires", "value"].sum(), lang),
            exits=formatting.count(flows.loc[flows["m"] == "exits", "value"].sum(), lang),
        )
        # The dashboards' grouped bars and colours: hires beside exits, never stacked.
        chart = charts.grouped_bars(
            flows[["quarter", "measure", "value"]],
            "quarter",
            "value",
            "measure",
            t("report.chart_flows", lang),
            reading,
            t("axis.quarter", lang),
            t("axis.people", lang),
            t("axis.measure", lang),
            colors=dict(zip(names.values(), charts.FLOW_COLORS, strict=True)),
        ).properties(width=CHART_WIDTH, height=CHART_HEIGHT)
        changed.append({"svg": _svg(chart, lang), "reading": reading})
    if f.risk_by_family is not None and not f.risk_by_family.empty:
        data = f.risk_by_family.assign(
            job=f.risk_by_family["job_family"].map(lambda c: labels.job_family(c, lang)),
            expected_leavers=f.risk_by_family["expected_leavers"].astype(float),
        )
        data = data[data["expected_leavers"] > 0]  # an empty bar says nothing
        reading = narrative.what_is_at_risk(f, lang)[1]
        chart = charts.ranked_bars(
            data[["job", "expected_leavers"]],
            "job",
            "expected_leavers",
            t("report.chart_risk", lang),
            reading,
            t("axis.job_family", lang),
            t("axis.expected_leavers", lang),
        ).properties(width=CHART_WIDTH - 160)
        risk.append({"svg": _svg(chart, lang), "reading": reading})
    return changed, risk


def kpis(f: ReportFigures, lang: str) -> list[dict]:
    """The overview's headline figures with the same labels and formatting: counts as integers,
    changes of attrition in percentage points, each change marked good or bad for the business
    (`tone`), not by its sign."""

    def delta(key: str, now: float | None, before: float | None) -> tuple[str, str]:
        if now is None or before is None:
            return "", ""
        change = now - before
        text = (
            formatting.points(change, lang)
            if key == "attrition_12m"
            else formatting.signed_number(round(change), lang)
        )
        tone = {"green": "good", "red": "bad"}.get(formatting.delta_color(key, change), "")
        return t("report.vs_year_ago", lang, delta=text), tone

    rows = [
        ("headcount", "measure.headcount", f.headcount, f.headcount_year_ago),
        ("hires_12m", "report.hires_12m", f.hires_12m, f.hires_prev_12m),
        ("exits_12m", "report.exits_12m", f.exits_12m, f.exits_prev_12m),
        ("attrition_12m", "measure.attrition_12m", f.attrition_12m, f.attrition_prev_12m),
    ]
    out = []
    for key, label, now, before in rows:
        text, tone = delta(key, now, before)
        value = (
            formatting.percent(now, lang) if key == "attrition_12m" else formatting.count(now, lang)
        )
        out.append(
            {"key": key, "label": t(label, lang), "value": value, "delta": text, "tone": tone}
        )
    return out


def _pilot_rows(f: ReportFigures, lang: str) -> list[dict]:
    if f.pilot is None:
        return []
    names = labels.criterion_names(lang)
    rows = f.pilot.sort_values(["failed", "criterion"], ascending=[False, True])
    return [
        {
            "criterion": names.get(r["criterion"], r["criterion"]),
            "passed": formatting.count(r["passed"], lang),
            "checks": formatting.count(r["checks"], lang),
            "failed": formatting.count(r["failed"], lang),
            "insufficient": formatting.count(r["insufficient"], lang),
        }
        for _, r in rows.iterrows()
    ]


def render_html(f: ReportFigures, lang: str, policy: PrivacyPolicy) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    changed_charts, risk_charts = _charts(f, lang)
    return template.render(
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        period_label=formatting.month(f.period, lang),
        generated_label=formatting.date(dt.date.today(), lang),
        kpis=kpis(f, lang),
        changed=narrative.what_changed(f, lang),
        at_risk=narrative.what_is_at_risk(f, lang),
        decide=narrative.what_to_decide(f, lang),
        charts_changed=changed_charts,
        charts_risk=risk_charts,
        pilot_rows=_pilot_rows(f, lang),
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
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    policy = policy_from_settings(load_settings().section("dashboards"))
    con = encryption.connect(serving_path, read_only=True)
    try:
        figures = compute(con, period, policy)
    finally:
        con.close()
    html = render_html(figures, lang, policy)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return [out, write_pdf(html, out.with_suffix(".pdf"))]
