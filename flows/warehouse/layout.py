"""Where a warehouse keeps its files, and which of them a reader sees.

The warehouse is a local folder or an fsspec URL such as `s3://bucket/prefix` (flows.storage),
one folder per table of `flows.schema.TABLES`. The layout has three rules, each written once: here
for Python, and once in `sql/sources.sql` (the macro `committed_files`) for readers.

1. **Part names.** A run's files are `<table>/part-<run_id>-<batch>.parquet` (`part_name`,
   `run_of`); a run stages them first under `_staging/<run_id>/<table>/`.
2. **A run counts once its runs row is committed.** The commit writes a journal, moves every
   staged file into place and the runs row last (flows.warehouse.journal); readers keep only the
   files whose run has a runs row. That rule, not atomic renames, makes a commit all-or-nothing to
   a reader, so it holds on object storage too, where a move is a copy then a delete.
3. **Replaced files are hidden.** A run that re-extracts stored documents lists the files that
   held their old rows in its runs row (`replaced_files`, as '<table>/<file name>'); from the
   moment that row exists they are hidden, then deleted (`hidden_files`); a compaction's only
   after a grace period, so that until then a scan of a table's folder leaves them out
   (`lingering`). The runs folder obeys the same rule: a compaction that merges runs files
   writes their rows into its own runs file, which lists them as replaced, so the rows move and
   the old files hide in one step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows import storage
from flows.errors import WarehouseError
from flows.schema import REPLACED_TABLES, TABLES, arrow_schema
from flows.storage import Location

STAGING = "_staging"
JOURNAL = "COMMIT.json"
#: A 0-row file per table carrying its schema, so that every table reads before any row exists.
INIT_FILE = "part-0-init.parquet"


def whole_file(table: str) -> str:
    """The one file of a table that each commit replaces whole (REPLACED_TABLES)."""
    return f"{table}.parquet"


_PART = re.compile(r"^part-(?P<run_id>.+)-(?P<batch>\d+)\.parquet$")
#: The batch number of a part file's path, for DuckDB's regexp_extract (rule 1, as SQL).
BATCH_OF_PATH_SQL = r"'-(\d+)\.parquet$'"


def part_name(run_id: str, batch: int) -> str:
    """The file name of batch `batch` of `run_id` in any table (rule 1)."""
    return f"part-{run_id}-{batch:05d}.parquet"


def runs_file_name(run_id: str) -> str:
    """The file that holds a run's runs row."""
    return f"part-{run_id}.parquet"


def parse_part(name: str) -> tuple[str, int] | None:
    """(run_id, batch) of a part file's name; None for any other file."""
    m = _PART.match(name)
    return (m["run_id"], int(m["batch"])) if m else None


def run_of(name: str) -> str | None:
    """The run that wrote a part file (rule 1), as the views read it."""
    parsed = parse_part(name)
    return parsed[0] if parsed else None


def literal(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal_list(texts: Sequence[str]) -> str:
    """SQL string literals, comma-separated: the inside of an IN (...) or a [...] list."""
    return ", ".join(literal(t) for t in texts)


def scan_sql(globs: Sequence[str], exclude: Sequence[str] = ()) -> str:
    """A read_parquet() expression over several globs, as the contract reads a table; `exclude`
    names files ('<table>/<file name>') to hide (rule 3, for a run not yet committed)."""
    scan = f"read_parquet([{literal_list(globs)}], hive_partitioning = true, union_by_name = true"
    if not exclude:
        return scan + ")"
    return (
        f"(select * exclude (filename) from {scan}, filename = true) "
        f"where regexp_extract(filename, '[^/]+/[^/]+$') not in ({literal_list(exclude)}))"
    )


#: warehouse -> (its runs files when read, the files its runs rows replace): the runs folder
#: only grows, and a new runs file is what changes the answer.
_REPLACED: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}


