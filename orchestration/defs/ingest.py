"""One Dagster asset per landing source: decode, check the contract, load or quarantine."""

import os
from datetime import date
from functools import partial
from pathlib import Path

import dagster as dg
import polars as pl

from ingest import vocabulary
from ingest.contract import REFERENCE_SOURCES, SOURCES
from ingest.raw_schema import create_raw_tables
from orchestration.resources import WarehouseResource


def load_as_of() -> date | None:
    """The date against which `future_date` is judged: today unless TALENTLOOP_AS_OF is set."""
    value = os.environ.get("TALENTLOOP_AS_OF")
    return date.fromisoformat(value) if value else None


def _raw_asset(source_name: str) -> dg.AssetsDefinition:
    source = SOURCES[source_name]
    # Reference sources load first: other sources check their codes against them.
    deps = (
        []
        if source_name in REFERENCE_SOURCES
        else [dg.AssetKey(["raw", r]) for r in REFERENCE_SOURCES]
    )

    @dg.asset(
        key=["raw", source_name],
        group_name="ingest",
        deps=deps,
        description=f"{source.en} ({source.zh}) from {source.system}: {source.description}",
        kinds={"duckdb", "polars"},
        metadata={"landing_folder": source_name, "format": source.format},
    )
    def _load(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        from ingest import tombstones
        from ingest.load import load_source  # imported late: keeps definition loading light
        from ingest.mapping import load_mappings
        from ingest.raw_archive import archive_dir, archive_prepared

        # A customer's mapping files (<home>/mappings/<source>.toml) bring their exports to
        # the contract; a source without one is read as the contract describes it.
        mapping = load_mappings(Path(warehouse.home) / "mappings").get(source_name)
        home = warehouse.home_path.resolve()
        # The raw record of each delivery stays in the home (docs/security.md), handed over by
        # the ingest with the bytes it read; a landing restored from the archive is not kept again.
        archive = None
        if not warehouse.landing_path.resolve().is_relative_to(archive_dir(home)):
            archive = partial(archive_prepared, home, source_name)
        with warehouse.connect() as con:
            create_raw_tables(con)
            result = load_source(
                con,
                warehouse.landing_path,
                source_name,
                load_id=context.run.run_id,
                as_of=load_as_of(),
                tombstones=tombstones.load(warehouse.home_path),  # erased people stay erased
                mapping=mapping,
                archive=archive,
            )
        for f in result.files:
            if f.status == "rejected":
                # Names the file and the rule, never row contents.
                context.log.warning(f"{f.file}: rejected: {f.message}")
        return dg.MaterializeResult(
            metadata={
                "files": len(result.files),
                "files_rejected": sum(f.status == "rejected" for f in result.files),
                "files_skipped_seen": sum(f.status == "skipped_seen" for f in result.files),
                "rows_read": result.rows_read,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
            }
        )

    return _load


raw_assets = [_raw_asset(name) for name in SOURCES]
LOAD_MANIFEST_KEY = dg.AssetKey(["raw", "load_manifest"])


QUARANTINE_KEY = dg.AssetKey(["raw", "quarantine"])
VOCABULARY_KEYS = [dg.AssetKey(["raw", f"vocab_{table}"]) for table in vocabulary.TABLES]


@dg.multi_asset(
    name="load_manifest",
    group_name="ingest",
    specs=[
        dg.AssetSpec(
            LOAD_MANIFEST_KEY,
            deps=[a.key for a in raw_assets],
            kinds={"duckdb"},
            description=(
                "The load manifest of this build: one row per landing file with rows read, "
                "loaded and quarantined. Complete once every source has loaded and passed its "
                "blocking checks, so the whole dbt project builds after it, from one load."
            ),
        ),
        dg.AssetSpec(
            QUARANTINE_KEY,
            deps=[a.key for a in raw_assets],
            kinds={"duckdb"},
            description="Every row that failed the contract: source, file, line, rule, payload.",
        ),
        *(
            dg.AssetSpec(
                key,
                deps=[a.key for a in raw_assets],
                kinds={"duckdb"},
                description=(
                    f"The customer's {key.path[-1][6:]} (<home>/reference), checked and "
                    "written by the ingest; replaced by each build."
                ),
            )
            for key in VOCABULARY_KEYS
        ),
    ],
)
def load_manifest(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    from ingest.load import record_not_loaded, unknown_folder_entries

    run_id = context.run.run_id
    vocab = vocabulary.activate_home(warehouse.home_path)
    with warehouse.connect() as con:
        create_raw_tables(con)
        # Folders the contract does not know (`payroll/`): listed, never read.
        not_loaded = record_not_loaded(con, unknown_folder_entries(warehouse.landing_path), run_id)
        files, rejected, skipped, read, loaded, quarantined = con.execute(
            """
            select count(*), count(*) filter (where status = 'rejected'),
                   count(*) filter (where status = 'skipped_seen'),
                   coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0),
                   coalesce(sum(rows_quarantined), 0)
            from raw.load_manifest where load_id = ?
            """,
            [run_id],
        ).fetchall()[0]
        by_rule = con.execute(
            "select rule, count(*) from raw.quarantine where load_id = ? group by rule order by rule",
            [run_id],
        ).fetchall()
    yield dg.MaterializeResult(
        asset_key=LOAD_MANIFEST_KEY,
        metadata={
            "files": files,
            "files_rejected": rejected,
            "files_skipped_seen": skipped,
            "rows_read": read,
            "rows_loaded": loaded,
            "rows_quarantined": quarantined,
            "balanced": read == loaded + quarantined,
            "files_not_loaded": not_loaded,
        },
    )
    yield dg.MaterializeResult(
        asset_key=QUARANTINE_KEY,
        metadata={"rows_quarantined": quarantined, **{f"rule_{r}": n for r, n in by_rule}},
    )
    for key in VOCABULARY_KEYS:
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"codes": len(vocab.terms(key.path[-1][6:])), "folder": str(vocab.folder)},
        )


SOURCES_KEY = dg.AssetKey(["ops", "sources"])


@dg.asset(
    key=SOURCES_KEY,
    group_name="ingest",
    deps=[LOAD_MANIFEST_KEY],
    kinds={"duckdb"},
    description=(
        "Per source of the contract: required or optional, delivered or not, rows loaded and "
        "quarantined, last load. Served, so every page and the report can say which missing "
        "source a figure needs, in both languages (name_en, name_zh)."
    ),
)
def ops_sources(warehouse: WarehouseResource) -> dg.MaterializeResult:
    from ingest.source_status import write_source_status

    with warehouse.connect() as con:
        frame = write_source_status(con)
    missing = frame.filter(pl.col("status") != "ok")["source"].to_list()
    return dg.MaterializeResult(
        metadata={"sources_without_rows": ", ".join(missing) or "none", "sources": frame.height}
    )


defs = dg.Definitions(assets=[*raw_assets, load_manifest, ops_sources])
