"""fct_headcount_monthly against the generator's truth (`_truth/headcount_monthly.csv`)."""

from __future__ import annotations

import polars as pl
import warehouse_checks as checks
from warehouse_build import Enterprise


def test_headcount_hires_and_exits_per_month_equal_the_truth(enterprise: Enterprise) -> None:
    checks.assert_headcount_equals_truth(enterprise)


def test_resent_rows_load_while_their_broken_lines_stay_quarantined(
    enterprise: Enterprise,
) -> None:
    resent = enterprise.truth_csv("defects.csv").filter(
        pl.col("defect") == "resent_after_quarantine"
    )
    # Exit lines were quarantined in this enterprise: without the re-sends the exact headcount
    # comparison above could not hold.
    assert resent.filter(pl.col("source") == "exits").height > 0
    copies = resent.select("source", "file", pl.col("line").cast(pl.Int64))
    loaded = pl.concat(
        enterprise.query(
            f"select '{source}' as source, _file as file, cast(_line as bigint) as line "
            f"from raw.{source}"
        )
        for source in sorted(set(copies["source"]))
    )
    assert copies.join(loaded, on=["source", "file", "line"], how="anti").is_empty()
    broken = resent.select(
        "source",
        file=pl.col("detail").str.extract(r"^(\S+) line"),
        line=pl.col("detail").str.extract(r" line (\d+) ").cast(pl.Int64),
    )
    quarantined = enterprise.query("select source, file, line from raw.quarantine")
    assert broken.join(quarantined, on=["source", "file", "line"], how="anti").is_empty()


def test_one_row_per_employee_and_month(enterprise: Enterprise) -> None:
    dupes = enterprise.query(
        "select employee_key, month_start_date, count(*) as n from marts.fct_headcount_monthly "
        "group by all having count(*) > 1"
    )
    assert dupes.is_empty()


def test_every_snapshot_row_has_the_version_valid_that_day(enterprise: Enterprise) -> None:
    orphans = enterprise.query(
        """
        select count(*) as n
        from marts.fct_headcount_monthly as h
        left join marts.dim_employee as d
            on d.employee_version_key = h.employee_version_key
            and h.reference_date between d.valid_from and d.valid_to
        where d.employee_version_key is null
        """
    )
    assert orphans["n"][0] == 0


def test_scd2_versions_do_not_overlap(enterprise: Enterprise) -> None:
    overlaps = enterprise.query(
        """
        select count(*) as n
        from marts.dim_employee as a
        join marts.dim_employee as b
            on a.employee_key = b.employee_key
            and a.employee_version_key < b.employee_version_key
            and a.valid_from <= b.valid_to and b.valid_from <= a.valid_to
        """
    )
    assert overlaps["n"][0] == 0
    current = enterprise.query(
        "select employee_key, count(*) filter (where is_current) as n from marts.dim_employee "
        "group by employee_key having n <> 1"
    )
    assert current.is_empty()
