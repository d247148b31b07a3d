"""Writing to the warehouse: staging a run's files, committing them at once, recovering from a
killed run, and replacing the files that re-extracted documents' old rows were in.

Batches are first written under `_staging/<run_id>/`; the commit writes a journal, moves every
staged file into place, replaces the derived `entities` table, and writes the `runs` row last
(flows.warehouse.layout, rule 2). A run killed before its journal leaves only staging, which the
next start deletes; one killed after it is rolled forward. Each file lands whole (one upload or
one server-side copy on object storage), and a move repeated by recovery is harmless.

A re-extracting run (`broadsheet run --reprocess`) rewrites, into its own staging, every committed
file of a re-extracted table that holds an old row of one of its documents, without those rows;
its runs row lists the old files (rule 3), which are deleted once it is committed
(`retire_replaced`, also run at every start, so a run killed in between leaves nothing behind).
Boilerplate rows, signatures and rejects are kept: the text they describe does not change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from flows import storage
from flows.schema import REPLACED_TABLES, TABLES, Run, to_arrow
from flows.storage import Location
from flows.warehouse.derive import build_dimension
from flows.warehouse.layout import (
    JOURNAL,
    STAGING,
    Warehouse,
    literal,
    parse_part,
    part_name,
    runs_file_name,
    whole_file,
)

#: The tables whose rows extraction makes, and so are replaced for a re-extracted document.
REEXTRACTED_TABLES = (
    "documents",
    "paragraphs",
    "sentences",
    "mentions",
    "numbers",
    "dates",
    "quotes",
)

#: runs.status of a compaction's runs row (flows.warehouse.compact).
COMPACTED = "compacted"
#: How long the files a compaction replaced stay on disk after its commit: a reader that listed
#: a table's folder just before the commit still reads what it listed. BROADSHEET_COMPACT_GRACE_S
#: sets it (seconds): longer for readers whose queries run longer than 10 minutes.
GRACE_S = float(os.environ.get("BROADSHEET_COMPACT_GRACE_S", "600"))

#: A run's per-batch files of a table are merged into one once there are more than this many.
COMPACT_MIN_FILES = 8


@dataclass(frozen=True, slots=True)
class Recovery:
    """What the start of a run found left over from killed runs."""

    rolled_forward: tuple[str, ...]
    discarded: tuple[str, ...]


def init_warehouse(warehouse: str | Path) -> None:
    """Create the table folders, each with a 0-row file carrying the schema."""
    Warehouse.at(warehouse).init()


def staging_dir(warehouse: str | Path, run_id: str) -> Location:
    return Warehouse.at(warehouse).staging(run_id)


def stage_batch(
    warehouse: str | Path, run_id: str, batch_no: int, rows: Mapping[str, Sequence[Any]]
) -> dict[str, int]:
    """Write one batch's records, table by table, into the run's staging folder; row counts back."""
    wh = Warehouse.at(warehouse)
    counts: dict[str, int] = {}
    for table, records in rows.items():
        if table in REPLACED_TABLES or table == "runs":
            raise ValueError(f"{table} is written at commit, not staged per batch")
        if not records:
            continue
        storage.write_parquet(
            to_arrow(table, list(records)), wh.staged_part(run_id, table, batch_no)
        )
        counts[table] = len(records)
    return counts


def drop_staged_rows(warehouse: str | Path, run_id: str, table: str, doc_ids: set[str]) -> int:
    """Rewrite the run's staged files of `table` without the rows of `doc_ids`; rows dropped."""
    wh = Warehouse.at(warehouse)
    folder = storage.join(wh.staging(run_id), table)
    dropped = 0
    with storage.connect(wh.root) as con:
        con.register("dropped_ids", pa.table({"doc_id": sorted(doc_ids)}))
        for name in storage.files(folder, ".parquet"):
            path = storage.join(folder, name)
            source = f"read_parquet({literal(storage.as_text(path))})"
            kept = con.sql(
                f"select * from {source} where doc_id not in (select doc_id from dropped_ids)"
            ).to_arrow_table()
            (total,) = con.execute(f"select count(*) from {source}").fetchone() or (0,)
            if kept.num_rows < total:
                dropped += total - kept.num_rows
                storage.write_parquet(kept, path)
    return dropped


