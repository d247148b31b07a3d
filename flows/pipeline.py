"""The broadsheet flow: ingest -> analyse -> commit -> report, one task per batch.

`run_pipeline` only wires: Prefect tasks read and analyse batches (flows.tasks), a `RunLedger`
keeps the run's accounts and commits it (flows.ledger), and flows.runtime holds what exists for
speed (the worker pool, the commit helper, read-ahead and batching).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows import storage
from flows.catalog import default_catalog_path, legacy_catalog_path, write_catalog
from flows.checks import check_committed
from flows.config import Settings
from flows.errors import WarehouseError
from flows.ingest import RawDocument, discover
from flows.ledger import RunLedger, RunSummary
from flows.report import publish_run_report
from flows.runtime import signals
from flows.runtime.apiserver import one_api_server
from flows.runtime.batching import InFlight, ReadAhead, batches, chunks, release, with_last
from flows.runtime.committer import Call, Committer, here
from flows.runtime.logs import run_log
from flows.runtime.opaque import Opaque
from flows.runtime.pool import WorkerPool
from flows.runtime.signals import RunInterrupted, interruptible, kill_children
from flows.tasks import StageResult, analyse_and_stage, ingest_batch, init_pool_worker, warm_worker
from flows.warehouse import recover, row_counts
from flows.warehouse.compact import auto_compact
from flows.warehouse.lock import writer_lock
from flows.warehouse.repair import verify

__all__ = [
    "RunSummary",
    "WarehouseDamaged",
    "observe",
    "run",
    "run_pipeline",
    "verify_warehouse",
]

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


@flow(name="broadsheet-run", log_prints=False)
def run_pipeline(
    inputs: list[str],
    warehouse: str = str(Settings.warehouse),
    batch_size: int = Settings.batch_size,
    max_bytes: int = Settings.max_bytes,
    spacy_model: str = Settings.spacy_model,
    workers: int = 1,
    reprocess: bool = False,
    wait_s: float = 0.0,
    exclude: list[str] | None = None,
) -> RunSummary:
    """Process every input into the warehouse: new documents added, known ones skipped, bad ones
    rejected with a reason; all of it made visible at once by the commit at the end.

    With `reprocess`, documents already in the warehouse whose rows an older pipeline version
    made are extracted again from their stored text; the commit swaps their old rows for the new
    ones in the same atomic step. One run writes a warehouse at a time: another run's lock is
    waited for up to `wait_s` seconds, then the run is refused (WarehouseBusy). Inputs matching
    an `exclude` glob are not read."""
    started = time.perf_counter()
    root = storage.location(warehouse)  # a local folder (made absolute) or an s3:// URL
    run_id = str(flow_run.get_id() or uuid.uuid4())
    with (
        RunLedger.open(root, run_id, warehouse, wait_s=wait_s) as ledger,
        run_log(root, run_id) as log_path,  # under the lock: the warehouse is ours to write
    ):
        ledger.summary.log_path = str(log_path)
        return _process(
            ledger,
            inputs,
            batch_size=batch_size,
            max_bytes=max_bytes,
            spacy_model=spacy_model,
            workers=workers,
            reprocess=reprocess,
            started=started,
            exclude=exclude or [],
        )


def _process(
    ledger: RunLedger,
    inputs: list[str],
    *,
    batch_size: int,
    max_bytes: int,
    spacy_model: str,
    workers: int,
    reprocess: bool,
    started: float,
    exclude: list[str],
) -> RunSummary:
    """The run, from ingest to report, with the warehouse's writer lock held."""
    logger = get_run_logger()
    root = ledger.root
    summary = ledger.summary
    if summary.recovered or summary.discarded:
        logger.warning(summary.recovery_note())
    # The commit's merge, entity rebuild and checks, and the report's queries run in a helper
    # process; it starts at the first wait, so an unchanged re-run never starts it.
    committer = Committer(root)

    def finish(part: int, future: PrefectFuture[StageResult], stored: bool) -> None:
        committer.start()
        staged = future.result()
        try:
            ledger.record(staged, part, stored=stored)
        finally:
            release(staged)
        _notify(summary)

    in_flight: InFlight[PrefectFuture[StageResult]] = InFlight(2 * max(workers, 1), finish)

    def submit(documents: list[RawDocument], *, stored: bool) -> None:
        future = analyse_and_stage.submit(
            Opaque(documents),  # Prefect need not look inside (flows.runtime.opaque)
            warehouse=root,
            run_id=ledger.run_id,
            batch_no=in_flight.next_part,
            spacy_model=spacy_model,
            ingested_at=ledger.started_at,
            reprocess=stored,
        )
        in_flight.add(future, stored=stored)

    try:
        read_ahead = ReadAhead(batch_size)
        for refs, last in with_last(batches(ledger.unread(discover(inputs, exclude)), read_ahead)):
            fresh = ledger.accept(ingest_batch(Opaque(refs), max_bytes=max_bytes))
            read_ahead.saw(len(fresh))
            # A JSON Lines input may hold thousands of documents: analyse in batch_size chunks.
            for chunk in chunks(fresh, batch_size, last=last and not reprocess, workers=workers):
                submit(chunk, stored=False)
            _notify(summary)
        for stored_docs in ledger.stale_batches(batch_size) if reprocess else ():
            submit(stored_docs, stored=True)
        in_flight.drain()
        ledger.commit(in_flight.next_part, call=committer.call)
    except BaseException as exc:
        signals.note(exc)  # a stop signal that arrived as another handler's exception
        if signals.interrupted():
            # Workers still analysing would stage files after the abort cleared staging; the
            # API server stays up for Prefect's last state report.
            kill_children(registered=False)
        committer.close()
        committed = ledger.abort()
        if isinstance(exc, RunInterrupted):
            exc.committed = committed
        raise
    finally:
        summary.rows_written["runs"] = 1
        summary.elapsed_s = time.perf_counter() - started
    try:  # the report's queries too grow with the warehouse: in the helper while it is up
        if ledger.changed:
            summary.rows_written["entities"] = committer.call(row_counts, root)["entities"]
        _after_commit(root, summary, committer.call)
        if ledger.changed:
            _compact_if_due(root, summary, committer.call)
    finally:
        committer.close()
    logger.info(summary.one_line())
    return summary


