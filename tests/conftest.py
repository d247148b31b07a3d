"""Shared fixtures: the seed article, its gold annotation, spaCy pipelines loaded once per run."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_5fd0750dd46fb0dd.txt"
# The project's own copy of the seed's hand annotation (../shared/gold/seed.json), so that the seed
# tests run on a fresh clone without ../shared.
SEED_GOLD = ROOT / "tests" / "golden" / "seed.json"
SHARED = ROOT.parent / "shared"

# As the CLI does (flows/cli.py): no task-run recorder or telemetry on the test server, whose
# shutdown would otherwise print CancelledError tracebacks (upstream #15033).
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@pytest.fixture(scope="session")
def seed_raw() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_text(seed_raw: str) -> str:
    from flows.clean import clean_text

    return clean_text(seed_raw).text


@pytest.fixture(scope="session")
def ner():
    from flows.nlp import ner_pipeline

    return ner_pipeline()


@pytest.fixture(scope="session")
def tagger():
    from flows.nlp import make_tagger

    return make_tagger()


@pytest.fixture(scope="session")
def seed_rows(seed_raw: str, tagger) -> dict[str, list[Any]]:
    """Every fact row of the seed article, from the document stage (no Prefect, no I/O)."""
    import datetime as dt

    from flows.analyse import analyse_batch
    from flows.ingest import decode_document
    from flows.nlp import make_dependency_parser, parse_entities

    raw = decode_document(seed_raw.encode(), source_uri=str(SEED_FILE), suffix=".txt")
    batch = analyse_batch(
        [raw],
        parse=parse_entities,
        tag=tagger,
        dependencies=make_dependency_parser(),
        run_id="test",
        ingested_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        version="test",
    )
    assert not batch.failures
    return batch.rows


@pytest.fixture(scope="session")
def seed_warehouse(harness, tmp_path_factory) -> Path:
    """The seed folder run once through the real flow, for the session's tests that only read it
    (test_evaluate, test_marts): each module built the same warehouse before."""
    import shutil

    from flows.pipeline import run_pipeline

    inputs = tmp_path_factory.mktemp("seed-inputs")
    shutil.copytree(SEEDS, inputs / "seeds")
    wh = tmp_path_factory.mktemp("seed-wh") / "warehouse"
    summary = run_pipeline(inputs=[str(inputs)], warehouse=str(wh))
    assert summary.status == "completed" and summary.n_documents_new == 1
    return wh


def f1(got: list[Any], gold: list[Any]) -> tuple[float, float, float]:
    """Precision, recall, F1 of two multisets."""
    from collections import Counter

    cg, cm = Counter(gold), Counter(got)
    tp = sum((cg & cm).values())
    p = tp / len(got) if got else 1.0
    r = tp / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


#: (surface form, entity_key, canonical name, label) of the names a test text mentions.
Name = tuple[str, str, str, str]


def person(surface: str, key: str, canonical: str | None = None) -> Name:
    """A PERSON name for name_mentions: surface form, key person:<key>, canonical (default:
    surface)."""
    return (surface, f"person:{key}", canonical or surface, "PERSON")


def name_mentions(text: str, names: Sequence[Name] = ()) -> list[Any]:
    """A mention for every whole-word occurrence of each name, longest names first."""
    from flows.schema import Mention

    spans: list[tuple[int, int, Name]] = []
    for name in sorted(names, key=lambda n: -len(n[0])):
        for m in re.finditer(rf"\b{re.escape(name[0])}\b", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), name))
    spans.sort()
    return [
        Mention("d", i, 0, s, e, text[s:e], label, key, canonical)
        for i, (s, e, (_, key, canonical, label)) in enumerate(spans)
    ]


def paragraph_rows(text: str, doc_id: str = "d") -> tuple[list[Any], list[Any]]:
    """Paragraphs split on blank lines ("\\n\\n"), one Sentence per paragraph: enough segmentation
    for the small table-driven extractor cases. Seed tests use the real flows.segment.segment."""
    from flows.schema import Paragraph, Sentence

    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    pos = 0
    for i, block in enumerate(text.split("\n\n")):
        paragraphs.append(Paragraph(doc_id, i, pos, pos + len(block), block))
        sentences.append(Sentence(doc_id, i, i, pos, pos + len(block), block))
        pos += len(block) + 2
    return paragraphs, sentences


@pytest.fixture(scope="session")
def harness(prefect_api):
    """Every in-process flow run of the session reports to the session's one Prefect server
    (`prefect_api`): Prefect's own test harness would start a second one (~15 s here)."""
    import prefect.context
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    settings = temporary_settings(updates={PREFECT_API_URL: prefect_api})
    with (
        settings,
        _one_commit_helper(),
        prefect.context._temporary_global_settings_context(
            # As Prefect's own harness does: threads whose context was copied earlier (the worker
            # pool's log forwarding) see the server too, instead of starting a temporary one.
            prefect.context.get_settings_context()
        ),
    ):
        yield
        # Send what the log and event workers hold before the server stops (at session end).
        for worker in (APILogWorker, EventsWorker):
            with contextlib.suppress(RuntimeError):
                worker.drain_all(timeout=30)


