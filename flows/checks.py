"""Data-quality checks: each file in sql/checks/ is a query that returns no rows when healthy.

The flow runs them, before making anything visible, over the rows the run adds and those they
refer to (`connect_run`): a violation fails the run, names the check, and leaves the warehouse as
it was. Over the whole warehouse they cost what the warehouse holds, every run (at 2,000
documents 0.6 s, growing with every document); `broadsheet verify --full` runs them so
(`check_committed`), and `check_pending(..., whole=True)` over the warehouse as the commit will
leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows import storage
from flows.schema import PER_DOCUMENT_TABLES, TABLES, empty_select
from flows.views import SQL_DIR
from flows.warehouse.layout import Warehouse, scan_sql

CHECKS_DIR = SQL_DIR / "checks"
_SAMPLE_ROWS = 3
_COUNT_CHUNK_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's outcome: how many offending rows, and a few of them."""

    name: str
    purpose: str
    n_rows: int
    sample: list[tuple]

    @property
    def ok(self) -> bool:
        return self.n_rows == 0


class DataQualityError(Exception):
    """A data-quality check found rows; the run must not commit."""

    def __init__(self, failures: list[CheckResult]) -> None:
        self.failures = failures
        names = ", ".join(f"{f.name} ({f.n_rows} rows, e.g. {f.sample[:1]})" for f in failures)
        super().__init__(f"data-quality checks failed: {names}")


def check_files(directory: Path = CHECKS_DIR) -> list[Path]:
    return sorted(directory.glob("*.sql"))


def run_checks(con: duckdb.DuckDBPyConnection, directory: Path = CHECKS_DIR) -> list[CheckResult]:
    """Run every check on a connection whose tables are views under their own names."""
    results = []
    for path in check_files(directory):
        sql = path.read_text(encoding="utf-8")
        purpose = sql.split("\n", 1)[0].removeprefix("--").strip()
        cursor = con.execute(f"select * from ({sql.rstrip().rstrip(';')})")
        sample = cursor.fetchmany(_SAMPLE_ROWS)
        results.append(CheckResult(path.stem, purpose, len(sample) + _count_rest(cursor), sample))
    return results


def _count_rest(cursor: duckdb.DuckDBPyConnection) -> int:
    """The rows a result still holds, counted a chunk at a time: a check that fails on every
    row of a large table must not bring them all into memory to say how many there are."""
    n = 0
    while chunk := cursor.fetchmany(_COUNT_CHUNK_ROWS):
        n += len(chunk)
    return n


def connect_pending(warehouse: str | Path, run_id: str) -> duckdb.DuckDBPyConnection:
    """Views of every table as it will be once `run_id` commits: committed plus staged files,
    less the files the run replaces (flows.warehouse.layout)."""
    wh = Warehouse.at(warehouse)
    # One DuckDB thread: the checks group and join whole tables, and every thread builds hash
    # tables of its own (at 19k documents two threads peaked higher, no faster).
    con, listed = storage.connect_listed(wh.root, threads=1)
    replaced = wh.hidden_files(con, staged_run=run_id)
    with storage.held(listed):  # on object storage, each table listed once for its view
        for table in TABLES:
            hidden = sorted(r for r in replaced if r.startswith(f"{table}/"))
            scan = wh.scan(table, pending=run_id, exclude=hidden)
            con.execute(f"create view {table} as select * from {scan}")
    return con


def connect_run(warehouse: str | Path, run_id: str) -> duckdb.DuckDBPyConnection:
    """Views of what `run_id` adds, and of what its rows refer to, under the tables' names: each
    table's staged files only; `documents` also holds the committed rows of the documents those
    name (a re-extracting run stages what it keeps of a committed file, and a document must not
    be in the warehouse twice); `entities` is the run's staged dimension (it replaces the whole
    table), `runs` every row. The checks then cost what the run adds, not what came before."""
    wh = Warehouse.at(warehouse)
    con, listed = storage.connect_listed(wh.root, threads=1)
    replaced = wh.hidden_files(con, staged_run=run_id)
    with storage.held(listed):
        staged: dict[str, str] = {}
        for table in TABLES:
            globs = wh.existing([wh.staged_glob(run_id, table)])
            staged[table] = f"select * from {scan_sql(globs)}" if globs else empty_select(table)
        con.execute(
            "create temp table run_documents as "
            + " union ".join(f"select doc_id from ({staged[t]})" for t in PER_DOCUMENT_TABLES)
        )
        for table in TABLES:
            hidden = sorted(r for r in replaced if r.startswith(f"{table}/"))
            if table in ("runs", "entities"):
                scan = wh.scan(table, pending=run_id, exclude=hidden)
                view = f"select * from {scan}" if scan else empty_select(table)
            elif table == "documents":
                committed = wh.scan(table, exclude=hidden)
                view = staged[table] + (
                    f" union all by name select * from {committed} "
                    "where doc_id in (select doc_id from run_documents)"
                    if committed
                    else ""
                )
            else:
                view = staged[table]
            con.execute(f"create view {table} as {view}")
    return con


def check_pending(warehouse: str | Path, run_id: str, *, whole: bool = False) -> list[CheckResult]:
    """Run every check on the rows this run adds and those they refer to (`connect_run`); with
    `whole`, on the whole warehouse as it will be after the run's commit."""
    connect = connect_pending if whole else connect_run
    with connect(warehouse, run_id) as con:
        return run_checks(con)


def check_committed(warehouse: str | Path) -> list[CheckResult]:
    """Run every check on the whole committed warehouse (`broadsheet verify --full`)."""
    from flows.views import connect

    with connect(warehouse, snapshot=True) as con:
        return run_checks(con)


def warehouse_digest(warehouse: str | Path) -> dict[str, object]:
    """What must be equal between two warehouses built from the same inputs: row counts per table
    (run bookkeeping aside), the set of doc_ids, and the failing checks (none when healthy)."""
    from flows.views import connect

    with connect(warehouse, snapshot=True) as con:
        digest: dict[str, object] = {
            table: con.execute(f"select count(*) from {table}").fetchall()[0][0]
            for table in TABLES
            if table not in ("runs", "rejects")
        }
        digest["doc_ids"] = sorted(
            r[0] for r in con.execute("select doc_id from documents").fetchall()
        )
        digest["entity_keys"] = con.execute(
            "select md5(string_agg(entity_key || ':' || n_mentions, ',' order by entity_key)) "
            "from entities"
        ).fetchall()[0][0]
        digest["failed_checks"] = [c.name for c in run_checks(con) if not c.ok]
    return digest
