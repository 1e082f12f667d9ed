"""The issue's acceptance run: a generated enterprise of 20,000 employees, built for real.

Slow (minutes on a shared 2-core machine): run with `pytest tests/warehouse -m slow`."""

from __future__ import annotations

import pytest
import warehouse_checks as checks
from warehouse_build import Enterprise, build_enterprise

LARGE_EMPLOYEES = 20_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Enterprise:
    built = build_enterprise(tmp_path_factory.mktemp("large"), LARGE_EMPLOYEES, seed=11)
    assert built.build.returncode == 0, built.build.stdout[-5000:]
    print(f"dbt build of {LARGE_EMPLOYEES} employees: {built.build_seconds:.1f} s")
    return built


@pytest.mark.slow
def test_large_crosswalk_equals_the_truth(large: Enterprise) -> None:
    checks.assert_resolvable_ids_link_to_the_right_person(large)
    checks.assert_every_truth_id_reached_the_crosswalk_or_was_quarantined(large)
    checks.assert_no_two_people_merged(large)
    checks.assert_unresolvable_ids_are_exceptions_with_a_reason(large)
    checks.assert_ids_beyond_truth_are_explained_by_quarantine(large)
    checks.assert_rates_equal_truth(large)


@pytest.mark.slow
def test_large_headcount_equals_the_truth(large: Enterprise) -> None:
    checks.assert_headcount_equals_truth(large)
