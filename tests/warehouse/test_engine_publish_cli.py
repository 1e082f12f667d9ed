"""`talentloop publish --from-engine`: an engine with nothing built publishes nothing and says so
(the full path is tested on real engines in test_warehouse_postgres.py and
test_warehouse_spark_cluster.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ingest.pseudonyms import ensure_key_file
from ingest.settings import PROJECT_ROOT

TALENTLOOP = PROJECT_ROOT / ".venv" / "bin" / "talentloop"


def test_publish_from_an_engine_without_marts_publishes_nothing(tmp_path: Path) -> None:
    home, marts = tmp_path / "home", tmp_path / "marts"
    marts.mkdir()
    ensure_key_file(home)
    done = subprocess.run(
        [
            str(TALENTLOOP),
            "publish",
            "--from-engine",
            "spark",
            "--marts",
            str(marts),
            "--home",
            str(home),
        ],  # fmt: skip
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not published" in done.stdout and "no marts" in done.stdout
    assert sorted(p.name for p in home.iterdir()) == ["pseudonym.key"]
