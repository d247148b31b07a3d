"""The local worker pool: Prefect's process-pool task runner, minus three costs it pays per run or
per batch that this pipeline does not need to pay (1-3, `WorkerPool`); a fourth that every
worker pays, local or on Dask (4, `share_tls_context`, applied by `flows.tasks.warm_worker`);
and a fifth in our own workers' memory allocator (5, `keep_freed_memory`).

What each saves is in bench/RESULTS.md (#the-runtimes-savings), measured with
bench/throughput.py:

1. Start-up. The stock runner spawns its workers at the first submit, so every worker imports
   Prefect and spaCy and loads the model inside the flow, after the temporary API server has
   started. `prestart()` spawns them and runs the model warm-up before that server starts, so
   the two overlap.
2. Settings serialised per submit. Every submit serialises the whole settings tree for the
   worker. The settings do not change within a run, so each settings object is serialised once
   (same dict, same bytes to the worker).
3. The flow's runner rebuilt in every worker, per task. A worker restores the flow's context by
   duplicating and entering the flow's task runner: for a process pool that is a message queue,
   a forwarding thread and two executors made and torn down around every batch. A worker never
   submits tasks of its own here, so there it gets a single-thread runner, which costs nothing
   until used.
4. A TLS context per API client. Every Prefect client builds an SSL context from certifi's CA
   bundle, and a worker makes two clients per batch, even for the temporary server on
   http://127.0.0.1. `share_tls_context` builds it once per process, exactly as Prefect would
   (same CA file, same insecure setting).
5. Memory given back to the kernel and taken again. The NER's arrays are megabytes each: glibc
   serves large blocks by mmap and returns the top of its heap to the kernel once more than
   twice the largest recent block is free, so the pages of the next batch's arrays are fresh
   page faults. `keep_freed_memory` keeps up to 64 MB free at the heap's top and serves blocks
   up to 32 MB from the heap; peak RSS is unchanged.
"""

from __future__ import annotations

import ctypes
import os
import platform
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prefect.client.orchestration import PrefectClient, SyncPrefectClient
from prefect.context import SettingsContext
from prefect.settings import PREFECT_API_SSL_CERT_FILE, PREFECT_API_TLS_INSECURE_SKIP_VERIFY
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.runtime import signals


def _ready() -> int:
    """A no-op a worker runs once its initializer (the model warm-up) has finished."""
    return os.getpid()


