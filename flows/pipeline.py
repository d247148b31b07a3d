"""The broadsheet flow: ingest -> clean -> segment -> extract -> load, one task per batch."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_ENABLED,
    temporary_settings,
)
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows import load, storage
from flows.catalog import default_catalog_path, write_catalog
from flows.checks import DataQualityError, check_pending
from flows.committer import Call, Committer, here
from flows.config import PIPELINE_VERSION, Settings
from flows.dedup import BandKeyIndex, NearDuplicateIndex
from flows.ingest import InputRef, RawDocument, Rejection, discover, format_of
from flows.report import publish_run_report
from flows.reprocess import retire_replaced, stage_replacements, stale_documents, stored_fields
from flows.runners import WorkerPool
from flows.schema import Document, DocumentSignature, Reject, Run
from flows.tasks import (
    Opaque,
    StageResult,
    analyse_and_stage,
    ingest_batch,
    init_pool_worker,
    warm_worker,
)


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
    rows_written: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    recovered: tuple[str, ...] = ()
    discarded: tuple[str, ...] = ()


# Progress observers: plain callables the command line registers to draw a progress bar. They run
# in the flow's process after each batch; a deployment run has none.
_observers: list[Callable[[RunSummary], None]] = []


@contextmanager
def observe(callback: Callable[[RunSummary], None]) -> Iterator[None]:
    """Call `callback(summary)` after every batch of runs started inside this block."""
    _observers.append(callback)
    try:
        yield
    finally:
        _observers.remove(callback)


def _notify(summary: RunSummary) -> None:
    for callback in list(_observers):
        callback(summary)


def _mark_near_duplicates(
    documents: list[Document],
    signatures: list[DocumentSignature],
    earlier: list[tuple[str, bytes, list[str]]],
) -> list[Document]:
    """Set duplicate_of on documents that nearly repeat one already seen: one of `earlier` (the
    stored and staged documents sharing a band key with the batch, oldest first, from
    load.signature_candidates) or one earlier in the batch."""
    index = NearDuplicateIndex.from_rows(earlier)
    by_id = {sig.doc_id: sig for sig in signatures}
    marked = []
    for doc in documents:
        sig = by_id[doc.doc_id]
        match = index.find(sig)
        if match is not None:
            doc = replace(doc, duplicate_of=match[0])
        index.add(sig)
        marked.append(doc)
    return marked


def _stored(doc: Document) -> RawDocument:
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
    )


def _release(staged: StageResult) -> None:
    """Drop a finished batch's documents and signatures (~0.4 MB for 128 Reuters stories) now,
    rather than whenever Python's cycle collector next runs.

    Prefect keeps the result on the future's final state, and the future sits in a reference
    cycle of its own (its done-callback, held by the process pool's future it wraps), so the
    batch outlives `finish` until a full collection, which a process with a large heap runs
    rarely: at 19k Reuters stories the flow's peak was ~40 MB above BBC's during the analysis."""
    staged.documents.clear()
    staged.signatures.clear()


class ReadAhead:
    """How many inputs the next ingest task reads: the batch size while new documents come out,
    doubled after every batch that held none, up to `_MAX_READ_AHEAD` batches.

    An unchanged re-run reads and hashes every input to find nothing new, and each ingest task
    costs Prefect ~20 ms in the flow on top of its reading: BBC's 18 tasks become 7. A new
    document brings the size back at once, so new work is not held up; the documents of a
    larger read are still analysed in batches of the batch size."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.size = batch_size

    def __call__(self) -> int:
        return self.size

    def saw(self, n_new: int) -> None:
        """The last ingest task's count of new documents."""
        if n_new:
            self.size = self.batch_size
        else:
            self.size = min(2 * self.size, _MAX_READ_AHEAD * self.batch_size)


_MAX_READ_AHEAD = 4


def _batches(refs: Iterator[InputRef], size: int | Callable[[], int]) -> Iterator[list[InputRef]]:
    """Inputs to read together: up to `size` articles (a number, or asked before each batch), but
    a JSON Lines input (up to thousands of records) alone, so that at most one such file's
    documents are held at a time."""
    next_size = (lambda: size) if isinstance(size, int) else size
    batch: list[InputRef] = []
    for ref in refs:
        if format_of(ref.name)[0] == "jsonl":
            if batch:
                yield batch
                batch = []
            yield [ref]
            continue
        batch.append(ref)
        if len(batch) >= next_size():
            yield batch
            batch = []
    if batch:
        yield batch


def _with_last(batches: Iterator[list[InputRef]]) -> Iterator[tuple[list[InputRef], bool]]:
    """Each batch of inputs with whether it is the run's last (one batch of look-ahead: discovery
    lists names, it reads nothing)."""
    current = next(batches, None)
    while current is not None:
        following = next(batches, None)
        yield current, following is None
        current = following


def _chunks(
    docs: list[RawDocument], size: int, *, last: bool, workers: int
) -> list[list[RawDocument]]:
    """Documents in analysis batches of `size`; the run's last batch in 2 x `workers` pieces.

    The workers finish together: a whole last batch (~6 s on one core for 128 BBC articles) left
    the other workers idle until it was done. Smaller pieces everywhere would cost Prefect's
    per-task overhead on every batch; at the end they cost it a few times."""
    out = [docs[i : i + size] for i in range(0, len(docs), size)]
    if last and workers > 1 and out:
        tail = out.pop()
        piece = max(8, -(-len(tail) // (2 * workers)))  # ceil; a few documents make no task
        out.extend(tail[i : i + piece] for i in range(0, len(tail), piece))
    return out


def _run_row(
    run_id: str, started_at: dt.datetime, summary: RunSummary, replaced: Sequence[str] = ()
) -> Run:
    return Run(
        run_id=run_id,
        started_at=started_at,
        finished_at=_now(),
        status=summary.status if summary.status != "running" else "completed",
        n_inputs=summary.n_inputs,
        n_documents_new=summary.n_documents_new,
        n_documents_skipped=summary.n_documents_skipped,
        n_rejected=summary.n_rejected,
        pipeline_version=PIPELINE_VERSION,
        n_documents_reprocessed=summary.n_documents_reprocessed,
        replaced_files=list(replaced),
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@flow(name="broadsheet-run", log_prints=False)
def run_pipeline(
    inputs: list[str],
    warehouse: str = str(Settings.warehouse),
    batch_size: int = Settings.batch_size,
    max_bytes: int = Settings.max_bytes,
    spacy_model: str = Settings.spacy_model,
    workers: int = 1,
    reprocess: bool = False,
) -> RunSummary:
    """Process every input into the warehouse: new documents added, known ones skipped, bad ones
    rejected with a reason; all of it made visible at once by the commit at the end.

    With `reprocess`, documents already in the warehouse whose rows an older pipeline version
    made are extracted again from their stored text; the commit swaps their old rows for the new
    ones in the same atomic step."""
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = _now()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    root = storage.location(warehouse)  # a local folder (made absolute) or an s3:// URL
    load.init_warehouse(root)
    recovery = load.recover(root)
    retire_replaced(root)  # files an earlier --reprocess run replaced, if it died before deleting
    if recovery.rolled_forward or recovery.discarded:
        logger.warning(
            "finished %d interrupted commit(s), discarded %d uncommitted run(s)",
            len(recovery.rolled_forward),
            len(recovery.discarded),
        )
    summary = RunSummary(
        run_id,
        "running",
        warehouse,
        recovered=recovery.rolled_forward,
        discarded=recovery.discarded,
    )
    known = load.known_doc_ids(root)
    known_rejects = load.known_rejects(root)
    # The band keys of every stored and staged signature (compact: ~0.25 kB a document).
    band_keys: BandKeyIndex | None = None
    new_rejects: list[Reject] = []
    n_new_docs = 0

    def reject(r: Rejection) -> None:
        summary.n_rejected += 1
        summary.rejects.append((r.source_uri, r.reason, r.detail))
        key = (r.source_uri, r.fingerprint, r.reason)
        if key not in known_rejects:  # the same bad input is recorded once, not every run
            known_rejects.add(key)
            new_rejects.append(
                Reject(r.source_uri, r.reason, r.detail, run_id, _now(), r.fingerprint)
            )

    part_no = 0
    # Batches analysed by the task runner (threads, worker processes or a Dask cluster), finished
    # in submission order so that the output does not depend on the number of workers. A bounded
    # number in flight keeps memory flat however large the corpus.
    pending: deque[tuple[int, PrefectFuture[StageResult], bool]] = deque()
    max_in_flight = 2 * max(workers, 1)

    # Stored documents being extracted again, by doc_id: the row each replaces.
    stale: dict[str, Document] = {}
    reprocessed: set[str] = set()

    def finish(part: int, future: PrefectFuture[StageResult], stored: bool) -> None:
        staged = future.result()
        try:
            _finish(part, staged, stored)
        finally:
            _release(staged)

    def _finish(part: int, staged: StageResult, stored: bool) -> None:
        nonlocal n_new_docs, band_keys
        for r in staged.rejects:
            reject(r)
        if stored:
            # A re-extracted document keeps what its first ingestion decided; a failure keeps
            # its old rows (the reject says why), so nothing is lost.
            documents = [stored_fields(stale[d.doc_id], d) for d in staged.documents]
            for doc_id in [*staged.failed_doc_ids, *(d.doc_id for d in documents)]:
                stale.pop(doc_id, None)
            reprocessed.update(d.doc_id for d in documents)
            counts = load.stage_batch(root, run_id, part, {"documents": documents})
            summary.n_documents_reprocessed = len(reprocessed)
            for table, n in {**staged.counts, **counts}.items():
                summary.rows_written[table] = summary.rows_written.get(table, 0) + n
            _notify(summary)
            return
        # A failed document is not in the warehouse: a later copy in this run is retried.
        known.difference_update(staged.failed_doc_ids)
        # Per batch, only the stored and staged signatures sharing a band key with it are read;
        # the run keeps just the compact band keys (~0.25 kB a document instead of ~2.5 kB),
        # and a run that adds nothing reads no signature at all.
        if band_keys is None:  # built when the first new document needs it (not on a re-run)
            band_keys = load.band_key_index(root)
        earlier = load.signature_candidates(root, run_id, staged.signatures, band_keys)
        documents = _mark_near_duplicates(staged.documents, staged.signatures, earlier)
        counts = load.stage_batch(
            root, run_id, part, {"documents": documents, "document_signatures": staged.signatures}
        )
        for sig in staged.signatures:
            band_keys.add(sig.doc_id, sig.bands)
        n_new_docs += len(documents)
        for table, n in {**staged.counts, **counts}.items():
            summary.rows_written[table] = summary.rows_written.get(table, 0) + n
        summary.n_documents_new = n_new_docs
        _notify(summary)

    def submit(documents: list[RawDocument], *, stored: bool) -> None:
        """Send one batch to the task runner; wait for the oldest while too many are in flight."""
        nonlocal part_no
        future = analyse_and_stage.submit(
            Opaque(documents),  # Prefect need not look inside (flows.tasks.Opaque)
            warehouse=root,
            run_id=run_id,
            batch_no=part_no,
            spacy_model=spacy_model,
            ingested_at=started_at,
            reprocess=stored,
        )
        pending.append((part_no, future, stored))
        part_no += 1
        while len(pending) >= max_in_flight:
            wait_for(pending.popleft())

    # The commit's merge, entity rebuild and checks, and the report's queries, run in a helper
    # process (flows.committer).
    committer = Committer(root)

    def wait_for(item: tuple[int, PrefectFuture[StageResult], bool]) -> None:
        """Finish the oldest batch; the first wait starts the commit's helper process, which
        loads the gazetteer while the workers analyse. Only a run that analyses something
        waits, so an unchanged re-run never starts it."""
        committer.start()
        finish(*item)

    try:
        read_ahead = ReadAhead(batch_size)
        for refs, last in _with_last(_batches(discover(inputs), read_ahead)):
            ingested = ingest_batch(Opaque(refs), max_bytes=max_bytes)
            summary.n_inputs += len(ingested.documents) + len(ingested.rejects)
            for r in ingested.rejects:
                reject(r)
            fresh = []
            for doc in ingested.documents:
                if doc.doc_id in known:
                    summary.n_documents_skipped += 1
                else:
                    known.add(doc.doc_id)  # also catches the same content twice in this run
                    fresh.append(doc)
            read_ahead.saw(len(fresh))
            # A JSON Lines input may hold thousands of documents: analyse in batch_size chunks.
            for chunk in _chunks(fresh, batch_size, last=last and not reprocess, workers=workers):
                submit(chunk, stored=False)
            _notify(summary)
        if reprocess:
            for old_docs in stale_documents(root, PIPELINE_VERSION, batch_size):
                stale.update((d.doc_id, d) for d in old_docs)
                submit([_stored(d) for d in old_docs], stored=True)
        while pending:
            wait_for(pending.popleft())
        summary.n_documents_new = n_new_docs
        committer.call(load.compact_staging, root, run_id)  # a file per table, not per batch
        # The committed files holding the re-extracted documents' old rows are rewritten without
        # them; the runs row names the files it replaces, which hides them from that moment on.
        replaced = stage_replacements(root, run_id, reprocessed, first_part=part_no + 1)
        if new_rejects:
            summary.rows_written["rejects"] = len(new_rejects)
            load.stage_batch(root, run_id, part_no, {"rejects": new_rejects})
        run = _run_row(run_id, started_at, summary, replaced)
        changed = summary.n_documents_new > 0 or summary.n_documents_reprocessed > 0
        committer.call(load.stage_run, root, run, rebuild_entities=changed)
        if changed or new_rejects:
            failures = [c for c in committer.call(check_pending, root, run_id) if not c.ok]
            if failures:
                raise DataQualityError(failures)
        load.commit(root, run_id)
        summary.status = "completed"
        retire_replaced(root)
    except BaseException:
        committer.close()
        if load.is_committed(root, run_id):
            # The journal is written: the run is committed, only the file moves were cut short.
            load.recover(root)
            retire_replaced(root)
            summary.status = "completed"
            raise
        # Nothing of a failed run becomes visible but its runs row, which says it failed.
        summary.status = "failed"
        load.discard_staging(root, run_id)
        load.stage_run(root, _run_row(run_id, started_at, summary), rebuild_entities=False)
        load.commit(root, run_id)
        raise
    finally:
        summary.rows_written["runs"] = 1
        summary.elapsed_s = time.perf_counter() - started
    try:  # the report's queries too grow with the warehouse: in the helper while it is up
        if summary.n_documents_new or summary.n_documents_reprocessed:
            summary.rows_written["entities"] = committer.call(load.row_counts, root)["entities"]
        _after_commit(root, summary, committer.call)
    finally:
        committer.close()
    logger.info(
        "run %s %s: %d inputs, %d new, %d skipped, %d rejected, %d re-extracted",
        run_id,
        summary.status,
        summary.n_inputs,
        summary.n_documents_new,
        summary.n_documents_skipped,
        summary.n_rejected,
        summary.n_documents_reprocessed,
    )
    return summary


def _after_commit(root: Path | str, summary: RunSummary, call: Call = here) -> None:
    """Publish the run report; refresh the BI catalog when the user has made one. Neither may
    undo a committed run: a failure here is a warning naming what went stale. `call` runs the
    queries (the commit's helper process, flows.committer)."""
    logger = get_run_logger()
    try:
        publish_run_report(root, summary, call=call)
    except Exception as exc:
        logger.warning("run report not published: %s: %s", type(exc).__name__, exc)
    catalog = default_catalog_path(root)
    if storage.exists(catalog) and (summary.n_documents_new or summary.n_rejected):
        try:
            call(write_catalog, root)
        except Exception as exc:
            logger.warning("catalog %s is stale: %s: %s", catalog, type(exc).__name__, exc)


def task_runner(settings: Settings) -> TaskRunner:
    """Threads for one worker; worker processes (each loading the model once) for more; a Dask
    cluster when an address is given."""
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    if settings.workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return WorkerPool(
        max_workers=settings.workers, initializer=init_pool_worker, initargs=(settings.spacy_model,)
    )


@contextmanager
def _one_api_for_workers(runner: TaskRunner) -> Iterator[None]:
    """Worker processes report to the flow's own API server.

    With no PREFECT_API_URL, Prefect starts a temporary API server in the flow's process, but a
    process-pool worker does not inherit its address: each worker started a second temporary
    server of its own (~8 s and one more busy process per worker on a small machine). Starting the
    temporary server here and passing its address on through the settings (which the runner hands
    to its workers) leaves one server for the whole run."""
    if not isinstance(runner, WorkerPool) or PREFECT_API_URL.value():
        yield
        return
    if not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield  # Prefect itself will say that an API URL is needed
        return
    from prefect.server.api.server import SubprocessASGIServer  # heavy: only when needed

    server = SubprocessASGIServer()
    server.start()  # once per process: later runs in the same process reuse it
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield


def prepare_cluster(address: str, model: str) -> int:
    """Load the model on every worker of a Dask cluster now, and count its worker threads.

    Warming up here keeps the model load out of the first batches' time (and out of their retry
    budget); the thread count sizes the batches in flight, since the cluster, not this machine's
    cores, is what does the work."""
    from distributed import Client

    with Client(address, timeout="60s") as client:
        client.run(warm_worker, model)
        return max(sum(client.nthreads().values()), 1)


def run(inputs: Sequence[str], settings: Settings, *, reprocess: bool = False) -> RunSummary:
    """Call the flow with plain settings (the CLI's entry point)."""
    runner = task_runner(settings)
    if settings.dask_address:
        settings = replace(
            settings, workers=prepare_cluster(settings.dask_address, settings.spacy_model)
        )
    if isinstance(runner, WorkerPool):
        # The workers import spaCy and load the model while the API server starts (~10 s).
        runner.prestart()
    try:
        with _one_api_for_workers(runner):
            return run_pipeline.with_options(task_runner=runner)(
                inputs=list(inputs),
                warehouse=str(settings.warehouse),
                batch_size=settings.batch_size,
                max_bytes=settings.max_bytes,
                spacy_model=settings.spacy_model,
                workers=settings.workers,
                reprocess=reprocess,
            )
    finally:
        if isinstance(runner, WorkerPool):
            runner.close()  # only a pool the flow never took is still ours to stop
