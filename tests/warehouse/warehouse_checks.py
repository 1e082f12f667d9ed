"""Comparisons of a built warehouse with the generator's planted truth (`<landing>/_truth/`).

The truth describes the enterprise as it really is. Spells (hires, exits) are compared exactly:
the generator re-sends clean every quarantined row that was the only record of a spell boundary.
For IDs, where a planted quarantinable defect destroyed the only evidence of a link (a national
ID on a quarantined master row, a quarantined AI record), the expectation is adjusted by that
quarantine, and the adjustment itself is asserted to be explained by rows in raw.quarantine, so
nothing is waved through.
"""

from __future__ import annotations

import polars as pl
from warehouse_build import Enterprise

# The truth's id_kind per source field, and the crosswalk's coarser kind.
TRUTH_KIND = {
    "employee_id": "employee_id",
    "manager_id": "employee_id",
    "to_manager_id": "employee_id",
    "reviewer_id": "employee_id",
    "interviewer_id": "employee_id",
    "candidate_id": "candidate_id",
    "ai_candidate_id": "candidate_id",
    "employee_no": "ai_employee_no",
    "learner_id": "learner_id",
}
CROSSWALK_KIND = {
    "employee_id": "employee",
    "ai_employee_no": "employee",
    "learner_id": "employee",
    "candidate_id": "candidate",
}


def truth_ids(e: Enterprise) -> pl.DataFrame:
    return e.truth_csv("ids.csv").with_columns(
        pl.col("resolvable") == "true",
        kind=pl.col("id_kind").replace_strict(CROSSWALK_KIND),
    )


def crosswalk(e: Enterprise) -> pl.DataFrame:
    """The crosswalk with the truth's id_kind, one row per (source, raw ID, truth kind)."""
    xw = e.query(
        "select source_name as source, id_field, raw_id, employee_key, resolution_status, "
        "exception_reason from marts.id_crosswalk"
    )
    return (
        xw.with_columns(id_kind=pl.col("id_field").replace_strict(TRUTH_KIND))
        .drop("id_field")
        .unique()
    )


def not_in_master(e: Enterprise) -> set[str]:
    """Employees the HR system knows whose master row was quarantined."""
    rows = e.query(
        "select employee_key from intermediate.int_employees_registered where not is_in_master"
    )
    return set(rows["employee_key"].to_list())


def joined_ids(e: Enterprise) -> pl.DataFrame:
    """Truth IDs that reached the warehouse, with how the crosswalk resolved them.

    `evidence_lost` marks an ID whose deciding evidence the ingest quarantined: a hired
    candidate whose link (national ID, HR's record of the candidate ID) stood on a quarantined
    HR master row; a recruiting record of a candidate whose AI records were all quarantined; a
    planted conflict whose second person's master row (with the shared national ID) was
    quarantined."""
    lost = list(not_in_master(e))
    joined = truth_ids(e).join(
        crosswalk(e), on=["source", "raw_id", "id_kind"], how="inner", suffix="_wh"
    )
    conflict_people = pl.col("reason").fill_null("").str.extract_all(r"\d{8}")
    return joined.with_columns(
        evidence_lost=(
            (pl.col("kind") == "candidate")
            & (pl.col("source") != "hr_employees")
            & pl.col("employee_key").is_in(lost)
            & (pl.col("resolution_status") == "not_hired")
        )
        | (
            (pl.col("source") == "human_interviews")
            & (pl.col("exception_reason") == "unknown_candidate_id")
        )
        | (
            pl.col("reason").fill_null("").str.starts_with("conflict")
            & conflict_people.list.eval(pl.element().is_in(lost)).list.any()
        )
    ).with_columns(pl.col("evidence_lost").fill_null(False))


def assert_lost_evidence_is_bounded_by_quarantine(e: Enterprise) -> None:
    lost = joined_ids(e).filter(pl.col("evidence_lost")).height
    quarantined = e.query(
        "select count(*) as n from raw.quarantine where source in ('hr_employees', 'ai_interviews')"
    )["n"][0]
    assert lost <= quarantined


