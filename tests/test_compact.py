"""Compaction across runs (issue 19, item 1): many runs' small files merged into one per table,
no row lost or doubled, readers never see both, a crash at any step leaves the old state or the
new one, and the replaced files go only after their grace period."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from flows import storage, views
from flows.checks import warehouse_digest
from flows.cli import main
from flows.pipeline import run_pipeline
from flows.warehouse import STAGING, Warehouse, recover, retire_replaced
from flows.warehouse.compact import COMPACTED_TABLES, compact, small_files, stage_compaction
from flows.warehouse.journal import COMPACTED, GRACE_S, JOURNAL, _apply, _moves, stage_run

from compaction_faults import KILL_POINTS, Reader, kill_compaction, reader_counts, slow_moves

# Three runs are as many as five for every step tested here (two small files make a merge), and
# cost two flow runs less; test_s3 compacts the same three.
ARTICLES = [
    "Maria Lopez said, “We will open 12 schools in Lima by March.” The plan costs $4.5m.",
    "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
    "About 300 people marched in Paris last Friday, police said.",
]


@pytest.fixture(scope="module")
def many_runs(harness, tmp_path_factory) -> Path:
    """Three runs of one new article each: three small files in most tables."""
    inbox = tmp_path_factory.mktemp("compact-in")
    wh = tmp_path_factory.mktemp("compact-wh") / "warehouse"
    for i, text in enumerate(ARTICLES):
        (inbox / f"{i}.txt").write_text(text, encoding="utf-8")
        summary = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
        assert summary.n_documents_new == 1
    return wh


def _copy(wh: Path, tmp_path: Path) -> Path:
    target = tmp_path / "warehouse"
    shutil.copytree(wh, target)
    return target


def _visible_files(wh: Path, table: str) -> list[str]:
    with storage.connect(wh) as con:
        hidden = Warehouse.at(wh).hidden_files(con)
    return [
        n
        for n in storage.files(Warehouse.at(wh).table_dir(table), ".parquet")
        if f"{table}/{n}" not in hidden and not n.endswith("init.parquet")
    ]


def _runs_files_on_disk(wh: Path) -> list[str]:
    return sorted(p.name for p in (wh / "runs").glob("part-*.parquet") if "init" not in p.name)


def test_compaction_merges_every_runs_files_and_changes_no_row(many_runs, tmp_path):
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    assert len(_visible_files(wh, "sentences")) == len(ARTICLES)
    with views.connect(wh, snapshot=True) as reader:  # a reader that listed before the commit
        done = compact(wh, "c1")
        # ...still reads what it listed: the replaced files stay through their grace period
        assert (
            reader.execute("select count(*) from sentences").fetchall()[0][0]
            == (before["sentences"])
        )
    assert done.merged["sentences"] == len(ARTICLES) and done.written["sentences"] == 1
    for table in ("sentences", "mentions", "documents", "document_signatures", "runs"):
        assert len(_visible_files(wh, table)) == 1, table
    assert warehouse_digest(wh) == before
    with views.connect(wh) as con:
        assert con.execute("select status from runs where run_id = 'c1'").fetchall() == [
            (COMPACTED,)
        ]
        # The three runs files' rows moved into the compaction's runs file; their old files,
        # still on disk for the grace period, are not read twice.
        assert len(_runs_files_on_disk(wh)) == len(ARTICLES) + 1
        assert con.execute("select count(*), count(distinct run_id) from runs").fetchall() == [
            (len(ARTICLES) + 1, len(ARTICLES) + 1)
        ]
        # Sorted by doc_id, as the merged file's rows are.
        ids = [r[0] for r in con.execute("select doc_id from documents").fetchall()]
    assert ids == sorted(ids)
    # The replaced files are deleted only after their grace period, and then nothing changes.
    assert retire_replaced(wh) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=GRACE_S + 1)
    gone = retire_replaced(wh, now=later)
    assert len(gone) == done.files_before
    assert all(not (wh / key).exists() for key in gone)
    assert warehouse_digest(wh) == before
    assert _runs_files_on_disk(wh) == ["part-c1.parquet"]
    with views.connect(wh) as con:
        assert con.execute("select count(*) from runs").fetchall() == [(len(ARTICLES) + 1,)]


def test_a_crash_before_the_journal_leaves_the_old_state(many_runs, tmp_path):
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    files = {t: sorted(_visible_files(wh, t)) for t in COMPACTED_TABLES}
    stage_compaction(wh, "c2")  # killed here: staged, no journal
    assert recover(wh).discarded == ("c2",)
    assert {t: sorted(_visible_files(wh, t)) for t in COMPACTED_TABLES} == files
    assert warehouse_digest(wh) == before


def test_a_crash_half_way_through_the_commit_rolls_forward(many_runs, tmp_path):
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    done = stage_compaction(wh, "c3")
    from flows.config import PIPELINE_VERSION
    from flows.schema import Run

    now = dt.datetime.now(dt.UTC)
    stage_run(
        wh,
        Run("c3", now, now, COMPACTED, 0, 0, 0, 0, PIPELINE_VERSION, 0, done.replaced),
        rebuild_entities=False,
        carried=done.runs_rows,
    )
    moves = _moves(wh, "c3")
    stage = Warehouse.at(wh).staging("c3")
    (stage / JOURNAL).write_text(json.dumps(moves))
    _apply(wh, moves[: len(moves) // 2])  # killed here: half the files moved, no runs row yet
    # A reader now sees the old state: the moved files belong to a run not yet committed.
    assert warehouse_digest(wh) == before
    assert recover(wh).rolled_forward == ("c3",)
    assert warehouse_digest(wh) == before
    assert len(_visible_files(wh, "sentences")) == 1


def test_compact_command_and_a_second_compaction_merges_the_first(many_runs, tmp_path, capsys):
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    assert main(["compact", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"sentences: {len(ARTICLES)} files -> 1" in out
    assert f"the old files go after {GRACE_S / 60:g} min" in out
    # One more run adds a small file beside the merged one; both are small: merged again.
    inbox = tmp_path / "more"
    inbox.mkdir()
    (inbox / "x.txt").write_text("Police in Leeds arrested 3 men on Friday.", encoding="utf-8")
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert len(small_files(wh, "sentences")) == 2
    assert main(["compact", "--warehouse", str(wh)]) == 0
    assert len(_visible_files(wh, "sentences")) == 1
    after = warehouse_digest(wh)
    assert after["documents"] == before["documents"] + 1
    assert after["failed_checks"] == []
    # The run after the first compaction rebuilt entities while the replaced files were still
    # on disk (their grace period): it counted no mention twice.
    with views.connect(wh) as con:
        counted, mentions = con.execute(
            "select (select sum(n_mentions) from entities), (select count(*) from mentions)"
        ).fetchall()[0]
    assert counted == mentions
    assert main(["compact", "--warehouse", str(wh)]) == 0
    assert "no table has two small files to merge" in capsys.readouterr().out


def _carried_names(wh: Path, run_id: str) -> dict[str, tuple[list[str], int]]:
    """run_id -> (replaced_files, n_files_replaced) of the rows in `run_id`'s runs file."""
    import pyarrow.parquet as pq

    rows = pq.read_table(wh / "runs" / f"part-{run_id}.parquet").to_pylist()
    return {r["run_id"]: (r["replaced_files"], r["n_files_replaced"]) for r in rows}


