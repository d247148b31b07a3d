"""Compaction across runs: many small files of older runs merged into few large ones.

Every run adds about one file per table, and nothing merged them with earlier runs' files: a
warehouse fed every 15 minutes held ~350,000 files after a year, and every query and run paid
per file (issue 19). `compact` merges a table's small committed files into files of up to
`target_rows` rows sorted by `doc_id`, staged and committed through the same journal as a run
(its runs row says `compacted` and lists the files it replaces):

- a reader sees the old files or the new ones, never both: the new files count from the moment
  the runs row lands (layout rule 2), and the same row hides the old ones (rule 3);
- a crash before the journal is written leaves the old state (the next start discards the
  staging); after it, the next start rolls the commit forward;
- the replaced files are deleted only `journal.GRACE_S` after the commit (`retire_replaced`),
  so that a reader that listed the folder just before it can still read what it listed.

`entities` (rewritten whole by every run) and `runs` (one row per run, which rule 2 reads) are
not compacted.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows import storage
from flows.config import PIPELINE_VERSION
from flows.schema import TABLES, Run, arrow_schema, columns, sql_defaults
from flows.warehouse.journal import COMPACTED, commit, stage_run
from flows.warehouse.layout import REPLACED_TABLES, Warehouse, literal, parse_part, part_name

#: Tables compaction merges: every table but the whole-file entities and the runs rows.
COMPACTED_TABLES = tuple(t for t in TABLES if t not in REPLACED_TABLES and t != "runs")
#: Rows per merged file: ~50-150 MB of Parquet for the widest tables (documents' text aside).
TARGET_ROWS = 500_000
#: A file with fewer rows than this is small: it is merged; larger ones are left as they are.
SMALL_ROWS = TARGET_ROWS // 2
#: After a run, compaction starts by itself when a table holds more small files than this
#: (BROADSHEET_COMPACT_MIN_FILES sets it; a huge number turns it off).
AUTO_MIN_FILES = int(os.environ.get("BROADSHEET_COMPACT_MIN_FILES", "64"))


@dataclass(slots=True)
class Compaction:
    """What one compaction did: files merged and written per table, rows moved, replaced keys."""

    run_id: str
    merged: dict[str, int] = field(default_factory=dict)  # table -> small files merged
    written: dict[str, int] = field(default_factory=dict)  # table -> files written
    rows: int = 0
    replaced: list[str] = field(default_factory=list)

    @property
    def files_before(self) -> int:
        return sum(self.merged.values())

    @property
    def files_after(self) -> int:
        return sum(self.written.values())


def _footer_rows(path: storage.Location) -> int:
    if isinstance(path, Path):
        return pq.read_metadata(path).num_rows
    fs, p = storage.filesystem(path)
    with fs.open(p, "rb") as fh:
        return pq.read_metadata(fh).num_rows


def small_files(
    warehouse: str | Path | Warehouse, table: str, *, small_rows: int = SMALL_ROWS
) -> list[str]:
    """The committed, visible files of `table` with fewer than `small_rows` rows (names)."""
    wh = Warehouse.at(warehouse)
    with storage.connect(wh.root) as con:
        hidden = wh.hidden_files(con)
        committed = wh.committed_runs(con)
    folder = wh.table_dir(table)
    out = []
    for name in storage.files(folder, ".parquet"):
        parsed = parse_part(name)
        if parsed is None or f"{table}/{name}" in hidden or parsed[0] not in committed:
            continue  # the 0-row init file, a replaced file, or one of no committed run
        if _footer_rows(storage.join(folder, name)) < small_rows:
            out.append(name)
    return out


def needs_compaction(warehouse: str | Path, *, min_files: int = AUTO_MIN_FILES) -> bool:
    """Whether some table holds more than `min_files` small files (the automatic trigger)."""
    wh = Warehouse.at(warehouse)
    return any(
        len(storage.files(wh.table_dir(t), ".parquet")) > min_files
        and len(small_files(wh, t)) > min_files
        for t in COMPACTED_TABLES
    )


def _order(table: str) -> str:
    names = columns(table)
    keys = [k for k in ("doc_id", "char_start", "char_end") if k in names] or names[:1]
    return ", ".join(keys)


def _select(table: str, present: set[str]) -> str:
    """The contract's columns from files that may predate some: a column no file has takes the
    value rows written before it stand for (schema.sql_defaults); NULL where it has none."""
    defaults = sql_defaults(table)
    parts = []
    for name in columns(table):
        if name in present:
            parts.append(
                name if name not in defaults else f"coalesce({name}, {defaults[name]}) as {name}"
            )
        else:
            parts.append(f"{defaults.get(name, 'null')} as {name}")
    return ", ".join(parts)


def _chunks(reader: pa.RecordBatchReader, rows: int) -> Iterator[list[pa.RecordBatch]]:
    """The reader's batches in groups of about `rows` rows (one merged file each)."""
    group: list[pa.RecordBatch] = []
    n = 0
    for batch in reader:
        group.append(batch)
        n += batch.num_rows
        if n >= rows:
            yield group
            group, n = [], 0
    if group:
        yield group


