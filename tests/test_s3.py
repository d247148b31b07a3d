"""Object storage: inputs and warehouse on s3://, against a local S3 server (moto, 127.0.0.1 only).

The real flow reads its inputs from a bucket and writes its warehouse to the same bucket; the
views, `broadsheet sql`, the data-quality gates, recovery and the catalog then work on the S3
warehouse as they do on a folder. DuckDB reads it through the registered fsspec file system, so
no extension is installed or loaded (httpfs is never fetched).
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from flows import storage, views
from flows import warehouse as store
from flows.schema import SPAN_TABLES, TABLES, Run, Sentence
from flows.warehouse import journal

from conftest import SEED_FILE

moto_server = pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")

BUCKET = "broadsheet-test"
WAREHOUSE = f"s3://{BUCKET}/warehouse"
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _forget_s3_clients() -> None:
    """fsspec keeps one S3 file system per set of options: drop it, so that no instance made for
    one server (or none) outlives it in this process."""
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """A moto S3 server on a free loopback port, credentials and endpoint in the environment the
    way a user sets them (AWS_* variables), and an empty bucket; its endpoint URL back."""
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as home:
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_ENDPOINT_URL", endpoint)
        # Not the user's own profiles or credentials: only what is set here.
        mp.setenv("AWS_CONFIG_FILE", f"{home}/config")
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{home}/credentials")
        mp.delenv("AWS_PROFILE", raising=False)
        mp.delenv("AWS_SESSION_TOKEN", raising=False)
        _forget_s3_clients()
        try:
            fs, _ = storage.filesystem(f"s3://{BUCKET}")
            fs.mkdir(BUCKET)
            yield endpoint
        finally:
            _forget_s3_clients()
            server.stop()


def _put(url: str, data: bytes) -> None:
    fs, path = storage.filesystem(url)
    fs.pipe_file(path, data)


@pytest.fixture(scope="module")
def first_run(harness, s3):
    """The seed, one more article, a JSON Lines feed and an empty file, all in the bucket, run
    once into the warehouse in the same bucket."""
    from flows.pipeline import run_pipeline

    inputs = f"s3://{BUCKET}/inputs"
    _put(f"{inputs}/seed.txt", SEED_FILE.read_bytes())
    _put(
        f"{inputs}/lima.txt",
        "Maria Lopez said, “We will open 12 schools in Lima.” The plan costs $4.5m.".encode(),
    )
    _put(
        f"{inputs}/feed/wire.jsonl",
        b'{"id": "w1", "text": "Dana Wu said, \\u201cRates will rise.\\u201d", '
        b'"published_at": "2024-03-08T09:00:00Z"}\n',
    )
    _put(f"{inputs}/empty.txt", b"")
    summary = run_pipeline(inputs=[inputs], warehouse=WAREHOUSE, batch_size=2)
    return inputs, summary


def _con() -> duckdb.DuckDBPyConnection:
    return views.connect(WAREHOUSE)


def test_first_run_reads_s3_inputs_into_the_s3_warehouse(first_run):
    inputs, summary = first_run
    assert summary.status == "completed"
    assert (summary.n_inputs, summary.n_documents_new, summary.n_rejected) == (4, 3, 1)
    assert [r[:2] for r in summary.rejects] == [(f"{inputs}/empty.txt", "empty")]
    fs, root = storage.filesystem(WAREHOUSE)
    assert not fs.exists(f"{root}/{store.STAGING}")  # every staged file moved, staging deleted
    names = {p.rsplit("/", 1)[-1] for p in fs.find(f"{root}/sentences")}
    assert any(n.startswith(f"part-{summary.run_id}-") for n in names)
    with _con() as con:
        uris = {r[0] for r in con.execute("select source_uri from documents").fetchall()}
    assert uris == {f"{inputs}/seed.txt", f"{inputs}/lima.txt", f"{inputs}/feed/wire.jsonl#1"}


def test_row_counts_agree_between_loader_views_and_cli(first_run, capsys):
    from flows.cli import main

    counts = store.row_counts(WAREHOUSE)
    assert counts["documents"] == 3 and counts["runs"] == 1
    assert counts["sentences"] > 10 and counts["mentions"] > 10 and counts["quotes"] >= 3
    union = " union all ".join(f"select '{t}' as t, count(*) as n from {t}" for t in TABLES)
    assert main(["sql", union, "--warehouse", WAREHOUSE, "--format", "json"]) == 0
    seen = {r["t"]: r["n"] for r in json.loads(capsys.readouterr().out)}
    assert seen == counts


def test_every_span_equals_its_slice_on_s3(first_run):
    with _con() as con:
        for table in SPAN_TABLES:
            rows = con.sql(
                f"select t.text, d.text, t.char_start, t.char_end from {table} t "
                "join documents d using (doc_id)"
            ).fetchall()
            assert rows, table
            for span, doc, start, end in rows:
                assert doc[start:end] == span, (table, start, end)


def test_duckdb_reads_s3_without_httpfs(first_run):
    with _con() as con:
        loaded = con.execute(
            "select extension_name from duckdb_extensions() where loaded and install_mode not in "
            "('STATICALLY_LINKED', 'BUILT-IN')"
        ).fetchall()
        assert loaded == []  # httpfs (or anything else) neither downloaded nor loaded
        settings = con.execute(
            "select current_setting('autoinstall_known_extensions'), "
            "current_setting('autoload_known_extensions')"
        ).fetchall()
        assert settings == [(False, False)]
        # A named saved question, through the views and a glob over s3:// paths.
        top = con.sql(views.named_queries()["top_entities"].sql).fetchall()
    assert top


def test_gates_pass_on_the_s3_warehouse(first_run):
    from flows.checks import warehouse_digest

    digest = warehouse_digest(WAREHOUSE)
    assert digest["failed_checks"] == []
    assert digest["documents"] == 3


def test_second_run_skips_everything(first_run):
    from flows.pipeline import run_pipeline

    inputs, _ = first_run
    before = store.row_counts(WAREHOUSE)
    summary = run_pipeline(inputs=[inputs], warehouse=WAREHOUSE, batch_size=2)
    assert (summary.n_documents_new, summary.n_documents_skipped) == (0, 3)
    assert summary.n_rejected == 1  # still rejected, recorded once
    after = store.row_counts(WAREHOUSE)
    assert after == {**before, "runs": before["runs"] + 1}


def test_catalog_of_an_s3_warehouse_is_uploaded_beside_it(first_run, tmp_path):
    from flows.catalog import default_catalog_path, write_catalog

    assert default_catalog_path(WAREHOUSE) == f"s3://{BUCKET}/warehouse.duckdb"
    result = write_catalog(WAREHOUSE)
    assert result.path == f"s3://{BUCKET}/warehouse.duckdb"
    fs, path = storage.filesystem(str(result.path))
    local = tmp_path / "warehouse.duckdb"
    fs.get_file(path, str(local))
    with duckdb.connect(str(local), read_only=True) as con:
        n = con.execute("select count(*) from documents").fetchall()[0][0]
    assert n == result.rows["documents"] == store.row_counts(WAREHOUSE)["documents"]


# --- the commit protocol on object storage, step by step --------------------------------------


def _run(run_id: str) -> Run:
    return Run(run_id, T0, T0, "completed", 1, 1, 0, 0, "test")


def test_views_hide_a_commit_until_its_runs_row_lands_on_s3(s3):
    wh = f"s3://{BUCKET}/unit-commit"
    store.init_warehouse(wh)
    store.stage_batch(wh, "r1", 0, {"sentences": [Sentence("d1", 0, 0, 0, 3, "Hi.")]})
    store.stage_run(wh, _run("r1"), rebuild_entities=False)
    moves = journal._moves(wh, "r1")
    assert moves[-1][1] == "runs/part-r1.parquet"  # the commit mark lands last
    journal._apply(wh, moves[:-1])  # every file copied into place but the runs row: mid-commit
    live, snapshot = views.connect(wh), views.connect(wh, snapshot=True)
    assert live.execute("select count(*) from sentences").fetchall() == [(0,)]
    assert snapshot.execute("select count(*) from sentences").fetchall() == [(0,)]
    journal._apply(wh, moves[-1:])
    assert live.execute("select count(*) from sentences").fetchall() == [(1,)]
    # A snapshot keeps the listing it was made with: the run shows in the next connection.
    assert snapshot.execute("select count(*) from sentences").fetchall() == [(0,)]
    assert views.connect(wh, snapshot=True).sql("select count(*) from sentences").fetchall() == [
        (1,)
    ]


def test_compaction_on_s3_merges_a_runs_batch_files(s3):
    wh = f"s3://{BUCKET}/unit-compact"
    store.init_warehouse(wh)
    n = store.COMPACT_MIN_FILES + 2
    for b in range(n):
        store.stage_batch(wh, "r1", b, {"sentences": [Sentence(f"d{b}", 0, 0, 0, 3, "Hi.")]})
    assert store.compact_staging(wh, "r1") == n - 1
    stage = storage.join(store.staging_dir(wh, "r1"), "sentences")
    assert storage.files(stage, ".parquet") == ["part-r1-00000.parquet"]
    store.stage_run(wh, _run("r1"), rebuild_entities=False)
    store.commit(wh, "r1")
    con = views.connect(wh)
    assert con.execute("select list(doc_id order by doc_id) from sentences").fetchall() == [
        (sorted(f"d{b}" for b in range(n)),)
    ]


def test_compaction_across_runs_on_s3_merges_hides_and_later_deletes(s3):
    """Issue 19: three runs' files merged into one, through the journal, on object storage; a
    reader sees the same rows throughout; the replaced files go after their grace period."""
    import datetime as dt

    from flows.warehouse.compact import compact

    wh = f"s3://{BUCKET}/unit-compact-runs"
    store.init_warehouse(wh)
    for r in ("r1", "r2", "r3"):
        store.stage_batch(wh, r, 0, {"sentences": [Sentence(f"d{r}", 0, 0, 0, 3, "Hi.")]})
        store.stage_run(wh, _run(r), rebuild_entities=False)
        store.commit(wh, r)
    listed = views.connect(wh, snapshot=True)  # a reader that listed before the compaction
    done = compact(wh, "c1")
    # The runs files merge too: their rows move into the compaction's own runs file.
    assert (done.merged, done.written) == (
        {"sentences": 3, "runs": 3},
        {"sentences": 1, "runs": 1},
    )
    for con in (listed, views.connect(wh)):
        assert con.execute("select list(doc_id order by doc_id) from sentences").fetchall() == [
            (["dr1", "dr2", "dr3"],)
        ]
    folder = storage.join(wh, "sentences")
    assert len(storage.files(folder, ".parquet")) == 5  # init, 3 replaced (in grace), merged
    assert store.retire_replaced(wh) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert len(store.retire_replaced(wh, now=later)) == 6  # 3 sentences files, 3 runs files
    assert storage.files(folder, ".parquet") == ["part-0-init.parquet", "part-c1-00000.parquet"]
    runs = storage.join(wh, "runs")
    assert storage.files(runs, ".parquet") == ["part-0-init.parquet", "part-c1.parquet"]
    assert store.row_counts(wh)["sentences"] == 3
    assert store.row_counts(wh)["runs"] == 4  # r1, r2, r3 and the compaction


def test_recover_on_s3_discards_uncommitted_and_rolls_forward_committed(s3):
    wh = f"s3://{BUCKET}/unit-recover"
    store.init_warehouse(wh)
    # r1 was killed while staging (no journal); r2 halfway through its commit.
    store.stage_batch(wh, "r1", 0, {"sentences": [Sentence("d1", 0, 0, 0, 3, "Hi.")]})
    store.stage_batch(wh, "r2", 0, {"sentences": [Sentence("d2", 0, 0, 0, 4, "Bye.")]})
    store.stage_run(wh, _run("r2"), rebuild_entities=False)
    moves = journal._moves(wh, "r2")
    storage.write_text(storage.join(store.staging_dir(wh, "r2"), store.JOURNAL), json.dumps(moves))
    journal._apply(wh, moves[:1])
    assert store.is_committed(wh, "r2") and not store.is_committed(wh, "r1")
    assert store.row_counts(wh)["runs"] == 0

    assert store.recover(wh) == store.Recovery(("r2",), ("r1",))
    counts = store.row_counts(wh)
    assert (counts["sentences"], counts["runs"]) == (1, 1)
    assert storage.subfolders(storage.join(wh, store.STAGING)) == []
    assert store.recover(wh) == store.Recovery((), ())


def test_a_failing_gate_on_s3_is_named_and_its_staging_discarded(s3):
    from flows.checks import check_pending

    wh = f"s3://{BUCKET}/unit-gate"
    store.init_warehouse(wh)
    # A sentence of a document that does not exist: caught before anything is visible.
    store.stage_batch(wh, "r1", 0, {"sentences": [Sentence("ghost", 0, 0, 0, 3, "Hi.")]})
    store.stage_run(wh, _run("r1"), rebuild_entities=True)
    failed = {c.name for c in check_pending(wh, "r1") if not c.ok}
    assert "facts_have_documents" in failed
    store.discard_staging(wh, "r1")
    assert storage.subfolders(storage.join(wh, store.STAGING)) == []
    assert store.row_counts(wh)["sentences"] == 0


def test_locations_keep_local_paths_as_paths(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert storage.location("data/warehouse") == tmp_path / "data" / "warehouse"
    assert storage.location(f"file://{tmp_path}/wh") == tmp_path / "wh"
    assert storage.location("s3://bucket/prefix/") == "s3://bucket/prefix"
    assert storage.parent("s3://bucket/prefix/wh") == "s3://bucket/prefix"
    assert storage.parent("s3://bucket") == "s3://bucket"
    assert storage.join("s3://bucket/wh", "runs", "x.parquet") == "s3://bucket/wh/runs/x.parquet"


def test_the_writer_lock_on_s3_refuses_a_second_writer_and_takes_over_an_expired_lease(s3):
    """A conditional put (If-None-Match: *) makes the lock object; its lease is renewed while
    held; a lease nobody renewed (a dead holder) is taken over."""
    from flows.warehouse import Warehouse
    from flows.warehouse.lock import WarehouseBusy, _LeaseLock

    wh = Warehouse.at(f"s3://{BUCKET}/locked")
    first = _LeaseLock(wh, "run-a", lease_s=60)
    first.try_acquire()
    try:
        with pytest.raises(WarehouseBusy, match=r"being written by run run-a \(pid \d+ on "):
            _LeaseLock(wh, "run-b", lease_s=60).try_acquire()
    finally:
        first.release()
    assert not storage.exists(storage.join(wh.root, "_writer.lock"))  # released: deleted
    dead = _LeaseLock(wh, "run-dead", lease_s=0.6)
    dead.try_acquire()
    dead._stop.set()  # the holder dies: nobody renews its lease
    dead._renewer.join()
    with pytest.raises(WarehouseBusy, match="run-dead"):
        _LeaseLock(wh, "run-c", lease_s=60).try_acquire()  # the lease still runs
    time.sleep(0.8)
    taker = _LeaseLock(wh, "run-c", lease_s=60)
    taker.try_acquire()  # expired: taken over
    try:
        fs, path = storage.filesystem(storage.as_text(storage.join(wh.root, "_writer.lock")))
        assert b'"run_id": "run-c"' in fs.cat_file(path)
        # The dead holder wakes up (a machine back from sleep) and would renew: it finds the
        # lock is another's and leaves it alone.
        assert dead.renew() is False
        assert b'"run_id": "run-c"' in fs.cat_file(path)
        assert taker.renew() is True
    finally:
        taker.release()


S3_ARTICLES = [
    "Maria Lopez said, “We will open 12 schools in Lima by March.” The plan costs $4.5m.",
    "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
    "About 300 people marched in Paris last Friday, police said.",
]
S3_NEXT = "Flooding closed 6 roads in York on Sunday, the city council said."


@pytest.fixture(scope="module")
def small_runs(harness, tmp_path_factory) -> dict:
    """A local warehouse of three one-article runs (three small files a table, to be copied to
    the bucket), the inbox of a fourth article, and the digests of the three runs and of the
    four (the fourth run into a copy that was never compacted)."""
    import shutil

    from flows.checks import warehouse_digest
    from flows.pipeline import run_pipeline

    tmp = tmp_path_factory.mktemp("s3-compact")
    inbox, nxt, base = tmp / "in", tmp / "next", tmp / "base"
    inbox.mkdir()
    nxt.mkdir()
    (nxt / "next.txt").write_text(S3_NEXT, encoding="utf-8")
    for i, text in enumerate(S3_ARTICLES):
        (inbox / f"{i}.txt").write_text(text, encoding="utf-8")
        assert run_pipeline(inputs=[str(inbox)], warehouse=str(base)).n_documents_new == 1
    reference = tmp / "reference"
    shutil.copytree(base, reference)
    assert run_pipeline(inputs=[str(nxt)], warehouse=str(reference)).n_documents_new == 1
    return {
        "base": base,
        "next": nxt,
        "before": warehouse_digest(base),
        "after": warehouse_digest(reference),
    }


def _upload(local: Path, url: str) -> None:
    fs, root = storage.filesystem(url)
    for path in sorted(local.rglob("*")):
        if path.is_file() and path.name != "_writer.lock":  # a folder's lock is a file
            fs.put_file(str(path), f"{root}/{path.relative_to(local).as_posix()}")


# Half way through the commit: the step object storage does differently (a move is a copy and
# a delete, and the lock is a lease). Staging and retiring are killed on a folder
# (test_compact.py); each case here costs a minute of the suite on 2 cores.
@pytest.mark.parametrize("point", ["commit"])
def test_kill_9_mid_compaction_on_s3_then_a_run_loses_and_doubles_no_row(s3, small_runs, point):
    """Issue 19, on object storage: `broadsheet compact` killed with SIGKILL half way through its
    commit's copies; readers see the old rows, and the next run (waiting out the dead writer's
    lease, recovering first) gives what it gives without any compaction."""
    from flows.checks import warehouse_digest
    from flows.pipeline import run_pipeline
    from flows.warehouse.compact import compact

    from compaction_faults import kill_compaction

    wh = f"s3://{BUCKET}/killed-{point}"
    _upload(small_runs["base"], wh)
    # (No digest of the upload itself: the one after the kill must equal it too, and a digest of
    # an S3 warehouse costs seconds here.)
    if point == "retire":
        compact(wh, "c0")  # an earlier compaction, whose replaced files are due
    kill_compaction(wh, point)
    assert warehouse_digest(wh) == small_runs["before"]
    # The killed writer's lease (2 s) is still on the lock object: the run waits it out.
    run_pipeline(inputs=[str(small_runs["next"])], warehouse=wh, wait_s=30)
    assert warehouse_digest(wh) == small_runs["after"]
    assert storage.subfolders(storage.join(wh, store.STAGING)) == []


def test_a_reader_beside_a_compaction_on_s3_sees_every_row_once(s3, small_runs):
    """Issue 19, on object storage: a reader querying again and again while a compaction's
    commit copies its files (each slowed down until the reader answered once more) sees the same
    rows every time, each runs row once, before the commit and after it."""
    from flows.warehouse.compact import compact

    from compaction_faults import Reader, reader_counts, slow_moves

    wh = f"s3://{BUCKET}/read-beside"
    _upload(small_runs["base"], wh)
    before = small_runs["before"]

    reader = Reader(wh, reader_counts)
    reader.start()
    # A query on object storage lists every table first: up to 0.6 s a move.
    with slow_moves(reader, at_most_s=0.6, held=2) as moving:
        compact(wh, "c1")
        during = reader.answered_since(moving.first)
    seen = len(reader.answers)
    while len(reader.answers) < seen + 2 and reader.is_alive():
        reader.halt.wait(0.05)
    reader.stop()
    assert reader.errors == []
    assert {a[:3] for a in reader.answers} == {
        (before["sentences"], before["mentions"], before["documents"])
    }
    runs = [a[3:] for a in reader.answers]
    assert all(total == distinct for total, distinct in runs)
    n = len(S3_ARTICLES)
    assert {total for total, _ in runs} == {n, n + 1}
    assert during >= 2, "too few queries ran during the commit to test anything"


def test_a_commit_between_a_readers_listings_hides_nothing_on_s3(s3, small_runs, monkeypatch):
    """A live reader lists the runs and each table's files separately. A compaction whose commit
    completes after the reader listed the sentences folder but before it listed the runs would
    show its runs row (which hides the old files) without the merged file: rows gone from that
    answer. The views list the runs first, so the same commit leaves the reader the old state."""
    from flows.warehouse.compact import stage_compaction

    wh = f"s3://{BUCKET}/list-order"
    _upload(small_runs["base"], wh)
    done = stage_compaction(wh, "c9")
    store.stage_run(
        wh,
        Run("c9", T0, T0, journal.COMPACTED, 0, 0, 0, 0, "test", 0, done.replaced),
        rebuild_entities=False,
        carried=done.runs_rows,
    )
    moves = journal._moves(wh, "c9")
    storage.write_text(storage.join(store.staging_dir(wh, "c9"), store.JOURNAL), json.dumps(moves))
    con = views.connect(wh)
    real = storage.ListedFileSystem._listing
    listed: list[str] = []

    def listing(self, method, path, **kw):
        found = real(self, method, path, **kw)
        listed.append(path)
        if "/sentences/" in path and len([p for p in listed if "/sentences/" in p]) == 1:
            journal._apply(wh, moves)  # the whole commit lands right after this listing
        return found

    monkeypatch.setattr(storage.ListedFileSystem, "_listing", listing)
    assert con.execute("select count(*) from sentences").fetchall() == [
        (small_runs["before"]["sentences"],)
    ]
    assert any("/sentences/" in p for p in listed)
    # The next question sees the compaction: the merged file, the same rows.
    assert con.execute("select count(*) from sentences").fetchall() == [
        (small_runs["before"]["sentences"],)
    ]
    assert "c9" in {r[0] for r in con.execute("select run_id from runs").fetchall()}
