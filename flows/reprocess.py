"""Re-extraction: stored documents whose rows an older pipeline version made get new rows.

`broadsheet run --reprocess` reads such documents back from the warehouse (their text, exactly as
stored: the offsets of every row refer to it), analyses them again in batches like new ones, and
stages their new rows. This module finds them, and swaps their old rows out at the same commit:

- Each committed file of a re-extracted table that holds an old row of one of them is rewritten
  without those rows into the run's staging (under the run's own file names), and listed in the
  run's `replaced_files`; a file left with no rows is only listed.
- The views (sql/sources.sql) hide every file a committed run lists. The runs row is written last,
  so a reader sees the old rows up to the commit and the new ones after it, never both or neither.
- Once committed, listed files are deleted (`retire_replaced`, also run at every start, so a run
  killed between its commit and the deletion leaves nothing behind).

Boilerplate rows, signatures and rejects are kept: the text they describe does not change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa

from flows import load, storage
from flows.schema import Document, columns

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

_PART = "part-{run_id}-{part:05d}.parquet"


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


def stage_replacements(
    warehouse: str | Path, run_id: str, doc_ids: set[str], *, first_part: int
) -> list[str]:
    """Stage, for every committed file holding rows of `doc_ids` in a re-extracted table, a copy
    without them; return the replaced files as '<table>/<file name>', for the runs row."""
    if not doc_ids:
        return []
    root = storage.location(warehouse)
    replaced: list[str] = []
    part = first_part
    with storage.connect(root) as con:
        con.register("reextracted", pa.table({"doc_id": sorted(doc_ids)}))
        hidden = _replaced_by_committed_runs(con, root)
        committed = _committed_run_ids(con, root)
        for table in REEXTRACTED_TABLES:
            folder = load.table_dir(root, table)
            for name in storage.files(folder, ".parquet"):
                key = f"{table}/{name}"
                if key in hidden or _run_of(name) not in committed:
                    continue
                path = storage.as_text(storage.join(folder, name))
                source = f"read_parquet('{_quoted(path)}')"
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
                target = storage.join(
                    load.staging_dir(root, run_id), table, _PART.format(run_id=run_id, part=part)
                )
                storage.write_parquet(kept, target)
                part += 1
    return replaced


def retire_replaced(warehouse: str | Path) -> list[str]:
    """Delete the files that committed runs list as replaced and that still exist."""
    root = storage.location(warehouse)
    with storage.connect(root) as con:
        hidden = sorted(_replaced_by_committed_runs(con, root))
    removed = []
    for key in hidden:
        table, name = key.split("/", 1)
        path = storage.join(load.table_dir(root, table), name)
        if storage.exists(path):
            storage.remove_file(path)
            removed.append(key)
    return removed


def _runs_scan(root: storage.Location) -> str:
    return load.scan_sql([load.table_glob(root, "runs")])


def _replaced_by_committed_runs(con: duckdb.DuckDBPyConnection, root: storage.Location) -> set[str]:
    try:
        rows = con.execute(
            f"select distinct unnest(replaced_files) from {_runs_scan(root)} "
            "where replaced_files is not null"
        ).fetchall()
    except duckdb.BinderException:  # a warehouse whose runs predate the column replaced nothing
        return set()
    return {r[0] for r in rows}


def _committed_run_ids(con: duckdb.DuckDBPyConnection, root: storage.Location) -> set[str]:
    return {r[0] for r in con.execute(f"select run_id from {_runs_scan(root)}").fetchall()}


def _run_of(file_name: str) -> str:
    """The run id in `part-<run_id>-<batch>.parquet` (as the views read it)."""
    stem = file_name.removeprefix("part-").removesuffix(".parquet")
    return stem.rsplit("-", 1)[0]


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def stored_fields(old: Document, new: Document) -> Document:
    """A re-extracted document keeps what its first ingestion decided."""
    return dataclasses.replace(new, ingested_at=old.ingested_at, duplicate_of=old.duplicate_of)
