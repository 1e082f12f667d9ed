"""The `talentloop` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.settings import DBT_PROJECT_DIR, PROJECT_ROOT, load_settings

app = typer.Typer(
    help="TalentLoop: AI-interview scores and the employee lifecycle in one warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

HomeOpt = Annotated[
    Path | None,
    typer.Option(
        "--home", envvar="TALENTLOOP_HOME", help="Folder for the warehouse, serving copy and logs."
    ),
]
LandingOpt = Annotated[
    Path | None,
    typer.Option(
        "--landing", envvar="TALENTLOOP_LANDING", help="Landing folder: one sub-folder per source."
    ),
]


@app.command()
def generate(
    out: Annotated[Path, typer.Option("--out", help="Landing folder to write.")],
    employees: Annotated[
        int, typer.Option("--employees", "-n", help="Active headcount at the as-of date.")
    ] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 0,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of history, YYYY-MM-DD (default today).")
    ] = None,
    scoring_bias: Annotated[
        str | None,
        typer.Option("--scoring-bias", help="Plant an AI scoring bias, e.g. sex:F or age:35+."),
    ] = None,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            help="Sample enterprise: bank (contract-shaped files, planted defects and truth) or "
            "retail (a US retailer's HRIS exports; its reference data and mappings go into the "
            "landing folder's parent, the home).",
        ),
    ] = "bank",
    pay_sources: Annotated[
        bool,
        typer.Option(
            "--pay-sources",
            help="Bank only: also write the optional pay, engagement-survey and time sources, "
            "with their planted effect on leaving (docs/models.md).",
        ),
    ] = False,
) -> None:
    """Generate a sample enterprise: the bank with planted defects and its truth in OUT/_truth,
    or another profile (--profile retail)."""
    from dataclasses import replace

    from sample_enterprise import PROFILES, GeneratorParams, generate_profile
    from sample_enterprise.bank.pay_sources import PaySourceParams

    if profile not in PROFILES:
        console.print(f"[red]unknown profile[/red] {profile}: one of {', '.join(PROFILES)}")
        raise typer.Exit(2)
    params = None
    if profile == "bank":
        params = GeneratorParams()
        if scoring_bias:
            params = replace(params, scoring_bias=scoring_bias)
    elif scoring_bias or pay_sources:
        option = "--scoring-bias" if scoring_bias else "--pay-sources"
        console.print(f"[red]{option}[/red] applies to the bank profile only")
        raise typer.Exit(2)
    with console.status(f"generating the sample enterprise ({profile})") as status:
        summary = generate_profile(
            profile,
            out,
            employees,
            seed=seed,
            as_of=date.fromisoformat(as_of) if as_of else None,
            params=params,
            progress=lambda msg: status.update(f"generating: {msg}"),
            pay=PaySourceParams() if pay_sources else None,
        )
    console.print(f"[green]wrote[/green] {out} in {summary.get('seconds', 0):.1f} s")
    for path in summary.get("home_files", []):
        console.print(f"[green]wrote[/green] {path}")
    rows = summary.get("rows", {})
    if rows:
        table = Table("source", "rows")
        for name, count in rows.items():
            table.add_row(name, f"{count:,}")
        console.print(table)


@app.command()
def build(
    home: HomeOpt = None,
    landing: LandingOpt = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Write every Dagster event (DEBUG) to the build log."),
    ] = False,
    from_archive: Annotated[
        bool,
        typer.Option("--from-archive", help="Build a new warehouse from the home's raw archive."),
    ] = False,
) -> None:
    """Load every landing file, build the warehouse, run every check, publish the serving copy.

    Exits 1 when a step or a blocking check fails; the previous serving copy is then kept;
    exits 2 when no pseudonym key is configured; exits 3 when another build holds the home."""
    import logging

    from ingest.encryption import EncryptionKeyError
    from ingest.pseudonyms import PseudonymKeyError
    from orchestration.build import (
        build_log_path,
        detail_lines,
        output_to_log,
        run_build,
        summary_lines,
    )
    from orchestration.build_lock import BuildLocked

    settings = load_settings(home, landing)
    console.print(
        f"building from [bold]{settings.landing}[/bold] into [bold]{settings.home}[/bold]"
    )
    log_path = build_log_path(settings.home)
    try:
        # dbt's and Dagster's output goes to the log; the terminal gets the progress line.
        with output_to_log(log_path) as terminal:
            lock_log = logging.getLogger("orchestration.build_lock")  # a stale lock cleared
            lock_log.addHandler(logging.StreamHandler(terminal))
            with Console(file=terminal).status("building: ingest, dbt, models, checks, publish"):
                result = run_build(
                    settings, log_level="DEBUG" if verbose else "INFO", from_archive=from_archive
                )
    except (PseudonymKeyError, EncryptionKeyError) as exc:
        console.print(f"[red]not built[/red]: {exc}")
        raise typer.Exit(2) from None
    except BuildLocked as exc:  # one writer per home
        console.print(f"[red]not started[/red]: {exc}")
        raise typer.Exit(3) from None
    with log_path.open("a", encoding="utf-8") as log:
        log.write("\n".join(detail_lines(result)) + "\n")
    for line in summary_lines(result, settings.serving_path, log_path):
        console.print(line, soft_wrap=True)
    if result.published:
        console.print(f"analysts: {settings.analyst_path} (pseudonymised, no identifiers)")
    raise typer.Exit(result.exit_code)


key_app = typer.Typer(help="The pseudonym key of analyst.duckdb.", no_args_is_help=True)
app.add_typer(key_app, name="key")


@key_app.command("init")
def key_init(home: HomeOpt = None) -> None:
    """Write a random pseudonym key to the home's key file (owner-only), unless one is set."""
    from ingest.pseudonyms import ensure_key_file

    path = ensure_key_file(load_settings(home).home)
    console.print(f"pseudonym key: {path} (keep it secret; back it up to keep pseudonyms stable)")


