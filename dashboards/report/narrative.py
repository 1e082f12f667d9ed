"""The report's short narrative, generated from its figures: what changed, what is at risk,
what to decide. Every sentence is a template in dashboards/i18n.py filled with the numbers."""

from __future__ import annotations

from dashboards import formatting
from dashboards.i18n import job_family_name, t
from dashboards.report.figures import ReportFigures


def what_changed(f: ReportFigures, lang: str) -> list[str]:
    out = []
    if f.headcount is not None and f.headcount_year_ago is not None:
        change = f.headcount - f.headcount_year_ago
        out.append(
            t(
                "report.changed_headcount",
                lang,
                headcount=formatting.number(f.headcount, lang),
                change=formatting.signed_number(change, lang),
                share=formatting.percent(
                    change / f.headcount_year_ago if f.headcount_year_ago else None, lang
                ),
            )
        )
    elif f.headcount is not None:
        out.append(t("report.headcount_only", lang, headcount=formatting.number(f.headcount, lang)))
    if f.hires_12m is not None and f.exits_12m is not None:
        out.append(
            t(
                "report.changed_flows",
                lang,
                hires=formatting.number(f.hires_12m, lang),
                exits=formatting.number(f.exits_12m, lang),
            )
        )
    if f.attrition_12m is not None and f.attrition_prev_12m is not None:
        out.append(
            t(
                "report.changed_attrition",
                lang,
                rate=formatting.percent(f.attrition_12m, lang),
                previous=formatting.percent(f.attrition_prev_12m, lang),
            )
        )
    elif f.attrition_12m is not None:
        out.append(t("report.attrition_only", lang, rate=formatting.percent(f.attrition_12m, lang)))
    return out


def what_is_at_risk(f: ReportFigures, lang: str) -> list[str]:
    if f.risk_by_family is None or f.risk_by_family.empty:
        return [t("report.risk_not_built", lang)]
    top = f.risk_by_family.iloc[0]
    return [
        t(
            "report.risk_summary",
            lang,
            high="≈" + formatting.number(f.high_risk, lang),
            expected=formatting.number(f.risk_by_family["expected_leavers"].sum(), lang),
        ),
        t(
            "report.risk_top_family",
            lang,
            family=job_family_name(top["job_family"], lang),
            expected=formatting.number(top["expected_leavers"], lang),
        ),
    ]


def what_to_decide(f: ReportFigures, lang: str) -> list[str]:
    out = []
    if f.pilot is not None and not f.pilot.empty:
        failing = f.pilot[f.pilot["failed"] > 0]
        if failing.empty:
            out.append(t("report.decide_pilot_pass", lang, total=len(f.pilot)))
        else:
            out.append(
                t(
                    "report.decide_pilot_fail",
                    lang,
                    failing=len(failing),
                    total=len(f.pilot),
                    names=", ".join(map(str, failing["criterion"].head(3))),
                )
            )
    if f.weights is not None and not f.weights.empty:
        families = sorted(f.weights["job_family"].unique())
        out.append(
            t(
                "report.decide_weights",
                lang,
                families=", ".join(job_family_name(x, lang) for x in families),
            )
        )
    elif f.weights is not None:
        # The weights were computed and no change has the evidence behind it: say so.
        out.append(t("report.weights_no_evidence", lang))
    if f.risk_by_family is not None and not f.risk_by_family.empty:
        out.append(
            t(
                "report.decide_retention",
                lang,
                family=job_family_name(f.risk_by_family.iloc[0]["job_family"], lang),
            )
        )
    if not out:
        out.append(t("report.decide_nothing", lang))
    return out
