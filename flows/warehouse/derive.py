"""What is computed from the rows a warehouse holds: the entities dimension with its places, the
documents and rejects already known, the near-duplicate candidates of a batch, the documents an
older pipeline version made, and row counts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from flows import dedup, storage
from flows.geo import place_columns
from flows.schema import TABLES, Document, DocumentSignature, arrow_schema, columns
from flows.warehouse.layout import BATCH_OF_PATH_SQL, Warehouse, literal_list, scan_sql


def build_entities(
    warehouse: str | Path | Warehouse, run_id: str | None = None, replaced: Sequence[str] = ()
) -> pa.Table:
    """The entities dimension from every committed mention plus the run's staged ones, less the
    files the run replaces.

    Materialised, not streamed: the result has one row per entity (a few MB at 20k documents),
    while the query's working set is over every mention; fetching the table then closing the
    connection lets the place lookup reuse DuckDB's freed memory, where streaming batches through
    it kept both alive (a higher peak in bench/throughput.py's Reuters run)."""
    wh = Warehouse.at(warehouse)
    globs = [wh.glob("mentions")]
    if run_id is not None:
        globs.append(wh.staged_glob(run_id, "mentions"))
    globs = wh.existing(globs)
    schema = arrow_schema("entities")
    if not globs:
        return schema.empty_table()
    # What the run replaces, and what compactions replaced that is still on disk (rule 3).
    hidden = sorted({*replaced, *wh.lingering("mentions")})
    with storage.connect(wh.root) as con:
        # The label and name an entity is most often mentioned under; ties broken by name so that
        # the result does not depend on file order. One scan of the mentions, shared by the three
        # aggregates (three scans, one each, peaked higher: three hash tables at once).
        result = con.sql(
            f"""
            with m as (
                select entity_key, label, canonical_name, doc_id
                from {scan_sql(globs, hidden)}
            ),
            labels as (select entity_key, label, count(*) as n from m group by all),
            names as (select entity_key, canonical_name, count(*) as n from m group by all),
            totals as (
                select entity_key, count(*) as n_mentions, count(distinct doc_id) as n_documents
                from m group by all
            )
            select
                totals.entity_key,
                (select first(label order by n desc, label) from labels
                 where labels.entity_key = totals.entity_key) as label,
                (select first(canonical_name order by n desc, canonical_name) from names
                 where names.entity_key = totals.entity_key) as canonical_name,
                totals.n_mentions,
                totals.n_documents
            from totals
            order by totals.entity_key
            """
        ).to_arrow_table()
    return with_places(result).select(schema.names).cast(schema)


def with_places(entities: pa.Table) -> pa.Table:
    """Add country_code, latitude and longitude to the GPE/LOC rows, resolved offline (flows.geo);
    null for every other row and for places that cannot be told apart."""
    columns_ = place_columns(
        entities.column("canonical_name").to_pylist(), entities.column("label").to_pylist()
    )
    schema = arrow_schema("entities")
    for name, values in columns_.items():
        entities = entities.append_column(name, pa.array(values, schema.field(name).type))
    return entities


def known_doc_ids(warehouse: str | Path) -> set[str]:
    """doc_ids already committed to the warehouse."""
    wh = Warehouse.at(warehouse)
    scan = wh.scan("documents")
    if scan is None:
        return set()
    with storage.connect(wh.root) as con:
        return {r[0] for r in _chunks(con.execute(f"select distinct doc_id from {scan}"))}


def input_key(source_uri: str, version: str) -> str:
    """How `read_inputs` names an input as it was read (one string: a key per file ever read may
    be held for a large inbox, and one string costs half of a tuple of two)."""
    return f"{source_uri}\x00{version}"


def read_inputs(warehouse: str | Path) -> dict[str, int]:
    """The inputs that a run may skip without reading them, by `input_key`: each version of a
    file that a committed run read and whose every document is in the warehouse now, with how
    many documents it gave. An input whose document is gone (its analysis failed, or `repair`
    removed it) is left out, so that it is read again."""
    wh = Warehouse.at(warehouse)
    inputs, documents = wh.scan("inputs"), wh.scan("documents")
    if inputs is None or documents is None:
        return {}
    with storage.connect(wh.root) as con:
        cursor = con.execute(
            f"""
            select source_uri || chr(0) || version, count(distinct record)
            from {inputs} as i
            left join (select distinct doc_id as known from {documents}) as d
                on i.doc_id = d.known
            group by source_uri, version
            having bool_and(d.known is not null)
            """
        )
        return dict(_chunks(cursor))


def known_rejects(warehouse: str | Path) -> set[tuple[str, str, str]]:
    """(source_uri, fingerprint, reason) of rejections already recorded."""
    wh = Warehouse.at(warehouse)
    scan = wh.scan("rejects")
    if scan is None:
        return set()
    with storage.connect(wh.root) as con:
        cursor = con.execute(f"select distinct source_uri, fingerprint, reason from {scan}")
        return {(r[0], r[1], r[2]) for r in _chunks(cursor)}


def signature_rows(warehouse: str | Path) -> list[tuple[str, bytes, list[str]]]:
    """(doc_id, minhash, bands) of every committed document, oldest first: the order of an index
    of the whole warehouse. The flow does not hold them all; it looks up each batch
    (`signature_candidates`). For tools and tests."""
    wh = Warehouse.at(warehouse)
    sigs, docs = wh.scan("document_signatures"), wh.scan("documents")
    if sigs is None or docs is None:
        return []
    with storage.connect(wh.root) as con:
        rows = con.sql(
            f"""
            select s.doc_id, s.minhash, s.bands
            from {sigs} as s
            join {docs} as d using (doc_id)
            order by d.ingested_at, s.doc_id
            """
        ).fetchall()
    return [(r[0], r[1], list(r[2])) for r in rows]


def signature_candidates(
    warehouse: str | Path,
    run_id: str,
    signatures: Sequence[DocumentSignature],
    index: dedup.BandKeyIndex | None = None,
) -> list[tuple[str, bytes, list[str]]]:
    """(doc_id, minhash, bands) of the documents that a batch's `signatures` may be near-copies
    of: the committed ones and those this run staged earlier that share a band key with one of
    them (dedup.lookup_keys). Committed first, in `signature_rows` order (oldest first), then the
    run's staged ones in the order they were staged.

    `NearDuplicateIndex.from_rows` over these answers the batch's lookups as an index of every
    signature would (the earliest match wins, documents of this run count), while the flow holds
    only the few matching rows. The candidates come from `index` (`band_key_index`, which the
    flow keeps for the run and updates with every staged batch; read afresh when not given);
    then only the candidates' whole rows are read."""
    keys = dedup.lookup_keys(signatures)
    wh = Warehouse.at(warehouse)
    committed = wh.existing([wh.glob("document_signatures")])
    documents = wh.existing([wh.glob("documents")])
    staged = wh.existing([wh.staged_glob(run_id, "document_signatures")])
    if not keys or not ((committed and documents) or staged):
        return []
    if index is None:
        index = band_key_index(wh.root, run_id)
    ids = literal_list(sorted(index.candidates(keys)))
    if not ids:
        return []
    rows: list[tuple[str, bytes, list[str]]] = []
    with storage.connect(wh.root) as con:
        if committed and documents:
            rows += _committed_rows(con, committed, documents, ids)
        if staged:
            rows += con.execute(
                f"""
                select doc_id, minhash, bands
                from read_parquet([{literal_list(staged)}], filename = true,
                                  file_row_number = true)
                where doc_id in ({ids})
                order by regexp_extract(filename, {BATCH_OF_PATH_SQL}, 1)::bigint,
                         filename, file_row_number
                """
            ).fetchall()
    return [(r[0], bytes(r[1]), list(r[2])) for r in rows]


def _committed_rows(
    con: duckdb.DuckDBPyConnection, globs: Sequence[str], documents: Sequence[str], ids: str
) -> list[tuple[str, bytes, list[str]]]:
    """The committed signatures of `ids` (an SQL list), oldest document first (`signature_rows`
    order)."""
    ingested = dict(
        con.execute(
            f"select doc_id, min(ingested_at) from {scan_sql(documents)} "
            f"where doc_id in ({ids}) group by doc_id"
        ).fetchall()
    )
    found = con.execute(
        f"select doc_id, minhash, bands from read_parquet([{literal_list(globs)}]) "
        f"where doc_id in ({ids})"
    ).fetchall()
    # A signature counts once its document is committed, oldest first (signature_rows).
    return sorted((r for r in found if r[0] in ingested), key=lambda r: (ingested[r[0]], r[0]))


def band_key_index(warehouse: str | Path, run_id: str | None = None) -> dedup.BandKeyIndex:
    """The band keys of every committed signature, and of those `run_id` staged, read in chunks
    into a compact index."""
    index = dedup.BandKeyIndex()
    wh = Warehouse.at(warehouse)
    scan = wh.scan("document_signatures", pending=run_id)
    if scan is None:
        return index
    with storage.connect(wh.root) as con:
        for doc_id, bands in _chunks(con.execute(f"select doc_id, bands from {scan}")):
            index.add(doc_id, bands)
    return index


def stale_documents(
    warehouse: str | Path, version: str, batch_size: int
) -> Iterator[list[Document]]:
    """Committed documents made by another pipeline version than `version`, in doc_id order and
    in lists of at most `batch_size` (streamed: the corpus is never held in memory)."""
    from flows.views import connect

    names = columns("documents")
    # One listing for the whole read (object storage): nothing commits while this run runs.
    with connect(warehouse, snapshot=True) as con:
        cursor = con.execute(
            f"select {', '.join(names)} from documents "
            "where pipeline_version is distinct from ? order by doc_id",
            [version],
        )
        while rows := cursor.fetchmany(batch_size):
            yield [Document(**dict(zip(names, row, strict=True))) for row in rows]


def row_counts(warehouse: str | Path) -> dict[str, int]:
    """Rows per table as a reader sees them now."""
    wh = Warehouse.at(warehouse)
    counts: dict[str, int] = {}
    with storage.connect(wh.root) as con:
        for table in TABLES:
            scan = wh.scan(table)
            counts[table] = (
                0 if scan is None else con.execute(f"select count(*) from {scan}").fetchall()[0][0]
            )
    return counts


def _chunks(cursor: duckdb.DuckDBPyConnection, size: int = 10_000) -> Iterator[tuple[Any, ...]]:
    """The rows of a result, fetched a chunk at a time: the caller's set is then the only full
    copy in Python (fetchall would hold a list of every row beside it)."""
    while rows := cursor.fetchmany(size):
        yield from rows
