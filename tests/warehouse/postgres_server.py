"""A throwaway PostgreSQL server for the engine tests: Debian's binaries (`make install-engines`),
initdb in a temporary folder, listening on a free loopback port and a private socket folder.

initdb refuses to run as root (CI runs as root), so as root the cluster belongs to Debian's
`postgres` user and the server runs as that user."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration.engines.loopback import free_port

USER = "talentloop"
DATABASE = "talentloop"


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's bin folder (initdb, pg_ctl are not on PATH there)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name)
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    database: str

    def env(self) -> dict[str, str]:
        """The dbt profile's variables for this server."""
        return {
            "TALENTLOOP_PG_HOST": self.host,
            "TALENTLOOP_PG_PORT": str(self.port),
            "TALENTLOOP_PG_USER": self.user,
            "TALENTLOOP_PG_PASSWORD": "",
            "TALENTLOOP_PG_DATABASE": self.database,
        }

    def connect(self):
        import psycopg2

        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, dbname=self.database
        )


@contextmanager
def postgres_server(bin_dir: Path) -> Iterator[PostgresServer]:
    as_root = os.geteuid() == 0
    # Not under pytest's tmp_path: the postgres user must reach the folder when we are root.
    root = Path(tempfile.mkdtemp(prefix="talentloop-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    run_as: list[str] = []
    if as_root:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()

    def run(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, text=True)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
            "-w", "start")  # fmt: skip
        try:
            run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE)
            yield PostgresServer("127.0.0.1", port, USER, DATABASE)
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
