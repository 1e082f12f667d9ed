"""The ID crosswalk against the generator's truth (`_truth/ids.csv`)."""

from __future__ import annotations

import warehouse_checks as checks
from warehouse_build import Enterprise


def test_every_resolvable_id_links_to_the_right_person(enterprise: Enterprise) -> None:
    checks.assert_resolvable_ids_link_to_the_right_person(enterprise)


def test_every_truth_id_reached_the_crosswalk_unless_quarantined(enterprise: Enterprise) -> None:
    checks.assert_every_truth_id_reached_the_crosswalk_or_was_quarantined(enterprise)


def test_no_two_people_are_merged(enterprise: Enterprise) -> None:
    checks.assert_no_two_people_merged(enterprise)


def test_every_unresolvable_id_is_an_exception_with_a_reason(enterprise: Enterprise) -> None:
    checks.assert_unresolvable_ids_are_exceptions_with_a_reason(enterprise)


def test_ids_beyond_the_truth_are_explained_by_quarantine(enterprise: Enterprise) -> None:
    checks.assert_ids_beyond_truth_are_explained_by_quarantine(enterprise)


def test_match_and_conflict_rates_equal_the_truth(enterprise: Enterprise) -> None:
    checks.assert_rates_equal_truth(enterprise)


def test_per_load_summary_of_a_single_load_equals_all_loads(enterprise: Enterprise) -> None:
    rows = enterprise.query(
        "select source_name, load_id, ids_seen, ids_matched, ids_conflicting "
        "from marts.id_resolution_summary order by source_name, load_id"
    )
    per_load = rows.filter(rows["load_id"] == enterprise.load_id).drop("load_id")
    all_loads = rows.filter(rows["load_id"] == "all").drop("load_id")
    assert per_load.height == all_loads.height > 0
    assert per_load.equals(all_loads)


def test_unmatched_ids_never_reach_a_fact(enterprise: Enterprise) -> None:
    leaked = enterprise.query(
        """
        select count(*) as n from marts.fct_training_enrollments as f
        join raw.training_enrollments as r on r.enrollment_id = f.enrollment_id
        join marts.id_exceptions as x
            on x.source_name = 'training_enrollments' and x.raw_id = r.learner_id
        """
    )
    assert leaked["n"][0] == 0
