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
from flows.warehouse.layout import (
    BATCH_OF_PATH_SQL,
    Warehouse,
    literal_list,
    scan_sql,
    whole_file,
)


def build_entities(
    warehouse: str | Path | Warehouse, run_id: str | None = None, replaced: Sequence[str] = ()
) -> pa.Table:
    """The entities dimension after `run_id`'s commit (without one: from every committed
    mention); `build_dimension` with its variants."""
    return build_dimension(warehouse, run_id, replaced)[0]


def build_dimension(
    warehouse: str | Path | Warehouse,
    run_id: str | None = None,
    replaced: Sequence[str] = (),
    *,
    incremental: bool = True,
) -> tuple[pa.Table, pa.Table]:
    """The entities dimension and its variants (each entity's labels and names, counted) as
    they will be once `run_id` commits.

    A run that only adds documents updates them from its own staged mentions (`_updated`):
    counts added, new entities inserted, the label and name chosen again and the place resolved
    again only for the entities it touched. From every mention instead (`_rebuilt`) when no run
    is given, when the run replaces files (`--reprocess`, repair: rows leave the warehouse), when
    not `incremental` (repair: quarantined files took rows away), or when the warehouse has no
    variants yet (made by an older broadsheet). Both give the same table
    (tests/test_entities_incremental.py)."""
    wh = Warehouse.at(warehouse)
    staged = wh.existing([wh.staged_glob(run_id, "mentions")]) if run_id else []
    have_old = all(
        storage.exists(storage.join(wh.table_dir(t), whole_file(t)))
        for t in ("entities", "entity_variants")
    )
    if incremental and run_id is not None and not replaced and have_old:
        if not staged:
            return _read_whole(wh, "entities"), _read_whole(wh, "entity_variants")
        return _updated(wh, staged)
    globs = wh.existing([wh.glob("mentions"), *staged])
    # What the run replaces, and what compactions replaced that is still on disk (rule 3).
    hidden = sorted({*replaced, *wh.lingering("mentions")})
    return _rebuilt(wh, globs, hidden)


def _read_whole(wh: Warehouse, table: str) -> pa.Table:
    schema = arrow_schema(table)
    with storage.connect(wh.root) as con:
        got = con.sql(f"select * from {scan_sql([wh.glob(table)])}").to_arrow_table()
    return got.select(schema.names).cast(schema)


#: The label and name an entity is most often mentioned under, ties broken by sort order so
#: that the result does not depend on file order; from a relation `v` of variants.
_CHOSEN = """
    labels as (select entity_key, label, sum(n_mentions) as n from v group by all),
    names as (select entity_key, canonical_name, sum(n_mentions) as n from v group by all),
    chosen as (
        select
            entity_key,
            sum(n_mentions) as n_mentions,
            (select first(label order by n desc, label) from labels
             where labels.entity_key = v.entity_key) as label,
            (select first(canonical_name order by n desc, canonical_name) from names
             where names.entity_key = v.entity_key) as canonical_name
        from v
        group by entity_key
    )
"""


def _rebuilt(wh: Warehouse, globs: Sequence[str], hidden: Sequence[str]) -> tuple[pa.Table, ...]:
    """From every mention. Materialised, not streamed: the result has one row per entity (a few
    MB at 20k documents), while the query's working set is over every mention; fetching the
    table then closing the connection lets the place lookup reuse DuckDB's freed memory, where
    streaming batches through it kept both alive (a higher peak in bench/throughput.py)."""
    if not globs:
        return arrow_schema("entities").empty_table(), arrow_schema("entity_variants").empty_table()
    with storage.connect(wh.root) as con:
        con.execute(
            f"""
            create temp table m as
            select entity_key, label, canonical_name, doc_id from {scan_sql(globs, hidden)}
            """
        )
        variants = con.sql(
            "select entity_key, label, canonical_name, count(*) as n_mentions "
            "from m group by all order by all"
        ).to_arrow_table()
        con.register("variants", variants)
        entities = con.sql(
            f"""
            with v as (select * from variants),
            {_CHOSEN},
            docs as (select entity_key, count(distinct doc_id) as n_documents from m group by all)
            select chosen.entity_key, label, canonical_name, n_mentions, n_documents
            from chosen join docs using (entity_key)
            order by entity_key
            """
        ).to_arrow_table()
    return _finish(with_places(entities), variants)


