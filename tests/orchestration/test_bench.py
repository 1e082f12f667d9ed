"""`talentloop bench` end to end on a small enterprise: the JSON has the issue's shape, every
stage and page is measured, and the breakdown names where the time went."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboards.pages import PAGE_QUERIES
from orchestration.bench import STAGES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    home = tmp_path_factory.mktemp("bench")
    out = home / "bench.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "bench", "--employees", "300"]
        + ["--repeat", "3", "--home", str(home), "--json", str(out)],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(Path(out).read_text()), proc.stdout


def test_the_json_has_the_shape_results_are_compared_in(report) -> None:
    result, _ = report
    assert result["employees"] == 300 and result["build_success"] is True
    assert result["cores"] == os.cpu_count() and result["memory_gb"] > 0
    assert set(result["stages"]) == set(STAGES)
    for stage, measured in result["stages"].items():
        assert measured["seconds"] > 0, stage
        assert measured["peak_rss_mb"] > 50, stage  # a Python process with DuckDB loaded
    total = result["stages"]["build_total"]["seconds"]
    parts = sum(result["stages"][s]["seconds"] for s in STAGES if s not in ("floor", "build_total"))
    assert parts <= total  # stages are steps of the one build run


def test_every_page_is_timed(report) -> None:
    result, _ = report
    assert set(result["pages"]) == set(PAGE_QUERIES)
    for page, times in result["pages"].items():
        assert 0 < times["p50_ms"] <= times["p95_ms"], page


def test_the_breakdown_names_the_steps_and_dbt_nodes(report) -> None:
    result, stdout = report
    steps = result["steps"]
    assert "warehouse_models" in steps and "serving_copy" in steps
    assert list(steps.values()) == sorted(steps.values(), reverse=True)
    nodes = result["dbt_nodes"]
    assert nodes and all(n.split(":")[0] in ("model", "test", "unit_test", "seed") for n in nodes)
    assert "x floor" in stdout and "slowest steps" in stdout and "warehouse_models" in stdout
