"""Faults for compaction tests, shared by tests/test_compact.py (a folder) and tests/test_s3.py
(object storage): a real `broadsheet compact` process killed with SIGKILL at a chosen step, and
a reader that queries the warehouse over and over while a slowed-down commit runs beside it.

The kill is a real SIGKILL of a real process (no `finally`, no lock release, files half-written
as the operating system left them); only its moment is chosen, by wrapping the function the
step calls so that the process kills itself there. A timer could not land in a step that takes
milliseconds on a warehouse small enough for the test suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Run in a new interpreter: patch the step's function, then the CLI's `compact` command (writer
# lock, recovery, retirement of replaced files, compaction, commit) as a user runs it.
_KILLER = r"""
import os, signal, sys
from flows import storage
from flows.warehouse import journal

point, warehouse = sys.argv[1], sys.argv[2]
calls = {"n": 0}

def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

if point == "staging":  # writing the second merged file: staged files only, no journal
    real_write = storage.write_parquet
    def write(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            die()
        return real_write(*args, **kwargs)
    storage.write_parquet = write
elif point == "commit":  # journal written, half the files moved, the runs row not yet
    real_apply = journal._apply
    def apply(root, moves):
        real_apply(root, moves[: len(moves) // 2])
        print("moved", len(moves) // 2, "of", len(moves), flush=True)
        die()
    journal._apply = apply
elif point == "retire":  # deleting an earlier compaction's replaced files, past their grace
    real_remove = storage.remove_file
    def remove(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            die()
        return real_remove(*args, **kwargs)
    storage.remove_file = remove
else:
    raise SystemExit(f"unknown kill point {point!r}")

from flows.cli import main
main(["compact", "--warehouse", warehouse])
print("compaction finished: the kill point was never reached", flush=True)
"""

KILL_POINTS = ("staging", "commit", "retire")


def kill_compaction(warehouse: str | Path, point: str) -> subprocess.CompletedProcess[str]:
    """Run `broadsheet compact` on `warehouse` in a new process that SIGKILLs itself at `point`
    (one of KILL_POINTS); the caller's environment (S3 endpoint and credentials) goes with it.
    'retire' runs with a zero grace period, so that earlier replaced files are due. On object
    storage the killed process's writer lease is made short (2 s), so that the next writer can
    take it over without waiting the default minute."""
    env = dict(os.environ)
    env["BROADSHEET_LOCK_LEASE_S"] = "2"
    if point == "retire":
        env["BROADSHEET_COMPACT_GRACE_S"] = "0"
    proc = subprocess.run(
        [sys.executable, "-c", _KILLER, point, str(warehouse)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == -9, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


@contextmanager
def slow_moves(
    reader: Reader, at_most_s: float, held: int = 3, timeout_s: float = 60.0
) -> Iterator[threading.Event]:
    """Slow down every file move of a commit so that `reader`, querying beside it, answers half
    way through: each of the first `held` moves waits until the reader has answered (or failed)
    once more, however loaded the machine is (60 s at most, then the test fails rather than
    hangs); every later move waits for one more answer for `at_most_s` at most, as long as the
    fixed delay every move had before. That delay alone gave 1-2 queries during the commit where
    3 were wanted at load ~10 on 2 cores. The event is set once a move happened."""
    from flows import storage

    real_move = storage.move
    moving = threading.Event()
    moving.first = None  # type: ignore[attr-defined]  # monotonic time of the first move
    moves = [0]

    def move(*args: Any, **kwargs: Any) -> Any:
        if not moving.is_set():
            moving.first = time.monotonic()  # type: ignore[attr-defined]
            moving.set()
        moves[0] += 1
        if moves[0] <= held:
            reader.wait_for_answer(timeout_s)
        else:
            reader.wait_for_answer(at_most_s, fail=False)
        return real_move(*args, **kwargs)

    storage.move = move
    try:
        yield moving
    finally:
        storage.move = real_move


def reader_counts(con: Any) -> tuple:
    """(sentences, mentions, documents, runs rows, distinct run ids) as a reader sees them. The
    runs come from one scan of their own: a query over two scans of a live warehouse may list
    the folder twice, once on each side of a commit, which is not a runs row read twice."""
    facts = con.execute(
        "select (select count(*) from sentences), (select count(*) from mentions), "
        "(select count(*) from documents)"
    ).fetchall()[0]
    return facts + con.execute("select count(*), count(distinct run_id) from runs").fetchall()[0]


class Reader(threading.Thread):
    """Query the warehouse through fresh views, again and again, until stopped; keep every answer
    (or error) so that the test can check that each one saw a whole state."""

    def __init__(self, warehouse: str | Path, query: Callable[[Any], tuple]) -> None:
        super().__init__(daemon=True)
        self.warehouse = warehouse
        self.query = query
        self.answers: list[tuple] = []
        self.times: list[float] = []  # monotonic time each answer came back
        self.errors: list[BaseException] = []
        self.halt = threading.Event()

    def run(self) -> None:
        from flows import views

        while not self.halt.is_set():
            try:
                with views.connect(self.warehouse) as con:
                    self.answers.append(self.query(con))
                    self.times.append(time.monotonic())
            except BaseException as exc:
                self.errors.append(exc)

    def answered_since(self, t: float) -> int:
        return sum(1 for x in self.times if x >= t)

    def wait_for_answer(self, timeout_s: float, fail: bool = True) -> None:
        """Until one more answer (or error) than when called, or the reader stopped; after
        timeout_s, an AssertionError (or, with fail=False, nothing). An answer that was already
        under way counts, as it does for answered_since."""
        seen = len(self.answers) + len(self.errors)
        deadline = time.monotonic() + timeout_s
        while len(self.answers) + len(self.errors) <= seen and self.is_alive():
            if time.monotonic() > deadline:
                if not fail:
                    return
                raise AssertionError(f"the reader gave no answer within {timeout_s:.0f} s")
            time.sleep(0.005)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=60)
