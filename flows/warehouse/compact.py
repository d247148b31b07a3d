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

`runs` (one file per run, which rule 2 reads) is merged too, or its folder would grow with every
run for ever: the rows of its small files go into the compaction's own runs file, which lists
those files as replaced, so a reader sees each runs row once whichever files it listed
(`runs_files`). `entities` (rewritten whole by every run) is not compacted.
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
from flows.warehouse.layout import (
    INIT_FILE,
    REPLACED_TABLES,
    Warehouse,
    literal,
    parse_part,
    part_name,
)

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
    """What one compaction did: files merged and written per table, rows moved, replaced keys,
    and the runs rows its own runs file carries (`stage_run(carried=...)`)."""

    run_id: str
    merged: dict[str, int] = field(default_factory=dict)  # table -> small files merged
    written: dict[str, int] = field(default_factory=dict)  # table -> files written
    rows: int = 0
    replaced: list[str] = field(default_factory=list)
    runs_rows: pa.Table | None = None

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


def runs_files(warehouse: str | Path | Warehouse) -> list[str]:
    """The visible files of `runs` (names): every one but the 0-row init file and those a
    compaction merged (hidden until their grace period ends)."""
    wh = Warehouse.at(warehouse)
    hidden = wh.lingering("runs")
    return [
        name
        for name in storage.files(wh.table_dir("runs"), ".parquet")
        if name != INIT_FILE and f"runs/{name}" not in hidden
    ]


def needs_compaction(warehouse: str | Path, *, min_files: int = AUTO_MIN_FILES) -> bool:
    """Whether some table holds more than `min_files` small files (the automatic trigger)."""
    wh = Warehouse.at(warehouse)
    return len(runs_files(wh)) > min_files or any(
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
    merge_runs: bool = True,
) -> Compaction:
    """Stage, for each table with at least `min_files` small files, their rows merged into files
    of up to `target_rows` rows in `doc_id` order, and (`merge_runs`) the runs files' rows for
    the compaction's runs file; nothing is visible until `commit`."""
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
    if merge_runs:
        _stage_runs(wh, done, min_files)
    return done


def _stage_runs(wh: Warehouse, done: Compaction, min_files: int) -> None:
    """The rows of the visible runs files, for the compaction's own runs file to carry; the
    files join `done.replaced`. A runs file is never large (a row per run), so all are merged."""
    names = runs_files(wh)
    if len(names) < min_files:
        return
    paths = [storage.as_text(storage.join(wh.table_dir("runs"), n)) for n in names]
    with storage.connect(wh.root) as con:
        source = f"read_parquet([{', '.join(literal(p) for p in paths)}], union_by_name = true)"
        present = {r[0] for r in con.execute(f"describe select * from {source}").fetchall()}
        rows = con.sql(
            f"select {_select('runs', present)} from {source} order by started_at, run_id"
        ).to_arrow_table()
    done.runs_rows = _pruned(wh, rows.cast(arrow_schema("runs")))
    done.merged["runs"] = len(names)
    done.written["runs"] = 1  # the compaction's own runs file
    done.replaced.extend(f"runs/{name}" for name in names)


def _pruned(wh: Warehouse, rows: pa.Table) -> pa.Table:
    """The carried runs rows with the names of replaced files no longer on disk dropped from
    their replaced_files (their count stays in n_files_replaced).

    Every compaction names the ~600 files it merged, and each later compaction carries its row:
    unpruned, the runs rows would name every file ever replaced, and every query (the runs view
    reads them all) and every retire would pay for the warehouse's age. A name matters only while
    its file exists: it hides the file from readers until the file is deleted. A file deleted
    cannot come back (replaced names are of committed files, and the writer lock is held), and a
    reader that listed the old runs files before this commit reads their full lists."""
    present: dict[str, set[str]] = {}

    def on_disk(key: str) -> bool:
        table, _, name = key.partition("/")
        if table not in present:
            present[table] = set(storage.files(wh.table_dir(table), ".parquet"))
        return name in present[table]

    lists = rows.column("replaced_files").to_pylist()
    counts = [
        len(names or []) if n is None else n
        for n, names in zip(rows.column("n_files_replaced").to_pylist(), lists, strict=True)
    ]
    kept = [[k for k in names if on_disk(k)] if names else names for names in lists]
    rows = rows.set_column(
        rows.schema.get_field_index("replaced_files"),
        rows.schema.field("replaced_files"),
        pa.array(kept, type=rows.schema.field("replaced_files").type),
    )
    return rows.set_column(
        rows.schema.get_field_index("n_files_replaced"),
        rows.schema.field("n_files_replaced"),
        pa.array(counts, type=rows.schema.field("n_files_replaced").type),
    )


def compact(
    warehouse: str | Path,
    run_id: str,
    *,
    tables: Sequence[str] = COMPACTED_TABLES,
    target_rows: int = TARGET_ROWS,
    small_rows: int = SMALL_ROWS,
    min_files: int = 2,
    merge_runs: bool = True,
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
        merge_runs=merge_runs,
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
        carried=done.runs_rows,
    )
    commit(warehouse, run_id)
    return done


def auto_compact(warehouse: str | Path, *, min_files: int = AUTO_MIN_FILES) -> Compaction | None:
    """After a run (its writer lock still held): compact when some table holds more than
    `min_files` small files; None when none does."""
    if not needs_compaction(warehouse, min_files=min_files):
        return None
    return compact(warehouse, str(uuid.uuid4()))