def test_a_compaction_drops_the_names_of_deleted_files_from_the_runs_rows_it_carries(
    many_runs, tmp_path
):
    """Each compaction names the files it merged and every later one carries its row: the names
    of files already deleted are dropped (they hide nothing), so the runs rows stop naming every
    file ever replaced; a name whose file is still on disk (its grace period) stays, and the
    count of files each run replaced stays in n_files_replaced."""
    wh = _copy(many_runs, tmp_path)
    first = compact(wh, "c1")
    _one_more(wh, tmp_path)
    second = compact(wh, "c2")  # c1's replaced files are still in their grace period
    carried = _carried_names(wh, "c2")
    names, count = carried["c1"]
    assert sorted(names) == sorted(first.replaced) and count == len(first.replaced)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=GRACE_S + 1)
    retire_replaced(wh, now=later)  # c1's and c2's replaced files go
    before = warehouse_digest(wh)
    inbox = tmp_path / "third"
    inbox.mkdir()
    (inbox / "t.txt").write_text("Storms cut power to 2,000 homes in Cork on Monday.", "utf-8")
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    compact(wh, "c3")
    carried = _carried_names(wh, "c3")
    assert carried["c1"] == ([], len(first.replaced))
    assert carried["c2"] == ([], len(second.replaced))
    assert warehouse_digest(wh)["documents"] == before["documents"] + 1
    with views.connect(wh) as con:
        assert con.execute(
            "select run_id, n_files_replaced from stg_runs where run_id in ('c1', 'c2', 'c3') "
            "order by run_id"
        ).fetchall() == [
            ("c1", len(first.replaced)),
            ("c2", len(second.replaced)),
            ("c3", len(_carried_names(wh, "c3")["c3"][0])),
        ]
        assert con.execute("select count(*), count(distinct run_id) from runs").fetchall() == [
            (len(ARTICLES) + 5, len(ARTICLES) + 5)
        ]