@dataclass(frozen=True, slots=True)
class Warehouse:
    """One warehouse's layout: where each table's committed and staged files are."""

    root: Location

    @classmethod
    def at(cls, warehouse: str | Path | Warehouse) -> Warehouse:
        """The warehouse at a folder or URL (a local path is made absolute)."""
        if isinstance(warehouse, Warehouse):
            return warehouse
        return cls(storage.location(warehouse))

    @property
    def text(self) -> str:
        return storage.as_text(self.root)

    def table_dir(self, table: str) -> Location:
        return storage.join(self.root, table)

    def glob(self, table: str) -> str:
        """The glob that reads a whole table's folder, as in the data contract."""
        return f"{self.text}/{table}/**/*.parquet"

    def staging(self, run_id: str) -> Location:
        """The folder a run stages its files in until its commit."""
        return storage.join(self.root, STAGING, run_id)

    def staged_glob(self, run_id: str, table: str) -> str:
        return f"{storage.as_text(self.staging(run_id))}/{table}/**/*.parquet"

    def staged_file(self, run_id: str, table: str, name: str) -> Location:
        return storage.join(self.staging(run_id), table, name)

    def staged_part(self, run_id: str, table: str, batch: int) -> Location:
        return self.staged_file(run_id, table, part_name(run_id, batch))

    def committed_name(self, table: str, staged_name: str) -> str:
        """The name a staged file takes in its table's folder at the commit."""
        return whole_file(table) if table in REPLACED_TABLES else staged_name

    def existing(self, globs: Sequence[str]) -> list[str]:
        """Only the globs that match a file (read_parquet fails on an empty glob)."""
        return [g for g in globs if storage.glob_exists(g)]

    def scan(
        self, table: str, *, pending: str | None = None, exclude: Sequence[str] = ()
    ) -> str | None:
        """A read_parquet() expression over a table's files, None when there are none: the files
        in its folder (committed, rules 1-2: files move there only at a commit), and with
        `pending` those that run has staged (a replaced table: only the staged one, when
        staged); `exclude` hides files (rule 3) that a run not yet committed replaces."""
        globs = [self.glob(table)]
        if pending is not None:
            staged = self.staged_glob(pending, table)
            whole = table in REPLACED_TABLES and storage.glob_exists(staged)
            globs = [staged] if whole else [*globs, staged]
        globs = self.existing(globs)
        if not globs:
            return None
        return scan_sql(globs, sorted({*exclude, *self.lingering(table)}))

    def lingering(self, table: str) -> list[str]:
        """The files of `table` that committed runs replaced (rule 3) and that are still in its
        folder: a compaction's stay for a grace period (flows.warehouse.compact), so a scan of
        the folder must leave them out itself. Read from the runs rows once per new run."""
        prefix = f"{table}/"
        replaced = {k.removeprefix(prefix) for k in self._replaced() if k.startswith(prefix)}
        if not replaced:
            return []
        # Only those still there: every file ever replaced stays listed in the runs rows, and an
        # exclusion list that grew with them would slow every scan of a warehouse's later years.
        present = storage.files(self.table_dir(table), ".parquet")
        return [prefix + name for name in present if name in replaced]

    def _replaced(self) -> frozenset[str]:
        runs = tuple(storage.files(self.table_dir("runs"), ".parquet"))
        hit = _REPLACED.get(self.text)
        if hit is not None and hit[0] == runs:
            return hit[1]
        replaced: frozenset[str] = frozenset()
        if runs:
            with storage.connect(self.root) as con:
                replaced = frozenset(self.hidden_files(con))
        _REPLACED[self.text] = (runs, replaced)
        return replaced

    def init(self) -> None:
        """Create the table folders, each with a 0-row file carrying the schema."""
        if storage.is_file(self.root):
            raise WarehouseError(f"warehouse path {self.text} exists and is not a folder")
        for table in TABLES:
            init = storage.join(self.root, table, INIT_FILE)
            if not storage.exists(init):
                storage.write_parquet(arrow_schema(table).empty_table(), init)

    def committed_runs(self, con: duckdb.DuckDBPyConnection) -> set[str]:
        """The run ids whose runs row is committed (rule 2)."""
        scan = self.scan("runs")
        if scan is None:
            return set()
        return {r[0] for r in con.execute(f"select run_id from {scan}").fetchall()}

    def hidden_files(
        self, con: duckdb.DuckDBPyConnection, *, staged_run: str | None = None
    ) -> set[str]:
        """The files ('<table>/<file name>') that committed runs replace (rule 3); with
        `staged_run`, only those that run's staged runs row lists."""
        if staged_run is None:
            # Every runs file, replaced ones included: a compaction that merged runs files
            # copies their rows, so the names they list are the same either way, and `scan`
            # of runs would need this very set first.
            globs = self.existing([self.glob("runs")])
            scan = scan_sql(globs) if globs else None
        else:
            globs = self.existing([self.staged_glob(staged_run, "runs")])
            scan = scan_sql(globs) if globs else None
        if scan is None:
            return set()
        try:
            rows = con.execute(
                f"select distinct unnest(replaced_files) from {scan} "
                "where replaced_files is not null"
            ).fetchall()
        except duckdb.BinderException:  # a warehouse whose runs predate the column replaced none
            return set()
        return {r[0] for r in rows}
