"""The worker pool (flows/runtime/pool.py): warm start, settings serialised once, cheap in a worker,
one TLS context, an allocator that keeps freed memory; and our pool workers' initializer
(flows.tasks.init_pool_worker: the model loaded, then frozen out of the collector's sight).

The end-to-end behaviour (a real run with 2 workers gives the same warehouse as 1) is in
test_flow.py; these pin the savings themselves."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import platform
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from prefect.context import SettingsContext
from prefect.task_runners import ThreadPoolTaskRunner

from flows.runtime.pool import WorkerPool, _settings_serialized_once


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie has exited
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_settings_are_serialised_once_per_settings_object_and_equal_to_prefects():
    ctx = SettingsContext.get()
    assert ctx is not None
    original = SettingsContext.serialize
    expected = ctx.serialize()
    with _settings_serialized_once():
        first = ctx.serialize()
        second = ctx.serialize()
        assert first is second  # the second submit reuses the first one's work
        assert first == expected
    assert SettingsContext.serialize is original  # patched only inside the block
    assert ctx.serialize() is not first


def test_inside_a_worker_the_flows_runner_duplicates_as_a_thread_runner():
    pool = WorkerPool(max_workers=2)
    assert isinstance(pool.duplicate(), WorkerPool)  # in the flow's process: a real pool
    copy = pickle.loads(pickle.dumps(pool))
    copy._owner_pid = -1  # as unpickled in another process
    assert isinstance(copy.duplicate(), ThreadPoolTaskRunner)


def test_prestart_spawns_the_workers_before_any_flow_and_close_stops_an_untaken_pool():
    pool = WorkerPool(max_workers=2)
    pool.prestart()
    warm = pool._warm
    assert warm is not None and warm._executor is not None
    deadline = time.monotonic() + 60
    while len(warm._executor._processes) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = list(warm._executor._processes)
    assert len(pids) == 2  # both spawned already, not at the first batch
    assert pickle.loads(pickle.dumps(pool))._warm is None  # never pickled into a batch
    pool.close()  # the flow never took it (a run that failed before it began)
    assert pool._warm is None
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def test_the_flow_engine_takes_the_prestarted_pool_as_it_is():
    pool = WorkerPool(max_workers=2)
    warm = WorkerPool(max_workers=2)
    warm._prestarted = True  # as prestart() leaves it, without spawning processes here
    pool._warm = warm
    assert pool.duplicate() is warm  # what the flow engine enters
    assert warm.__enter__() is warm  # ... without starting a second pool
    assert warm._executor is None and pool._warm is None
    assert isinstance(pool.duplicate(), WorkerPool)  # the next run gets a fresh pool


def test_prefect_clients_share_one_tls_context_built_as_prefect_builds_it(monkeypatch):
    """Saving 4: the CA bundle is read once per process, not by every client; a client given a
    TLS setting of its own keeps it."""
    import ssl

    from prefect.client.orchestration import PrefectClient, SyncPrefectClient

    from flows.runtime import pool as runners

    # Undo the class patch (and the cache) when the test ends.
    monkeypatch.setattr(PrefectClient, "__init__", PrefectClient.__init__)
    monkeypatch.setattr(SyncPrefectClient, "__init__", SyncPrefectClient.__init__)
    monkeypatch.setattr(runners, "_tls_contexts", {})
    built: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counting(*args, **kwargs):
        ctx = create(*args, **kwargs)
        built.append(ctx)
        return ctx

    monkeypatch.setattr(ssl, "create_default_context", counting)
    runners.share_tls_context()
    runners.share_tls_context()  # idempotent: no second wrapper
    clients = [SyncPrefectClient("http://127.0.0.1:9/api") for _ in range(3)]
    clients.append(PrefectClient("http://127.0.0.1:9/api"))
    assert len(built) == 1
    assert built[0].verify_mode == ssl.CERT_REQUIRED and built[0].check_hostname
    assert len(built[0].get_ca_certs()) > 50  # certifi's bundle, as Prefect loads it
    own = ssl.create_default_context()
    SyncPrefectClient("http://127.0.0.1:9/api", httpx_settings={"verify": own})
    assert len(built) == 2  # only the test's own context was built
    for client in clients[:3]:
        client._client.close()


def _frozen_and_loaded() -> tuple[int, int]:
    import gc

    from flows.nlp import ner_pipeline

    return gc.get_freeze_count(), ner_pipeline.cache_info().currsize


def test_our_pool_workers_start_with_the_model_loaded_and_out_of_the_collectors_sight():
    from flows.config import Settings
    from flows.pipeline import task_runner

    pool = task_runner(Settings(workers=2))
    assert isinstance(pool, WorkerPool)
    executor = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=pool._initializer,
        initargs=pool._initargs,
    )
    with executor:
        frozen, models = executor.submit(_frozen_and_loaded).result(timeout=120)
    assert models == 1  # the NER pipeline was loaded before the first task
    assert frozen > 10_000  # the model's and the imports' objects, not a handful


def _faults_reallocating(tune: bool) -> int:
    """Minor page faults of 20 rounds of four 8 MB blocks written then freed, in a fresh process
    (a batch's NER arrays are of that size)."""
    import resource

    from flows.runtime.pool import keep_freed_memory

    if tune:
        assert keep_freed_memory()
    for _ in range(2):  # glibc's own threshold adjustment settles in the first rounds
        blocks = [b"x" * (8 << 20) for _ in range(4)]
        del blocks
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        blocks = [b"x" * (8 << 20) for _ in range(4)]
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="tunes glibc's allocator only")
def test_a_tuned_worker_reuses_freed_memory_instead_of_faulting_it_in_again():
    spawn = multiprocessing.get_context("spawn")
    faults = {}
    for tune in (False, True):
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as fresh:
            faults[tune] = fresh.submit(_faults_reallocating, tune).result(timeout=120)
    pages = 20 * 4 * (8 << 20) // 4096
    assert faults[False] > pages // 2  # glibc gives the blocks back and faults them in again
    assert faults[True] < pages // 20  # kept: the same pages serve every round