def test_a_damaged_compacted_file_is_repaired_and_reprocessed_to_the_same_warehouse(
    many_runs, tmp_path, capsys
):
    """--reprocess and repair work on compacted files: a truncated merged mentions file (whose
    documents no sibling of its batch names) -> repair marks the documents left without
    mentions -> run --reprocess gives the warehouse back."""
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    compact(wh, "c4")
    (merged,) = _visible_files(wh, "mentions")
    path = Warehouse.at(wh).table_dir("mentions") / merged
    path.write_bytes(path.read_bytes()[:100])
    assert main(["repair", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"quarantined mentions/{merged}" in out and "lost facts" in out
    summary = run_pipeline(inputs=[], warehouse=str(wh), reprocess=True)
    assert summary.n_documents_reprocessed >= len(ARTICLES) - 1
    assert warehouse_digest(wh) == before


NEXT_ARTICLE = "Flooding closed 6 roads in York on Sunday, the city council said."


def _one_more(wh: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "next"
    inbox.mkdir(exist_ok=True)
    (inbox / "next.txt").write_text(NEXT_ARTICLE, encoding="utf-8")
    assert run_pipeline(inputs=[str(inbox)], warehouse=str(wh)).n_documents_new == 1


@pytest.fixture(scope="module")
def with_one_more(many_runs, tmp_path_factory) -> dict:
    """The digest of the three runs plus a fourth, never compacted: what a killed compaction
    followed by that fourth run must give."""
    tmp = tmp_path_factory.mktemp("compact-reference")
    wh = _copy(many_runs, tmp)
    _one_more(wh, tmp)
    return warehouse_digest(wh)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_9_mid_compaction_then_a_run_loses_and_doubles_no_row(
    point, many_runs, with_one_more, tmp_path
):
    """Issue 19: `broadsheet compact` killed with SIGKILL while staging the merged files, half way
    through moving them, or while deleting an earlier compaction's replaced files; readers then
    see the old rows, and the next run (recovering first) gives what it gives without any
    compaction: no row lost or doubled, no staging left."""
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    if point == "retire":
        compact(wh, "c0")  # an earlier compaction, whose replaced files are due
    kill_compaction(wh, point)
    assert warehouse_digest(wh) == before
    _one_more(wh, tmp_path)
    assert warehouse_digest(wh) == with_one_more
    assert not any((wh / STAGING).iterdir())
    if point == "commit":  # the killed commit was rolled forward: one merged file per table
        assert len(_visible_files(wh, "sentences")) == 2  # the merged one and the fourth run's


def test_a_reader_beside_a_compaction_sees_every_row_once(many_runs, tmp_path):
    """Issue 19: a reader querying again and again while a compaction commits (each file move
    slowed down until the reader answered once more: many queries land half way) sees the same
    rows every time, each runs row once: the old files until the compaction's runs row lands,
    the merged ones after."""
    wh = _copy(many_runs, tmp_path)
    before = warehouse_digest(wh)
    n_runs = len(ARTICLES)
    reader = Reader(wh, reader_counts)
    reader.start()
    with slow_moves(reader, at_most_s=0.2, held=3) as moving:
        compact(wh, "c6")
        during = reader.answered_since(moving.first)
    seen = len(reader.answers)
    while len(reader.answers) < seen + 3 and reader.is_alive():
        reader.halt.wait(0.05)  # a few answers after the commit
    reader.stop()
    assert reader.errors == []
    assert moving.is_set()
    data = {a[:3] for a in reader.answers}
    assert data == {(before["sentences"], before["mentions"], before["documents"])}
    runs = [a[3:] for a in reader.answers]
    assert all(total == distinct for total, distinct in runs)  # no runs row twice
    assert {total for total, _ in runs} == {n_runs, n_runs + 1}  # before and after the commit
    assert during >= 3, "too few queries ran during the commit to test anything"
