"""The BI catalog: one DuckDB file holding every warehouse table and mart as a real table.

The rows are copied into the file rather than left as views over the Parquet: DuckDB resolves a
relative path in a view against the reader's working directory, and an absolute one breaks when
the folder moves to another machine, so only data held in the file survives a move or a copy.

The catalog describes itself, so that a BI tool needs no help: every table is created with its
columns and its PRIMARY KEY and FOREIGN KEY constraints (DuckDB takes constraints only in CREATE
TABLE), then filled; every table and column carries a comment (tables: the schema module; marts:
their header, views.header); `catalog_info` has a row per table with its grain. The default
schema (`main`) holds only columns a BI tool can show: a column of a list or blob type (runs'
replaced_files, document_signatures' MinHash and LSH bands) lives in the schema `internal`, which
holds the whole table, so nothing is dropped.

A key the data breaks (an orphan left by a damaged warehouse) does not stop the write: the table
is created without that constraint and filled whole, and the catalog says so, in
`catalog_info.undeclared_keys` and in CatalogResult.problems, which the CLI and the run print as
warnings (sql/checks/ finds the same rows: `broadsheet check`).

The file is written under a temporary name beside the target and renamed over it (one atomic
step on one file system). A reader never sees a half-written catalog, and it never blocks the
writer, which holds the lock of the temporary file only. A connection opened before the rename
keeps reading the old file; so does every new connection made in the same process while any
connection to that path is still open (DuckDB shares one open database per path within a
process): only once all of them are closed does a new connection read the new file. No Prefect
here: callers pass the paths.

A warehouse on object storage (`s3://bucket/prefix`) gets its catalog beside it there too: the
file is built locally in a temporary folder, then uploaded in one step (an object appears whole).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from flows import storage, views
from flows.config import PIPELINE_VERSION
from flows.schema import TABLES, describe, grain, primary_key, references, table_doc

#: The catalog file's suffix: `<warehouse name>.duckdb` beside the warehouse folder, unless told
#: otherwise (named after its warehouse, so that two warehouses in one folder keep one each).
CATALOG_SUFFIX = ".duckdb"
#: The default name before issue 17: still refreshed after a run where a user made one.
LEGACY_CATALOG_FILE = "broadsheet.duckdb"
#: One row per catalog table: its kind, meaning, grain, key and row count.
INFO_TABLE = "catalog_info"
#: The schema BI tools open by default: what an analyst charts, in types every tool can show.
DEFAULT_SCHEMA = "main"
#: The rest: whole tables with their list and blob columns, and tables only the pipeline reads.
INTERNAL_SCHEMA = "internal"
#: Tables kept in `internal` only: document_signatures is MinHash bytes and LSH band keys, for
#: near-duplicate detection; without them it is a list of doc_ids, nothing to chart. inputs (the
#: files read and their versions) and entity_variants (the counts behind entities' names) are
#: the pipeline's bookkeeping for incremental runs.
INTERNAL_TABLES = ("document_signatures", "inputs", "entity_variants")
#: DuckDB type names (prefixes) that BI tools cannot show: Superset reads LIST as UNKNOWN and
#: BLOB as bytes; STRUCT, MAP, UNION and fixed-size ARRAY (`VARCHAR[3]`) fare no better.
UNSUPPORTED_TYPES = ("STRUCT", "MAP", "UNION", "BLOB", "BIT", "VARIANT")
#: Name under which the file being built is attached to the in-memory connection.
_BUILD_ALIAS = "catalog_build"
#: The file format the catalog is written in: readable by every DuckDB since 1.0. BI tools bundle
#: an older DuckDB than the pipeline's (Superset 6.1's duckdb extra pins duckdb < 2), and DuckDB
#: 1.5.6 refuses a file in 2.0.1's default format ("version number 69 ... can only read versions
#: between 64 and 68"); this one keeps the keys and comments.
STORAGE_VERSION = "v1.0.0"

#: catalog_info's columns, with their meanings (column comments).
INFO_COLUMNS = {
    "table_name": ("varchar", "the catalog table this row describes"),
    "kind": ("varchar", "table (a warehouse table) or mart (a view of sql/marts/, materialised)"),
    "purpose": ("varchar", "what the table holds (also its table comment)"),
    "grain": ("varchar", "what one row is, with the columns that identify it"),
    "n_rows": ("bigint", "rows in the table"),
    "built_at": ("timestamptz", "when this catalog was written"),
    "pipeline_version": ("varchar", "the broadsheet version that wrote this catalog"),
    "schema_name": (
        "varchar",
        "main (what BI tools show) or internal (whole tables with list and blob columns)",
    ),
    "primary_key": ("varchar", "the declared primary key's columns, comma-separated; null: none"),
    "undeclared_keys": (
        "varchar",
        "keys the data breaks, left undeclared so that every row could be kept (see broadsheet "
        "check); null when every key of the table is declared",
    ),
}
_INFO_PURPOSE = "One row per table of this catalog: what it holds, its grain and key, its rows."


@dataclass(frozen=True, slots=True)
class CatalogResult:
    """What a catalog write produced: the file, rows per table (tables then marts), seconds, and
    the keys it could not declare because the data breaks them (empty when all are declared)."""

    path: Path | str
    rows: dict[str, int]
    n_tables: int
    n_marts: int
    elapsed_s: float
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Table:
    """One catalog table to build: what its comments, catalog_info row and constraints say."""

    name: str
    kind: str
    purpose: str
    grain: str | None
    key: tuple[str, ...]
    references: dict[str, str]
    comments: dict[str, str]


def default_catalog_path(warehouse: str | Path) -> Path | str:
    """`<warehouse>/../<warehouse name>.duckdb` (data/warehouse -> data/warehouse.duckdb): beside
    the warehouse folder, not inside it (a URL for a warehouse on object storage)."""
    root = storage.location(warehouse)
    return storage.join(storage.parent(root), storage.name(root) + CATALOG_SUFFIX)


def legacy_catalog_path(warehouse: str | Path) -> Path | str:
    """Where the catalog was written by default before it was named after its warehouse."""
    return storage.join(storage.parent(storage.location(warehouse)), LEGACY_CATALOG_FILE)


def mart_names() -> list[str]:
    """The BI-facing views of sql/marts/, in creation order."""
    return [m.name for m in views.models((views.MARTS_DIR,))]


def bi_readable(duckdb_type: str) -> bool:
    """Whether BI tools can show a column of this DuckDB type (no lists, arrays, structs, blobs)."""
    upper = duckdb_type.upper()
    return not upper.endswith("]") and not upper.startswith(UNSUPPORTED_TYPES)


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _specs() -> list[_Table]:
    """Every table then every mart, each after the tables its foreign keys point at."""
    tables = [
        _Table(
            name=name,
            kind="table",
            purpose=table_doc(name),
            grain=grain(name),
            key=primary_key(name),
            references=references(name),
            comments=describe(name),
        )
        for name in TABLES
    ]
    ordered: list[_Table] = []
    while tables:  # the references have no cycle: runs <- documents <- facts, entities <- facts
        ready = [t for t in tables if set(t.references.values()) <= {o.name for o in ordered}]
        ordered.extend(ready)
        tables = [t for t in tables if t not in ready]
    for mart in views.models((views.MARTS_DIR,)):
        head = views.header(mart.sql)
        ordered.append(
            _Table(
                name=mart.name,
                kind="mart",
                purpose=mart.purpose,
                grain=head.grain,
                key=head.key or (),
                references=head.references,
                comments=head.columns,
            )
        )
    return ordered


def write_catalog(
    warehouse: str | Path, output: str | Path | None = None, *, built_at: dt.datetime | None = None
) -> CatalogResult:
    """Copy every table and mart of `warehouse` into a DuckDB file, replacing `output` atomically.

    Raises views.WarehouseNotFound / WarehouseIncomplete when the warehouse cannot be read.
    """
    started = time.perf_counter()
    root = storage.location(warehouse)
    target = storage.location(output) if output else default_catalog_path(root)
    if not isinstance(target, Path):
        with tempfile.TemporaryDirectory(prefix="broadsheet-catalog-") as folder:
            local = write_catalog(root, Path(folder) / storage.name(target), built_at=built_at)
            storage.upload(Path(local.path), target)
        return CatalogResult(
            target,
            local.rows,
            local.n_tables,
            local.n_marts,
            time.perf_counter() - started,
            local.problems,
        )
    built_at = built_at or dt.datetime.now(dt.UTC)
    con = views.connect(root, snapshot=True)  # every table copied from one listing
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    specs = _specs()
    rows: dict[str, int] = {}
    problems: list[str] = []
    try:
        con.execute(
            f"attach {_quote_literal(str(tmp))} as {_BUILD_ALIAS} "
            f"(storage_version {_quote_literal(STORAGE_VERSION)})"
        )
        con.execute(f"create schema {_BUILD_ALIAS}.{INTERNAL_SCHEMA}")
        builder = _Builder(con)
        info: list[tuple[object, ...]] = []
        for spec in specs:
            columns = [
                (r[0], r[1]) for r in con.execute(f"describe memory.main.{spec.name}").fetchall()
            ]
            shown = [c for c in columns if bi_readable(c[1])]
            copies: list[tuple[str, list[tuple[str, str]]]] = []
            if spec.name not in INTERNAL_TABLES:
                copies.append((DEFAULT_SCHEMA, shown))
            if spec.name in INTERNAL_TABLES or len(shown) < len(columns):
                copies.append((INTERNAL_SCHEMA, columns))
            for schema_name, cols in copies:
                n, key, undeclared = builder.build(spec, schema_name, cols)
                rows[spec.name] = n
                problems.extend(f"{schema_name}.{spec.name}: {p}" for p in undeclared)
                info.append(
                    (
                        spec.name,
                        spec.kind,
                        spec.purpose,
                        spec.grain,
                        n,
                        built_at,
                        PIPELINE_VERSION,
                        schema_name,
                        ", ".join(key) or None,
                        "; ".join(undeclared) or None,
                    )
                )
        _write_info(con, info)
        con.execute(f"detach {_BUILD_ALIAS}")  # checkpoints: the file is complete and WAL-free
        con.close()
        # A WAL left beside the target by some other writer would be replayed onto the new file.
        Path(f"{target}.wal").unlink(missing_ok=True)
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    return CatalogResult(
        path=target,
        rows=rows,
        n_tables=len(TABLES),
        n_marts=len(specs) - len(TABLES),
        elapsed_s=time.perf_counter() - started,
        problems=problems,
    )


class _Builder:
    """Creates catalog tables with their constraints and fills them, remembering which tables
    got a declared primary key (a foreign key can only point at one)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.keyed: set[tuple[str, str]] = set()  # (schema, table) with a declared primary key

    def build(
        self, spec: _Table, schema_name: str, columns: list[tuple[str, str]]
    ) -> tuple[int, tuple[str, ...], list[str]]:
        """Create `schema_name.<spec.name>` with `columns` and every constraint the data keeps,
        fill it with every row; return its rows, its declared key, and what was not declared."""
        names = {c for c, _ in columns}
        undeclared: list[str] = []
        key = spec.key if spec.key and set(spec.key) <= names else ()
        fks: dict[str, str] = {}
        for column, parent in spec.references.items():
            if column not in names:
                continue
            if schema_name != DEFAULT_SCHEMA:
                continue  # DuckDB declares no foreign key across schemas; main has the table's
            if (DEFAULT_SCHEMA, parent) not in self.keyed:
                undeclared.append(f"foreign key ({column}) -> {parent}: {parent} has no key")
                continue
            fks[column] = parent
        table = f"{_BUILD_ALIAS}.{schema_name}.{spec.name}"
        try:
            self._create_and_fill(table, columns, key, fks)
        except duckdb.ConstraintException:
            # The data breaks a key: find which, and build the table whole without it.
            self.con.execute(f"drop table if exists {table}")
            if key and (broken := self._duplicates(spec.name, key)):
                undeclared.append(f"primary key ({', '.join(key)}): {broken}")
                key = ()
            for column, parent in list(fks.items()):
                if n := self._orphans(spec.name, column, parent):
                    undeclared.append(
                        f"foreign key ({column}) -> {parent}: {n} rows with no match in {parent}"
                    )
                    del fks[column]
            self._create_and_fill(table, columns, key, fks)
        if key:
            self.keyed.add((schema_name, spec.name))
        self._comment(table, spec, [c for c, _ in columns])
        (n,) = self.con.execute(f"select count(*) from {table}").fetchone() or (0,)
        return n, key, undeclared

    def _create_and_fill(
        self,
        table: str,
        columns: list[tuple[str, str]],
        key: tuple[str, ...],
        fks: dict[str, str],
    ) -> None:
        parts = [f'"{name}" {sql_type}' for name, sql_type in columns]
        if key:
            parts.append(f"primary key ({', '.join(key)})")
        for column, parent in fks.items():
            parent_key = ", ".join(primary_key(parent))
            parts.append(f"foreign key ({column}) references {parent} ({parent_key})")
        self.con.execute(f"create table {table} ({', '.join(parts)})")
        select = ", ".join(f'"{name}"' for name, _ in columns)
        source = table.rsplit(".", 1)[1]
        self.con.execute(f"insert into {table} select {select} from memory.main.{source}")

    def _duplicates(self, source: str, key: tuple[str, ...]) -> str | None:
        """How the rows break a primary key: repeated or null key values; None if they do not."""
        cols = ", ".join(key)
        (repeated,) = self.con.execute(
            f"select count(*) from (select {cols} from memory.main.{source} "
            f"group by all having count(*) > 1)"
        ).fetchone() or (0,)
        any_null = " or ".join(f"{c} is null" for c in key)
        (nulls,) = self.con.execute(
            f"select count(*) from memory.main.{source} where {any_null}"
        ).fetchone() or (0,)
        if not repeated and not nulls:
            return None
        return f"{repeated} key values occur more than once, {nulls} rows have a null key part"

    def _orphans(self, source: str, column: str, parent: str) -> int:
        """Rows whose `column` names no row of the catalog's `parent` (null is no orphan)."""
        parent_key = primary_key(parent)[0]
        (n,) = self.con.execute(
            f"select count(*) from memory.main.{source} as child "
            f"where child.{column} is not null and not exists (select 1 from "
            f"{_BUILD_ALIAS}.{DEFAULT_SCHEMA}.{parent} as p where p.{parent_key} = child.{column})"
        ).fetchone() or (0,)
        return int(n)

    def _comment(self, table: str, spec: _Table, columns: list[str]) -> None:
        self.con.execute(f"comment on table {table} is {_quote_literal(spec.purpose)}")
        for column in columns:
            meaning = spec.comments.get(column)
            if meaning is None:
                continue  # a column newer than this code's description of it
            self.con.execute(f'comment on column {table}."{column}" is {_quote_literal(meaning)}')


def _write_info(con: duckdb.DuckDBPyConnection, info: list[tuple[object, ...]]) -> None:
    """catalog_info: one row per catalog table, keyed by schema and table name, commented."""
    table = f"{_BUILD_ALIAS}.{DEFAULT_SCHEMA}.{INFO_TABLE}"
    columns = ", ".join(f"{name} {sql_type}" for name, (sql_type, _) in INFO_COLUMNS.items())
    con.execute(f"create table {table} ({columns}, primary key (schema_name, table_name))")
    placeholders = ", ".join("?" for _ in INFO_COLUMNS)
    con.executemany(f"insert into {table} values ({placeholders})", info)
    con.execute(f"comment on table {table} is {_quote_literal(_INFO_PURPOSE)}")
    for name, (_, meaning) in INFO_COLUMNS.items():
        con.execute(f"comment on column {table}.{name} is {_quote_literal(meaning)}")