@app.command("rotate-key")
def rotate_key(home: HomeOpt = None) -> None:
    """Re-encrypt the warehouse, serving and analyst files and the raw archive under a new key
    (a random one written to <home>/encryption.key, or TALENTLOOP_NEW_ENCRYPTION_KEY when the
    key comes from TALENTLOOP_ENCRYPTION_KEY); encrypts a plain home. Exit 2 when refused, 3
    when a build holds the home."""
    from ingest.encryption import EncryptionKeyError
    from orchestration.build_lock import BuildLocked
    from orchestration.rotate_key import rotate

    try:
        rotation = rotate(load_settings(home))
    except EncryptionKeyError as exc:
        console.print(f"[red]refused[/red]: {exc}")
        raise typer.Exit(2) from None
    except BuildLocked as exc:
        console.print(f"[red]not started[/red]: {exc}")
        raise typer.Exit(3) from None
    for path in rotation.files:
        console.print(f"re-encrypted {path}")
    console.print(f"archive objects re-sealed: {rotation.archive_objects}")
    if rotation.key_file:
        console.print(f"new key: {rotation.key_file} (back it up: without it nothing opens)")
    else:
        console.print("set TALENTLOOP_ENCRYPTION_KEY to TALENTLOOP_NEW_ENCRYPTION_KEY's value now")


@app.command()
def serve(
    home: HomeOpt = None,
    port: Annotated[int, typer.Option(help="Port of the dashboards.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to listen on.")] = "localhost",
) -> None:
    """Serve the dashboards (Streamlit) on the published serving copy."""
    settings = load_settings(home)
    env = {**os.environ, "TALENTLOOP_HOME": str(settings.home)}
    app_path = PROJECT_ROOT / "dashboards" / "streamlit_app.py"
    console.print(f"TalentLoop dashboards: http://{address}:{port}")
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port), "--server.address", address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no Deploy button, no developer menu
    ]  # fmt: skip
    raise typer.Exit(subprocess.call(cmd, env=env))


