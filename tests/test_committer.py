"""The commit's helper process: steps run there once started, here before; errors come back."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from flows import warehouse as store
from flows.checks import check_pending
from flows.runtime.committer import PROCESS_NAME, Committer
from flows.schema import Run, Sentence

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _comm() -> str:
    return Path(f"/proc/{os.getpid()}/comm").read_text().strip()


def test_steps_run_here_until_started_then_in_a_named_helper(tmp_path):
    committer = Committer(tmp_path)
    try:
        assert committer.call(os.getpid) == os.getpid()
        committer.start()
        helper = committer.call(os.getpid)
        assert helper != os.getpid()
        assert committer.call(os.getpid) == helper  # one helper for the whole run
        if sys.platform.startswith("linux"):
            assert committer.call(_comm) == PROCESS_NAME
            assert committer.call(os.nice, 0) == min(os.nice(0) + 10, 19)  # behind the workers
    finally:
        committer.close()
    assert not committer.started


def test_a_memory_url_warehouse_is_committed_in_the_flow_process():
    committer = Committer("memory://wh")
    committer.start()  # another process could not see fsspec's in-memory files
    assert committer.call(os.getpid) == os.getpid()
    committer.close()


def test_the_helper_merges_rebuilds_and_checks_what_the_flow_staged(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    n = store.COMPACT_MIN_FILES + 2
    for b in range(n):
        store.stage_batch(wh, "r1", b, {"sentences": [Sentence(f"d{b}", 0, 0, 0, 3, "Hi.")]})
    committer = Committer(wh)
    committer.start()
    try:
        assert committer.call(store.compact_staging, wh, "r1") == n - 1
        run = Run("r1", T0, T0, "completed", 0, 0, 0, 0, "t")
        committer.call(store.stage_run, wh, run, rebuild_entities=True)
        failed = {c.name for c in committer.call(check_pending, wh, "r1") if not c.ok}
        # sentences without their documents: the helper's checks read the staged files
        assert failed == {"facts_have_documents"}
        with pytest.raises(store.WarehouseError, match="not a folder"):
            (tmp_path / "file").write_text("x")
            committer.call(store.init_warehouse, tmp_path / "file")
    finally:
        committer.close()
    assert len(list((wh / store.STAGING / "r1" / "sentences").iterdir())) == 1