def compact_staging(warehouse: str | Path, run_id: str) -> int:
    """Merge each table's per-batch staged files into the first of them, in batch order; return
    how many files went.

    A large run writes one file per batch and table, and every reader pays per file: DuckDB keeps
    a reader's state for each file of a query and opens each one. Done before the checks and the
    commit, on staging only: a run killed half-way through is discarded whole at the next start
    (no journal yet), so the merged file and its parts never both become visible. The merged file
    keeps the first part's name, which the views parse for the run id (layout rule 1). One table at
    a time, which keeps the peak memory of a large run down (bench/throughput.py). The flow runs
    this in its commit helper process (flows.runtime.committer)."""
    wh = Warehouse.at(warehouse)
    stage = wh.staging(run_id)
    removed = 0
    for table, names in storage.files_by_folder(stage, ".parquet").items():
        parts = [(p[1], n) for n in names if (p := parse_part(n)) is not None and p[0] == run_id]
        if len(parts) > COMPACT_MIN_FILES:
            removed += _merge_parts([storage.join(stage, table, n) for _, n in sorted(parts)])
    return removed


def _merge_parts(paths: Sequence[Location]) -> int:
    """Merge the parts at `paths` into the first; return how many files went."""
    storage.write_file(paths[0], lambda fh: _concatenate(paths, fh))
    for path in paths[1:]:
        storage.remove_file(path)
    # Arrow's allocator keeps what a merge freed for reuse; handing it back after each table
    # keeps the merge from raising the process's peak.
    pa.default_memory_pool().release_unused()
    return len(paths) - 1


def _concatenate(paths: Sequence[Location], fh: Any) -> None:
    """Write the Parquet files at `paths` (one schema) into `fh` as one: each part becomes a row
    group of its own, written as soon as it is read.

    Holding parts to make larger row groups cost memory out of proportion to what was held: the
    Parquet writer buffers a whole row group's encoded pages (and, for text, a dictionary) until it
    closes. A part is one batch (128 documents by default), so the row groups are what a reader
    saw before the merge, in one file."""
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    for path in paths:
        table = storage.read_parquet(path)
        writer = writer or pq.ParquetWriter(fh, table.schema, compression="zstd")
        writer.write_table(table)
    if writer is not None:
        writer.close()


def _moves(warehouse: str | Path, run_id: str) -> list[tuple[str, str]]:
    """(staged file, final file) pairs relative to the warehouse, in commit order: the tables in
    schema order, which puts the runs row last."""
    wh = Warehouse.at(warehouse)
    moves: list[tuple[str, str]] = []
    staged = storage.files_by_folder(wh.staging(run_id), ".parquet")
    for table in TABLES:
        for name in staged.get(table, []):
            target = wh.committed_name(table, name)
            moves.append((f"{STAGING}/{run_id}/{table}/{name}", f"{table}/{target}"))
    return moves


def _apply(warehouse: str | Path, moves: Sequence[tuple[str, str]]) -> None:
    root = Warehouse.at(warehouse).root
    for src, dst in moves:
        source = storage.join(root, *src.split("/"))
        if storage.exists(source):  # absent: already moved by an earlier, interrupted commit
            storage.move(source, storage.join(root, *dst.split("/")))


def stage_run(
    warehouse: str | Path, run: Run, *, rebuild_entities: bool, carried: pa.Table | None = None
) -> None:
    """Stage what a commit adds besides the batches: the entities dimension with its variants
    (flows.warehouse.derive.build_dimension) and the runs row; `carried` (a compaction's) are
    other runs' rows, merged from the runs files the run replaces, written in the same file
    before its own row so that they move and their old files hide in one step."""
    wh = Warehouse.at(warehouse)
    if rebuild_entities:
        # Only a run that adds documents can update the dimension from its own mentions; a
        # repair's quarantined files took mentions away without staging any.
        tables = build_dimension(
            wh, run.run_id, run.replaced_files, incremental=run.status == "completed"
        )
        for table, rows in zip(("entities", "entity_variants"), tables, strict=True):
            storage.write_parquet(rows, wh.staged_file(run.run_id, table, whole_file(table)))
    if run.n_files_replaced is None:
        run = dataclasses.replace(run, n_files_replaced=len(run.replaced_files))
    rows = to_arrow("runs", [run])
    if carried is not None and carried.num_rows:
        rows = pa.concat_tables([carried.cast(rows.schema), rows])
    storage.write_parquet(rows, wh.staged_file(run.run_id, "runs", runs_file_name(run.run_id)))


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
    wh = Warehouse.at(warehouse)
    rolled: list[str] = []
    discarded: list[str] = []
    for run_id in storage.subfolders(storage.join(wh.root, STAGING)):
        stage = wh.staging(run_id)
        journal = storage.join(stage, JOURNAL)
        if storage.exists(journal):
            _apply(wh.root, [(m[0], m[1]) for m in json.loads(storage.read_text(journal))])
            rolled.append(run_id)
        else:
            discarded.append(run_id)
        storage.remove_tree(stage)
    return Recovery(tuple(rolled), tuple(discarded))