@app.command()
def ui(
    home: HomeOpt = None,
    landing: LandingOpt = None,
    port: Annotated[int, typer.Option(help="Port of the Dagster UI.")] = 3000,
) -> None:
    """Open the Dagster UI on the TalentLoop definitions (lineage, runs, checks, schedules)."""
    settings = load_settings(home, landing)
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(settings.dagster_home),
        "TALENTLOOP_HOME": str(settings.home),
        "TALENTLOOP_LANDING": str(settings.landing),
    }
    cmd = [
        sys.executable,
        "-m",
        "dagster",
        "dev",
        "-m",
        "orchestration.definitions",
        "-p",
        str(port),
    ]
    raise typer.Exit(subprocess.call(cmd, env=env, cwd=PROJECT_ROOT))


@app.command()
def docs(
    home: HomeOpt = None,
    port: Annotated[int, typer.Option(help="Port of the dbt docs site.")] = 8080,
    serve_site: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after generating.")
    ] = True,
) -> None:
    """Generate the dbt docs catalog of the warehouse and serve it."""
    from orchestration.dbt_manifest import dbt_executable

    settings = load_settings(home)
    target = settings.dbt_target_dir / "docs"
    env = {**os.environ, "TALENTLOOP_WAREHOUSE": str(settings.warehouse_path)}
    base = [
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
    ]
    code = subprocess.call([dbt_executable(), "docs", "generate", *base], env=env)
    if code or not serve_site:
        raise typer.Exit(code)
    console.print(f"dbt docs: http://localhost:{port}")
    raise typer.Exit(
        subprocess.call([dbt_executable(), "docs", "serve", *base, "--port", str(port)], env=env)
    )


@app.command()
def check(home: HomeOpt = None) -> None:
    """Run every data-quality check on the current warehouse and print the results.

    Exits 1 when a check of severity ERROR fails."""
    from expectations import run_all
    from expectations.config import quality_config
    from ingest import encryption

    settings = load_settings(home)
    if not settings.warehouse_path.exists():
        console.print(
            f"[red]no warehouse at {settings.warehouse_path}[/red]: run `talentloop build` first"
        )
        raise typer.Exit(2)
    try:
        con = encryption.connect(settings.warehouse_path, read_only=True)
    except encryption.EncryptionKeyError as exc:
        console.print(f"[red]cannot open the warehouse[/red]: {exc}")
        raise typer.Exit(2) from None
    try:
        with console.status("running checks"):
            results = run_all(con, config=quality_config(settings), landing=settings.landing)
    finally:
        con.close()
    table = Table(
        "check", "asset", "severity", "result", "observed", "message", title="Data quality"
    )
    for r in results:
        table.add_row(
            r.name,
            r.asset,
            r.severity,
            "[green]pass[/green]" if r.passed else "[red]FAIL[/red]",
            str(r.observed),
            r.message or "",
        )
    console.print(table)
    failed_errors = [r for r in results if not r.passed and r.severity == "ERROR"]
    console.print(
        f"{sum(r.passed for r in results)} passed, {sum(not r.passed for r in results)} failed"
    )
    raise typer.Exit(1 if failed_errors else 0)


@app.command()
def report(
    out: Annotated[
        Path, typer.Option("--out", help="HTML file to write; a PDF is written beside it.")
    ],
    lang: Annotated[str, typer.Option("--lang", help="A catalog language: zh, en, fr.")] = "zh",
    period: Annotated[
        str | None, typer.Option("--period", help="Month YYYY-MM (default: latest).")
    ] = None,
    home: HomeOpt = None,
) -> None:
    """Write the executive strategy report (self-contained HTML and PDF) from the serving copy."""
    from dashboards.i18n import LANGUAGES
    from dashboards.report import write_report

    if lang not in LANGUAGES:
        raise typer.BadParameter(f"--lang must be one of {', '.join(LANGUAGES)}")
    settings = load_settings(home)
    with console.status("writing the strategy report"):
        written = write_report(settings.serving_path, lang, period, out)
    for path in written:
        console.print(f"[green]wrote[/green] {path}")


