"""Time the newcomer path: `make demo` in a fresh home until the app's first answer and until
the sample is published (docs/benchmarks.md, "Newcomer path").

    python -m orchestration.newcomer_timing --home /tmp/demo --port 8601

Starts `make demo HOME_DIR=<home> PORT=<port>` in its own process group, polls the app's
health endpoint and `<home>/serving.duckdb` every half second, prints both times and the load
average, then stops the group it started.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from ingest.settings import PROJECT_ROOT

POLL_SECONDS = 0.5


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def measure(home: Path, port: int, limit: float = 1800.0) -> dict[str, float | None]:
    shutil.rmtree(home, ignore_errors=True)
    started = time.monotonic()
    answer = published = None
    with Path(f"{home}.log").open("w") as log:
        demo = subprocess.Popen(
            ["make", "demo", f"HOME_DIR={home}", f"PORT={port}"],
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while time.monotonic() - started < limit and (answer is None or published is None):
                now = time.monotonic() - started
                if answer is None and _answers(port):
                    answer = now
                if published is None and (home / "serving.duckdb").exists():
                    published = now
                if demo.poll() is not None:
                    break
                time.sleep(POLL_SECONDS)
        finally:
            os.killpg(demo.pid, signal.SIGTERM)
            demo.wait()
    return {"first_answer_s": answer, "published_s": published, "load_1m": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8601)
    args = parser.parse_args()
    print(measure(args.home, args.port))


if __name__ == "__main__":
    main()
