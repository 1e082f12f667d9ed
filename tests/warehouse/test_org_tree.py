"""Issue 18 part 1, the org hierarchy is the customer's: a retailer's five-level tree (company /
division / region / store / department, the store its business unit) written in its own level
codes (`<home>/reference/org_levels.csv`), loaded by the real ingest and flattened by the real
dbt models: every unit gets its root, its business unit and its department; a unit of a level
the reference data lacks is quarantined with the rule; a unit whose chain breaks, runs deeper
than the documented maximum or loops is listed in marts.id_exceptions with its reason, and the
build does not fail."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml
from engines import skip_or_fail
from postgres_server import postgres_bin, postgres_server
from warehouse_build import run_dbt

from ingest import vocabulary
from ingest.load import load_landing
from ingest.settings import DBT_PROJECT_DIR
from ingest.vocabulary import ORG_TREE_MAX_DEPTH, SAMPLE_BANK_REFERENCE, load_vocabulary
from orchestration.engines.raw_transfer import copy_raw_to_postgres, export_raw_to_parquet
from orchestration.engines.spark_build import run_in_process
from tests.quality.landing import _write_csv

LEVELS = """level_code,level_rank,is_business_unit,name_zh,name_en
company,1,false,公司,Company
division,2,false,事业部,Division
region,3,false,大区,Region
store,4,true,门店,Store
department,5,false,部门,Department
"""
# code, parent, level, then the expected root, business unit and department (None: NULL).
TREE = [
    ("CO", "", "company", "CO", "CO", None),
    ("CO-HR", "CO", "department", "CO", "CO", "CO-HR"),  # under the root: the root is its unit
    ("DV1", "CO", "division", "CO", "CO", None),
    ("DV2", "CO", "division", "CO", "CO", None),
    ("RG11", "DV1", "region", "CO", "CO", None),  # above the store level: the root
    ("RG11-OPS", "RG11", "department", "CO", "CO", "RG11-OPS"),
    ("RG21", "DV2", "region", "CO", "CO", None),
    ("ST111", "RG11", "store", "CO", "ST111", None),
    ("ST112", "RG11", "store", "CO", "ST112", None),
    ("ST211", "RG21", "store", "CO", "ST211", None),
    ("ST111-D1", "ST111", "department", "CO", "ST111", "ST111-D1"),
    ("ST111-D2", "ST111", "department", "CO", "ST111", "ST111-D2"),
    ("ST112-D1", "ST112", "department", "CO", "ST112", "ST112-D1"),
    ("ST211-D1", "ST211", "department", "CO", "ST211", "ST211-D1"),
    # A chain exactly as deep as the maximum (8 units): regions under regions.
    ("RG11A", "RG11", "region", "CO", "CO", None),
    ("RG11B", "RG11A", "region", "CO", "CO", None),
    ("RG11C", "RG11B", "region", "CO", "CO", None),
    ("ST9", "RG11C", "store", "CO", "ST9", None),
    ("ST9-D1", "ST9", "department", "CO", "ST9", "ST9-D1"),
]
# Units listed as exceptions: code, parent, level, reason.
BROKEN = [
    ("ST9-D1-X", "ST9-D1", "department", "org_tree_too_deep"),  # the 9th unit down
    ("ORPHAN-D1", "ST404", "department", "org_parent_missing"),  # no unit ST404
    ("LOOP1", "LOOP2", "store", "org_tree_too_deep"),  # a cycle never reaches a root
    ("LOOP2", "LOOP1", "store", "org_tree_too_deep"),
    ("KIOSK-D1", "KIOSK1", "department", "org_parent_missing"),  # its parent is quarantined
]
QUARANTINED = ("KIOSK1", "ST111", "kiosk")  # a level the reference data does not have
BUILD = ["build", "--select", "+dim_org_unit", "+id_exceptions", "--indirect-selection", "cautious"]
DIM = "marts.dim_org_unit"
FLAT = ["org_unit_code", "head_office_code", "branch_code", "department_code", "branch_name_en"]
EXCEPTIONS = "marts.id_exceptions"
LISTED = ["exception_key", "raw_id", "id_kind", "exception_reason", "resolution_status"]


@pytest.fixture(scope="module")
def org_tree_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("org-tree")
    reference = root / "home" / "reference"
    shutil.copytree(SAMPLE_BANK_REFERENCE, reference)
    (reference / "org_levels.csv").write_text(LEVELS, encoding="utf-8")
    vocabulary.activate(load_vocabulary(reference))
    try:
        units = [(c, p, lvl) for c, p, lvl, *_ in TREE] + [b[:3] for b in BROKEN]
        rows = [
            dict(org_unit_code=c, parent_code=p, name_zh=c, name_en=c, level=lvl, city="Austin")
            for c, p, lvl in [*units, QUARANTINED]
        ]
        landing = root / "landing"
        _write_csv(landing / "org_units" / "locations.csv", "org_units", rows)
        warehouse = root / "warehouse.duckdb"
        with duckdb.connect(str(warehouse)) as con:
            load_landing(con, landing, sources=["org_units"], as_of=date(2025, 6, 30))
    finally:
        vocabulary.deactivate()
    built = run_dbt(BUILD, warehouse, root / "dbt_target")
    assert built.returncode == 0, built.stdout[-5000:] + built.stderr[-2000:]
    return warehouse


def test_every_unit_of_a_five_level_tree_gets_its_root_business_unit_and_department(
    org_tree_build: Path,
) -> None:
    with duckdb.connect(str(org_tree_build), read_only=True) as con:
        got = {
            r[0]: r[1:]
            for r in con.execute(
                "select org_unit_code, head_office_code, branch_code, department_code, "
                "branch_name_en from marts.dim_org_unit"
            ).fetchall()
        }
    for code, _, _, root, unit, department in TREE:
        assert got[code] == (root, unit, department, unit), code


def test_a_level_the_reference_lacks_is_quarantined_with_the_rule(org_tree_build: Path) -> None:
    with duckdb.connect(str(org_tree_build), read_only=True) as con:
        rows = con.execute(
            "select rule, field from raw.quarantine where source = 'org_units'"
        ).fetchall()
        in_dim = con.execute(
            "select count(*) from marts.dim_org_unit where org_unit_code = ?", [QUARANTINED[0]]
        ).fetchone()[0]
    assert rows == [("not_allowed", "level")]
    assert in_dim == 0


def test_broken_too_deep_and_looping_chains_are_exceptions_with_a_reason(
    org_tree_build: Path,
) -> None:
    with duckdb.connect(str(org_tree_build), read_only=True) as con:
        listed = con.execute(
            "select raw_id, exception_reason, id_kind from marts.id_exceptions "
            "where source_name = 'org_units' order by raw_id"
        ).fetchall()
        roots = dict(
            con.execute("select org_unit_code, head_office_code from marts.dim_org_unit").fetchall()
        )
    assert listed == sorted((code, reason, "org_unit") for code, _, _, reason in BROKEN)
    assert all(roots[code] is None for code, *_ in BROKEN)


def test_the_maximum_depth_is_one_number() -> None:
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["org_tree_max_depth"] == ORG_TREE_MAX_DEPTH
    depths = {code: 1 for code, parent, *_ in TREE if not parent}
    while len(depths) < len(TREE):
        for code, parent, *_ in TREE:
            if parent in depths:
                depths[code] = depths[parent] + 1
    assert max(depths.values()) == ORG_TREE_MAX_DEPTH  # the test's tree reaches the maximum


def _rows(frame: pl.DataFrame, columns: list[str]) -> list[tuple]:
    return sorted(frame.select(columns).rows(), key=str)


def _duckdb_result(warehouse: Path) -> tuple[list[tuple], list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        dim = con.sql(f"select * from {DIM}").pl()
        listed = con.sql(f"select * from {EXCEPTIONS} where source_name = 'org_units'").pl()
    return _rows(dim, FLAT), _rows(listed, LISTED)


@pytest.mark.slow
def test_postgresql_flattens_the_tree_as_duckdb_does(org_tree_build: Path, tmp_path: Path) -> None:
    bin_dir = postgres_bin()
    if bin_dir is None:
        skip_or_fail("PostgreSQL is not installed (make engines)")
    with postgres_server(bin_dir) as server:
        with duckdb.connect(str(org_tree_build), read_only=True) as con, server.connect() as pg:
            copy_raw_to_postgres(con, pg)
        engine = {"TALENTLOOP_DBT_TARGET": "postgres", **server.env()}
        built = run_dbt(BUILD, org_tree_build, tmp_path / "target", engine)
        assert built.returncode == 0, built.stdout[-5000:]
        with server.connect() as pg, pg.cursor() as cur:
            frames = []
            for sql in (
                f"select * from {DIM}",
                f"select * from {EXCEPTIONS} where source_name = 'org_units'",
            ):
                cur.execute(sql)
                columns = [d.name for d in cur.description]
                frames.append(pl.DataFrame(cur.fetchall(), schema=columns, orient="row"))
    assert (_rows(frames[0], FLAT), _rows(frames[1], LISTED)) == _duckdb_result(org_tree_build)


@pytest.mark.slow
def test_spark_flattens_the_tree_as_duckdb_does(org_tree_build: Path, tmp_path: Path) -> None:
    if shutil.which("java") is None:
        skip_or_fail("no Java runtime for Spark (make engines)")
    with duckdb.connect(str(org_tree_build), read_only=True) as con:
        export_raw_to_parquet(con, tmp_path / "raw")
    out = tmp_path / "marts"
    # The export after the build reads both mart schemas: the analyst view makes the second.
    done = run_in_process(tmp_path / "raw", out, [*BUILD[:4], "analyst_dim_org_unit", *BUILD[4:]])
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    dim = pl.read_parquet(out / f"{DIM}.parquet")
    listed = pl.read_parquet(out / f"{EXCEPTIONS}.parquet").filter(
        pl.col("source_name") == "org_units"
    )
    assert (_rows(dim, FLAT), _rows(listed, LISTED)) == _duckdb_result(org_tree_build)
