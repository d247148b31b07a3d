"""The data contract: one frozen record type per warehouse table, and the Arrow schema from it.

This module is the single source of table and column names (see ../shared/data-contract.md).
Loaders validate against it, the SQL views select from the tables it names, tests build rows from
it. Columns may be added; a contract column is never renamed or dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pyarrow as pa

from flows.errors import Reason

_ARROW = "arrow"
_DOC = "doc"
_NULLABLE = "nullable"


def col(
    arrow_type: pa.DataType,
    doc: str,
    *,
    nullable: bool = False,
    default: Any = dataclasses.MISSING,
    default_factory: Any = dataclasses.MISSING,
) -> Any:
    """A column: its Arrow type, its meaning, and whether it may be null. Columns added after the
    first release take a default, so that code and tests written before them still build rows."""
    return field(
        default=default,
        default_factory=default_factory,
        metadata={_ARROW: arrow_type, _DOC: doc, _NULLABLE: nullable},
    )


STR = pa.string()
I32 = pa.int32()
I64 = pa.int64()
F64 = pa.float64()
TS = pa.timestamp("us", tz="UTC")
DATE = pa.date32()


# --- dimensions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    """One row per distinct document: same content, same row, whatever the run or file name."""

    GRAIN: ClassVar[str] = "one row per distinct document"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id",)
    REFERENCES: ClassVar[dict[str, str]] = {"run_id": "runs"}

    doc_id: str = col(STR, "stable id derived from the document's content")
    source_uri: str = col(
        STR, "where it came from: a file path, a URL, or path#N for a JSONL record"
    )
    title: str | None = col(STR, "headline when the input gives one", nullable=True)
    published_at: dt.datetime | None = col(
        TS,
        "publication time when the input gives one: its metadata, else the text's dateline "
        "(published_at_source says which)",
        nullable=True,
    )
    text: str = col(STR, "the cleaned text that all offsets index into")
    n_paragraphs: int = col(I32, "paragraphs in text")
    n_sentences: int = col(I32, "sentences in text")
    n_words: int = col(I32, "whitespace-separated words in text")
    ingested_at: dt.datetime = col(TS, "when this row was written")
    run_id: str = col(STR, "the run that wrote it (see runs)")
    pipeline_version: str = col(
        STR,
        "the broadsheet version that produced this document's rows ('lost-facts' after "
        "broadsheet repair lost some: run --reprocess extracts them again)",
    )
    duplicate_of: str | None = col(
        STR,
        "doc_id of an earlier near-identical document (syndicated copy, small edit)",
        nullable=True,
    )
    url: str | None = col(STR, "the article's URL when the input gives one", nullable=True)
    external_id: str | None = col(STR, "the input's own id for it (JSONL 'id')", nullable=True)
    source_name: str | None = col(STR, "the publisher when the input names it", nullable=True)
    encoding: str = col(STR, "the character encoding the input was decoded from")
    published_at_source: str | None = col(
        STR,
        "where published_at comes from: 'metadata' (the input's own: a JSON Lines "
        "published_at, a web page's markup), 'dateline' (the text's dateline or dated line, "
        "when no metadata gives a time: 'LONDON, Jan 5 (Reuters) -', 'Published: 10:32 AM EST, "
        "Jan 5, 2026'), or 'none'. A dateline's month and day without a year stated beside "
        "them or in the URL leave published_at null ('none'): a wrong year is worse than none, "
        "and ingest records no file times. Null in rows written before datelines were read "
        "(their published_at, if any, is metadata)",
        nullable=True,
        default=None,
    )


@dataclass(frozen=True, slots=True)
class Entity:
    """One row per distinct real-world entity across the warehouse."""

    GRAIN: ClassVar[str] = "one row per distinct real-world entity"
    KEY: ClassVar[tuple[str, ...]] = ("entity_key",)

    entity_key: str = col(STR, "stable key shared by every name form of the entity")
    label: str = col(
        STR, "PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, LAW, PRODUCT, WORK_OF_ART, LANGUAGE"
    )
    canonical_name: str = col(STR, "the fullest name form, e.g. John Kirby, United States")
    n_mentions: int = col(I64, "mentions of it in the warehouse")
    n_documents: int = col(I64, "documents that mention it")
    country_code: str | None = col(
        STR,
        "GPE/LOC: ISO 3166-1 alpha-2 code of the country it is or lies in",
        nullable=True,
        default=None,
    )
    latitude: float | None = col(
        F64, "GPE/LOC: WGS84 latitude of a representative point", nullable=True, default=None
    )
    longitude: float | None = col(
        F64, "GPE/LOC: WGS84 longitude of that point", nullable=True, default=None
    )


@dataclass(frozen=True, slots=True)
class EntityVariant:
    """One row per entity and label and name its mentions carry, with how many do: the counts
    that choose entities.label and canonical_name, kept so that a run updates the entities
    dimension from its own mentions instead of aggregating every mention again."""

    GRAIN: ClassVar[str] = "one row per entity, label and canonical name its mentions carry"
    KEY: ClassVar[tuple[str, ...]] = ("entity_key", "label", "canonical_name")

    entity_key: str = col(STR, "as in entities")
    label: str = col(STR, "a label its mentions carry")
    canonical_name: str = col(STR, "a canonical name its mentions carry")
    n_mentions: int = col(I64, "mentions of it with this label and name")


@dataclass(frozen=True, slots=True)
class Run:
    """One row per pipeline run, written last so that readers see only committed runs."""

    GRAIN: ClassVar[str] = "one row per pipeline run"
    KEY: ClassVar[tuple[str, ...]] = ("run_id",)

    run_id: str = col(STR, "also the Prefect flow run id when run under Prefect")
    started_at: dt.datetime = col(TS, "when the run started")
    finished_at: dt.datetime = col(TS, "when the run committed")
    status: str = col(
        STR,
        "completed, failed, aborted (stopped by SIGINT or SIGTERM before its commit), or "
        "repaired (broadsheet repair: damaged files quarantined, see docs/operations.md)",
    )
    n_inputs: int = col(I64, "inputs seen: n_documents_new + n_documents_skipped + n_rejected")
    n_documents_new: int = col(I64, "inputs that became new documents")
    n_documents_skipped: int = col(I64, "inputs whose content was already in the warehouse")
    n_rejected: int = col(I64, "inputs that could not become a document (see rejects)")
    pipeline_version: str = col(STR, "the broadsheet version of this run")
    n_documents_reprocessed: int = col(
        I64, "stored documents whose rows this run extracted again (run --reprocess)", default=0
    )
    replaced_files: list[str] = col(
        pa.list_(STR),
        "files ('<table>/<file name>') this run rewrote or retired: hidden once the row exists",
        default_factory=list,
    )
    n_documents_unread: int = col(
        I64,
        "of n_documents_skipped, those whose input file was not read at all: unchanged since "
        "a run read it (the inputs table)",
        default=0,
    )
    n_files_replaced: int | None = col(
        I64,
        "files this run replaced; replaced_files keeps only the names of those still on disk "
        "once a later compaction carries this row (null in rows written before this column: "
        "len(replaced_files))",
        nullable=True,
        default=None,
    )


# --- facts --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One row per paragraph (blank-line separated block) of documents.text."""

    GRAIN: ClassVar[str] = "one row per paragraph"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "paragraph_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document")
    paragraph_idx: int = col(I32, "0-based position in the document")
    char_start: int = col(I32, "offset into documents.text (code points)")
    char_end: int = col(I32, "end offset, exclusive")
    text: str = col(STR, "documents.text[char_start:char_end]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One row per sentence; a sentence never crosses a paragraph break."""

    GRAIN: ClassVar[str] = "one row per sentence"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "sentence_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document")
    sentence_idx: int = col(I32, "0-based position in the document")
    paragraph_idx: int = col(I32, "the paragraph it belongs to")
    char_start: int = col(I32, "offset into documents.text (code points)")
    char_end: int = col(I32, "end offset, exclusive")
    text: str = col(STR, "documents.text[char_start:char_end]")