def _updated(wh: Warehouse, staged: Sequence[str]) -> tuple[pa.Table, ...]:
    """From the committed dimension and variants plus the run's staged mentions. A run's
    documents are new, so an entity's documents are its old ones plus the run's."""
    old_entities, old_variants = (
        scan_sql([wh.glob("entities")]),
        scan_sql([wh.glob("entity_variants")]),
    )
    with storage.connect(wh.root) as con:
        con.execute(
            f"""
            create temp table run_mentions as
            select entity_key, label, canonical_name, doc_id from {scan_sql(staged)}
            """
        )
        con.execute(
            f"""
            create temp table variants as
            select entity_key, label, canonical_name, sum(n_mentions)::bigint as n_mentions
            from (
                select entity_key, label, canonical_name, n_mentions from {old_variants}
                union all
                select entity_key, label, canonical_name, count(*) from run_mentions group by all
            )
            group by all
            """
        )
        touched = con.sql(
            f"""
            with v as (
                select * from variants
                where entity_key in (select entity_key from run_mentions)
            ),
            {_CHOSEN},
            docs as (
                select entity_key, count(distinct doc_id) as n_documents
                from run_mentions group by all
            )
            select
                chosen.entity_key, chosen.label, chosen.canonical_name, chosen.n_mentions,
                coalesce(old.n_documents, 0) + docs.n_documents as n_documents,
                old.label is not distinct from chosen.label
                    and old.canonical_name is not distinct from chosen.canonical_name as same,
                old.country_code, old.latitude, old.longitude
            from chosen
            join docs using (entity_key)
            left join {old_entities} as old using (entity_key)
            """
        ).to_arrow_table()
        kept = con.sql(
            f"""
            select * from {old_entities}
            where entity_key not in (select entity_key from run_mentions)
            """
        ).to_arrow_table()
        variants = con.sql("select * from variants order by all").to_arrow_table()
    schema = arrow_schema("entities")
    same = touched.column("same").to_pylist()
    base = touched.drop_columns(["same"])
    # Places are looked up again only where the label or the name changed (or the entity is new).
    renamed = base.filter(pa.array([not s for s in same]))
    unchanged = base.filter(pa.array(same))
    resolved = with_places(renamed.drop_columns(["country_code", "latitude", "longitude"]))
    parts = [t.select(schema.names).cast(schema) for t in (kept, unchanged, resolved)]
    entities = pa.concat_tables(parts).sort_by("entity_key")
    return _finish(entities, variants)


def _finish(entities: pa.Table, variants: pa.Table) -> tuple[pa.Table, pa.Table]:
    schema, vschema = arrow_schema("entities"), arrow_schema("entity_variants")
    return (
        entities.select(schema.names).cast(schema),
        variants.select(vschema.names).cast(vschema),
    )


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
    flow keeps for a large run and updates with every staged batch) or, when none is given,
    from a scan of the band keys (`_scanned_candidates`); then only their whole rows are read."""
    keys = dedup.lookup_keys(signatures)
    wh = Warehouse.at(warehouse)
    committed = wh.existing([wh.glob("document_signatures")])
    documents = wh.existing([wh.glob("documents")])
    staged = wh.existing([wh.staged_glob(run_id, "document_signatures")])
    if not keys or not ((committed and documents) or staged):
        return []
    found = index.candidates(keys) if index is not None else _scanned_candidates(wh, run_id, keys)
    ids = literal_list(sorted(found))
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


def _scanned_candidates(wh: Warehouse, run_id: str, keys: Sequence[str]) -> set[str]:
    """The committed and staged documents sharing one of `keys`, from one scan of the band keys
    in DuckDB: for a few lookups, cheaper than reading them all into a `BandKeyIndex`."""
    scan = wh.scan("document_signatures", pending=run_id)
    if scan is None:
        return set()
    with storage.connect(wh.root) as con:
        rows = con.execute(
            f"select distinct doc_id from {scan} where list_has_any(bands, $keys)",
            {"keys": list(keys)},
        ).fetchall()
    return {r[0] for r in rows}


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