def stage_compaction(
    warehouse: str | Path,
    run_id: str,
    *,
    tables: Sequence[str] = COMPACTED_TABLES,
    target_rows: int = TARGET_ROWS,
    small_rows: int = SMALL_ROWS,
    min_files: int = 2,
) -> Compaction:
    """Stage, for each table with at least `min_files` small files, their rows merged into files
    of up to `target_rows` rows in `doc_id` order; nothing is visible until `commit`."""
    wh = Warehouse.at(warehouse)
    done = Compaction(run_id)
    part = 0
    for table in tables:
        names = small_files(wh, table, small_rows=small_rows)
        if len(names) < min_files:
            continue
        paths = [storage.as_text(storage.join(wh.table_dir(table), n)) for n in names]
        schema = arrow_schema(table)
        with storage.connect(wh.root) as con:
            source = f"read_parquet([{', '.join(literal(p) for p in paths)}], union_by_name = true)"
            present = {r[0] for r in con.execute(f"describe select * from {source}").fetchall()}
            relation = con.sql(
                f"select {_select(table, present)} from {source} order by {_order(table)}"
            )
            reader = relation.to_arrow_reader(min(target_rows, 100_000))
            written = 0
            for chunk in _chunks(reader, target_rows):
                merged = pa.Table.from_batches(chunk).cast(schema)
                target = wh.staged_file(run_id, table, part_name(run_id, part))
                storage.write_parquet(merged, target)
                part += 1
                written += 1
                done.rows += merged.num_rows
        done.merged[table] = len(names)
        done.written[table] = written
        done.replaced.extend(f"{table}/{name}" for name in names)
    return done


def compact(
    warehouse: str | Path,
    run_id: str,
    *,
    tables: Sequence[str] = COMPACTED_TABLES,
    target_rows: int = TARGET_ROWS,
    small_rows: int = SMALL_ROWS,
    min_files: int = 2,
    now: dt.datetime | None = None,
) -> Compaction:
    """Merge small files and commit the result as run `run_id` (the caller holds the writer
    lock and has recovered interrupted commits). Nothing to merge: nothing is written."""
    started = now or dt.datetime.now(dt.UTC)
    done = stage_compaction(
        warehouse,
        run_id,
        tables=tables,
        target_rows=target_rows,
        small_rows=small_rows,
        min_files=min_files,
    )
    if not done.replaced:
        return done
    stage_run(
        warehouse,
        Run(
            run_id=run_id,
            started_at=started,
            finished_at=dt.datetime.now(dt.UTC),
            status=COMPACTED,
            n_inputs=0,
            n_documents_new=0,
            n_documents_skipped=0,
            n_rejected=0,
            pipeline_version=PIPELINE_VERSION,
            n_documents_reprocessed=0,
            replaced_files=done.replaced,
        ),
        rebuild_entities=False,
    )
    commit(warehouse, run_id)
    return done


def auto_compact(warehouse: str | Path, *, min_files: int = AUTO_MIN_FILES) -> Compaction | None:
    """After a run (its writer lock still held): compact when some table holds more than
    `min_files` small files; None when none does."""
    if not needs_compaction(warehouse, min_files=min_files):
        return None
    return compact(warehouse, str(uuid.uuid4()))
