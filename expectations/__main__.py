"""`python -m expectations WAREHOUSE [--landing DIR]`: run every check, print, time it.

The same as `talentloop check` without the CLI; used for the benchmark in docs/benchmarks.md.
Exits 1 when an ERROR check fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from expectations.registry import run_all
from ingest import encryption


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expectations")
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--landing", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="print passed checks too")
    args = parser.parse_args(argv)
    con = encryption.connect(args.warehouse, read_only=True)
    con.execute("set enable_progress_bar = false")
    try:
        started = time.perf_counter()
        results = run_all(con, landing=args.landing)
        seconds = time.perf_counter() - started
    finally:
        con.close()
    for r in results:
        if args.all or not r.passed:
            status = "ok  " if r.passed else "FAIL"
            print(f"{status} {r.severity:5} {r.asset:32} {r.name:45} {r.message}")
    failed = [r for r in results if not r.passed]
    blocking = [r for r in failed if r.blocks]
    print(f"{len(results)} checks, {len(failed)} failed ({len(blocking)} ERROR) in {seconds:.1f} s")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
