"""Retention of the raw archive: a daily job removes deliveries kept past `retention_days`.

`[archive] retention_days` in talentloop.toml (default 90) and `[archive] purge_cron`
(default 04:15 daily). The job logs every file it removed, by source, path and hash.
"""

import dagster as dg

from ingest.raw_archive import DEFAULT_RETENTION_DAYS, purge
from ingest.settings import load_settings
from orchestration.resources import WarehouseResource

PURGE_JOB = "archive_purge"


def retention_days(section: dict) -> int:
    return int(section.get("retention_days", DEFAULT_RETENTION_DAYS))


@dg.op(description="Remove archived landing files older than the retention period.")
def purge_archive(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> int:
    days = retention_days(load_settings(warehouse.home).section("archive"))
    removed = purge(warehouse.home_path, days)
    for e in removed:
        context.log.info(f"purged {e.source} {e.file} ({e.sha256[:12]}), archived {e.archived_at}")
    context.log.info(f"archive retention {days} days: {len(removed)} file(s) removed")
    return len(removed)


@dg.job(name=PURGE_JOB, description="Purge the raw archive past its retention.")
def archive_purge_job() -> None:
    purge_archive()


purge_schedule = dg.ScheduleDefinition(
    name="archive_purge_daily",
    job=archive_purge_job,
    cron_schedule=load_settings().section("archive").get("purge_cron", "15 4 * * *"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

defs = dg.Definitions(jobs=[archive_purge_job], schedules=[purge_schedule])
