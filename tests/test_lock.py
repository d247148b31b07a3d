"""One writer at a time: the warehouse's writer lock, with real processes on a real warehouse
(issue 17). A second writer is refused at once naming the run that writes, or waits with --wait;
the lock of a holder killed with SIGKILL is free at once; readers never take it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flows.warehouse.lock import LOCK_FILE, WarehouseBusy, writer_lock

from conftest import ROOT

BROADSHEET = [sys.executable, "-m", "flows.cli"]


def _holder(wh: Path, *, seconds: float = 60.0) -> subprocess.Popen[str]:
    """Another process that takes the lock as run 'holder-run' and keeps it for `seconds`."""
    code = textwrap.dedent(
        f"""
        import time
        from flows.warehouse.lock import writer_lock
        with writer_lock({str(wh)!r}, run_id="holder-run"):
            print("held", flush=True)
            time.sleep({seconds})
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_is_refused_at_once_naming_the_holder(tmp_path):
    wh = tmp_path / "wh"
    holder = _holder(wh)
    try:
        started = time.monotonic()
        proc = subprocess.run(
            [*BROADSHEET, "run", str(ROOT / "seeds"), "--warehouse", str(wh)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        refused_in = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert f"warehouse {wh} is being written by run holder-run (pid {holder.pid}" in line
    assert "--wait" in line
    assert "Traceback" not in proc.stderr
    # Refused before Prefect, its workers or its API server started: no table was written.
    assert not (wh / "documents").exists()
    assert refused_in < 30, refused_in


def test_the_lock_of_a_killed_holder_is_free_at_once(tmp_path):
    wh = tmp_path / "wh"
    holder = _holder(wh)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert "holder-run" in (wh / LOCK_FILE).read_text()  # the file names the dead holder ...
    with writer_lock(wh, run_id="next-run"):  # ... but the OS lock went with its process
        assert '"run_id": "next-run"' in (wh / LOCK_FILE).read_text()
    assert (wh / LOCK_FILE).read_text() == ""  # released: no holder named


def test_wait_takes_the_lock_once_the_holder_finishes(tmp_path):
    wh = tmp_path / "wh"
    holder = _holder(wh, seconds=2.0)
    try:
        with pytest.raises(WarehouseBusy, match="holder-run"), writer_lock(wh, run_id="impatient"):
            pass
        started = time.monotonic()
        with writer_lock(wh, run_id="patient", wait_s=60):
            waited = time.monotonic() - started
            assert '"run_id": "patient"' in (wh / LOCK_FILE).read_text()
    finally:
        holder.kill()
        holder.wait()
    assert 0.5 < waited < 30


def test_the_lock_is_shared_within_a_process_and_names_the_inner_run(tmp_path):
    """The command line takes the lock before Prefect starts; the flow it runs takes it again."""
    wh = tmp_path / "wh"
    with writer_lock(wh):
        assert '"run_id": null' in (wh / LOCK_FILE).read_text()
        with writer_lock(wh, run_id="the-flow-run"):
            assert '"run_id": "the-flow-run"' in (wh / LOCK_FILE).read_text()
        # Still held after the inner block: another process is refused.
        code = (
            "from flows.warehouse.lock import writer_lock, WarehouseBusy\n"
            f"try:\n    with writer_lock({str(wh)!r}): print('took it')\n"
            "except WarehouseBusy as e: print('refused:', e)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
        ).stdout
        assert out.startswith("refused: ") and "the-flow-run" in out
    assert (wh / LOCK_FILE).read_text() == ""


def test_wait_must_be_a_number_of_seconds():
    proc = subprocess.run(
        [*BROADSHEET, "run", "--wait", "soon"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2 and "expected a number of seconds" in proc.stderr
