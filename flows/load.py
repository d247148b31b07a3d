"""Load: records -> Parquet datasets under the warehouse folder, made visible together at commit.

Layout: `<warehouse>/<table>/part-<run_id>-<batch>.parquet` (zstd), one folder per table of
`flows.schema.TABLES`. Batches are first written under `<warehouse>/_staging/<run_id>/`; the commit
writes a journal, moves every staged file into place (same file system: each move is atomic),
replaces the derived `entities` table, and writes the `runs` row last. A run killed before its
journal leaves only staging, which the next start deletes; one killed after it is rolled forward.
"""

from __future__ import annotations

import glob as _glob
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flows.schema import REPLACED_TABLES, TABLES, Run, arrow_schema, to_arrow

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


def table_dir(warehouse: Path, table: str) -> Path:
    return warehouse / table


def table_glob(warehouse: Path | str, table: str) -> str:
    """The glob that reads a whole table, as in the data contract."""
    return f"{Path(warehouse).as_posix()}/{table}/**/*.parquet"


def _write_parquet(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def init_warehouse(warehouse: Path) -> None:
    """Create the table folders, each with a 0-row file carrying the schema.

    The empty file means every table can be read (and has its columns) before any row exists.
    """
    if warehouse.exists() and not warehouse.is_dir():
        raise WarehouseError(f"warehouse path {warehouse} exists and is not a folder")
    for table in TABLES:
        init = table_dir(warehouse, table) / _INIT_FILE
        if not init.exists():
            _write_parquet(arrow_schema(table).empty_table(), init)


def staging_dir(warehouse: Path, run_id: str) -> Path:
    return warehouse / STAGING / run_id


def stage_batch(
    warehouse: Path, run_id: str, batch_no: int, rows: Mapping[str, Sequence[Any]]
) -> dict[str, int]:
    """Write one batch's records, table by table, into the run's staging folder; row counts back."""
    counts: dict[str, int] = {}
    for table, records in rows.items():
        if table in REPLACED_TABLES or table == "runs":
            raise ValueError(f"{table} is written at commit, not staged per batch")
        if not records:
            continue
        path = staging_dir(warehouse, run_id) / table / f"part-{run_id}-{batch_no:05d}.parquet"
        _write_parquet(to_arrow(table, list(records)), path)
        counts[table] = len(records)
    return counts


def scan_sql(globs: Sequence[str]) -> str:
    """A read_parquet() expression over several globs, as the contract reads a table."""
    files = ", ".join("'" + g.replace("'", "''") + "'" for g in globs)
    return f"read_parquet([{files}], hive_partitioning = true, union_by_name = true)"


def glob_exists(pattern: str) -> bool:
    return bool(_glob.glob(pattern, recursive=True))


def _existing(globs: Sequence[str]) -> list[str]:
    """Only the globs that match a file (read_parquet fails on an empty glob)."""
    return [g for g in globs if glob_exists(g)]


def build_entities(warehouse: Path, run_id: str | None = None) -> pa.Table:
    """The entities dimension from every committed mention plus the run's staged ones."""
    globs = [table_glob(warehouse, "mentions")]
    if run_id is not None:
        globs.append(table_glob(staging_dir(warehouse, run_id), "mentions"))
    globs = _existing(globs)
    schema = arrow_schema("entities")
    if not globs:
        return schema.empty_table()
    with duckdb.connect() as con:
        # The label and name an entity is most often mentioned under; ties broken by name so that
        # the result does not depend on file order.
        result = con.sql(
            f"""
            with m as (select entity_key, label, canonical_name, doc_id from {scan_sql(globs)}),
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
    return result.select(schema.names).cast(schema)


def known_doc_ids(warehouse: Path) -> set[str]:
    """doc_ids already committed to the warehouse."""
    globs = _existing([table_glob(warehouse, "documents")])
    if not globs:
        return set()
    with duckdb.connect() as con:
        rows = con.sql(f"select distinct doc_id from {scan_sql(globs)}").fetchall()
    return {r[0] for r in rows}


def signature_rows(warehouse: Path) -> list[tuple[str, bytes, list[str]]]:
    """(doc_id, minhash, bands) of every committed document, oldest first."""
    sigs = _existing([table_glob(warehouse, "document_signatures")])
    docs = _existing([table_glob(warehouse, "documents")])
    if not sigs or not docs:
        return []
    with duckdb.connect() as con:
        rows = con.sql(
            f"""
            select s.doc_id, s.minhash, s.bands
            from {scan_sql(sigs)} as s
            join {scan_sql(docs)} as d using (doc_id)
            order by d.ingested_at, s.doc_id
            """
        ).fetchall()
    return [(r[0], r[1], list(r[2])) for r in rows]


def known_rejects(warehouse: Path) -> set[tuple[str, str, str]]:
    """(source_uri, fingerprint, reason) of rejections already recorded."""
    globs = _existing([table_glob(warehouse, "rejects")])
    if not globs:
        return set()
    with duckdb.connect() as con:
        rows = con.sql(
            f"select distinct source_uri, fingerprint, reason from {scan_sql(globs)}"
        ).fetchall()
    return {(r[0], r[1], r[2]) for r in rows}


def _moves(warehouse: Path, run_id: str) -> list[tuple[str, str]]:
    """(staged file, final file) pairs, in commit order: facts, documents, then the rest."""
    stage = staging_dir(warehouse, run_id)
    moves: list[tuple[str, str]] = []
    for table in TABLES:
        folder = stage / table
        if not folder.is_dir():
            continue
        for f in sorted(folder.glob("*.parquet")):
            target = table_dir(warehouse, table) / f.name
            if table in REPLACED_TABLES:
                target = table_dir(warehouse, table) / _ENTITIES_FILE
            moves.append((str(f.relative_to(warehouse)), str(target.relative_to(warehouse))))
    return moves


def _apply(warehouse: Path, moves: Sequence[tuple[str, str]]) -> None:
    for src, dst in moves:
        source = warehouse / src
        if source.exists():  # absent: already moved by an earlier, interrupted commit
            (warehouse / dst).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, warehouse / dst)


def stage_run(warehouse: Path, run: Run, *, rebuild_entities: bool) -> None:
    """Stage what a commit adds besides the batches: the rebuilt entities and the runs row."""
    stage = staging_dir(warehouse, run.run_id)
    stage.mkdir(parents=True, exist_ok=True)
    if rebuild_entities:
        _write_parquet(build_entities(warehouse, run.run_id), stage / "entities" / _ENTITIES_FILE)
    _write_parquet(to_arrow("runs", [run]), stage / "runs" / f"part-{run.run_id}.parquet")


def commit(warehouse: Path, run_id: str) -> None:
    """Make a staged run visible: write the journal, move every file into place, runs row last."""
    stage = staging_dir(warehouse, run_id)
    moves = _moves(warehouse, run_id)
    journal = stage / JOURNAL
    tmp = journal.with_suffix(".tmp")
    tmp.write_text(json.dumps(moves))
    os.replace(tmp, journal)  # from here on the run is committed: recovery rolls it forward
    _apply(warehouse, moves)
    shutil.rmtree(stage)


def recover(warehouse: Path) -> Recovery:
    """Finish commits that were interrupted, and delete staging of runs that never committed."""
    rolled: list[str] = []
    discarded: list[str] = []
    root = warehouse / STAGING
    if not root.is_dir():
        return Recovery((), ())
    for stage in sorted(p for p in root.iterdir() if p.is_dir()):
        journal = stage / JOURNAL
        if journal.exists():
            _apply(warehouse, [tuple(m) for m in json.loads(journal.read_text())])
            rolled.append(stage.name)
        else:
            discarded.append(stage.name)
        shutil.rmtree(stage)
    return Recovery(tuple(rolled), tuple(discarded))


def row_counts(warehouse: Path) -> dict[str, int]:
    """Rows per table as a reader sees them now."""
    counts: dict[str, int] = {}
    with duckdb.connect() as con:
        for table in TABLES:
            globs = _existing([table_glob(warehouse, table)])
            if not globs:
                counts[table] = 0
                continue
            counts[table] = con.execute(f"select count(*) from {scan_sql(globs)}").fetchall()[0][0]
    return counts


def is_committed(warehouse: Path, run_id: str) -> bool:
    """Whether the run's commit journal is written: its commit completes, now or on recovery."""
    return (staging_dir(warehouse, run_id) / JOURNAL).exists()


def discard_staging(warehouse: Path, run_id: str) -> None:
    """Drop what a run staged (the run failed before its commit)."""
    shutil.rmtree(staging_dir(warehouse, run_id), ignore_errors=True)
