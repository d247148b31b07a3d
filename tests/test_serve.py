"""Scheduled runs on a real Prefect server: `broadsheet serve` against `prefect server start` on a
free loopback port, a file dropped in the watched folder between runs, and the prefect.yaml
deployment for work pools. Every process started here is stopped in a finally, with bounded waits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import httpx
import pytest

from flows.cli import main
from flows.serve import deployment_parameters

from conftest import ROOT, SEED_FILE

PREFECT = str(Path(sys.executable).with_name("prefect"))
BROADSHEET = [sys.executable, "-m", "flows.cli"]
T = TypeVar("T")

NEW_ARTICLE = """\
Storm closes ports along the Channel coast

Ferry operators in Dover and Calais cancelled more than 40 crossings on Tuesday as a storm \
brought winds of up to 90 mph to the Channel, the Port of Dover said.

"Safety has to come first," said Doug Bannister, the port's chief executive. "We expect \
services to resume on Wednesday morning."

About 2,000 lorries were queuing on the M20 by the afternoon, Kent Police said.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(home: Path) -> dict[str, str]:
    """The test's environment for a Prefect process: its own PREFECT_HOME, no server inherited."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED="false",
        # The scheduler service wakes every 60 s by default; the test's 5 s schedule needs it
        # sooner, or the first run can miss a deadline on a loaded machine.
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
    )
    return env


def wait_for(what: str, check: Callable[[], T | None], timeout_s: float, log: Path) -> T:
    """Poll `check` until it returns a truthy value; fail with the log's tail after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    pytest.fail(f"timed out after {timeout_s:.0f} s waiting for {what}; log tail:\n{tail}")


def stop(proc: subprocess.Popen[bytes], *, grace_s: float) -> None:
    """SIGTERM the process, wait up to grace_s, then SIGKILL its whole process group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace_s)
    # The group also holds children it may have left behind (flow-run processes, uvicorn).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(prefect_api: str) -> str:
    """The session's real Prefect server (conftest: SQLite in a temporary PREFECT_HOME, loopback,
    the scheduler waking every 2 s)."""
    return prefect_api


def api(url: str, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(method, f"{url}{path}", timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


def committed_runs(warehouse: Path) -> list[dict[str, Any]]:
    """The warehouse's completed runs rows, oldest first ([] before the first commit)."""
    glob = f"{warehouse.as_posix()}/runs/**/*.parquet"
    with duckdb.connect() as con:
        try:
            cursor = con.execute(
                f"select * from read_parquet('{glob}', union_by_name = true) "
                "where status = 'completed' order by started_at"
            )
        except duckdb.IOException:  # no file yet
            return []
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def documents(warehouse: Path) -> list[tuple[str, str]]:
    glob = f"{warehouse.as_posix()}/documents/**/*.parquet"
    with duckdb.connect() as con:
        return con.execute(
            f"select doc_id, source_uri from read_parquet('{glob}', union_by_name = true) "
            "order by source_uri"
        ).fetchall()


