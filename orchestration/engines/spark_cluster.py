"""A Spark standalone cluster on this machine's loopback: one master, N workers, each its own JVM.

    python -m orchestration.engines.spark_cluster --warehouse H/warehouse.duckdb --work DIR

starts the cluster on free loopback ports, lands the warehouse's raw layer as Parquet, runs
`spark_build` (dbt-spark's session method, `spark.master=spark://127.0.0.1:<port>`) against the
master, compares every mart it exported with the DuckDB build's, prints which worker ran how many
tasks, and stops the cluster whatever happened (`make spark-cluster-demo`).

Why the session method against the master rather than a Thrift server: the session method needs
no Hive metastore and no third server process, and the driver (the dbt process) is the only
client, so what runs on the executors is exactly what a Thrift server would send them. Proof
that tasks ran on the workers: Spark's event log (written by the driver) names the executor of
every finished task, and each worker's status page lists the executors it launched for the
application, so tasks are counted per worker, not assumed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration.engines import STAR_SCHEMA_EXCLUDE
from orchestration.engines.loopback import LOOPBACK, free_port, get_json
from orchestration.engines.spark_build import run_in_process

WORKERS = 2
STARTUP_SECONDS = 240  # two JVMs start slowly on a busy 2-core machine


# What the cluster runs: the star schema's seeds and models, not its 164 data and unit tests.
# Those run on Spark in the single-process test (tests/warehouse/test_warehouse_spark.py); here
# each would be one more Spark job on a shared 2-core machine; the marts compared with DuckDB's
# catch any divergence in what readers see.
def cluster_dbt_args() -> list[str]:
    return ["build", "--exclude", *STAR_SCHEMA_EXCLUDE,
            "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]  # fmt: skip


MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"


def spark_home() -> Path:
    """The Spark distribution pyspark ships (bin/spark-class and jars/)."""
    import pyspark

    return Path(pyspark.__file__).parent


@dataclass(frozen=True)
class StandaloneCluster:
    master_url: str  # spark://127.0.0.1:<port>
    master_ui: str  # http://127.0.0.1:<port>, whose /json/ is the master's status
    worker_uis: tuple[str, ...]
    root: Path

    def status(self) -> dict:
        return get_json(f"{self.master_ui}/json/")

    def executors_by_worker(self, app_id: str) -> dict[str, list[str]]:
        """Executor IDs each worker launched for the application (running or finished)."""
        found: dict[str, list[str]] = {}
        for ui in self.worker_uis:
            state = get_json(f"{ui}/json/")
            executors = [*state.get("executors", []), *state.get("finishedexecutors", [])]
            found[state["id"]] = sorted(str(e["id"]) for e in executors if e["appid"] == app_id)
        return found


def _daemon_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "SPARK_HOME": str(spark_home()),
        "SPARK_LOCAL_IP": LOOPBACK,
        "SPARK_LOCAL_DIRS": str(root / "local"),
        "SPARK_DAEMON_MEMORY": "256m",
        # No REST submission server: nothing is submitted, and its fixed port could clash.
        "SPARK_MASTER_OPTS": "-Dspark.master.rest.enabled=false",
        "PYSPARK_PYTHON": sys.executable,
    }
    return env


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    # Its own process group: stopping the worker's group also stops the executors it launched.
    with open(log, "wb") as out:
        return subprocess.Popen(
            [str(spark_home() / "bin" / "spark-class"), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def _wait_for_workers(url: str, workers: int, processes: list[subprocess.Popen], logs: list[Path]):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs, strict=True):
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{log.stem} exited with {process.returncode}:\n{tail}")
        try:
            if get_json(f"{url}/json/").get("aliveworkers", 0) >= workers:
                return
        except OSError:
            pass  # the master's UI is not up yet
        time.sleep(1)
    raise RuntimeError(f"{workers} workers did not register within {STARTUP_SECONDS} s")


@contextmanager
def standalone_cluster(
    root: Path, workers: int = WORKERS, memory: str = "1g"
) -> Iterator[StandaloneCluster]:
    """A master and `workers` workers (one core each) on free loopback ports; every process is
    stopped on exit, whatever happened inside."""
    root.mkdir(parents=True, exist_ok=True)
    env = _daemon_env(root)
    master_port, master_ui_port = free_port(), free_port()
    master_url = f"spark://{LOOPBACK}:{master_port}"
    master_ui = f"http://{LOOPBACK}:{master_ui_port}"
    processes: list[subprocess.Popen] = []
    logs: list[Path] = []
    with ExitStack() as stack:
        stack.callback(lambda: [_stop(p) for p in reversed(processes)])
        logs.append(root / "master.log")
        processes.append(
            _start(
                [
                    MASTER_CLASS,
                    "--host",
                    LOOPBACK,
                    "--port",
                    str(master_port),
                    "--webui-port",
                    str(master_ui_port),
                ],
                logs[-1],
                env,
            )  # fmt: skip
        )
        worker_uis = []
        for n in range(1, workers + 1):
            ui_port = free_port()
            worker_uis.append(f"http://{LOOPBACK}:{ui_port}")
            logs.append(root / f"worker-{n}.log")
            processes.append(
                _start(
                    [
                        WORKER_CLASS,
                        master_url,
                        "--host",
                        LOOPBACK,
                        "--port",
                        str(free_port()),
                        "--webui-port",
                        str(ui_port),
                        "--cores",
                        "1",
                        "--memory",
                        memory,
                        "--work-dir",
                        str(root / f"worker-{n}"),
                    ],
                    logs[-1],
                    env,
                )  # fmt: skip
            )
        _wait_for_workers(master_ui, workers, processes, logs)
        yield StandaloneCluster(master_url, master_ui, tuple(worker_uis), root)


def tasks_by_executor(event_log_dir: Path, app_id: str) -> Counter[str]:
    """Finished tasks per executor ID, from the application's event log (one file, or Spark 4's
    rolling folder `eventlog_v2_<app>` of `events_<n>_<app>` files)."""
    files = []
    for entry in sorted(event_log_dir.iterdir()):
        if app_id in entry.name:
            files += sorted(entry.glob("events_*")) if entry.is_dir() else [entry]
    if not files:
        raise FileNotFoundError(f"no event log for {app_id} in {event_log_dir}")
    counts: Counter[str] = Counter()
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                event = json.loads(line)
                if event["Task End Reason"]["Reason"] == "Success":
                    counts[str(event["Task Info"]["Executor ID"])] += 1
    return counts


@dataclass(frozen=True)
class ClusterRun:
    returncode: int
    output: str
    seconds: float
    app_id: str | None
    tasks_per_worker: dict[str, int]  # worker ID -> tasks its executors finished
    alive_workers: int

    def summary(self) -> str:
        lines = [
            f"spark cluster: {self.alive_workers} workers alive, application {self.app_id}, "
            f"dbt {'passed' if self.returncode == 0 else 'FAILED'} in {self.seconds:.0f} s"
        ]
        lines += [f"  {w}: {n} tasks" for w, n in sorted(self.tasks_per_worker.items())]
        return "\n".join(lines)


def build_on_cluster(
    cluster: StandaloneCluster, raw: Path, out: Path, work: Path, dbt_args: list[str]
) -> ClusterRun:
    """Run `spark_build` (a separate driver process) against the cluster's master and count the
    tasks each worker's executors finished."""
    event_log = work / "event-log"
    started = time.perf_counter()
    done = run_in_process(raw, out, dbt_args, "--work", str(work),
                          "--master", cluster.master_url, "--event-log", str(event_log))  # fmt: skip
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    app_id = next(
        (ln.split(": ", 1)[1].strip() for ln in done.stdout.splitlines()
         if ln.startswith("spark application: ")),
        None,
    )  # fmt: skip
    per_worker: dict[str, int] = {}
    if app_id:
        tasks = tasks_by_executor(event_log, app_id)
        for worker, executors in cluster.executors_by_worker(app_id).items():
            per_worker[worker] = sum(tasks[e] for e in executors)
    alive = cluster.status().get("aliveworkers", 0)
    return ClusterRun(done.returncode, output, seconds, app_id, per_worker, alive)


