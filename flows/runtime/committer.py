"""The commit's heavy steps in a process of their own, so that the flow process stays small.

A run's commit merges the staged parts, rebuilds the entities dimension (a DuckDB aggregate over
every mention, then the gazetteer's place lookup) and runs the data-quality checks (DuckDB joins
over the whole warehouse); the run report then queries the warehouse. Their memory grows with the
warehouse: in the flow process they lifted its peak above its peak during the analysis, and the
gazetteer (most of it what building it left fragmented) stayed for the life of the process
(bench/RESULTS.md, #the-runtimes-savings). Done in a helper process, all of it goes back to the
system when the run ends: the flow's peak is then set by the streaming part, whatever the corpus
size, and a flow process that serves runs one after another does not keep a gazetteer and
DuckDB's buffers between them.

The helper starts when the first batch is awaited and loads its modules and the gazetteer while
the workers analyse (what `geo.prepare` did in a flow thread before), so the commit does not wait
for a process start. A run that analyses nothing (an unchanged re-run) never starts it: its few
commit steps run in the flow. The warehouse must be reachable from another process with the
same environment: a local folder or object storage, not fsspec's per-process `memory://`.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from flows import storage
from flows.runtime import signals

T = TypeVar("T")
#: How a step is run: `fn(*args, **kwargs)` somewhere (here, or in the helper: `Committer.call`).
Call = Callable[..., Any]


def here(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a step in this process (a `Call`)."""
    return fn(*args, **kwargs)


#: The helper's process name (Linux: /proc/<pid>/comm, what `ps` and `top` show), which tells it
#: from the analysis workers, whose command line is the same.
PROCESS_NAME = "bs-commit"


def _warm() -> None:
    """The helper's initializer: its name and priority, the commit's modules, and the gazetteer.

    At a lower priority (nice 10): its warm-up should take what the workers leave, not share a
    core with them while they analyse; at the commit nothing else runs, so it costs nothing."""
    _set_process_name(PROCESS_NAME)
    signals.ignore_interrupts()
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(10)
    from flows import checks, geo, warehouse  # noqa: F401  (imported for their import cost)

    geo.gazetteer()


def _set_process_name(name: str) -> None:
    """prctl(PR_SET_NAME) where there is one (Linux); elsewhere nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(15, name.encode()[:15], 0, 0, 0)  # 15 = PR_SET_NAME
    except (OSError, AttributeError):
        return


class Committer:
    """Runs a commit step (a module-level function and picklable arguments) in the helper
    process once `start` has been called, in the calling process before that."""

    def __init__(self, warehouse: storage.Location) -> None:
        self._local = str(warehouse).startswith("memory://")
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        """Start the helper and let it warm up in the background (returns at once)."""
        if self._pool is not None or self._local:
            return
        # spawn, not fork: the flow process runs threads (Prefect's), which fork does not copy.
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
        )
        self._pool.submit(_nothing)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in the helper if it was started, else here."""
        if self._pool is None:
            return here(fn, *args, **kwargs)
        return self._pool.submit(fn, *args, **kwargs).result()

    def close(self) -> None:
        if self._pool is not None:
            if signals.interrupted():  # a stop signal: end the helper, do not wait for its step
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.kill()
            self._pool.shutdown(wait=not signals.interrupted(), cancel_futures=True)
            self._pool = None


def _nothing() -> None:
    """Submitted at start so that the initializer runs now, not at the first real step."""