@dataclass(frozen=True, slots=True)
class Mention:
    """One row per entity mention (proper names only)."""

    GRAIN: ClassVar[str] = "one row per entity mention"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "mention_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents", "entity_key": "entities"}

    doc_id: str = col(STR, "the document")
    mention_idx: int = col(I32, "0-based position in the document")
    sentence_idx: int = col(I32, "the sentence it is in")
    char_start: int = col(I32, "offset into documents.text (code points)")
    char_end: int = col(I32, "end offset, exclusive")
    text: str = col(STR, "the name as written: documents.text[char_start:char_end]")
    label: str = col(STR, "as in entities")
    entity_key: str = col(STR, "joins entities")
    canonical_name: str = col(STR, "the entity's fullest name form in this document")


@dataclass(frozen=True, slots=True)
class Number:
    """One row per numeric expression (not dates)."""

    GRAIN: ClassVar[str] = "one row per numeric expression"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "number_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document")
    number_idx: int = col(I32, "0-based position in the document")
    sentence_idx: int = col(I32, "the sentence it is in")
    char_start: int = col(I32, "offset into documents.text (code points)")
    char_end: int = col(I32, "end offset, exclusive")
    text: str = col(STR, "the expression as written, e.g. 'some 8,500', '$1.2 billion', 'three'")
    kind: str = col(STR, "cardinal, ordinal, money, percent, quantity")
    value: float | None = col(
        F64, "the number: 8500, 1200000000, 3, 12.5 (for 12.5%)", nullable=True
    )
    unit: str | None = col(
        STR, "ISO 4217 code, '%', or a unit name (km, kg, barrels)", nullable=True
    )
    object: str | None = col(
        STR, "what is counted, as written: 'troops' in '8,500 troops'", nullable=True
    )
    qualifier: str | None = col(
        STR, "approximate, at_least, at_most, more_than, less_than when hedged", nullable=True
    )


