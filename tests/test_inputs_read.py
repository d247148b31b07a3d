"""Inputs read before and unchanged since are skipped without being opened (issue 19, item 2):
the `inputs` table records each file's version (size and modification time) and the documents
it gave; a changed file, a rejected one, or one whose document is gone is read again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows import tasks, views
from flows.checks import warehouse_digest
from flows.cli import main
from flows.ingest import discover, file_version
from flows.ledger import RunLedger
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse, read_inputs

from conftest import SEEDS

ARTICLES = {
    "lima.txt": "Maria Lopez said, “We will open 12 schools in Lima.” The plan costs $4.5m.",
    "acme.txt": "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
}
WIRE = (
    '{"id": "w1", "text": "About 300 people marched in Paris last Friday, police said."}\n'
    '{"id": "w2", "text": "The central bank held its rate at 4.5% on Thursday."}\n'
)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The inputs the run opens, in order (the flow's tasks run in this process)."""
    opened: list[str] = []
    real = tasks.read_input

    def counting(ref, limit):
        opened.append(Path(ref.location).name)
        return real(ref, limit)

    monkeypatch.setattr(tasks, "read_input", counting)
    return opened


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    for name, text in ARTICLES.items():
        (inbox / name).write_text(text, encoding="utf-8")
    (inbox / "wire.jsonl").write_text(WIRE, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    return inbox


def _runs(wh: Path) -> list[tuple]:
    with views.connect(wh) as con:
        return con.execute(
            "select n_inputs, n_documents_new, n_documents_skipped, n_rejected, "
            "n_documents_unread from stg_runs order by finished_at"
        ).fetchall()


def test_an_unchanged_input_is_skipped_unopened_and_counted(harness, tmp_path, reads):
    inbox, wh = _inbox(tmp_path), tmp_path / "warehouse"
    n_seeds = len(list(SEEDS.iterdir()))
    first = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    n_docs = n_seeds + len(ARTICLES) + 2  # the wire file holds two documents
    assert (first.n_documents_new, first.n_rejected, first.n_documents_unread) == (n_docs, 1, 0)
    assert len(reads) == n_seeds + len(ARTICLES) + 2  # every file, the empty one included
    with views.connect(wh) as con:
        rows = con.execute(
            "select source_uri, input_version, record_idx from stg_inputs order by all"
        ).fetchall()
    # One row per document a file gave; the rejected file has none.
    wire = str(inbox / "wire.jsonl")
    assert len(rows) == n_docs
    assert [r[2] for r in rows if r[0] == wire] == [0, 1]
    assert all(r[1] == file_version(r[0]) for r in rows)
    assert not any(r[0].endswith("empty.txt") for r in rows)

    reads.clear()
    second = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert reads == ["empty.txt"]  # a rejected input is read again (its reject recorded once)
    assert (second.n_inputs, second.n_documents_new) == (n_docs + 1, 0)
    assert (second.n_documents_skipped, second.n_documents_unread) == (n_docs, n_docs)
    assert _runs(wh) == [(n_docs + 1, n_docs, 0, 1, 0), (n_docs + 1, 0, n_docs, 1, n_docs)]
    assert warehouse_digest(wh)["failed_checks"] == []


def test_a_changed_or_touched_input_is_read_again(harness, tmp_path, reads):
    inbox, wh = _inbox(tmp_path), tmp_path / "warehouse"
    (inbox / "empty.txt").unlink()
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))

    (inbox / "lima.txt").write_text(ARTICLES["lima.txt"] + " Work starts in May.", "utf-8")
    acme = inbox / "acme.txt"
    stat = acme.stat()
    os.utime(acme, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # same bytes
    with (inbox / "wire.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "w3", "text": "Rail fares will rise by 3% in January."}\n')
    reads.clear()
    summary = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert sorted(reads) == ["acme.txt", "lima.txt", "wire.jsonl"]
    # lima changed (a new document), acme was touched (its document known), the wire file grew.
    assert summary.n_documents_new == 2
    assert summary.n_documents_skipped == len(list(SEEDS.iterdir())) + 1 + 2
    assert summary.n_documents_unread == len(list(SEEDS.iterdir()))

    reads.clear()
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert reads == []


def test_an_input_whose_documents_were_lost_is_read_again_after_repair(
    harness, tmp_path, reads, capsys
):
    inbox, wh = _inbox(tmp_path), tmp_path / "warehouse"
    (inbox / "empty.txt").unlink()
    run_pipeline(inputs=[str(SEEDS)], warehouse=str(wh))
    second = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    clean = warehouse_digest(wh)
    # Every documents file of the second run is damaged: its documents lose their text.
    lost: set[str] = set()
    for path in Warehouse.at(wh).table_dir("documents").glob(f"part-{second.run_id}-*.parquet"):
        lost |= set(pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist())
        path.write_bytes(path.read_bytes()[:100])
    assert main(["repair", "--warehouse", str(wh)]) == 0
    assert "lost their text; feed their inputs again" in capsys.readouterr().out

    # The same inbox fed again: only the files that gave the lost documents are opened.
    reads.clear()
    summary = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert sorted(reads) == ["acme.txt", "lima.txt", "wire.jsonl"]
    assert summary.n_documents_new == len(lost) == 4
    after = warehouse_digest(wh)
    assert after["doc_ids"] == clean["doc_ids"] and after["failed_checks"] == []


def test_a_lost_inputs_file_only_means_reading_again(harness, tmp_path, reads, capsys):
    inbox, wh = _inbox(tmp_path), tmp_path / "warehouse"
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    folder = Warehouse.at(wh).table_dir("inputs")
    (damaged,) = [p for p in folder.glob("part-*-*.parquet") if "init" not in p.name]
    damaged.write_bytes(damaged.read_bytes()[:100])
    assert main(["repair", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"quarantined inputs/{damaged.name}" in out and "lost facts" not in out
    assert read_inputs(wh) == {}

    reads.clear()
    summary = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert len(reads) == len(list(discover([str(inbox)])))
    assert summary.n_documents_new == 0 and summary.n_documents_unread == 0
    reads.clear()
    run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
    assert reads == ["empty.txt"]


@pytest.mark.parametrize("chunk", [20_000, 1], ids=["held", "staged-before-the-failure"])
def test_an_input_whose_analysis_failed_is_read_again_and_not_recorded(
    harness, tmp_path, reads, monkeypatch, chunk
):
    # Nothing is left of it after cleaning: ingest gives a document, its analysis rejects it.
    # With a chunk of 1, its row is staged before the analysis fails, and taken out at commit.
    monkeypatch.setattr(RunLedger, "INPUTS_CHUNK", chunk)
    inbox, wh = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    (inbox / "only-boilerplate.txt").write_text("Share this article\n\nADVERTISEMENT\n")
    (inbox / "acme.txt").write_text(ARTICLES["acme.txt"], encoding="utf-8")
    for _ in range(2):  # the second run is the first with the file's earlier failure behind it
        reads.clear()
        summary = run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
        assert summary.n_rejected == 1 and "only-boilerplate.txt" in reads
        with views.connect(wh) as con:
            rows = con.execute("select source_uri from inputs").fetchall()
        assert [Path(r[0]).name for r in rows] == ["acme.txt"]  # not one more row each run
    assert reads == ["only-boilerplate.txt"]