def ids_beyond_truth(e: Enterprise) -> pl.DataFrame:
    """Warehouse IDs the truth does not list, other than candidates never hired: the truth lists
    the IDs of employees, so these can only be candidate IDs of a recruiting record whose AI
    record was quarantined (an unknown candidate: a real exception)."""
    extra = crosswalk(e).join(truth_ids(e), on=["source", "raw_id", "id_kind"], how="anti")
    return extra.filter(pl.col("resolution_status") != "not_hired")


def assert_ids_beyond_truth_are_explained_by_quarantine(e: Enterprise) -> None:
    extra = ids_beyond_truth(e)
    assert (extra["source"] == "human_interviews").all(), extra
    assert (extra["exception_reason"] == "unknown_candidate_id").all(), extra
    # Each needs a quarantined AI record (its payload may have lost the very candidate ID).
    quarantined = e.query("select count(*) as n from raw.quarantine where source = 'ai_interviews'")
    assert extra.height <= quarantined["n"][0]


def expected_summary(e: Enterprise) -> pl.DataFrame:
    """Per source: IDs, matches and conflicts the truth implies for the IDs in the warehouse
    (plus the unknown candidates `ids_beyond_truth` explains: seen, not matched)."""
    j = joined_ids(e)
    kept = j.filter(~pl.col("evidence_lost")).select("source", "resolvable", "reason")
    # Where the evidence was quarantined the warehouse can only report what it saw.
    lost = j.filter(pl.col("evidence_lost") & (pl.col("resolution_status") != "not_hired")).select(
        "source", resolvable=pl.lit(False), reason=pl.col("resolution_status")
    )
    extra = ids_beyond_truth(e).select(
        "source", resolvable=pl.lit(False), reason=pl.lit("unknown_candidate_id")
    )
    j = pl.concat([kept, lost, extra])
    return (
        j.group_by("source")
        .agg(
            ids_seen=pl.len(),
            ids_matched=pl.col("resolvable").sum(),
            ids_conflicting=pl.col("reason").fill_null("").str.starts_with("conflict").sum(),
        )
        .with_columns(
            match_rate=pl.col("ids_matched") / pl.col("ids_seen"),
            conflict_rate=pl.col("ids_conflicting") / pl.col("ids_seen"),
        )
        .sort("source")
    )


def reported_summary(e: Enterprise) -> pl.DataFrame:
    return e.query(
        "select source_name as source, ids_seen, ids_matched, ids_conflicting, match_rate, "
        "conflict_rate from marts.id_resolution_summary where is_all_loads order by source_name"
    )


def truth_spells(e: Enterprise) -> pl.DataFrame:
    return e.truth_csv("employees.csv").select(
        "employee_key",
        pl.col("hire_date").str.to_date(),
        pl.col("exit_date").str.to_date(),
        "exit_type",
        "branch",
        "job_family",
    )


def monthly_counts(spells: pl.DataFrame, months: pl.Series) -> pl.DataFrame:
    """headcount_monthly.csv's definition applied to a set of spells."""
    m = pl.DataFrame({"month": months}).with_columns(
        month_end=pl.col("month").dt.month_end(),
    )
    rows = m.join(spells, how="cross")
    return (
        rows.group_by("month")
        .agg(
            headcount=(
                (pl.col("hire_date") <= pl.col("month_end"))
                & (pl.col("exit_date").is_null() | (pl.col("exit_date") >= pl.col("month_end")))
            ).sum(),
            hires=(
                (pl.col("hire_date") >= pl.col("month"))
                & (pl.col("hire_date") <= pl.col("month_end"))
            ).sum(),
            exits=(
                (pl.col("exit_date") >= pl.col("month"))
                & (pl.col("exit_date") <= pl.col("month_end"))
            ).sum(),
        )
        .sort("month")
    )


def truth_headcount(e: Enterprise) -> pl.DataFrame:
    return e.truth_csv("headcount_monthly.csv").select(
        pl.col("month").str.to_date(),
        *[pl.col(c).cast(pl.Int64) for c in ("headcount", "hires", "exits")],
    )


def warehouse_headcount(e: Enterprise) -> pl.DataFrame:
    return e.query(
        "select month_start_date as month, count(*) filter (where is_active) as headcount, "
        "sum(hires_in_month) as hires, sum(exits_in_month) as exits "
        "from marts.fct_headcount_monthly group by month_start_date order by month_start_date"
    ).with_columns(pl.col(c).cast(pl.Int64) for c in ("headcount", "hires", "exits"))