def is_committed(warehouse: str | Path, run_id: str) -> bool:
    """Whether the run's commit journal is written: its commit completes, now or on recovery."""
    return storage.exists(storage.join(staging_dir(warehouse, run_id), JOURNAL))


def discard_staging(warehouse: str | Path, run_id: str) -> None:
    """Drop what a run staged (the run failed before its commit)."""
    storage.remove_tree(staging_dir(warehouse, run_id))


def stage_replacements(
    warehouse: str | Path,
    run_id: str,
    doc_ids: set[str],
    *,
    first_part: int,
    tables: Sequence[str] = REEXTRACTED_TABLES,
) -> list[str]:
    """Stage, for every committed file holding rows of `doc_ids` in one of `tables` (by default
    the re-extracted ones), a copy without them; return the replaced files as
    '<table>/<file name>', for the runs row."""
    if not doc_ids:
        return []
    wh = Warehouse.at(warehouse)
    replaced: list[str] = []
    part = first_part
    with storage.connect(wh.root) as con:
        con.register("reextracted", pa.table({"doc_id": sorted(doc_ids)}))
        hidden = wh.hidden_files(con)
        committed = wh.committed_runs(con)
        for table in tables:
            folder = wh.table_dir(table)
            for name in storage.files(folder, ".parquet"):
                key = f"{table}/{name}"
                parsed = parse_part(name)
                if key in hidden or parsed is None or parsed[0] not in committed:
                    continue
                source = f"read_parquet({literal(storage.as_text(storage.join(folder, name)))})"
                hits, total = con.execute(
                    "select count(*) filter (where doc_id in (select doc_id from reextracted)), "
                    f"count(*) from {source}"
                ).fetchall()[0]
                if not hits:
                    continue
                replaced.append(key)
                if hits == total:
                    continue  # nothing of the file stays
                kept = con.sql(
                    f"select * from {source} where doc_id not in (select doc_id from reextracted)"
                ).to_arrow_table()
                storage.write_parquet(kept, wh.staged_file(run_id, table, part_name(run_id, part)))
                part += 1
    return replaced


def _in_grace(wh: Warehouse, con: Any, cutoff: dt.datetime) -> set[str]:
    """Files replaced by a compaction that finished after `cutoff`."""
    scan = wh.scan("runs")
    if scan is None:
        return set()
    try:
        rows = con.execute(
            f"select distinct unnest(replaced_files) from {scan} "
            "where status = ? and finished_at > ? and replaced_files is not null",
            [COMPACTED, cutoff],
        ).fetchall()
    except duckdb.BinderException:  # runs that predate replaced_files replaced nothing
        return set()
    return {r[0] for r in rows}


def retire_replaced(warehouse: str | Path, *, now: dt.datetime | None = None) -> list[str]:
    """Delete the files that committed runs list as replaced and that still exist; those a
    compaction replaced only GRACE_S after it (a reader may have listed them just before)."""
    wh = Warehouse.at(warehouse)
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(seconds=GRACE_S)
    with storage.connect(wh.root) as con:
        hidden = sorted(wh.hidden_files(con) - _in_grace(wh, con, cutoff))
    # Every file ever replaced stays named in the runs rows: list each table's folder once rather
    # than look for every name (a cost that would grow with the warehouse's age).
    present: dict[str, set[str]] = {}
    removed = []
    for key in hidden:
        table, name = key.split("/", 1)
        if table not in present:
            present[table] = set(storage.files(wh.table_dir(table), ".parquet"))
        if name in present[table]:
            storage.remove_file(storage.join(wh.table_dir(table), name))
            removed.append(key)
    return removed