@dataclass(frozen=True, slots=True)
class DateMention:
    """One row per date or time expression."""

    GRAIN: ClassVar[str] = "one row per date or time expression"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "date_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document")
    date_idx: int = col(I32, "0-based position in the document")
    sentence_idx: int = col(I32, "the sentence it is in")
    char_start: int = col(I32, "offset into documents.text (code points)")
    char_end: int = col(I32, "end offset, exclusive")
    text: str = col(STR, "the expression as written, e.g. 'Monday, Jan. 24', 'three days'")
    kind: str = col(STR, "date, time, duration")
    resolved: dt.date | None = col(DATE, "the calendar date meant, when one follows", nullable=True)


@dataclass(frozen=True, slots=True)
class Quote:
    """One row per statement attributed to a speaker: a direct quotation or reported speech."""

    GRAIN: ClassVar[str] = "one row per statement"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "quote_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents", "speaker_key": "entities"}

    # A quote running over several paragraphs is one row; reported speech is the content clause
    # of a speech verb (`kind`).

    doc_id: str = col(STR, "the document")
    quote_idx: int = col(I32, "0-based position in the document")
    sentence_idx: int = col(I32, "the sentence the quote starts in")
    char_start: int = col(
        I32, "offset of the first quoted (or reported) character in documents.text"
    )
    char_end: int = col(I32, "end offset, exclusive (before the closing mark and trailing comma)")
    text: str = col(
        STR,
        "documents.text[char_start:char_end]: direct, the quoted words without outer marks; "
        "indirect, the content clause without a leading that",
    )
    joined_text: str = col(
        STR,
        "text with the paragraph breaks and re-opening marks of a long quote folded to one space",
    )
    speaker_text: str | None = col(STR, "the speaker as written nearest the quote", nullable=True)
    speaker_key: str | None = col(
        STR, "entities.entity_key of the speaker when known", nullable=True
    )
    verb: str | None = col(STR, "the speech verb as written (said, reiterated)", nullable=True)
    kind: str = col(
        STR,
        "direct (words in quotation marks) or indirect (reported speech: the content clause of "
        "a speech verb, or of according to)",
        default="direct",
    )


