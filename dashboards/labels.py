"""Words for the codes the marts carry (risk bands, pilot criteria) in a given language, for the
pages and the report alike (keys are literal so tests/dashboard/test_i18n.py sees them used)."""

from __future__ import annotations

from dashboards.i18n import job_family_name, t


def band_names(lang: str) -> dict[str, str]:
    """The risk bands (retention_scores.risk_band) in words."""
    return {
        "high": t("band.high", lang),
        "medium": t("band.medium", lang),
        "low": t("band.low", lang),
    }


def criterion_names(lang: str) -> dict[str, str]:
    """The AI-interview pilot's criteria (marts.pilot_scorecard.criterion) in words."""
    return {
        "adverse_impact": t("criterion.adverse_impact", lang),
        "ai_human_consistency": t("criterion.ai_human_consistency", lang),
        "candidate_satisfaction": t("criterion.candidate_satisfaction", lang),
        "hr_satisfaction": t("criterion.hr_satisfaction", lang),
        "integration_conflict_rate": t("criterion.integration_conflict_rate", lang),
        "integration_sync_success": t("criterion.integration_sync_success", lang),
    }


def job_family(code: str | None, lang: str) -> str:
    """A job family by name; rows the marts could not place ("unknown") in words too."""
    return t("common.unknown", lang) if code == "unknown" else job_family_name(code, lang)
