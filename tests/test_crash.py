"""Crash safety: SIGKILL a real run twice, re-run, and get the warehouse an uninterrupted run gets.

Uses the first 40 articles of ../shared/corpora/bbc/politics in small batches so that the kills
land mid-run; `CRASH_LIMIT=0 pytest tests/test_crash.py` runs it over the whole folder (417
articles) for the full check.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from flows.checks import warehouse_digest

from conftest import ROOT, SHARED, cli_env

POLITICS = SHARED / "corpora" / "bbc" / "politics"
pytestmark = pytest.mark.skipif(
    not POLITICS.is_dir(), reason=f"needs the BBC corpus at {POLITICS} (../shared is absent)"
)


def _command(corpus, warehouse):
    return [
        sys.executable,
        "-m",
        "flows.cli",
        "run",
        str(corpus),
        "--warehouse",
        str(warehouse),
        "--batch-size",
        "4",
        "--workers",
        "1",
        "-v",  # the kill waits for a batch's log line
    ]


def _run_and_kill(corpus, warehouse, env, marker: str, timeout: float = 300) -> str:
    """Start a run; SIGKILL its whole process group (server included) when `marker` is printed."""
    proc = subprocess.Popen(
        _command(corpus, warehouse),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    deadline = time.monotonic() + timeout
    try:
        for line in proc.stdout:
            seen.append(line)
            if marker in line or time.monotonic() > deadline:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert any(marker in line for line in seen), "".join(seen[-20:])
    return "".join(seen)


def test_killed_twice_then_rerun_equals_a_clean_run(harness, tmp_path, prefect_api):
    from flows.config import Settings
    from flows.pipeline import run

    corpus = tmp_path / "politics"
    corpus.mkdir()
    limit = int(os.environ.get("CRASH_LIMIT", "40")) or None
    for path in sorted(POLITICS.glob("*.txt"))[:limit]:
        shutil.copy(path, corpus / path.name)

    # The uninterrupted reference: the flow `broadsheet run` calls, with the same settings, in
    # this process (its model and commit helper already warm): only what it writes is compared.
    # The crashed runs and the re-run below are real `broadsheet run` processes.
    clean = tmp_path / "clean"
    summary = run([str(corpus)], Settings(warehouse=clean, batch_size=4, workers=1))
    assert summary.status == "completed"

    crashed = tmp_path / "crashed"
    # Killed while analysing (after the first batch is staged), then while analysing later.
    _run_and_kill(corpus, crashed, cli_env(tmp_path / "h1", prefect_api), marker="batch 1:")
    assert (crashed / "_staging").is_dir()  # the killed run left its staging behind
    second = _run_and_kill(
        corpus, crashed, cli_env(tmp_path / "h2", prefect_api), marker="batch 4:"
    )
    assert "discarded 1 uncommitted run(s)" in second  # the first killed run's staging
    proc = subprocess.run(
        _command(corpus, crashed),
        cwd=ROOT,
        env=cli_env(tmp_path / "h3", prefect_api),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "discarded 1 uncommitted run(s)" in proc.stdout  # the second's

    assert not any((crashed / "_staging").iterdir())
    digest = warehouse_digest(crashed)
    assert digest == warehouse_digest(clean)
    assert digest["failed_checks"] == []
    assert len(digest["doc_ids"]) > 35