@dataclass(frozen=True, slots=True)
class Reject:
    """One row per input that could not become a document."""

    GRAIN: ClassVar[str] = "one row per rejected input and reason"
    KEY: ClassVar[tuple[str, ...]] = ("source_uri", "fingerprint", "reason")
    REFERENCES: ClassVar[dict[str, str]] = {"run_id": "runs"}

    source_uri: str = col(STR, "the input")
    reason: str = col(STR, "short code (flows.errors.Reason): " + ", ".join(Reason))
    detail: str = col(STR, "a human-readable explanation")
    run_id: str = col(STR, "the run that saw it")
    seen_at: dt.datetime = col(TS, "when it was seen")
    fingerprint: str = col(
        STR, "hash of the input (bytes, or content once decoded): the same input is recorded once"
    )


@dataclass(frozen=True, slots=True)
class InputRead:
    """One row per document that an input file gave when a run read it: the manifest by which a
    later run skips an unchanged file without opening it (only inputs read without a rejection
    are recorded; a row whose document is not in documents makes its input be read again)."""

    GRAIN: ClassVar[str] = "one row per document an input gave when a run read it"
    # The same version is read again when its document is gone (a failed analysis): run_id
    # tells the readings apart.
    KEY: ClassVar[tuple[str, ...]] = ("source_uri", "version", "record", "run_id")

    source_uri: str = col(
        STR, "the input file (a JSON Lines file's documents add #<line> in documents.source_uri)"
    )
    version: str = col(
        STR,
        "the file as it was read: size and modification time in ns ('<size>:<mtime_ns>'), or "
        "size and ETag or modification time on object storage; another version is read again",
    )
    record: int = col(I32, "0-based position of the document among the input's documents")
    doc_id: str = col(STR, "the document it gave (new, or already in the warehouse)")
    run_id: str = col(STR, "the run that read it")


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """One row per line the cleaner removed, so nothing disappears unseen."""

    GRAIN: ClassVar[str] = "one row per removed line"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id", "line_idx")
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document it was removed from")
    text: str = col(STR, "the removed line as it was")
    reason: str = col(
        STR,
        "the rule that removed it: newsletter, consent, share_prompt, advertisement, "
        "cookie_notice, copyright, licensing, page_control, related_link, contact, credit, "
        "timestamp, link, separator, syndication, image_credit, disclaimer, reader_prompt, "
        "promotion, taxonomy, correction, title, sign_off",
    )
    line_idx: int = col(I32, "0-based line number in the input text")


@dataclass(frozen=True, slots=True)
class DocumentSignature:
    """One row per document: its MinHash signature, for near-duplicate detection across runs."""

    GRAIN: ClassVar[str] = "one row per document"
    KEY: ClassVar[tuple[str, ...]] = ("doc_id",)
    REFERENCES: ClassVar[dict[str, str]] = {"doc_id": "documents"}

    doc_id: str = col(STR, "the document")
    minhash: bytes = col(pa.binary(), "MinHash signature of the text's word shingles (uint64s)")
    bands: list[str] = col(pa.list_(STR), "LSH band keys: documents sharing one are candidates")


# Table name -> record type. The order is the commit order: facts first, documents, then the
# entities dimension, and `runs` last so that a reader never sees a run row before its data.
TABLES: dict[str, type] = {
    "paragraphs": Paragraph,
    "sentences": Sentence,
    "mentions": Mention,
    "numbers": Number,
    "dates": DateMention,
    "quotes": Quote,
    "boilerplate": Boilerplate,
    "rejects": Reject,
    "document_signatures": DocumentSignature,
    "documents": Document,
    "inputs": InputRead,
    "entities": Entity,
    "entity_variants": EntityVariant,
    "runs": Run,
}

#: Tables whose rows carry a character span into documents.text.
SPAN_TABLES = ("paragraphs", "sentences", "mentions", "numbers", "dates", "quotes")

#: Tables whose rows belong to one document (a doc_id column).
PER_DOCUMENT_TABLES = tuple(t for t, record in TABLES.items() if "doc_id" in record.__annotations__)

#: Tables rewritten whole on each run rather than appended to.
REPLACED_TABLES = ("entities", "entity_variants")

#: Tables added after the first release: a warehouse that an older broadsheet made has no folder
#: for them until its next run creates one; readers meanwhile see them empty (`empty_select`).
ADDED_TABLES = ("inputs", "entity_variants")


