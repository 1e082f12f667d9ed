"""Shared generated enterprises for the generator tests (small, built once per session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sample_enterprise import GeneratorParams, generate

AS_OF = date(2026, 11, 26)


def boosted(factor: float, **kw) -> GeneratorParams:
    """Defect rates multiplied by `factor`, so a small landing holds every kind many times."""
    base = GeneratorParams()
    return GeneratorParams(
        rate_malformed=base.rate_malformed * factor,
        rate_missing_required=base.rate_missing_required * factor,
        rate_out_of_range=base.rate_out_of_range * factor,
        rate_future_date=base.rate_future_date * factor,
        rate_unknown_reference=base.rate_unknown_reference * factor,
        rate_duplicate=base.rate_duplicate * factor,
        rate_correction=base.rate_correction * factor,
        **kw,
    )


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> tuple[Path, dict]:
    """400 employees, default parameters."""
    out = tmp_path_factory.mktemp("gen_small")
    return out, generate(out, 400, seed=11, as_of=AS_OF)


@pytest.fixture(scope="session")
def defective(tmp_path_factory) -> tuple[Path, dict]:
    """300 employees with defect rates x20: every defect kind planted many times."""
    out = tmp_path_factory.mktemp("gen_defective")
    return out, generate(out, 300, seed=5, as_of=AS_OF, params=boosted(20.0))


@pytest.fixture(scope="session")
def moderate(tmp_path_factory) -> tuple[Path, dict]:
    """3,000 employees: enough interview pairs and reviews for the statistical truths."""
    out = tmp_path_factory.mktemp("gen_moderate")
    return out, generate(out, 3000, seed=2, as_of=AS_OF)
