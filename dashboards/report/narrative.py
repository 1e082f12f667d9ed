"""The report's short narrative, generated from its figures: what changed, what is at risk,
what to decide. Every sentence is a template in dashboards/i18n.py filled with the numbers."""

from __future__ import annotations

import pandas as pd

from dashboards import formatting
from dashboards.i18n import competency_name, job_family_name, t
from dashboards.labels import criterion_names
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
                points=formatting.points(f.attrition_12m - f.attrition_prev_12m, lang),
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
            expected=formatting.count(f.risk_by_family["expected_leavers"].sum(), lang),
        ),
        t(
            "report.risk_top_family",
            lang,
            family=job_family_name(top["job_family"], lang),
            expected=formatting.count(top["expected_leavers"], lang),
        ),
    ]


# The report names at most this many job families for weight changes; the rest share one line.
WEIGHT_FAMILIES = 3


def _weight_decisions(weights: pd.DataFrame, lang: str) -> list[tuple[float, str]]:
    """One decision per job family with significant weight differences, sized by the hires the
    weights choose (the people the change affects), naming the largest changes in words; the
    families past WEIGHT_FAMILIES are listed together as smaller."""
    if "hires" not in weights.columns:
        weights = weights.assign(hires=0.0)
    if "difference_pts" not in weights.columns:
        weights = weights.assign(difference_pts=0.0)
    weights = weights.assign(
        _size=weights["difference_pts"].astype(float).abs(), hires=weights["hires"].astype(float)
    )
    families = (
        weights.groupby("job_family", as_index=False)
        .agg(hires=("hires", "max"), largest=("_size", "max"))
        .sort_values(["hires", "largest"], ascending=False)
    )
    out = []
    for family in families.head(WEIGHT_FAMILIES).itertuples():
        rows = weights[weights["job_family"] == family.job_family].nlargest(2, "_size")
        changes = [
            t(
                "report.weight_change",
                lang,
                competency=competency_name(r["competency_code"], lang),
                current=formatting.percent(r["current_weight_pct"] / 100, lang, 0),
                recommended=formatting.percent(r["recommended_weight_pct"] / 100, lang, 0),
            )
            for _, r in rows.iterrows()
            if {"competency_code", "current_weight_pct", "recommended_weight_pct"} <= set(r.index)
        ]
        out.append(
            (
                float(family.hires),
                t(
                    "report.decide_weights_family",
                    lang,
                    family=job_family_name(family.job_family, lang),
                    changes=t("list.separator", lang).join(changes) or "–",
                    hires=formatting.count(family.hires, lang),
                ),
            )
        )
    rest = families.iloc[WEIGHT_FAMILIES:]
    if len(rest):
        names = t("list.separator", lang).join(job_family_name(x, lang) for x in rest["job_family"])
        out.append(
            (float(rest["hires"].min()) - 1, t("report.decide_weights_more", lang, families=names))
        )
    return out


def what_to_decide(f: ReportFigures, lang: str) -> list[str]:
    """The decisions, largest effect first: a failing pilot criterion leads (it decides whether
    the AI interview goes on at all); the others are ranked by the people they concern
    (expected leavers for retention, hires for interview weights)."""
    first: list[str] = []
    ranked: list[tuple[float, str]] = []
    if f.pilot is not None and not f.pilot.empty:
        failing = f.pilot[f.pilot["failed"] > 0].sort_values("failed", ascending=False)
        names = criterion_names(lang)
        if failing.empty:
            first.append(t("report.decide_pilot_pass", lang, total=len(f.pilot)))
        else:
            first.append(
                t(
                    "report.decide_pilot_fail",
                    lang,
                    failing=len(failing),
                    total=len(f.pilot),
                    names=t("list.separator", lang).join(
                        names.get(c, c) for c in failing["criterion"]
                    ),
                )
            )
    if f.weights is not None and not f.weights.empty:
        ranked += _weight_decisions(f.weights, lang)
    elif f.weights is not None:
        # The weights were computed and no change has the evidence behind it: say so.
        ranked.append((0.0, t("report.weights_no_evidence", lang)))
    if f.risk_by_family is not None and not f.risk_by_family.empty:
        top = f.risk_by_family.iloc[0]
        ranked.append(
            (
                float(top["expected_leavers"]),
                t(
                    "report.decide_retention",
                    lang,
                    family=job_family_name(top["job_family"], lang),
                    expected=formatting.count(top["expected_leavers"], lang),
                ),
            )
        )
    out = first + [text for _, text in sorted(ranked, key=lambda d: -d[0])]
    return out or [t("report.decide_nothing", lang)]
