"""The monthly executive strategy report: a job (not an asset, so the build job, which selects
every asset, does not write reports, and the report does not become upstream of the serving
copy it reads) and a schedule that runs it on the 1st of each month for the month just ended.

Writes `<home>/reports/strategy_<YYYY-MM>_<lang>.html` and `.pdf` in every language that has a catalog.
"""

import datetime as dt
from pathlib import Path

import dagster as dg

from orchestration.resources import WarehouseResource

REPORT_JOB = "strategy_report"


class ReportConfig(dg.Config):
    """`period` is YYYY-MM; empty means the latest month in the serving copy."""

    period: str = ""


def reports_dir(home: Path) -> Path:
    return home / "reports"


@dg.op
def write_strategy_reports(
    context: dg.OpExecutionContext, config: ReportConfig, warehouse: WarehouseResource
) -> list[str]:
    from dashboards.i18n import LANGUAGES
    from dashboards.queries import months
    from dashboards.report import write_report
    from dashboards.report.figures import parse_period
    from dashboards.serving import connect

    serving = warehouse.home_path / "serving.duckdb"
    with connect(serving) as con:
        period = parse_period(config.period or None, months(con))
    written: list[str] = []
    for lang in LANGUAGES:
        out = reports_dir(warehouse.home_path) / f"strategy_{period:%Y-%m}_{lang}.html"
        written += [str(p) for p in write_report(serving, lang, f"{period:%Y-%m}", out)]
    context.add_output_metadata({"files": written, "period": f"{period:%Y-%m}"})
    return written


@dg.job(
    name=REPORT_JOB, description="Executive strategy report (HTML and PDF, every catalog language)."
)
def strategy_report_job() -> None:
    write_strategy_reports()


@dg.schedule(job=strategy_report_job, cron_schedule="0 6 1 * *", execution_timezone="Asia/Shanghai")
def monthly_strategy_report(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """On the 1st at 06:00, the report of the month that just ended (if the data reaches it)."""
    scheduled = context.scheduled_execution_time or dt.datetime.now()
    last_month = (scheduled.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    return dg.RunRequest(
        run_key=last_month,
        run_config={"ops": {"write_strategy_reports": {"config": {"period": last_month}}}},
    )


defs = dg.Definitions(jobs=[strategy_report_job], schedules=[monthly_strategy_report])