def columns(table: str) -> list[str]:
    """The column names of a table, in contract order."""
    return [f.name for f in dataclasses.fields(TABLES[table])]


def sql_defaults(table: str) -> dict[str, str]:
    """Column name -> SQL literal of the value that rows written before the column existed
    stand for (columns added after the first release carry a default: quotes.kind 'direct')."""
    out: dict[str, str] = {}
    for f in dataclasses.fields(TABLES[table]):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            continue
        value = f.default if f.default is not dataclasses.MISSING else None
        sql_type = _SQL_TYPES[f.metadata[_ARROW]]
        literal = "null" if value is None else "'" + str(value).replace("'", "''") + "'"
        out[f.name] = f"cast({literal} as {sql_type})"
    return out


def empty_select(table: str) -> str:
    """A query with the table's columns and types and no row."""
    cols = ", ".join(
        f"cast(null as {_SQL_TYPES[f.metadata[_ARROW]]}) as {f.name}"
        for f in dataclasses.fields(TABLES[table])
    )
    return f"select {cols} where false"


def describe(table: str) -> dict[str, str]:
    """Column name -> meaning, for docs and the data dictionary."""
    return {f.name: f.metadata[_DOC] for f in dataclasses.fields(TABLES[table])}


def table_doc(table: str) -> str:
    """One-line description of a table (its record's docstring)."""
    return (TABLES[table].__doc__ or "").strip()


# Each record type also states its grain (GRAIN: what one row is), its key (KEY: the columns that
# tell rows apart, never null) and the tables its columns point at (REFERENCES: column -> the
# table whose one-column key it holds). The BI catalog declares them as PRIMARY KEY and FOREIGN
# KEY constraints; sql/checks/ tests that the data keeps them.


def primary_key(table: str) -> tuple[str, ...]:
    """The columns that tell a table's rows apart (its key; never null)."""
    key: tuple[str, ...] = TABLES[table].KEY
    return key


def grain(table: str) -> str:
    """What one row of a table is, with its key: 'one row per sentence (doc_id, sentence_idx)'."""
    return f"{TABLES[table].GRAIN} ({', '.join(primary_key(table))})"


def references(table: str) -> dict[str, str]:
    """Column -> the table whose key it holds (documents.run_id -> runs): the foreign keys."""
    refs: dict[str, str] = getattr(TABLES[table], "REFERENCES", {})
    return dict(refs)


def arrow_schema(table: str) -> pa.Schema:
    """The explicit Arrow schema of a table, derived from its record type."""
    return pa.schema(
        [
            pa.field(f.name, f.metadata[_ARROW], nullable=f.metadata[_NULLABLE])
            for f in dataclasses.fields(TABLES[table])
        ]
    )


def to_arrow(table: str, records: list[Any]) -> pa.Table:
    """Records of one table -> an Arrow table, checked against the contract schema."""
    record_type = TABLES[table]
    names = columns(table)
    for r in records:
        if type(r) is not record_type:
            raise TypeError(f"{table}: expected {record_type.__name__}, got {type(r).__name__}")
    data = {name: [getattr(r, name) for r in records] for name in names}
    tbl = pa.Table.from_pydict(data, schema=arrow_schema(table))
    tbl.validate(full=True)
    return tbl


_SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.binary(): "BLOB",
    pa.list_(pa.string()): "VARCHAR[]",
    TS: "TIMESTAMP",
}


def markdown_catalogue() -> str:
    """The table catalogue for docs/tables.md: every table, column, DuckDB type and meaning."""
    parts = []
    for table in TABLES:
        rows = [
            f"### `{table}`",
            "",
            table_doc(table),
            "",
            _keys_line(table),
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        for f in arrow_schema(table):
            null = ", null" if f.nullable else ""
            rows.append(f"| {f.name} | {_SQL_TYPES[f.type]}{null} | {describe(table)[f.name]} |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"


def _keys_line(table: str) -> str:
    refs = "; ".join(f"`{c}` -> [`{t}`](#{t})" for c, t in references(table).items())
    return f"Grain: {grain(table)}." + (f" References: {refs}." if refs else "")