def main(argv: list[str] | None = None) -> int:
    import duckdb
    import polars as pl

    from orchestration.engines.mart_checksums import mart_names, mismatches
    from orchestration.engines.raw_transfer import export_raw_to_parquet

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a DuckDB build's file")
    parser.add_argument("--work", type=Path, required=True, help="folder for the cluster run")
    parser.add_argument("--workers", type=int, default=WORKERS)
    ns = parser.parse_args(argv)
    raw, out = ns.work / "raw", ns.work / "marts"
    with duckdb.connect(str(ns.warehouse), read_only=True) as con:
        export_raw_to_parquet(con, raw)
    with standalone_cluster(ns.work / "cluster", ns.workers) as cluster:
        print(f"cluster up: {cluster.master_url}, status {cluster.master_ui}", flush=True)
        run = build_on_cluster(cluster, raw, out, ns.work, cluster_dbt_args())
    print(run.summary())
    if run.returncode != 0:
        print(run.output[-5000:])
        return 1
    read = {p.stem: pl.read_parquet(p) for p in sorted(out.glob("*.parquet"))}
    with duckdb.connect(str(ns.warehouse), read_only=True) as con:
        # A full `talentloop build` also has the people and pilot marts (they need ml.*), which
        # the star-schema build leaves out: compare what both engines built, name the rest.
        names = mart_names(con)
        extra = [n for n in names if n not in read]
        found = mismatches(con, "spark", read, [n for n in names if n in read])
    print(f"{len(read)} marts compared with DuckDB's: {len(found)} differ")
    if extra:
        print(f"not in the star-schema build (they read ml.*): {', '.join(extra)}")
    print("\n".join(found))
    on_every_worker = len(run.tasks_per_worker) == ns.workers and all(run.tasks_per_worker.values())
    return 0 if not found and on_every_worker else 1


if __name__ == "__main__":
    sys.exit(main())
