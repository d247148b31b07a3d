"""The document stage: raw documents -> the rows of every fact table, for one batch.

Composes clean -> segment -> extract. Pure apart from the spaCy callables passed in: no I/O, no
Prefect. A document that fails is isolated and returned as a rejection; its batch goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from flows.clean import clean_text
from flows.dedup import signature
from flows.errors import Reason, Rejection
from flows.extract.datelines import publication
from flows.extract.dates import extract_dates
from flows.extract.entities import extract_mentions
from flows.extract.numbers import FoundNumbers, find_numbers, finish_numbers
from flows.extract.speech import extract_quotes
from flows.ingest import RawDocument
from flows.schema import Boilerplate, Document
from flows.segment import count_words, segment

Parser = Callable[[list[str]], list[Doc]]
Tagger = Callable[[Sequence[str]], list[Doc]]


@dataclass(slots=True)
class BatchRows:
    """Rows per table for one batch, plus the documents that failed."""

    rows: dict[str, list[Any]] = field(default_factory=dict)
    failures: list[Rejection] = field(default_factory=list)

    def add(self, table: str, records: Sequence[Any]) -> None:
        self.rows.setdefault(table, []).extend(records)


def _document_rows(
    raw: RawDocument,
    parsed: Doc,
    text: str,
    *,
    run_id: str,
    ingested_at: dt.datetime,
    version: str,
    removed: Sequence[Boilerplate],
    dependencies: Tagger | None = None,
) -> tuple[dict[str, list[Any]], FoundNumbers]:
    """Every fact row of one cleaned and parsed document (`text`, which is `parsed.text`), bar the
    numbers, which wait for their counted objects' POS tags (see `_tag_all`)."""
    doc_id = raw.doc_id
    # The input's metadata, else the dateline, read from the body before cleaning: the cleaner
    # removes "Published: …" lines as boilerplate.
    published_at, published_at_source = publication(
        raw.body, published_at=raw.published_at, source=raw.published_at_source, url=raw.url
    )
    paragraphs, sentences = segment(text, doc_id=doc_id)
    mentions = extract_mentions(parsed, sentences, doc_id=doc_id, text=text)
    document = Document(
        doc_id=doc_id,
        source_uri=raw.source_uri,
        title=raw.title,
        published_at=published_at,
        text=text,
        n_paragraphs=len(paragraphs),
        n_sentences=len(sentences),
        n_words=count_words(text),
        ingested_at=ingested_at,
        run_id=run_id,
        pipeline_version=version,
        duplicate_of=None,  # decided by the flow, which sees the whole warehouse
        url=raw.url,
        external_id=raw.external_id,
        source_name=raw.source_name,
        encoding=raw.encoding,
        published_at_source=published_at_source,
    )
    numbers = find_numbers(parsed, sentences, doc_id=doc_id, text=text)
    # Relative dates ("yesterday", "Jan. 24") resolve against the dateline's day too.
    dates = extract_dates(parsed, sentences, doc_id=doc_id, published_at=published_at, text=text)
    rows = {
        "documents": [document],
        "paragraphs": paragraphs,
        "sentences": sentences,
        "mentions": mentions,
        "numbers": [],  # filled in by finish_numbers once the batch is tagged
        "dates": dates,
        "quotes": extract_quotes(
            text, paragraphs, sentences, mentions, doc_id=doc_id, parse=dependencies
        ),
        "boilerplate": list(removed),
        "document_signatures": [signature(text, doc_id=doc_id)],
    }
    return rows, numbers


def _tag_all(found: Sequence[FoundNumbers], tag: Tagger) -> list[list[Doc]] | None:
    """The tagged windows of every document, from one tagger call for the whole batch: a call per
    document cost ~1.5 times as much (nlp.pipe's fixed cost per call, small batches). None when
    the call fails, so that each document is tagged alone and a failure stays its own."""
    texts = [f.window_texts() for f in found]
    flat = [t for ts in texts for t in ts]
    try:
        docs = tag(flat) if flat else []
    except Exception:
        return None
    out: list[list[Doc]] = []
    pos = 0
    for ts in texts:
        out.append(docs[pos : pos + len(ts)])
        pos += len(ts)
    return out