def assert_resolvable_ids_link_to_the_right_person(e: Enterprise) -> None:
    j = joined_ids(e)
    resolvable = j.filter(pl.col("resolvable") & ~pl.col("evidence_lost"))
    wrong = resolvable.filter(
        (pl.col("resolution_status") != "matched")
        | (pl.col("employee_key_wh") != pl.col("employee_key"))
    )
    assert wrong.is_empty(), wrong.head(20)
    # The only exemption: evidence the ingest quarantined (bounded by the quarantine).
    assert_lost_evidence_is_bounded_by_quarantine(e)


def assert_every_truth_id_reached_the_crosswalk_or_was_quarantined(e: Enterprise) -> None:
    missing = truth_ids(e).join(crosswalk(e), on=["source", "raw_id", "id_kind"], how="anti")
    quarantined = e.query("select source, count(*) as n from raw.quarantine group by source")
    per_source = missing.group_by("source").len().join(quarantined, on="source", how="left")
    too_many = per_source.filter(pl.col("n").is_null() | (pl.col("len") > pl.col("n")))
    assert too_many.is_empty(), too_many


def assert_no_two_people_merged(e: Enterprise) -> None:
    j = joined_ids(e).filter(pl.col("resolution_status") == "matched")
    per_key = j.group_by("employee_key_wh").agg(pl.col("employee_key").n_unique().alias("people"))
    assert per_key.filter(pl.col("people") > 1).is_empty()
    per_person = j.group_by("employee_key").agg(pl.col("employee_key_wh").n_unique().alias("keys"))
    assert per_person.filter(pl.col("keys") > 1).is_empty()


def assert_unresolvable_ids_are_exceptions_with_a_reason(e: Enterprise) -> None:
    lost = joined_ids(e).filter(pl.col("evidence_lost")).select("source", "raw_id")
    unresolvable = (
        truth_ids(e).filter(~pl.col("resolvable")).join(lost, on=["source", "raw_id"], how="anti")
    )
    assert unresolvable.height > 0, "the generator planted no unresolvable ID"
    exceptions = e.query(
        "select source_name as source, raw_id, resolution_status, exception_reason, people_found "
        "from marts.id_exceptions"
    )
    found = unresolvable.join(exceptions, on=["source", "raw_id"], how="left")
    assert found.filter(pl.col("exception_reason").is_null()).is_empty(), found
    conflicts = found.filter(pl.col("reason").str.starts_with("conflict"))
    assert (conflicts["resolution_status"] == "conflict").all()
    assert (conflicts["people_found"] >= 2).all()


def assert_rates_equal_truth(e: Enterprise) -> None:
    expected = expected_summary(e)
    reported = reported_summary(e).filter(pl.col("source").is_in(expected["source"].implode()))
    assert reported.height == expected.height
    for col in ("ids_seen", "ids_matched", "ids_conflicting"):
        assert reported[col].cast(pl.Int64).to_list() == expected[col].cast(pl.Int64).to_list(), col
    for col in ("match_rate", "conflict_rate"):
        diffs = (reported[col] - expected[col]).abs().max()
        assert diffs is not None and diffs < 1e-12, col


def assert_headcount_equals_truth(e: Enterprise) -> None:
    """Headcount, hires and exits of every month of the truth, exactly: the generator re-sends
    clean every quarantined row that was the only record of a hire or an exit, so no true spell
    boundary is lost to the quarantine and nothing is adjusted."""
    truth = truth_headcount(e)
    # The truth file follows its documented definition ...
    assert monthly_counts(truth_spells(e), truth["month"]).equals(truth)
    # ... and the warehouse equals it, month by month.
    got = warehouse_headcount(e).join(truth.select("month"), on="month", how="inner")
    assert got.height == truth.height, "the warehouse is missing months of the truth"
    assert got.equals(truth), got.join(truth, on="month", suffix="_truth").filter(
        (pl.col("headcount") != pl.col("headcount_truth"))
        | (pl.col("hires") != pl.col("hires_truth"))
        | (pl.col("exits") != pl.col("exits_truth"))
    )