@app.command()
def bench(
    employees: Annotated[
        int, typer.Option("--employees", "-n", help="Employees of the generated enterprise.")
    ] = 10_000,
    repeat: Annotated[
        int, typer.Option("--repeat", "-k", help="Repeats of each page's queries.")
    ] = 20,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the results as JSON here.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 0,
    home: Annotated[
        Path | None, typer.Option("--home", help="Work folder (default: .talentloop/bench-N).")
    ] = None,
) -> None:
    """Measure floor, ingest, dbt, models, checks, publish and page queries on N employees."""
    import json

    from orchestration.bench import run_bench

    home = home or Path(".talentloop") / f"bench-{employees}"
    settings = load_settings(home, Path(home) / "landing")
    with console.status(f"benchmarking {employees:,} employees"):
        result = run_bench(settings, employees, repeat, seed=seed)
    floor = result["stages"]["floor"]["seconds"] or 1e-9
    table = Table("stage", "seconds", "x floor", "peak RSS MB", title=f"{employees:,} employees")
    for stage, v in result["stages"].items():
        table.add_row(
            stage, f"{v['seconds']:.2f}", f"{v['seconds'] / floor:.2f}", f"{v['peak_rss_mb']:.0f}"
        )
    console.print(table)
    pages = Table("page", "p50 ms", "p95 ms", title="dashboard queries")
    for page, v in result["pages"].items():
        pages.add_row(page, f"{v['p50_ms']:.1f}", f"{v['p95_ms']:.1f}")
    console.print(pages)
    slowest = Table("step", "seconds", title="slowest steps of the build")
    for step, seconds in list(result["steps"].items())[:8]:
        slowest.add_row(step, f"{seconds:.2f}")
    console.print(slowest)
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
        console.print(f"wrote {json_out}")


# Access and the personal-data lifecycle (issue 21): users, audit, erase.
from orchestration.access_cli import audit_app, erase, users_app  # noqa: E402

app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.command("erase")(erase)


# --- map: source mappings (issue 18) ----------------------------------------------------------

map_app = typer.Typer(help="Source mappings: bring a customer's exports to the contract.")
app.add_typer(map_app, name="map")