@contextlib.contextmanager
def _one_commit_helper():
    """The session's in-process flow runs share one warm commit helper (flows.runtime.committer).

    A run starts a helper process of its own and ends it at the end; that start (a spawned Python,
    the commit's imports, the gazetteer) costs ~3 s of CPU, paid again by each of the suite's
    dozens of in-process runs. Here the helper a flow run starts is kept for the next one: the
    commit's steps still run in another process, their arguments and results pickled, as in a
    real run. A new helper is started whenever the environment or the working directory differs
    from the one the kept helper was spawned with (test_s3 sets its endpoint in the environment),
    as a fresh spawn would see them. Outside a flow run (test_committer tests the class itself),
    after a stop signal, and in subprocesses (CLI runs), a Committer behaves as it always does."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from prefect.context import FlowRunContext

    from flows.runtime import committer, signals

    real_start, real_close = committer.Committer.start, committer.Committer.close
    kept: dict[str, Any] = {}  # "pool": the helper, "spawned_with": (environment, cwd)

    def forget() -> None:
        pool = kept.pop("pool", None)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def start(self: committer.Committer) -> None:
        if self._pool is not None or self._local or FlowRunContext.get() is None:
            return real_start(self)
        spawned_with = (dict(os.environ), os.getcwd())
        pool = kept.get("pool")
        if pool is None or kept.get("spawned_with") != spawned_with or pool._broken:
            forget()
            pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=committer._warm,
            )
            pool.submit(committer._nothing)
            kept.update(pool=pool, spawned_with=spawned_with)
        self._pool = pool

    def close(self: committer.Committer) -> None:
        if self._pool is not None and self._pool is kept.get("pool"):
            if not signals.interrupted():
                self._pool = None  # kept for the next run
                return
            kept.pop("pool")  # a stop signal: the real close kills it
        real_close(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(committer.Committer, "start", start)
        mp.setattr(committer.Committer, "close", close)
        try:
            yield
        finally:
            forget()


#: Under pytest-xdist, the controller's one server: its URL and home, for every worker.
_SHARED_API, _SHARED_HOME = "BROADSHEET_TEST_PREFECT_API", "BROADSHEET_TEST_PREFECT_HOME"
_controller_server: dict[str, Any] = {}


def _start_prefect_server(home: Path) -> tuple[Any, str]:
    """`prefect server start` on a free loopback port with its SQLite database in `home`; the
    process (its own session, logging to home/server.log) and its API URL, not waited for."""
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED="false",
        # The scheduler wakes every 60 s by default; test_serve's 5 s schedule needs it sooner,
        # or a run can miss its deadline on a loaded machine.
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
    )
    prefect = Path(sys.executable).with_name("prefect")
    with (home / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return proc, f"http://127.0.0.1:{port}/api"


def _wait_for_prefect_server(url: str, home: Path, proc: Any = None, timeout: float = 120) -> None:
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server did not answer /api/health within {timeout:.0f} s")


def _stop_prefect_server(proc: Any) -> None:
    import signal
    import subprocess

    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`make test`), the controller starts the session's one Prefect server
    before its workers start, for all of them: each worker started one of its own before, a
    migration of a new database (~15 s of CPU) paid twice on 2 cores. Its start overlaps the
    workers' own start and collection; the controller stops it once every worker is done."""
    if hasattr(config, "workerinput") or config.getoption("collectonly", False):
        return  # a worker (it inherits the URL), or nothing will run
    if config.getoption("dist", "no") == "no" or not config.getoption("tx", None):
        return  # one process: the session fixture starts the server when a test needs it
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="broadsheet-prefect-"))
    proc, url = _start_prefect_server(home)
    _controller_server.update(proc=proc, home=home)
    os.environ[_SHARED_API], os.environ[_SHARED_HOME] = url, str(home)


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    proc = _controller_server.pop("proc", None)
    if proc is not None:
        _stop_prefect_server(proc)
        shutil.rmtree(_controller_server.pop("home"), ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """One real Prefect server for the session: every in-process flow run (`harness`), every
    CLI subprocess (`cli_env`) and the scheduled runs of test_serve use it. Under pytest-xdist
    the controller's (pytest_configure), shared by the workers; in one process, started here.

    Without PREFECT_API_URL each CLI process starts its own ephemeral server (~10-15 s here);
    sharing one keeps the suite inside its time budget. Loopback only, stopped at the end.
    """
    shared = os.environ.get(_SHARED_API)
    if shared:
        _wait_for_prefect_server(shared, Path(os.environ[_SHARED_HOME]))
        yield shared
        return
    home = tmp_path_factory.mktemp("shared-prefect")
    proc, url = _start_prefect_server(home)
    try:
        _wait_for_prefect_server(url, home, proc)
        yield url
    finally:
        _stop_prefect_server(proc)


def cli_env(home: Path, api_url: str) -> dict[str, str]:
    """Environment for a `broadsheet` subprocess: its own PREFECT_HOME, the shared server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=api_url)
    return env
