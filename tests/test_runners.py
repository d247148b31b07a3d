"""The worker pool (flows/runners.py): warm start, settings serialised once, cheap in a worker.

The end-to-end behaviour (a real run with 2 workers gives the same warehouse as 1) is in
test_flow.py; these pin the three savings themselves."""

from __future__ import annotations

import os
import pickle
import time

from prefect.context import SettingsContext
from prefect.task_runners import ThreadPoolTaskRunner

from flows.runners import WorkerPool, _settings_serialized_once


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