class WarehouseDamaged(WarehouseError):
    """`verify_warehouse` found damaged files or rows that break a check."""


@flow(name="broadsheet-verify", log_prints=False)
def verify_warehouse(warehouse: str = str(Settings.warehouse)) -> dict[str, int]:
    """`broadsheet verify --full` as a flow, for a schedule of its own (`broadsheet serve
    --verify-cron`): every committed file read whole, and every data-quality check over the whole
    warehouse (a run checks only the rows it adds, flows.checks.connect_run). Read-only; the
    flow run fails, naming each problem, when anything is wrong."""
    logger = get_run_logger()
    root = storage.location(warehouse)
    found = verify(root, full=True)
    problems = [f"damaged {d.key}: {d.detail}" for d in found.damaged] + found.problems
    if not found.damaged:
        problems += [
            f"check {c.name} failed on {c.n_rows} row(s), e.g. {c.sample[0]}"
            for c in check_committed(root)
            if not c.ok
        ]
    for problem in problems:
        logger.error(problem)
    if problems:
        raise WarehouseDamaged(
            f"{len(problems)} problem(s) in {warehouse}: {problems[0]}; "
            f"broadsheet repair --warehouse {warehouse} quarantines damaged files"
        )
    logger.info("verified %d files, %d rows: no problem found", found.files, found.rows)
    return {"files": found.files, "rows": found.rows}


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
    if not storage.exists(catalog):
        legacy = legacy_catalog_path(root)
        if not storage.exists(legacy):
            return
        logger.warning(
            "catalog %s has the name every warehouse's catalog had before; it is refreshed "
            "for now, but rename it %s (the default now) so that another warehouse in the same "
            "folder cannot overwrite it",
            legacy,
            storage.name(catalog),
        )
        catalog = legacy
    if summary.n_documents_new or summary.n_rejected:
        try:
            written = call(write_catalog, root, catalog)
        except Exception as exc:
            logger.warning("catalog %s is stale: %s: %s", catalog, type(exc).__name__, exc)
            return
        for problem in written.problems:  # a key the data breaks, left undeclared
            logger.warning("catalog %s: %s (see sql/checks/)", catalog, problem)


def _compact_if_due(root: Path | str, summary: RunSummary, call: Call = here) -> None:
    """Merge older runs' small files when a table holds too many (flows.warehouse.compact), with
    the run's writer lock still held. A failure is a warning: the run itself is committed."""
    logger = get_run_logger()
    try:
        done = call(auto_compact, root)
    except Exception as exc:
        logger.warning("compaction not done: %s: %s", type(exc).__name__, exc)
        return
    if done is not None:
        summary.compacted = (done.files_before, done.files_after)
        logger.info(
            "compacted %d small files into %d (run %s)",
            done.files_before,
            done.files_after,
            done.run_id,
        )


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


def prepare_cluster(address: str, model: str) -> int:
    """Load the model on every worker of a Dask cluster now, and count its worker threads.

    Warming up here keeps the model load out of the first batches' time (and out of their retry
    budget); the thread count sizes the batches in flight, since the cluster, not this machine's
    cores, is what does the work."""
    from distributed import Client

    with Client(address, timeout="60s") as client:
        client.run(warm_worker, model)
        return max(sum(client.nthreads().values()), 1)


def run(
    inputs: Sequence[str],
    settings: Settings,
    *,
    reprocess: bool = False,
    wait_s: float = 0.0,
    exclude: Sequence[str] = (),
) -> RunSummary:
    """Call the flow with plain settings (the CLI's entry point). The warehouse's writer lock is
    taken first, so that a refused run costs no worker or API server start (the flow shares it).
    SIGINT and SIGTERM stop the run (RunInterrupted; flows.runtime.signals)."""
    with interruptible(), writer_lock(storage.location(settings.warehouse), wait_s=wait_s):
        runner = task_runner(settings)
        if settings.dask_address:
            settings = replace(
                settings, workers=prepare_cluster(settings.dask_address, settings.spacy_model)
            )
        if isinstance(runner, WorkerPool):
            # The workers import spaCy and load the model while the API server starts.
            runner.prestart()
        try:
            with one_api_server(runner):
                return run_pipeline.with_options(task_runner=runner)(
                    inputs=list(inputs),
                    warehouse=str(settings.warehouse),
                    batch_size=settings.batch_size,
                    max_bytes=settings.max_bytes,
                    spacy_model=settings.spacy_model,
                    workers=settings.workers,
                    reprocess=reprocess,
                    exclude=list(exclude),
                )
        except BaseException as exc:
            if isinstance(exc, RunInterrupted):
                kill_children(registered=False)  # a pool the flow never took; the server stays
            if isinstance(runner, WorkerPool):
                runner.close()
            # The run's abort cleared its staging, but a worker still alive then (a signal that
            # reached the flow as a worker's death before its own exception) may have staged
            # more since. Now that none of the run's processes can write, and with the lock
            # still held, what is staged and uncommitted is garbage: the next run would discard
            # it; do it now, so that a stopped run leaves the warehouse as it found it.
            with suppress(Exception):
                recover(storage.location(settings.warehouse))
            raise
        finally:
            if isinstance(runner, WorkerPool):
                runner.close()  # only a pool the flow never took is still ours to stop