def test_scheduled_runs_add_only_the_new_file(server: str, tmp_path: Path) -> None:
    inputs = tmp_path / "watched"
    inputs.mkdir()
    shutil.copy(SEED_FILE, inputs / SEED_FILE.name)
    warehouse = tmp_path / "warehouse"
    env = base_env(tmp_path / "client-home")
    env.update(PREFECT_API_URL=server, PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                *BROADSHEET,
                "serve",
                str(inputs),
                "--warehouse",
                str(warehouse),
                "--interval",
                "5",
                "--name",
                "watch-test",
                "--verify-cron",
                "0 3 * * *",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        first = wait_for("the first scheduled run", lambda: committed_runs(warehouse), 150, log)[0]
        assert (first["n_documents_new"], first["n_documents_skipped"]) == (1, 0)
        assert len(documents(warehouse)) == 1

        dropped_at = dt.datetime.now(dt.UTC)
        (inputs / "storm.txt").write_text(NEW_ARTICLE, encoding="utf-8")

        def quiet_run_after_the_drop() -> list[dict[str, Any]] | None:
            # Wait for the run that took the new file, then one more that found nothing new.
            runs = committed_runs(warehouse)
            adding = [r for r in runs if r["n_documents_new"] == 1 and r is not runs[0]]
            if adding and any(
                r["started_at"] > adding[0]["started_at"] and r["n_documents_skipped"] == 2
                for r in runs
            ):
                return runs
            return None

        runs = wait_for("runs after the new file", quiet_run_after_the_drop, 150, log)
    finally:
        stop(proc, grace_s=20)

    # Only the new document was added: one row per document, each written by exactly one run.
    docs = documents(warehouse)
    assert [Path(uri).name for _, uri in docs] == [SEED_FILE.name, "storm.txt"]
    assert len({doc_id for doc_id, _ in docs}) == 2
    assert sum(r["n_documents_new"] for r in runs) == 2
    (adding,) = [r for r in runs[1:] if r["n_documents_new"] == 1]
    assert (adding["n_inputs"], adding["n_documents_skipped"], adding["n_rejected"]) == (2, 1, 0)
    assert adding["started_at"] > dropped_at - dt.timedelta(seconds=1)
    assert all(r["n_documents_new"] == 0 for r in runs if r["started_at"] > adding["started_at"])
    assert all(
        r["n_inputs"] == r["n_documents_new"] + r["n_documents_skipped"] + r["n_rejected"]
        for r in runs
    )

    # The whole-warehouse check is served beside it, on its own schedule.
    verify = api(server, "GET", "/deployments/name/broadsheet-verify/watch-test-verify")
    assert verify["parameters"] == {"warehouse": str(warehouse)}
    assert [s["schedule"]["cron"] for s in verify["schedules"]] == ["0 3 * * *"]

    # The server saw the same runs as scheduled runs of the served deployment, completed.
    deployment = api(server, "GET", "/deployments/name/broadsheet-run/watch-test")
    assert deployment["parameters"]["inputs"] == [str(inputs)]
    flow_runs = {
        r["id"]: r
        for r in api(
            server,
            "POST",
            "/flow_runs/filter",
            json={"flow_runs": {"id": {"any_": [r["run_id"] for r in runs]}}},
        )
    }
    for run in (first, adding):
        flow_run = flow_runs[run["run_id"]]
        assert flow_run["deployment_id"] == deployment["id"]
        assert flow_run["state_type"] == "COMPLETED"
        assert flow_run["auto_scheduled"] is True


def test_prefect_yaml_deploys_to_a_work_pool(server: str, tmp_path: Path) -> None:
    project = tmp_path / "checkout"
    project.mkdir()
    shutil.copy(ROOT / "prefect.yaml", project / "prefect.yaml")
    (project / "flows").symlink_to(ROOT / "flows")
    env = base_env(tmp_path / "client-home")
    env.update(PREFECT_API_URL=server, PWD=str(project))
    for argv in (
        [PREFECT, "work-pool", "create", "broadsheet", "--type", "process"],
        [PREFECT, "--no-prompt", "deploy", "--all"],
    ):
        done = subprocess.run(
            argv, cwd=project, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
    deployment = api(server, "GET", "/deployments/name/broadsheet-run/broadsheet-scheduled")
    assert deployment["entrypoint"] == "flows/pipeline.py:run_pipeline"
    assert deployment["work_pool_name"] == "broadsheet"
    assert deployment["parameters"] == {"inputs": ["seeds"], "warehouse": "data/warehouse"}
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["*/15 * * * *"]
    limit = deployment["concurrency_options"]
    assert limit["collision_strategy"] == "CANCEL_NEW"
    assert deployment["global_concurrency_limit"]["limit"] == 1
    (pull,) = deployment["pull_steps"]
    assert pull == {"prefect.deployments.steps.set_working_directory": {"directory": str(project)}}


# --- failing early, without a server ------------------------------------------------------------


def run_cli(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BROADSHEET, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_serve_without_a_server_names_the_fix(tmp_path: Path) -> None:
    env = base_env(tmp_path / "home")
    env["PYTHONPATH"] = str(ROOT)
    done = run_cli(["serve", str(SEED_FILE), "--interval", "5"], env, tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("broadsheet: error: ")
    assert "PREFECT_API_URL is not set" in done.stderr and "make server" in done.stderr


def test_serve_with_no_server_listening(tmp_path: Path) -> None:
    env = base_env(tmp_path / "home")
    env.update(PYTHONPATH=str(ROOT), PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api")
    done = run_cli(["serve", str(SEED_FILE), "--cron", "* * * * *"], env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no Prefect server answers" in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", str(SEED_FILE)], "one of the arguments --cron --interval is required"),
        (["serve", "--cron", "* * * * *", "--interval", "5"], "not allowed with argument"),
        (["serve", str(SEED_FILE), "--cron", "every minute"], "not a valid cron expression"),
        (["serve", str(SEED_FILE), "--interval", "0"], "must be at least 1"),
        (["serve", "no/such/folder", "--interval", "5"], "no such file, folder"),
    ],
)
def test_serve_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_deployment_parameters_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    params = deployment_parameters(
        ["seeds", "news/**/*.txt", "s3://bucket/news/"],
        "data/warehouse",
        batch_size=8,
        max_bytes=9,
        exclude=["*.html"],
    )
    assert params == {
        "inputs": [str(tmp_path / "seeds"), str(tmp_path / "news/**/*.txt"), "s3://bucket/news/"],
        "warehouse": str(tmp_path / "data" / "warehouse"),
        "batch_size": 8,
        "max_bytes": 9,
        "exclude": ["*.html"],
    }


def test_make_server_on_another_port_serves_a_ui_that_calls_that_port(tmp_path: Path) -> None:
    """`make server PREFECT_PORT=4317` passes the port as PREFECT_SERVER_API_PORT, from which
    Prefect derives both the port it listens on and the API address its UI calls (with --port
    alone, a UI on 4317 called the API on 4200)."""
    recipe = subprocess.run(
        ["make", "-n", "server", "PREFECT_PORT=4317"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "PREFECT_SERVER_API_PORT=4317" in recipe and "--port" not in recipe
    env = base_env(tmp_path / "home")
    env["PREFECT_SERVER_API_PORT"] = "4317"
    ui = subprocess.run(
        [
            sys.executable,
            "-c",
            "from prefect.settings import PREFECT_UI_API_URL, PREFECT_SERVER_API_PORT as P;"
            "print(PREFECT_UI_API_URL.value(), P.value())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert ui == ["http://127.0.0.1:4317/api", "4317"]
