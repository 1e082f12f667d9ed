#!/usr/bin/env python3
"""dbt, but killed with its parent: the dbt executable the build's dbt resource runs.

Linux keeps a parent-death signal across exec, so this sets PR_SET_PDEATHSIG to SIGKILL, checks
the parent did not die in between, and execs the real dbt (TALENTLOOP_DBT_EXECUTABLE, else the
dbt beside the interpreter that runs the build). Standard library only: it runs before dbt.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main() -> None:
    expected_parent = os.environ.get("TALENTLOOP_DBT_PARENT")
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            sys.exit(f"dbt_guard: prctl failed (errno {ctypes.get_errno()})")
        # The parent may have died before prctl: then init (or a subreaper) adopted us.
        if expected_parent and os.getppid() != int(expected_parent):
            sys.exit("dbt_guard: the build that started dbt is gone")
    dbt = os.environ["TALENTLOOP_DBT_EXECUTABLE"]
    os.execv(dbt, [dbt, *sys.argv[1:]])


if __name__ == "__main__":
    main()
