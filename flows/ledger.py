"""A run's accounts: what it accepted, skipped, rejected and staged, and its commit or abort.

The flow (flows.pipeline) only wires Prefect tasks to a `RunLedger`: ingest batches go in through
`accept`, analysed batches through `record`, and the run ends with `commit` or `abort`. The ledger
holds the rules of a run that are not analysis: a document already in the warehouse is skipped, the
same content twice in one run is analysed once, a bad input is recorded once however many runs see
it, a near-copy of an earlier document is marked, and nothing becomes visible before the commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flows import dedup, warehouse
from flows.checks import DataQualityError, check_pending
from flows.config import PIPELINE_VERSION
from flows.errors import Rejection
from flows.ingest import InputRef, RawDocument
from flows.runtime import signals
from flows.runtime.committer import Call, here
from flows.schema import Document, InputRead, Reject, Run
from flows.tasks import IngestResult, StageResult
from flows.warehouse.lock import writer_lock

#: A run's first batches look their near-duplicate candidates up with a scan of the stored band
#: keys; from the next one on, with an index of them all read once (RunLedger.record).
SCANNED_LOOKUPS = 4


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the command line and for scripts."""

    run_id: str
    status: str
    warehouse: str
    n_inputs: int = 0
    n_documents_new: int = 0
    n_documents_skipped: int = 0
    n_rejected: int = 0
    n_documents_reprocessed: int = 0
    n_documents_unread: int = 0  # of the skipped: their input unchanged, not read at all
    rows_written: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    recovered: tuple[str, ...] = ()
    discarded: tuple[str, ...] = ()
    log_path: str = ""  # the run's log file (flows.runtime.logs)
    compacted: tuple[int, int] = (0, 0)  # small files merged, files written (after the run)

    def recovery_note(self) -> str:
        return (
            f"finished {len(self.recovered)} interrupted commit(s), "
            f"discarded {len(self.discarded)} uncommitted run(s)"
        )

    def one_line(self) -> str:
        return (
            f"run {self.run_id} {self.status}: {self.n_inputs} inputs, {self.n_documents_new} new, "
            f"{self.n_documents_skipped} skipped, {self.n_rejected} rejected, "
            f"{self.n_documents_reprocessed} re-extracted"
        )

    def add_rows(self, counts: dict[str, int]) -> None:
        for table, n in counts.items():
            self.rows_written[table] = self.rows_written.get(table, 0) + n


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RunLedger:
    """One run's state between its start and its commit (see the module docstring)."""

    def __init__(self, root: Path | str, run_id: str, summary: RunSummary) -> None:
        self.root = root
        self.run_id = run_id
        self.summary = summary
        self.started_at = now()
        self._known = warehouse.known_doc_ids(root)
        self._known_rejects = warehouse.known_rejects(root)
        self._new_rejects: list[Reject] = []
        # The band keys of every stored and staged signature (compact: ~0.25 kB a document),
        # read when the first new document needs them (never on an unchanged re-run).
        self._band_keys: dedup.BandKeyIndex | None = None
        self._lookups = 0  # batches looked up for near-duplicates so far
        # Stored documents being extracted again, by doc_id: the row each replaces.
        self._stale: dict[str, Document] = {}
        self._reprocessed: set[str] = set()
        # Inputs read by earlier runs, unchanged since (flows.warehouse.derive.read_inputs), and
        # what this run read, staged for the inputs table a chunk at a time.
        self._read_before = warehouse.read_inputs(root)
        self._inputs_read: list[InputRead] = []
        self._inputs_part = 0
        # Documents whose analysis failed: their inputs are not recorded (they are read again
        # next run; recorded each time, they would add rows to the inputs table every run).
        self._failed: set[str] = set()

    @classmethod
    @contextmanager
    def open(
        cls, root: Path | str, run_id: str, warehouse_arg: str, *, wait_s: float = 0.0
    ) -> Iterator[RunLedger]:
        """The run's accounts, while it holds the warehouse's writer lock (flows.warehouse.lock:
        WarehouseBusy when another run holds it past `wait_s` seconds): the warehouse prepared
        (created, what killed runs left finished or discarded, files an earlier run replaced
        deleted)."""
        with writer_lock(root, run_id=run_id, wait_s=wait_s):
            yield cls._prepare(root, run_id, warehouse_arg)

    @classmethod
    def _prepare(cls, root: Path | str, run_id: str, warehouse_arg: str) -> RunLedger:
        warehouse.init_warehouse(root)
        recovery = warehouse.recover(root)
        warehouse.retire_replaced(root)  # a --reprocess run may have died before deleting
        summary = RunSummary(
            run_id,
            "running",
            warehouse_arg,
            recovered=recovery.rolled_forward,
            discarded=recovery.discarded,
        )
        return cls(root, run_id, summary)

    # --- what comes in ----------------------------------------------------------------------

    def reject(self, r: Rejection) -> None:
        """Count a rejection; record it unless this input was already turned away for this
        reason (the same bad input is recorded once, not every run)."""
        self.summary.n_rejected += 1
        self.summary.rejects.append((r.source_uri, r.reason, r.detail))
        key = (r.source_uri, r.fingerprint, r.reason)
        if key not in self._known_rejects:
            self._known_rejects.add(key)
            self._new_rejects.append(
                Reject(r.source_uri, str(r.reason), r.detail, self.run_id, now(), r.fingerprint)
            )

    def unread(self, refs: Iterable[InputRef]) -> Iterator[InputRef]:
        """The inputs to read: those an earlier run read as they are now are skipped unopened,
        their documents counted as inputs seen and skipped (as reading them would count)."""
        for ref in refs:
            n = (
                None
                if ref.version is None
                else self._read_before.get(warehouse.input_key(ref.source_uri, ref.version))
            )
            if n is None:
                yield ref
                continue
            self.summary.n_inputs += n
            self.summary.n_documents_skipped += n
            self.summary.n_documents_unread += n

    def accept(self, ingested: IngestResult) -> list[RawDocument]:
        """The documents of an ingest batch to analyse: not yet in the warehouse nor earlier in
        this run; the rest are counted as skipped or rejected."""
        self.summary.n_inputs += len(ingested.documents) + len(ingested.rejects)
        self._note_inputs(ingested)
        for r in ingested.rejects:
            self.reject(r)
        fresh = []
        for doc in ingested.documents:
            if doc.doc_id in self._known:
                self.summary.n_documents_skipped += 1
            else:
                self._known.add(doc.doc_id)  # also catches the same content twice in this run
                fresh.append(doc)
        return fresh

    #: The inputs table's rows a run holds before it stages them (about 100 bytes each).
    INPUTS_CHUNK = 20_000

    def _note_inputs(self, ingested: IngestResult) -> None:
        """Remember what each input gave, for the inputs table: only an input read whole without
        a rejection (a rejected one is read again each run, its rejection recorded once)."""
        for i in ingested.inputs:
            if i.version is None or i.n_rejects or not i.doc_ids:
                continue
            self._inputs_read.extend(
                InputRead(i.source_uri, i.version, n, doc_id, self.run_id)
                for n, doc_id in enumerate(i.doc_ids)
            )
        if len(self._inputs_read) >= self.INPUTS_CHUNK:
            self._stage_inputs()

    def _stage_inputs(self) -> None:
        rows = [r for r in self._inputs_read if r.doc_id not in self._failed]
        if rows:
            warehouse.stage_batch(self.root, self.run_id, self._inputs_part, {"inputs": rows})
            self.summary.add_rows({"inputs": len(rows)})
            self._inputs_part += 1
        self._inputs_read = []

    def _finish_inputs(self) -> None:
        """Stage the last inputs rows; take those of failed documents out of chunks staged
        before their analysis failed."""
        self._stage_inputs()
        if self._failed and self._inputs_part:
            dropped = warehouse.drop_staged_rows(self.root, self.run_id, "inputs", self._failed)
            self.summary.add_rows({"inputs": -dropped})

    def stale_batches(self, batch_size: int) -> Iterator[list[RawDocument]]:
        """Stored documents an older pipeline version made, as the analysis takes them."""
        for old_docs in warehouse.stale_documents(self.root, PIPELINE_VERSION, batch_size):
            self._stale.update((d.doc_id, d) for d in old_docs)
            yield [_as_raw(d) for d in old_docs]

    def record(self, staged: StageResult, part: int, *, stored: bool) -> None:
        """Account for an analysed batch and stage its documents (and signatures)."""
        for r in staged.rejects:
            self.reject(r)
        if stored:
            # A re-extracted document keeps what its first ingestion decided; a failure keeps
            # its old rows (the reject says why), so nothing is lost.
            documents = [_stored_fields(self._stale[d.doc_id], d) for d in staged.documents]
            for doc_id in [*staged.failed_doc_ids, *(d.doc_id for d in documents)]:
                self._stale.pop(doc_id, None)
            self._reprocessed.update(d.doc_id for d in documents)
            counts = warehouse.stage_batch(self.root, self.run_id, part, {"documents": documents})
            self.summary.n_documents_reprocessed = len(self._reprocessed)
            self.summary.add_rows({**staged.counts, **counts})
            return
        # A failed document is not in the warehouse: a later copy in this run is retried.
        self._known.difference_update(staged.failed_doc_ids)
        self._failed.update(staged.failed_doc_ids)
        # Per batch, only the stored and staged signatures sharing a band key with it are read.
        # Their ids come from a DuckDB scan of the band keys for a run's first few batches (a
        # scheduled run of a few documents), then from an index read once for the rest of a
        # large run: the index costs about five such scans to read, and both grow with the
        # warehouse (bench/scale.py: 0.9 s against 4.7 s at 100k documents, loaded machine).
        self._lookups += 1
        if self._band_keys is None and self._lookups > SCANNED_LOOKUPS:
            self._band_keys = warehouse.band_key_index(self.root, self.run_id)
        earlier = warehouse.signature_candidates(
            self.root, self.run_id, staged.signatures, self._band_keys
        )
        documents = dedup.mark_near_duplicates(staged.documents, staged.signatures, earlier)
        counts = warehouse.stage_batch(
            self.root,
            self.run_id,
            part,
            {"documents": documents, "document_signatures": staged.signatures},
        )
        if self._band_keys is not None:
            for sig in staged.signatures:
                self._band_keys.add(sig.doc_id, sig.bands)
        self.summary.n_documents_new += len(documents)
        self.summary.add_rows({**staged.counts, **counts})

    # --- how it ends ------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return self.summary.n_documents_new > 0 or self.summary.n_documents_reprocessed > 0

    def commit(self, next_part: int, call: Call = here) -> None:
        """Stage the run's last files, check the warehouse as it will be, and commit. `call`
        runs the heavy steps (the commit helper process, flows.runtime.committer)."""
        root, run_id = self.root, self.run_id
        self._finish_inputs()
        call(warehouse.compact_staging, root, run_id)  # a file per table, not per batch
        # The committed files holding the re-extracted documents' old rows are rewritten without
        # them; the runs row names the files it replaces, which hides them from that moment on.
        replaced = warehouse.stage_replacements(
            root, run_id, self._reprocessed, first_part=next_part + 1
        )
        if self._new_rejects:
            self.summary.rows_written["rejects"] = len(self._new_rejects)
            warehouse.stage_batch(root, run_id, next_part, {"rejects": self._new_rejects})
        call(warehouse.stage_run, root, self._run_row(replaced), rebuild_entities=self.changed)
        if self.changed or self._new_rejects:
            failures = [c for c in call(check_pending, root, run_id) if not c.ok]
            if failures:
                raise DataQualityError(failures)
        warehouse.commit(root, run_id)
        self.summary.status = "completed"
        warehouse.retire_replaced(root)

    def abort(self) -> bool:
        """End a run that raised: True when its commit had begun (it is then completed, the file
        moves finished here); else nothing it staged becomes visible but its runs row, which
        says it failed."""
        if warehouse.is_committed(self.root, self.run_id):
            warehouse.recover(self.root)
            warehouse.retire_replaced(self.root)
            self.summary.status = "completed"
            return True
        self.summary.status = "aborted" if signals.interrupted() else "failed"
        warehouse.discard_staging(self.root, self.run_id)
        # The row says what the run saw, and that it added nothing: its documents were discarded
        # with its staging (runs_overview would otherwise count them as added).
        row = dataclasses.replace(self._run_row(), n_documents_new=0, n_documents_reprocessed=0)
        warehouse.stage_run(self.root, row, rebuild_entities=False)
        warehouse.commit(self.root, self.run_id)
        return False

    def _run_row(self, replaced: Sequence[str] = ()) -> Run:
        s = self.summary
        return Run(
            run_id=self.run_id,
            started_at=self.started_at,
            finished_at=now(),
            status=s.status if s.status != "running" else "completed",
            n_inputs=s.n_inputs,
            n_documents_new=s.n_documents_new,
            n_documents_skipped=s.n_documents_skipped,
            n_rejected=s.n_rejected,
            pipeline_version=PIPELINE_VERSION,
            n_documents_reprocessed=s.n_documents_reprocessed,
            replaced_files=list(replaced),
            n_documents_unread=s.n_documents_unread,
        )


def _as_raw(doc: Document) -> RawDocument:
    """A stored document as the analysis stage takes it (its text is already clean)."""
    return RawDocument(
        doc_id=doc.doc_id,
        source_uri=doc.source_uri,
        title=doc.title,
        published_at=doc.published_at,
        body=doc.text,
        url=doc.url,
        external_id=doc.external_id,
        source_name=doc.source_name,
        encoding=doc.encoding,
        published_at_source=doc.published_at_source,
    )


def _stored_fields(old: Document, new: Document) -> Document:
    """A re-extracted document keeps what its first ingestion decided."""
    return dataclasses.replace(new, ingested_at=old.ingested_at, duplicate_of=old.duplicate_of)