@map_app.command("init")
def map_init(
    source: Annotated[
        str, typer.Option("--source", help="The contract source, e.g. hr_employees.")
    ],
    file: Annotated[Path, typer.Option("--file", help="One export file of that source.")],
    home: HomeOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Draft to write (default: <home>/mappings/<source>.toml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing mapping.")] = False,
) -> None:
    """Profile an export (columns, types, values, date formats, the likely contract field of
    each column and why) and write a draft mapping to edit, then `talentloop map check`."""
    from ingest import vocabulary
    from ingest.contract import SOURCES
    from ingest.profile import draft_mapping, profile_export

    # Values are matched against this home's codes (its reference data), not another home's.
    vocabulary.activate_home(load_settings(home).home)
    if source not in SOURCES:
        console.print(f"[red]unknown source[/red] {source}: one of {', '.join(SOURCES)}")
        raise typer.Exit(2)
    target = out or load_settings(home).home / "mappings" / f"{source}.toml"
    if target.exists() and not force:
        console.print(f"[red]not written[/red]: {target} exists (--force replaces it)")
        raise typer.Exit(1)
    profile = profile_export(file, source)
    table = Table("column", "type", "blank", "values", "likely field", "evidence", title=file.name)
    for col in profile.columns:
        shown = ", ".join(col.date_formats) if col.date_formats else ""
        if col.top and not shown:
            shown = ", ".join(f"{v} ({n})" for v, n in col.top)
        table.add_row(
            col.name,
            col.kind,
            str(col.blanks),
            shown or f"{col.distinct} distinct",
            col.guess or "-",
            "; ".join(col.evidence),
        )
    console.print(table)
    for name, expression in profile.derived.items():
        console.print(f"derived {name} = {expression}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft_mapping(profile), encoding="utf-8")
    console.print(
        f"wrote the draft [bold]{target}[/bold] ({profile.encoding}, {profile.rows} rows)"
    )
    if profile.unmapped_required:
        missing = ", ".join(profile.unmapped_required)
        console.print(f"[yellow]required fields not mapped[/yellow]: {missing}")


@map_app.command("check")
def map_check(
    home: HomeOpt = None,
    landing: LandingOpt = None,
    mappings: Annotated[
        Path | None,
        typer.Option("--mappings", help="Mappings folder (default: <home>/mappings)."),
    ] = None,
) -> None:
    """Run the mappings on the landing files in a sandbox: per file what loads, per field what
    would be quarantined. Publishes nothing, never touches the warehouse. Exits 1 when a file
    is rejected or a row would be quarantined."""
    from ingest import vocabulary
    from ingest.sandbox import check_mappings

    settings = load_settings(home, landing)
    # The codes a row may hold are this home's reference data, as in its build.
    vocabulary.activate_home(settings.home)
    folder = mappings or settings.home / "mappings"
    report = check_mappings(settings.landing, folder)
    files = Table("source", "file", "status", "read", "loaded", "quarantined", "message")
    for source, file, status, read, loaded, quarantined, message in report["files"]:
        files.add_row(source, file, status, str(read), str(loaded), str(quarantined), message or "")
    console.print(files)
    fields = Table(
        "source", "field", "export", "rule", "rows", "first at", title="would be quarantined"
    )
    for source, fld, rule, rows, file, line, column in report["quarantine"]:
        fields.add_row(source, fld, column, rule, str(rows), f"{file} line {line}")
    console.print(fields)
    console.print("sandbox only: nothing was published")
    bad = report["quarantine"] or any(f[2] == "rejected" for f in report["files"])
    raise typer.Exit(1 if bad else 0)


# --- publish from another engine (issue 20; docs/scale-out.md) -------------------------------


@app.command("publish")
def publish_engine(
    from_engine: Annotated[
        str, typer.Option("--from-engine", help="postgres or spark: where dbt built the marts.")
    ],
    home: HomeOpt = None,
    marts: Annotated[
        Path | None,
        typer.Option("--marts", help="spark: the folder spark_build exported the marts to."),
    ] = None,
) -> None:
    """Publish serving.duckdb and analyst.duckdb from a build on PostgreSQL or Spark.

    The engine's marts are copied into a DuckDB mirror beside the home's warehouse (its raw
    ledger, ops and ml stay the home's) and published as after a DuckDB build. On PostgreSQL the
    analyst schema is also written pseudonymised (`analyst_pseudonymised`) and granted to the
    role `talentloop_analyst`, which may read nothing else. PostgreSQL is reached with the dbt
    profile's TALENTLOOP_PG_* variables."""
    from ingest.pseudonyms import PseudonymKeyError, load_key
    from orchestration.engines import serving_copy
    from orchestration.engines.postgres_analyst import publish_analyst_schema
    from orchestration.engines.profiles import connect_postgres

    settings = load_settings(home)
    try:
        key = load_key(settings.home)
    except PseudonymKeyError as exc:
        console.print(f"[red]not published[/red]: {exc}")
        raise typer.Exit(2) from exc
    try:
        if from_engine == "spark":
            if marts is None:
                raise typer.BadParameter("--marts is required with --from-engine spark")
            copier = serving_copy.spark_copier(marts)
            done = serving_copy.publish_from_engine(
                settings.warehouse_path,
                settings.serving_path,
                copier,
                analyst_path=settings.analyst_path,
                key=key,
            )
        elif from_engine == "postgres":
            with connect_postgres() as pg:
                done = serving_copy.publish_from_engine(
                    settings.warehouse_path,
                    settings.serving_path,
                    serving_copy.postgres_copier(pg),
                    analyst_path=settings.analyst_path,
                    key=key,
                )
                schema = publish_analyst_schema(pg, key)
            console.print(
                f"analysts on PostgreSQL: role {schema.role} reads {schema.schema} only "
                f"({schema.tables} tables, {schema.views} views, {schema.pseudonyms:,} pseudonyms)"
            )
        else:
            raise typer.BadParameter("--from-engine must be postgres or spark")
    except serving_copy.EngineCopyError as exc:
        console.print(f"[red]not published[/red]: {exc}")
        raise typer.Exit(1) from exc
    result = done.published
    console.print(
        f"[green]published[/green] {result.serving_path} ({result.tables} tables) and "
        f"{result.analyst_path} from {from_engine}: {len(done.engine_relations)} relations "
        f"from the engine, {len(done.local_tables)} from the home's warehouse"
    )


if __name__ == "__main__":
    app()
