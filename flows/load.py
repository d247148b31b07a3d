"""Load: records -> Parquet datasets under the warehouse, made visible together at commit.

The warehouse is a local folder or an fsspec URL such as `s3://bucket/prefix` (flows.storage).
Layout: `<warehouse>/<table>/part-<run_id>-<batch>.parquet` (zstd), one folder per table of
`flows.schema.TABLES`. Batches are first written under `<warehouse>/_staging/<run_id>/`; the commit
writes a journal, moves every staged file into place, replaces the derived `entities` table, and
writes the `runs` row last. A run killed before its journal leaves only staging, which the next
start deletes; one killed after it is rolled forward.

Readers see a run only once its runs row exists: the views keep the fact files whose run has a
runs row (sql/sources.sql). That rule, not atomic renames, is what makes a commit all-or-nothing
to a reader, so it holds on object storage too, where a move is a copy then a delete: each file
lands whole (one upload or one server-side copy), the runs row lands after every fact file, and a
move repeated by recovery is harmless.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from flows import dedup, storage
from flows.geo import place_columns
from flows.schema import (
    REPLACED_TABLES,
    TABLES,
    DocumentSignature,
    Run,
    arrow_schema,
    to_arrow,
)
from flows.storage import Location

STAGING = "_staging"
JOURNAL = "COMMIT.json"
_INIT_FILE = "part-0-init.parquet"
_ENTITIES_FILE = "entities.parquet"


class WarehouseError(Exception):
    """The warehouse folder cannot be used (not a folder, not writable, foreign content)."""


@dataclass(frozen=True, slots=True)
class Recovery:
    """What the start of a run found left over from killed runs."""

    rolled_forward: tuple[str, ...]
    discarded: tuple[str, ...]


def table_dir(warehouse: str | Path, table: str) -> Location:
    return storage.join(storage.location(warehouse), table)


def table_glob(warehouse: str | Path, table: str) -> str:
    """The glob that reads a whole table, as in the data contract."""
    return f"{storage.as_text(storage.location(warehouse))}/{table}/**/*.parquet"


def _write_parquet(table: pa.Table, path: str | Path) -> None:
    """Write a Parquet file so that a reader never sees half of it (flows.storage.write_file)."""
    storage.write_parquet(table, storage.location(path))


def init_warehouse(warehouse: str | Path) -> None:
    """Create the table folders, each with a 0-row file carrying the schema.

    The empty file means every table can be read (and has its columns) before any row exists.
    """
    root = storage.location(warehouse)
    if storage.is_file(root):
        raise WarehouseError(f"warehouse path {storage.as_text(root)} exists and is not a folder")
    for table in TABLES:
        init = storage.join(root, table, _INIT_FILE)
        if not storage.exists(init):
            storage.write_parquet(arrow_schema(table).empty_table(), init)


def staging_dir(warehouse: str | Path, run_id: str) -> Location:
    return storage.join(storage.location(warehouse), STAGING, run_id)


def stage_batch(
    warehouse: str | Path, run_id: str, batch_no: int, rows: Mapping[str, Sequence[Any]]
) -> dict[str, int]:
    """Write one batch's records, table by table, into the run's staging folder; row counts back."""
    counts: dict[str, int] = {}
    for table, records in rows.items():
        if table in REPLACED_TABLES or table == "runs":
            raise ValueError(f"{table} is written at commit, not staged per batch")
        if not records:
            continue
        path = storage.join(
            staging_dir(warehouse, run_id), table, f"part-{run_id}-{batch_no:05d}.parquet"
        )
        storage.write_parquet(to_arrow(table, list(records)), path)
        counts[table] = len(records)
    return counts


#: A run's per-batch files of a table are merged into one once there are more than this many.
COMPACT_MIN_FILES = 8


def compact_staging(warehouse: str | Path, run_id: str) -> int:
    """Merge each table's per-batch staged files (`part-<run_id>-<batch>.parquet`) into the first
    of them, in batch order; return how many files went.

    A large run writes one file per batch and table (Reuters: 307 per table). Every reader pays
    per file: DuckDB keeps a reader's state for each file of a query (the commit's checks over
    2,400 files took ~40 MB more at 19k documents than at 2k, outside its memory limit) and opens
    each one, so the warehouse is faster to query with fewer, larger files. Done before the
    checks and the commit, on staging only: a run killed half-way through is discarded whole at
    the next start (no journal yet), so the merged file and its parts never both become visible.
    The merged file keeps the first part's name, which the views parse for the run id.

    One table at a time: merging two at once (the workers are idle by then) saved ~0.25 s on BBC
    but raised the peak on Reuters 19k documents above its peak on BBC (685 vs 607 MB). The flow
    runs this in its commit helper process (flows.committer)."""
    stage = staging_dir(warehouse, run_id)
    part = re.compile(rf"^part-{re.escape(run_id)}-(\d+)\.parquet$")
    removed = 0
    for table, names in storage.files_by_folder(stage, ".parquet").items():
        batches = sorted((m for m in map(part.match, names) if m), key=lambda m: int(m[1]))
        if len(batches) > COMPACT_MIN_FILES:
            removed += _merge_parts([storage.join(stage, table, m[0]) for m in batches])
    return removed


def _merge_parts(paths: Sequence[Location]) -> int:
    """Merge the parts at `paths` into the first; return how many files went."""
    storage.write_file(paths[0], lambda fh: _concatenate(paths, fh))
    for path in paths[1:]:
        storage.remove_file(path)
    # Arrow's allocator keeps what a merge freed for reuse; handing it back after each table
    # keeps the merge from raising the process's peak (BBC, 8 tables: +106 -> +67 MB).
    pa.default_memory_pool().release_unused()
    return len(paths) - 1


def _concatenate(paths: Sequence[Location], fh: Any) -> None:
    """Write the Parquet files at `paths` (one schema) into `fh` as one: each part becomes a row
    group of its own, written as soon as it is read.

    Holding parts to make larger row groups cost memory out of proportion to what was held: the
    Parquet writer buffers a whole row group's encoded pages (and, for text, a dictionary) until it
    closes. Merging Reuters' 164 signature parts (19k documents) raised the peak by 69 MB
    with row groups of up to 65,536 rows, 35 MB with 8 MB ones, and 13 MB one part at a time.
    A part is one batch (128 documents by default), so the row groups are what a reader saw
    before the merge, in one file."""
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    for path in paths:
        table = storage.read_parquet(path)
        writer = writer or pq.ParquetWriter(fh, table.schema, compression="zstd")
        writer.write_table(table)
    if writer is not None:
        writer.close()


def scan_sql(globs: Sequence[str], exclude: Sequence[str] = ()) -> str:
    """A read_parquet() expression over several globs, as the contract reads a table; `exclude`
    names files ('<table>/<file name>') a pending run replaces (flows.reprocess)."""
    files = ", ".join(_literal(g) for g in globs)
    scan = f"read_parquet([{files}], hive_partitioning = true, union_by_name = true"
    if not exclude:
        return scan + ")"
    hidden = ", ".join(_literal(e) for e in exclude)
    return (
        f"(select * exclude (filename) from {scan}, filename = true) "
        f"where regexp_extract(filename, '[^/]+/[^/]+$') not in ({hidden}))"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_list(texts: Sequence[str]) -> str:
    """SQL string literals, comma-separated: the inside of an IN (...) or a [...] list."""
    return ", ".join(_literal(t) for t in texts)


def staged_replaced_files(warehouse: str | Path, run_id: str) -> list[str]:
    """The files the staged runs row of `run_id` replaces (none before stage_run)."""
    pattern = table_glob(staging_dir(warehouse, run_id), "runs")
    if not glob_exists(pattern):
        return []
    with storage.connect(storage.location(warehouse)) as con:
        rows = con.execute(
            f"select distinct unnest(replaced_files) from {scan_sql([pattern])}"
        ).fetchall()
    return [r[0] for r in rows]


def glob_exists(pattern: str) -> bool:
    return storage.glob_exists(pattern)


def _existing(globs: Sequence[str]) -> list[str]:
    """Only the globs that match a file (read_parquet fails on an empty glob)."""
    return [g for g in globs if glob_exists(g)]


def build_entities(
    warehouse: str | Path, run_id: str | None = None, replaced: Sequence[str] = ()
) -> pa.Table:
    """The entities dimension from every committed mention plus the run's staged ones, less the
    files the run replaces.

    Materialised, not streamed: the result has one row per entity (a few MB at 20k documents),
    while the query's working set is over every mention; fetching the table then closing the
    connection lets the place lookup reuse DuckDB's freed memory, where streaming batches through
    it kept both alive (measured: +122 MB peak at 19k documents streamed, +66 MB this way)."""
    root = storage.location(warehouse)
    globs = [table_glob(root, "mentions")]
    if run_id is not None:
        globs.append(table_glob(staging_dir(root, run_id), "mentions"))
    globs = _existing(globs)
    schema = arrow_schema("entities")
    if not globs:
        return schema.empty_table()
    with storage.connect(root) as con:
        # The label and name an entity is most often mentioned under; ties broken by name so that
        # the result does not depend on file order. One scan of the mentions, shared by the three
        # aggregates (three scans, one each, peaked higher: three hash tables at once).
        result = con.sql(
            f"""
            with m as (
                select entity_key, label, canonical_name, doc_id from {scan_sql(globs, replaced)}
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
    columns = place_columns(
        entities.column("canonical_name").to_pylist(), entities.column("label").to_pylist()
    )
    schema = arrow_schema("entities")
    for name, values in columns.items():
        entities = entities.append_column(name, pa.array(values, schema.field(name).type))
    return entities


def known_doc_ids(warehouse: str | Path) -> set[str]:
    """doc_ids already committed to the warehouse."""
    root = storage.location(warehouse)
    globs = _existing([table_glob(root, "documents")])
    if not globs:
        return set()
    with storage.connect(root) as con:
        cursor = con.execute(f"select distinct doc_id from {scan_sql(globs)}")
        return {r[0] for r in _chunks(cursor)}


def signature_rows(warehouse: str | Path) -> list[tuple[str, bytes, list[str]]]:
    """(doc_id, minhash, bands) of every committed document, oldest first: the order of an index
    of the whole warehouse. The flow does not hold them all; it looks up each batch
    (`signature_candidates`). For tools and tests."""
    root = storage.location(warehouse)
    sigs = _existing([table_glob(root, "document_signatures")])
    docs = _existing([table_glob(root, "documents")])
    if not sigs or not docs:
        return []
    with storage.connect(root) as con:
        rows = con.sql(
            f"""
            select s.doc_id, s.minhash, s.bands
            from {scan_sql(sigs)} as s
            join {scan_sql(docs)} as d using (doc_id)
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
    root = storage.location(warehouse)
    committed = _existing([table_glob(root, "document_signatures")])
    documents = _existing([table_glob(root, "documents")])
    staged = _existing([table_glob(staging_dir(root, run_id), "document_signatures")])
    if not keys or not ((committed and documents) or staged):
        return []
    if index is None:
        index = band_key_index(root, run_id)
    ids = _in_list(sorted(index.candidates(keys)))
    if not ids:
        return []
    rows: list[tuple[str, bytes, list[str]]] = []
    with storage.connect(root) as con:
        if committed and documents:
            rows += _committed_rows(con, committed, documents, ids)
        if staged:
            rows += con.execute(
                f"""
                select doc_id, minhash, bands
                from read_parquet([{_in_list(staged)}], filename = true, file_row_number = true)
                where doc_id in ({ids})
                order by regexp_extract(filename, '-(\\d+)\\.parquet$', 1)::bigint,
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
        f"select doc_id, minhash, bands from read_parquet([{_in_list(globs)}]) "
        f"where doc_id in ({ids})"
    ).fetchall()
    # A signature counts once its document is committed, oldest first (signature_rows).
    return sorted((r for r in found if r[0] in ingested), key=lambda r: (ingested[r[0]], r[0]))


def band_key_index(warehouse: str | Path, run_id: str | None = None) -> dedup.BandKeyIndex:
    """The band keys of every committed signature, and of those `run_id` staged, read in chunks
    into a compact index."""
    index = dedup.BandKeyIndex()
    root = storage.location(warehouse)
    globs = [table_glob(root, "document_signatures")]
    if run_id is not None:
        globs.append(table_glob(staging_dir(root, run_id), "document_signatures"))
    globs = _existing(globs)
    if not globs:
        return index
    with storage.connect(root) as con:
        for doc_id, bands in _chunks(con.execute(f"select doc_id, bands from {scan_sql(globs)}")):
            index.add(doc_id, bands)
    return index


def known_rejects(warehouse: str | Path) -> set[tuple[str, str, str]]:
    """(source_uri, fingerprint, reason) of rejections already recorded."""
    root = storage.location(warehouse)
    globs = _existing([table_glob(root, "rejects")])
    if not globs:
        return set()
    with storage.connect(root) as con:
        cursor = con.execute(
            f"select distinct source_uri, fingerprint, reason from {scan_sql(globs)}"
        )
        return {(r[0], r[1], r[2]) for r in _chunks(cursor)}


def _chunks(cursor: duckdb.DuckDBPyConnection, size: int = 10_000) -> Iterator[tuple[Any, ...]]:
    """The rows of a result, fetched a chunk at a time: the caller's set is then the only full
    copy in Python (fetchall would hold a list of every row beside it)."""
    while rows := cursor.fetchmany(size):
        yield from rows


def _moves(warehouse: str | Path, run_id: str) -> list[tuple[str, str]]:
    """(staged file, final file) pairs relative to the warehouse, in commit order: the tables in
    schema order, which puts the runs row last."""
    moves: list[tuple[str, str]] = []
    staged = storage.files_by_folder(staging_dir(warehouse, run_id), ".parquet")
    for table in TABLES:
        for name in staged.get(table, []):
            target = _ENTITIES_FILE if table in REPLACED_TABLES else name
            moves.append((f"{STAGING}/{run_id}/{table}/{name}", f"{table}/{target}"))
    return moves


def _apply(warehouse: str | Path, moves: Sequence[tuple[str, str]]) -> None:
    root = storage.location(warehouse)
    for src, dst in moves:
        source = storage.join(root, *src.split("/"))
        if storage.exists(source):  # absent: already moved by an earlier, interrupted commit
            storage.move(source, storage.join(root, *dst.split("/")))


def stage_run(warehouse: str | Path, run: Run, *, rebuild_entities: bool) -> None:
    """Stage what a commit adds besides the batches: the rebuilt entities and the runs row."""
    stage = staging_dir(warehouse, run.run_id)
    if rebuild_entities:
        entities = build_entities(warehouse, run.run_id, run.replaced_files)
        storage.write_parquet(entities, storage.join(stage, "entities", _ENTITIES_FILE))
    runs_file = storage.join(stage, "runs", f"part-{run.run_id}.parquet")
    storage.write_parquet(to_arrow("runs", [run]), runs_file)


def commit(warehouse: str | Path, run_id: str) -> None:
    """Make a staged run visible: write the journal, move every file into place, runs row last."""
    stage = staging_dir(warehouse, run_id)
    moves = _moves(warehouse, run_id)
    # From the moment the journal exists the run is committed: recovery rolls it forward.
    storage.write_text(storage.join(stage, JOURNAL), json.dumps(moves))
    _apply(warehouse, moves)
    storage.remove_tree(stage)


def recover(warehouse: str | Path) -> Recovery:
    """Finish commits that were interrupted, and delete staging of runs that never committed."""
    root = storage.location(warehouse)
    rolled: list[str] = []
    discarded: list[str] = []
    for run_id in storage.subfolders(storage.join(root, STAGING)):
        stage = staging_dir(root, run_id)
        journal = storage.join(stage, JOURNAL)
        if storage.exists(journal):
            _apply(root, [(m[0], m[1]) for m in json.loads(storage.read_text(journal))])
            rolled.append(run_id)
        else:
            discarded.append(run_id)
        storage.remove_tree(stage)
    return Recovery(tuple(rolled), tuple(discarded))


def row_counts(warehouse: str | Path) -> dict[str, int]:
    """Rows per table as a reader sees them now."""
    root = storage.location(warehouse)
    counts: dict[str, int] = {}
    with storage.connect(root) as con:
        for table in TABLES:
            globs = _existing([table_glob(root, table)])
            if not globs:
                counts[table] = 0
                continue
            counts[table] = con.execute(f"select count(*) from {scan_sql(globs)}").fetchall()[0][0]
    return counts


def is_committed(warehouse: str | Path, run_id: str) -> bool:
    """Whether the run's commit journal is written: its commit completes, now or on recovery."""
    return storage.exists(storage.join(staging_dir(warehouse, run_id), JOURNAL))


def discard_staging(warehouse: str | Path, run_id: str) -> None:
    """Drop what a run staged (the run failed before its commit)."""
    storage.remove_tree(staging_dir(warehouse, run_id))
