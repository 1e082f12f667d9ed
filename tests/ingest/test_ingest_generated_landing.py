"""The loader against a generated enterprise: exactly the planted quarantine, nothing twice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.contract import PAY_ENGAGEMENT_SOURCES, SOURCES
from ingest.load import load_landing
from sample_enterprise import generate

KEY = ["source", "file", "line", "rule"]


@pytest.fixture(
    scope="module",
    params=[pytest.param(120, id="120"), pytest.param(20_000, id="20k", marks=pytest.mark.slow)],
)
def generated(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    # The figure is 20,000 employees; 120 keeps the edit-test loop fast.
    landing = tmp_path_factory.mktemp("generated") / "landing"
    generate(landing, employees=request.param, seed=7, as_of=date(2026, 6, 30))
    return landing


def test_generated_landing_loads_exactly_the_planted_quarantine(generated: Path, tmp_path: Path):
    as_of = date.fromisoformat(json.loads((generated / "_truth/config.json").read_text())["as_of"])
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    results = load_landing(con, generated, load_id="L1", as_of=as_of)

    assert {r.source for r in results} == set(SOURCES)
    # The generator writes the optional pay, engagement and time sources only when asked.
    written = {p.name for p in generated.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert written == set(SOURCES) - set(PAY_ENGAGEMENT_SOURCES)
    for source in results:
        if source.source not in written:
            assert not source.files and source.rows_read == 0, source.source
            continue
        assert source.files, f"no files for {source.source}"
        assert source.rows_read == source.rows_loaded + source.rows_quarantined
        for f in source.files:
            assert f.rows_read == f.rows_loaded + f.rows_quarantined, f
    loaded = {r.source: r.rows_loaded for r in results}
    for name in SOURCES:
        table_rows = con.execute(f"select count(*) from raw.{name}").fetchall()[0][0]
        assert table_rows == loaded[name]

    got = con.sql("select source, file, line, rule from raw.quarantine").pl()
    truth = pl.read_csv(
        generated / "_truth/quarantine.csv",
        schema={"source": pl.String, "file": pl.String, "line": pl.Int64, "rule": pl.String},
    )
    assert truth.height > 0
    assert got.join(truth, on=KEY, how="anti").rows() == []  # nothing quarantined wrongly
    assert truth.join(got, on=KEY, how="anti").rows() == []  # nothing planted missed
    assert got.height == truth.height

    def counts() -> list[int]:
        tables = [f"raw.{s}" for s in SOURCES] + ["raw.quarantine"]
        return [con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in tables]

    before = counts()
    again = load_landing(con, generated, load_id="L2", as_of=as_of)
    assert counts() == before
    assert {f.status for r in again for f in r.files} == {"skipped_seen"}
    con.close()
