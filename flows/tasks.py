"""Thin Prefect tasks: batching, retries on I/O, logging, the skip/reject policy. No logic here."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from flows.analyse import analyse_batch
from flows.config import PIPELINE_VERSION
from flows.errors import is_permanent
from flows.ingest import (
    InputRef,
    RawDocument,
    Reason,
    RejectedInput,
    Rejection,
    decode_input,
    format_of,
    input_limit,
    read_input,
)
from flows.nlp import make_dependency_parser, make_tagger, parse_entities, warm_up
from flows.runtime.logs import quiet_console
from flows.runtime.opaque import Opaque
from flows.runtime.pool import keep_freed_memory, share_tls_context
from flows.runtime.signals import ignore_interrupts
from flows.schema import Document, DocumentSignature
from flows.warehouse import stage_batch


@dataclass(frozen=True, slots=True)
class InputOutcome:
    """What one input gave: its documents' ids in order, and how many rejections."""

    source_uri: str
    version: str | None
    doc_ids: tuple[str, ...]
    n_rejects: int


@dataclass(frozen=True, slots=True)
class IngestResult:
    """One batch of inputs read: the decoded documents and the rejections, and per input what
    it gave (for the manifest of inputs read, flows.ledger)."""

    documents: list[RawDocument]
    rejects: list[Rejection]
    inputs: list[InputOutcome] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StageResult:
    """What one analysed batch staged (rows per table), its documents and signatures for the flow
    to stage, and the documents that failed."""

    counts: dict[str, int]
    documents: list[Document]
    signatures: list[DocumentSignature]
    rejects: list[Rejection]
    failed_doc_ids: list[str]


def warm_worker(model: str) -> None:
    """A worker process's initializer: load now what its first batch would otherwise load.

    The spaCy pipelines; this module's imports (pandas, pyarrow, datasketch, ftfy, the extractors'
    patterns), which unpickling this function brings in; Prefect's collections, which Prefect
    imports (prefect-dask, hence dask.distributed) when it first restores a task's context. Done
    in the first batch, that was inside the flow's time; done here, it overlaps the API server's
    start (bench/RESULTS.md, #the-runtimes-savings). Also one
    TLS context for all of the worker's Prefect clients (flows.runtime.pool.share_tls_context)."""
    from prefect.plugins import load_prefect_collections

    warm_up(model)
    load_prefect_collections()
    share_tls_context()


def init_pool_worker(model: str) -> None:
    """The initializer of our own worker processes: an allocator that keeps freed memory for the
    next batch (`flows.runtime.pool.keep_freed_memory`), `warm_worker`, then everything loaded so
    far (the two spaCy pipelines, the imports) moved out of the garbage collector's sight.

    Those objects live as long as the process, yet every full collection walked them all (six in
    seven tracked objects are the model's; bench/RESULTS.md). Not done on a Dask cluster's
    workers, which are the user's long-lived processes and hold objects of their own."""
    keep_freed_memory()
    ignore_interrupts()
    quiet_console()  # as the command line asked (flows.runtime.logs)
    warm_worker(model)
    gc.freeze()


# Reading is the one step that touches the outside world; a transient error (a network file
# system, object storage) is retried. An error that persists becomes a rejection (unreadable),
# never a failed run.
@task(name="ingest-batch", cache_policy=NO_CACHE)
def ingest_batch(refs: Opaque[Sequence[InputRef]], *, max_bytes: int) -> IngestResult:
    """Read and decode a batch of inputs; every input ends as documents or rejections."""
    documents: list[RawDocument] = []
    rejects: list[Rejection] = []
    inputs: list[InputOutcome] = []
    for ref in refs.value:
        n_docs, n_rejects = len(documents), len(rejects)
        try:
            data = _read_with_retry(ref, input_limit(format_of(ref.name)[0], max_bytes))
        except RejectedInput as exc:
            rejects.append(Rejection.of(ref.source_uri, exc, ""))
        except OSError as exc:
            detail = f"{type(exc).__name__}: {exc.strerror or exc}"
            rejects.append(Rejection(ref.source_uri, Reason.UNREADABLE, detail, ""))
        else:
            for item in decode_input(
                data, source_uri=ref.source_uri, name=ref.name, max_bytes=max_bytes
            ):
                (documents if isinstance(item, RawDocument) else rejects).append(item)
        doc_ids = tuple(d.doc_id for d in documents[n_docs:])
        inputs.append(InputOutcome(ref.source_uri, ref.version, doc_ids, len(rejects) - n_rejects))
    return IngestResult(documents, rejects, inputs)


def _read_with_retry(ref: InputRef, limit: int, attempts: int = 3) -> bytes:
    for attempt in range(attempts):
        try:
            return read_input(ref, limit)
        except OSError as exc:
            if is_permanent(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


def _transient(task: object, task_run: object, state: State) -> bool:
    """Retry a batch unless what failed cannot be fixed by trying again (a full disk, a
    read-only or forbidden warehouse): that fails the run at once, with its reason."""
    return not is_permanent(state.result(raise_on_failure=False))


@task(name="analyse-batch", cache_policy=NO_CACHE, retries=1, retry_condition_fn=_transient)
def analyse_and_stage(
    documents: Opaque[Sequence[RawDocument]],
    *,
    warehouse: Path | str,
    run_id: str,
    batch_no: int,
    spacy_model: str,
    ingested_at: dt.datetime,
    reprocess: bool = False,
) -> StageResult:
    """Clean, segment and extract one batch, then stage its rows as Parquet for the commit.

    With `reprocess`, the documents are stored ones: their text is taken as it is and only the
    rows that extraction makes are staged (boilerplate and signatures follow from the text, which
    does not change)."""
    logger = get_run_logger()
    batch = analyse_batch(
        documents.value,
        parse=lambda texts: parse_entities(texts, model=spacy_model),
        tag=make_tagger(spacy_model),
        dependencies=make_dependency_parser(spacy_model),
        run_id=run_id,
        ingested_at=ingested_at,
        version=PIPELINE_VERSION,
        already_clean=reprocess,
    )
    if reprocess:
        batch.rows.pop("boilerplate", None)
    # Documents and their signatures go back to the flow, which decides duplicate_of against the
    # whole warehouse and this run's earlier batches before staging them.
    analysed = batch.rows.pop("documents", [])
    signatures = batch.rows.pop("document_signatures", [])
    counts = stage_batch(warehouse, run_id, batch_no, batch.rows)
    # A document that failed analysis is identified by its content hash, like any input.
    rejects = batch.failures
    for r in rejects:
        logger.warning("rejected %s: %s (%s)", r.source_uri, r.reason, r.detail)
    logger.info(
        "batch %d: %d documents, %d sentences, %d mentions, %d quotes",
        batch_no,
        len(analysed),
        counts.get("sentences", 0),
        counts.get("mentions", 0),
        counts.get("quotes", 0),
    )
    failed = [r.doc_id for r in batch.failures if r.doc_id is not None]
    return StageResult(counts, analysed, signatures, rejects, failed)
