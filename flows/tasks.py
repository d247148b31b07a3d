"""Thin Prefect tasks: batching, retries on I/O, logging, the skip/reject policy. No logic here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import load
from flows.analyse import analyse_batch
from flows.config import PIPELINE_VERSION
from flows.ingest import InputRef, RawDocument, RejectedInput, decode_document, fingerprint
from flows.nlp import make_tagger, parse_entities


@dataclass(frozen=True, slots=True)
class InputReject:
    """An input turned away before it became a document."""

    source_uri: str
    reason: str
    detail: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """One batch of inputs read: the decoded documents and the rejections."""

    documents: list[RawDocument]
    rejects: list[InputReject]


@dataclass(frozen=True, slots=True)
class StageResult:
    """What one analysed batch staged: rows per table, the new doc_ids, and the failures."""

    counts: dict[str, int]
    doc_ids: list[str]
    rejects: list[InputReject]
    failed_doc_ids: list[str]


def _read(ref: InputRef, max_bytes: int) -> bytes:
    size = ref.path.stat().st_size
    if size > max_bytes:
        raise RejectedInput("too_large", f"{size:,} bytes is over the limit of {max_bytes:,}")
    with ref.path.open("rb") as fh:
        # Read one byte past the limit: a file that grew since stat() is still caught.
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectedInput("too_large", f"over the limit of {max_bytes:,} bytes")
    return data


# Inputs are pure reads: no retries needed for the logic, but a flaky network file system may fail
# once; errors that persist become a `rejects` row (unreadable), never a failed run.
@task(name="ingest-batch", cache_policy=NO_CACHE)
def ingest_batch(refs: Sequence[InputRef], *, max_bytes: int) -> IngestResult:
    """Read and decode a batch of inputs; every input ends as a document or a rejection."""
    documents: list[RawDocument] = []
    rejects: list[InputReject] = []
    for ref in refs:
        data = b""
        try:
            data = _read(ref, max_bytes)
            documents.append(
                decode_document(data, source_uri=ref.source_uri, suffix=ref.path.suffix)
            )
        except RejectedInput as exc:
            rejects.append(InputReject(ref.source_uri, exc.reason, exc.detail, fingerprint(data)))
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            rejects.append(InputReject(ref.source_uri, "unreadable", reason, fingerprint(data)))
    return IngestResult(documents, rejects)


@task(name="analyse-batch", cache_policy=NO_CACHE, retries=1)
def analyse_and_stage(
    documents: Sequence[RawDocument],
    *,
    warehouse: Path,
    run_id: str,
    batch_no: int,
    spacy_model: str,
    ingested_at: dt.datetime,
) -> StageResult:
    """Clean, segment and extract one batch, then stage its rows as Parquet for the commit."""
    logger = get_run_logger()
    batch = analyse_batch(
        documents,
        parse=lambda texts: parse_entities(texts, model=spacy_model),
        tag=make_tagger(spacy_model),
        run_id=run_id,
        ingested_at=ingested_at,
        version=PIPELINE_VERSION,
    )
    counts = load.stage_batch(warehouse, run_id, batch_no, batch.rows)
    # A document that failed analysis is identified by its content hash, like any input.
    rejects = [
        InputReject(f.doc.source_uri, f.reason, f.detail, f.doc.doc_id) for f in batch.failures
    ]
    for r in rejects:
        logger.warning("rejected %s: %s (%s)", r.source_uri, r.reason, r.detail)
    doc_ids = [d.doc_id for d in batch.rows.get("documents", [])]
    logger.info(
        "batch %d: %d documents, %d sentences, %d mentions, %d quotes",
        batch_no,
        len(doc_ids),
        counts.get("sentences", 0),
        counts.get("mentions", 0),
        counts.get("quotes", 0),
    )
    return StageResult(counts, doc_ids, rejects, [f.doc.doc_id for f in batch.failures])
