"""Stopping a run from the terminal: Ctrl-C (SIGINT) or SIGTERM ends it within seconds.

The first signal raises `RunInterrupted` in the flow's main thread; the run then aborts as a
failed one does (nothing uncommitted becomes visible; its runs row says `aborted`), except that
its worker and helper processes are killed rather than waited for. A second signal ends the
process at once, its children first. Worker and helper processes ignore SIGINT themselves: a
terminal sends it to the whole process group, and they are ended by their parent, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

#: The exit status of a run ended by a signal (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


class RunInterrupted(KeyboardInterrupt):
    """The run was asked to stop by a signal. `committed` says whether its commit had happened
    (set by the run as it ends: then the run is complete despite the signal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.committed = False


_received: list[int] = []
# Signals seen as exceptions raised by others' handlers: Prefect's flow engine turns SIGTERM into
# its TerminationSignal while a flow runs, then passes the signal on once the flow has ended.
_noted: list[int] = []


def interrupted() -> bool:
    """Whether a stop signal arrived during the current `interruptible` block."""
    return bool(_received or _noted)


def note(exc: BaseException) -> None:
    """Record a stop signal that reached the run as an exception (`exc`), so that what ends the
    run knows to kill rather than wait, and to say `aborted`."""
    signum = getattr(exc, "signal", None)
    if isinstance(exc, KeyboardInterrupt):
        signum = getattr(exc, "signum", signal.SIGINT)
    if isinstance(signum, int) and not interrupted():
        _noted.append(signum)


#: Processes of this run outside multiprocessing's reach (the API server, in its own session).
_also: list[int] = []


def also_kill(pid: int) -> None:
    """Have `kill_children` end this process too (one this process started in another session)."""
    _also.append(pid)


def kill_children(*, registered: bool = True) -> None:
    """Kill this process's child processes (workers, the commit helper, and with `registered`
    those registered with `also_kill`) without waiting."""
    for child in multiprocessing.active_children():
        with suppress(OSError, ValueError):
            child.kill()
    for pid in _also if registered else ():
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _handle(signum: int, frame: FrameType | None) -> None:
    if _received:  # the second signal: no more waiting
        kill_children()
        os._exit(EXIT_INTERRUPTED)
    _received.append(signum)
    raise RunInterrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM raise RunInterrupted in this (the main) thread while inside."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = {s: signal.signal(s, _handle) for s in (signal.SIGINT, signal.SIGTERM)}
    _received.clear()
    _noted.clear()
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _received.clear()
        _noted.clear()


def ignore_interrupts() -> None:
    """For a worker or helper process: a terminal's Ctrl-C is its parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