class WorkerPool(ProcessPoolTaskRunner):
    """Prefect's `ProcessPoolTaskRunner` with the warm start and the two savings above."""

    def __init__(
        self,
        max_workers: int | None = None,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(max_workers=max_workers, initializer=initializer, initargs=initargs)
        self._owner_pid = os.getpid()
        self._warm: WorkerPool | None = None  # a started pool waiting for the flow to take it
        self._prestarted = False

    def __getstate__(self) -> dict[str, Any]:
        # The flow (and with it this runner) is pickled into every batch's context; a started
        # pool's executor cannot be, and a worker has no use for it.
        state = self.__dict__.copy()
        state["_warm"] = None
        return state

    def prestart(self) -> None:
        """Spawn the workers now and let each run its initializer; do not wait for them."""
        if self._warm is not None or self._prestarted:
            return
        warm = self.duplicate()
        warm.__enter__()
        warm._prestarted = True
        assert warm._executor is not None
        # One call per worker: the executor spawns a new process whenever none is idle.
        for _ in range(self._max_workers):
            warm._executor.submit(_ready)
        self._warm = warm

    def close(self) -> None:
        """Stop a prestarted pool that no flow took (the run failed before it began)."""
        warm, self._warm = self._warm, None
        if warm is not None:
            warm._prestarted = False
            warm.__exit__(None, None, None)

    def duplicate(self) -> TaskRunner[Any]:  # type: ignore[override]
        if os.getpid() != self._owner_pid:
            # Inside a worker, restoring the flow's context for one batch (saving 3 above).
            return ThreadPoolTaskRunner(max_workers=1)
        if self._warm is not None:
            warm, self._warm = self._warm, None
            return warm
        runner = WorkerPool(self._max_workers, self._initializer, self._initargs)
        runner.subprocess_message_processor_factories = self.subprocess_message_processor_factories
        return runner

    def __enter__(self) -> WorkerPool:
        if self._prestarted:  # started by prestart(): the flow engine now takes it over
            self._prestarted = False
            return self
        super().__enter__()
        return self

    def cancel_all(self) -> None:
        """Prefect's shutdown waits for the batches being analysed; after a stop signal the
        workers are killed first, so the run ends in seconds (flows.runtime.signals)."""
        if self._executor is not None:
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            # A worker that died by a signal (SIGTERM to the process group) may have died
            # writing a message, as may one killed here.
            died = any(p.exitcode is not None and p.exitcode < 0 for p in processes)
            if signals.interrupted() or died:
                for process in processes:
                    process.kill()
                self._let_go_of_messages()
                self._unblock_results()
        super().cancel_all()

    def _unblock_results(self) -> None:
        """Let the executor's shutdown return although a worker died writing its result.

        The executor's manager thread reads each result whole; a worker killed half-way
        through writing one leaves it reading for the rest for ever (this process holds the
        pipe's write end too, so no end of file comes), and `shutdown(wait=True)` joins that
        thread: the run hung after a SIGTERM (seen here in CI under load, once in four runs).
        Zero bytes written into the pipe complete the message; it fails to unpickle, the manager
        marks the pool broken and ends (its futures fail; the run is stopping anyway). Written
        by a daemon thread, since a pipe with no reader left blocks its writer. The calls queue
        is let go of as the messages queue is: its feeder may be blocked writing to the dead."""
        executor = self._executor
        writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
        manager = getattr(executor, "_executor_manager_thread", None)
        calls = getattr(executor, "_call_queue", None)
        if calls is not None:
            calls.cancel_join_thread()
        if writer is None or manager is None:
            return
        fd = writer.fileno()

        def fill() -> None:
            chunk = bytes(65536)
            for _ in range(1024):  # at most 64 MiB: more than any result holds
                if not manager.is_alive():
                    return
                try:
                    os.write(fd, chunk)
                except OSError:
                    return

        threading.Thread(target=fill, name="broadsheet-unblock-results", daemon=True).start()

    def _let_go_of_messages(self) -> None:
        """Drop the queue that carries the workers' log messages, without the goodbye.

        Workers write to it under one lock shared by all processes. A worker killed while
        writing (a SIGTERM to the process group ends workers at any instruction) holds that lock
        for ever: Prefect's shutdown message then never leaves this process, its forwarding
        thread waits 5 s for it, and at exit multiprocessing joins the queue's writer thread,
        which waits on the lock: the run hung after saying it had stopped (1 run in 8 here).
        The forwarding thread is a daemon blocked on a queue no one writes to any more; it ends
        with the process."""
        queue = self._subprocess_message_queue
        if queue is not None:
            queue.cancel_join_thread()  # exit no longer waits for its writer thread
        self._subprocess_message_queue = None
        self._message_forwarding_thread = None

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        with _settings_serialized_once():
            return super().submit(*args, **kwargs)


_serialized: dict[int, tuple[SettingsContext, bool, dict[str, Any]]] = {}


@contextmanager
def _settings_serialized_once() -> Iterator[None]:
    """While inside, `SettingsContext.serialize` returns the stored result for a settings context
    it has seen (contexts are immutable models; a changed setting makes a new one)."""
    original = SettingsContext.serialize

    def serialize(self: SettingsContext, include_secrets: bool = True) -> dict[str, Any]:
        hit = _serialized.get(id(self))
        if hit is not None and hit[0] is self and hit[1] == include_secrets:
            return hit[2]
        result = original(self, include_secrets=include_secrets)
        _serialized.clear()  # one run's settings at a time: no growth over a long-lived process
        _serialized[id(self)] = (self, include_secrets, result)
        return result

    SettingsContext.serialize = serialize  # type: ignore[method-assign]
    try:
        yield
    finally:
        SettingsContext.serialize = original  # type: ignore[method-assign]


_tls_contexts: dict[tuple[bool, str], ssl.SSLContext] = {}


def _tls_context() -> ssl.SSLContext:
    """The context Prefect's clients build for themselves (`PrefectClient.__init__`), once."""
    import certifi

    insecure = bool(PREFECT_API_TLS_INSECURE_SKIP_VERIFY.value())
    cafile = "" if insecure else (PREFECT_API_SSL_CERT_FILE.value() or certifi.where())
    ctx = _tls_contexts.get((insecure, cafile))
    if ctx is None:
        if insecure:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            ctx = ssl.create_default_context(cafile=cafile)
        _tls_contexts[(insecure, cafile)] = ctx
    return ctx


def share_tls_context() -> None:
    """From now on in this process, Prefect API clients made without a TLS setting of their own
    share one SSL context (saving 4 above). Idempotent."""
    for cls in (PrefectClient, SyncPrefectClient):
        original = cls.__init__
        if getattr(original, "_shares_tls", False):
            continue

        def init(
            self: Any,
            api: Any,
            *args: Any,
            httpx_settings: dict[str, Any] | None = None,
            _original: Callable[..., None] = original,
            **kwargs: Any,
        ) -> None:
            if httpx_settings is None or "verify" not in httpx_settings:
                httpx_settings = {**(httpx_settings or {}), "verify": _tls_context()}
            _original(self, api, *args, httpx_settings=httpx_settings, **kwargs)

        init._shares_tls = True  # type: ignore[attr-defined]
        cls.__init__ = init  # type: ignore[method-assign]


# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_TRIM_THRESHOLD = 64 << 20  # free bytes at the heap's top kept rather than given back
_MMAP_THRESHOLD = 32 << 20  # blocks up to this size come from the heap, not their own mmap


def keep_freed_memory() -> bool:
    """Tune this process's glibc allocator to keep freed memory for reuse (5 above); True when
    applied. A no-op elsewhere (macOS, musl): those allocators have their own policies.

    Only for processes that do the pipeline's analysis batch after batch, which reuse what they
    free within milliseconds; peak RSS, which the high-water mark counts, is unchanged."""
    if platform.libc_ver()[0] != "glibc":
        return False
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    trim = mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    mmap = mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    return bool(trim and mmap)
