"""The run's accounts (flows.ledger): what a run skips, records and commits, and what a failed
run's row says."""

from __future__ import annotations

import duckdb

from flows import warehouse as store
from flows.errors import Reason, Rejection
from flows.ingest import RawDocument
from flows.ledger import RunLedger
from flows.tasks import IngestResult


def _raw(doc_id: str) -> RawDocument:
    return RawDocument(doc_id, f"{doc_id}.txt", None, None, "Some text.")


def _runs(wh) -> list[tuple]:
    return duckdb.sql(
        f"select status, n_inputs, n_documents_new, n_documents_skipped, n_rejected "
        f"from read_parquet('{wh}/runs/*.parquet') where run_id <> '0' order by started_at"
    ).fetchall()


def test_the_same_content_twice_in_a_run_is_analysed_once_and_a_bad_input_counted(tmp_path):
    wh = tmp_path / "wh"
    bad = Rejection("bad.bin", Reason.BINARY, "mostly control bytes", "f1")
    with RunLedger.open(wh, "r1", str(wh)) as ledger:
        fresh = ledger.accept(IngestResult([_raw("a"), _raw("b"), _raw("a")], [bad]))
        assert [d.doc_id for d in fresh] == ["a", "b"]
        s = ledger.summary
        assert (s.n_inputs, s.n_documents_skipped, s.n_rejected) == (4, 1, 1)
        assert s.rejects == [("bad.bin", "binary", "mostly control bytes")]


def test_a_failed_run_row_adds_no_documents(tmp_path):
    """A run that fails after analysing documents discards them: its runs row must not count
    them as added (issue 17: runs_overview misled)."""
    wh = tmp_path / "wh"
    with RunLedger.open(wh, "r1", str(wh)) as ledger:
        ledger.accept(IngestResult([_raw("a"), _raw("b")], []))
        ledger.summary.n_documents_new = 2  # analysed and staged, then the run fails
        store.stage_batch(wh, "r1", 0, {})
        assert ledger.abort() is False
    assert ledger.summary.status == "failed"
    assert _runs(wh) == [("failed", 2, 0, 0, 0)]
    assert store.row_counts(wh)["documents"] == 0