def _failed(raw: RawDocument, reason: Reason, detail: str) -> Rejection:
    return Rejection.of_document(raw.doc_id, raw.source_uri, reason, detail)


def analyse_batch(
    raws: Sequence[RawDocument],
    *,
    parse: Parser,
    tag: Tagger,
    dependencies: Tagger | None = None,
    run_id: str,
    ingested_at: dt.datetime,
    version: str,
    already_clean: bool = False,
) -> BatchRows:
    """Clean, segment and extract a batch of documents; failures are isolated per document.

    `dependencies` parses the few sentences whose speaker stands behind appositives (None: the
    speech stage's surface rules alone). `already_clean` re-extracts stored documents
    (`documents.text`) as they are: cleaning them again could change the text that earlier
    offsets and boilerplate rows refer to."""
    out = BatchRows()
    cleaned: list[tuple[RawDocument, str, list[Boilerplate]]] = []
    for raw in raws:
        if already_clean:
            cleaned.append((raw, raw.body, []))
            continue
        result = clean_text(raw.body, title=raw.title)
        removed = [Boilerplate(raw.doc_id, r.text, r.reason, r.line_idx) for r in result.removed]
        if not result.text:
            out.failures.append(
                _failed(
                    raw,
                    Reason.EMPTY,
                    f"no text left after cleaning ({len(removed)} boilerplate lines)",
                )
            )
            continue
        cleaned.append((raw, result.text, removed))
    # One spaCy pass for the whole batch: nlp.pipe batches far better than one call per document.
    try:
        docs = parse([text for _, text, _ in cleaned])
    except Exception:  # one pathological text must not sink the batch: retry one by one below
        docs = []
        for item in list(cleaned):
            try:
                docs.extend(parse([item[1]]))
            except Exception as exc:
                out.failures.append(
                    _failed(item[0], Reason.NLP_ERROR, f"{type(exc).__name__}: {exc}")
                )
                cleaned.remove(item)
    # Extraction in two passes so that the POS tagger runs once for the batch: every document's
    # rows and number windows, then one tagger call, then each document's numbers. A document
    # that fails in either pass is isolated (its failure keeps its place in document order).
    done: list[tuple[RawDocument, dict[str, list[Any]], FoundNumbers] | Rejection] = []
    for (raw, text, removed), parsed in zip(cleaned, docs, strict=True):
        try:
            rows, found = _document_rows(
                raw,
                parsed,
                text,
                run_id=run_id,
                ingested_at=ingested_at,
                version=version,
                removed=removed,
                dependencies=dependencies,
            )
        except Exception as exc:  # isolate the document, keep the rest of the batch
            done.append(_failed(raw, Reason.EXTRACT_ERROR, f"{type(exc).__name__}: {exc}"))
            continue
        done.append((raw, rows, found))
    pending = [d for d in done if not isinstance(d, Rejection)]
    tagged = _tag_all([found for _, _, found in pending], tag)
    by_doc = iter(tagged) if tagged is not None else None
    for item in done:
        if isinstance(item, Rejection):
            out.failures.append(item)
            continue
        raw, rows, found = item
        try:
            if by_doc is not None:
                windows = next(by_doc)
            else:
                texts = found.window_texts()
                windows = tag(texts) if texts else []
            rows["numbers"] = finish_numbers(found, windows, tag=tag)
        except Exception as exc:  # isolate the document, keep the rest of the batch
            out.failures.append(_failed(raw, Reason.EXTRACT_ERROR, f"{type(exc).__name__}: {exc}"))
            continue
        for table, records in rows.items():
            out.add(table, records)
    return out
