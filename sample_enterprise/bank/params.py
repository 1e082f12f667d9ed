"""Every figure the sample-enterprise generator uses, as one documented parameter set.

All defaults are documented in `sample_enterprise/GENERATOR.md`; a test or a customer can override any of
them (`GeneratorParams(voluntary_exit_base=0.01, ...)`) and the values used are written to
`_truth/config.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .bank_vocabulary import COMPETENCIES, JOB_FAMILIES

# Share of the workforce per job family (customer managers are the largest family).
DEFAULT_FAMILY_SHARES: dict[str, float] = {
    "customer_manager": 0.34,
    "teller": 0.22,
    "risk_analyst": 0.08,
    "it_developer": 0.09,
    "operations": 0.15,
    "back_office": 0.12,
}

# True standardized effect of each competency on later performance, per job family. Each family
# has a distinct top three with clearly separated effects (e.g. 0.45 / 0.30 / 0.18) so a model
# can recover the order; customer managers: communication first, education almost nothing.
DEFAULT_EFFECTS: dict[str, dict[str, float]] = {
    "customer_manager": {
        "communication": 0.45,
        "customer_service": 0.30,
        "product_knowledge": 0.18,
        "problem_solving": 0.06,
        "risk_awareness": 0.04,
        "stability": 0.03,
        "culture_fit": 0.02,
    },
    "teller": {
        "customer_service": 0.42,
        "risk_awareness": 0.28,
        "stability": 0.16,
        "communication": 0.06,
        "product_knowledge": 0.04,
        "problem_solving": 0.03,
        "culture_fit": 0.02,
    },
    "risk_analyst": {
        "risk_awareness": 0.46,
        "problem_solving": 0.31,
        "product_knowledge": 0.17,
        "communication": 0.05,
        "stability": 0.04,
        "culture_fit": 0.03,
        "customer_service": 0.01,
    },
    "it_developer": {
        "problem_solving": 0.48,
        "stability": 0.27,
        "culture_fit": 0.15,
        "communication": 0.06,
        "risk_awareness": 0.04,
        "product_knowledge": 0.03,
        "customer_service": 0.01,
    },
    "operations": {
        "risk_awareness": 0.40,
        "stability": 0.27,
        "problem_solving": 0.16,
        "culture_fit": 0.06,
        "customer_service": 0.05,
        "communication": 0.04,
        "product_knowledge": 0.03,
    },
    "back_office": {
        "culture_fit": 0.41,
        "communication": 0.28,
        "stability": 0.15,
        "problem_solving": 0.06,
        "risk_awareness": 0.04,
        "customer_service": 0.03,
        "product_knowledge": 0.02,
    },
}
# True standardized effect of education (ordinal, standardized) on performance per family.
DEFAULT_EDUCATION_EFFECTS: dict[str, float] = {
    "customer_manager": 0.02,
    "teller": 0.03,
    "risk_analyst": 0.10,
    "it_developer": 0.08,
    "operations": 0.04,
    "back_office": 0.05,
}
# The hiring weights the bank uses today (competency_models.hiring_weight_pct): deliberately not
# the ideal ones (they over-weight product knowledge and treat the rest about equally).
DEFAULT_CURRENT_WEIGHTS: dict[str, float] = {
    "communication": 15.0,
    "problem_solving": 15.0,
    "customer_service": 15.0,
    "risk_awareness": 10.0,
    "product_knowledge": 25.0,
    "stability": 10.0,
    "culture_fit": 10.0,
}


def _default_noise() -> dict[str, dict[str, list[float]]]:
    """AI and human rating noise (SD in score points) per job family x competency.

    Most pairs disagree little (|AI - human| <= 1 for ~90-97% of candidates); customer managers'
    risk awareness is the planted weak spot (about half of the pairs within 1 point).
    """
    out: dict[str, dict[str, list[float]]] = {}
    for i, fam in enumerate(JOB_FAMILIES):
        out[fam] = {}
        for j, comp in enumerate(COMPETENCIES):
            # Small deterministic variation so the table is not flat.
            ai_sd = 0.30 + 0.02 * ((i + 2 * j) % 5)
            human_sd = 0.30 + 0.02 * ((2 * i + j) % 4)
            out[fam][comp] = [round(ai_sd, 3), round(human_sd, 3)]
    out["customer_manager"]["risk_awareness"] = [1.30, 0.60]
    return out


@dataclass(frozen=True)
class GeneratorParams:
    """Parameters of the sample enterprise; see sample_enterprise/GENERATOR.md for each one."""

    # --- time and shape -------------------------------------------------------------------
    history_years: int = 10
    ai_start_years_before: int = 4
    annual_growth: float = 0.02
    branches: int | None = None  # None: 20 + employees / 50,000, capped to 20..40
    head_office_share: float = 0.08
    family_shares: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FAMILY_SHARES))
    female_share: float = 0.56
    campus_share: float = 0.45
    referral_share: float = 0.10
    # --- recruiting -----------------------------------------------------------------------
    applicants_per_hire: float = 5.0
    ai_coverage_start: float = 0.35  # share of hires assessed by AI in the pilot's first month
    ai_ramp_months: int = 24  # months until every hire goes through the AI interview
    rejected_latent_shift: float = -0.5  # rejected applicants' latent mean (employees: 0)
    human_review_share: float = 0.35  # share of AI-assessed candidates also scored by a human
    blind_share: float = 0.5  # share of human interviews done blind
    employee_no_share: float = 0.85  # hired AI records that carry the employee number
    score_noise: dict[str, dict[str, list[float]]] = field(default_factory=_default_noise)
    scoring_bias: str | None = None  # e.g. "sex:F" or "age:35+"; off by default
    bias_points: float = 0.8
    # --- performance and careers ----------------------------------------------------------
    effects: dict[str, dict[str, float]] = field(default_factory=lambda: dict(DEFAULT_EFFECTS))
    education_effects: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_EDUCATION_EFFECTS)
    )
    current_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CURRENT_WEIGHTS))
    review_history_years: int = 2  # quarters of performance reviews kept (bounded for 1M)
    grade_shares: dict[str, float] = field(
        default_factory=lambda: {"S": 0.10, "A": 0.20, "B": 0.50, "C": 0.15, "D": 0.05}
    )
    promotion_rate: float = 0.14  # grade steps per year at average performance
    transfer_rate: float = 0.04  # transfers per person-year
    probation_months: int = 6
    probation_extended_share: float = 0.03
    # --- exits (monthly hazards) ----------------------------------------------------------
    voluntary_exit_base: float = 0.0040
    involuntary_exit_base: float = 0.0008
    contract_end_base: float = 0.0005
    probation_fail_base: float = 0.006
    retirement_age_male: int = 60
    retirement_age_female: int = 55
    # log-hazard coefficients of the voluntary exit model (per SD of the driver)
    exit_coef_stability: float = -0.55
    exit_coef_culture_fit: float = -0.45
    exit_coef_training: float = -0.35
    exit_coef_performance: float = -0.40
    exit_coef_grade: float = -0.10  # per grade step above 4
    exit_tenure_multipliers: tuple[float, float, float, float] = (2.4, 1.8, 1.0, 0.6)
    # --- training and surveys -------------------------------------------------------------
    courses: int = 80
    enrollments_per_year: float = 0.8
    training_history_years: int = 2
    survey_candidate_share: float = 0.08
    survey_hr_users_per_quarter: int = 60
    # --- defects (per-row probabilities unless said otherwise) ----------------------------
    rate_malformed: float = 0.0008
    rate_missing_required: float = 0.0015
    rate_out_of_range: float = 0.0010
    rate_future_date: float = 0.0005
    rate_unknown_reference: float = 0.0006
    stray_headers_per_file: int = 2
    rate_duplicate: float = 0.0020
    rate_correction: float = 0.0030
    id_variant_shares: dict[str, float] = field(
        default_factory=lambda: {
            "hr_no_zeros": 0.12,
            "hr_float": 0.04,
            "hr_fullwidth": 0.02,
            "hr_spaces": 0.02,
            "ai_short": 0.10,
            "lms_short": 0.15,
            "candidate_lower": 0.05,
            "candidate_spaces": 0.03,
        }
    )
    unresolvable_ai_employee_no: int = 3  # AI records whose employee_no points at no one
    unresolvable_learner_typos: int = 3  # learner IDs with a typo (a letter O for a zero)
    planted_conflicts: int = 2  # AI records whose national_id_hash + birth year match 2 people
    legacy_slash_years: int = 5  # legacy files older than this many years write YYYY/MM/DD

    def to_dict(self) -> dict:
        return asdict(self)
