"""DuckDB over the warehouse: every table as a view (sql/sources.sql), the staging and mart views
built on them (sql/staging/, sql/marts/) and the saved questions.

The saved questions live in sql/analysis/, one per file. No Prefect and no settings here: callers
pass the warehouse path. The views are defined once, in sources.sql, which reads the warehouse
folder from the DuckDB variable `warehouse`; this module sets that variable and runs the file
unchanged, exactly as a user would in the duckdb CLI.

The warehouse may also be an fsspec URL (`s3://bucket/prefix`): the connection then reads it
through that file system, registered with DuckDB (flows.storage.connect), so the same sources.sql
serves it with the URL in the variable.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from flows import storage
from flows.errors import WarehouseError
from flows.schema import ADDED_TABLES, TABLES, empty_select, sql_defaults


def _sql_dir() -> Path:
    """The repository's sql/ folder (found relative to this file, so that it works from any
    directory), or, in an installed wheel, the same files shipped as the package
    `broadsheet_sql` (pyproject.toml)."""
    beside = Path(__file__).resolve().parent.parent / "sql"
    if (beside / "sources.sql").is_file():
        return beside
    spec = importlib.util.find_spec("broadsheet_sql")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"broadsheet's SQL files are missing: neither {beside} nor an installed "
            "broadsheet_sql package holds sources.sql (reinstall broadsheet)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


SQL_DIR = _sql_dir()
#: The only SQL file that names Parquet paths.
SOURCES_SQL = SQL_DIR / "sources.sql"
#: One saved question per .sql file; the file stem is the query's name.
ANALYSIS_DIR = SQL_DIR / "analysis"
#: Typed, renamed views over the source views (one `stg_<table>` per table), then the BI-facing
#: views built on them. Each file creates the view named by its stem; layers are applied in order.
STAGING_DIR = SQL_DIR / "staging"
MARTS_DIR = SQL_DIR / "marts"
MODEL_LAYERS = (STAGING_DIR, MARTS_DIR)

#: The DuckDB variable sources.sql reads the warehouse folder from.
WAREHOUSE_VARIABLE = "warehouse"
#: Catalog name under which `connect(..., read_only_db=...)` attaches a DuckDB file.
ATTACHED_DB_ALIAS = "db"


class WarehouseNotFound(WarehouseError):
    """The warehouse folder does not exist."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        super().__init__(f"warehouse folder not found: {path}")


class WarehouseIncomplete(WarehouseError):
    """The warehouse folder exists but some tables have no Parquet file."""

    def __init__(self, path: str | Path, missing: list[str]) -> None:
        self.path = path
        self.missing = missing
        super().__init__(
            f"no Parquet files for table(s) {', '.join(missing)} under {path}; "
            "is this the warehouse folder itself (it holds one folder per table)?"
        )


class InvalidQueryFile(ValueError):
    """A file in sql/analysis/ lacks the header comment that names its purpose."""


class ModelCycle(ValueError):
    """Views in one sql/ layer refer to each other in a circle, so no creation order exists."""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A saved question from sql/analysis/: its name (file stem), one-line purpose, file and SQL."""

    name: str
    purpose: str
    path: Path
    sql: str


@dataclass(frozen=True, slots=True)
class ModelHeader:
    """What a model file's header comment says about the view it creates (docs/tables.md, "How
    a mart describes itself"): the grain, the key, the references and each column's meaning."""

    grain: str | None
    key: tuple[str, ...] | None  # None: no `-- Key:` line; (): `-- Key: none (why)`
    references: dict[str, str]
    columns: dict[str, str]


class QueryResult(NamedTuple):
    """Column names and rows of one query; unpacks as `columns, rows = run_query(...)`."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


#: The name a `create or replace view` statement of sources.sql creates.
_VIEW_NAME = re.compile(r"^\s*create\s+or\s+replace\s+view\s+(\w+)", re.I | re.M)


def _names_in(sql: str, names: set[str]) -> set[str]:
    code = _code(sql)
    return {n for n in names if re.search(rf"\b{re.escape(n)}\b", code, re.I)}


def views_for(sql: str, layers: Sequence[Path] = MODEL_LAYERS) -> set[str] | None:
    """The views a statement needs: those it names, what they are built on, and `runs` (which
    every table view reads, layout rule 2); None when it names none (`show tables`: all)."""
    built = {q.name: q for q in models(layers)}
    known = {*TABLES, *built}
    need = _names_in(sql, known)
    if not need:
        return None
    pending = [n for n in need if n in built]
    while pending:
        for other in _names_in(built[pending.pop()].sql, known) - need:
            need.add(other)
            if other in built:
                pending.append(other)
    return need | {"runs"}


def connect(
    warehouse: str | Path,
    *,
    read_only_db: str | Path | None = None,
    snapshot: bool = False,
    only: set[str] | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with every warehouse table as a view under its own name.

    `read_only_db`, when given, is a DuckDB database file attached read-only as `db`; its tables are
    reachable unqualified after the views (which win on a name clash) or as `db.<name>`. It is
    only ever read, so other readers may share it; a file a writer holds open cannot be attached.

    `snapshot` (object storage only; a folder is always read live): every query reads the files
    as listed when the connection was made, rather than listing them again. For a short batch of
    queries that should agree with each other, at a fraction of the requests; a run committed
    meanwhile is seen only by a new connection.

    `only` (see `views_for`): create just these views. Creating a view binds it, which lists and
    reads the footers of every file of the tables under it: one question that needs six views
    pays for six, not for every table and mart (issue 19: that cost grew with the files).
    """
    root = storage.location(warehouse)
    if not storage.is_dir(root):
        raise WarehouseNotFound(root)
    # The contract promises at least one Parquet file per table folder; a missing one most often
    # means the caller pointed at the folder above the warehouse (e.g. data/ for data/warehouse/),
    # which would otherwise surface only later as an IO error on the first query.
    present = storage.folders_holding(root, TABLES, ".parquet")
    missing = [t for t in TABLES if t not in present and t not in ADDED_TABLES]
    if missing:
        raise WarehouseIncomplete(root, missing)
    sources = SOURCES_SQL.read_text(encoding="utf-8")
    for table in ADDED_TABLES:
        if table not in present:  # an older broadsheet's warehouse, until its next run
            sources = sources.replace(
                f"as from committed_files('{table}');", f"as {empty_select(table)};"
            ).replace(f"as from table_files('{table}');", f"as {empty_select(table)};")

    # Creating the views binds each one, and a view over a table binds read_parquet over every
    # file of it: without the cache each of the ~40 views read the footers of every file again,
    # a cost that grew with the warehouse's files (issue 19). The cache lives as long as this
    # in-memory connection; DuckDB re-reads a footer whose file changed since.
    con, listed = storage.connect_listed(root)
    try:
        con.execute("set parquet_metadata_cache = true")
        if read_only_db is not None:
            db_path = Path(read_only_db).expanduser().resolve()
            # ATTACH takes no prepared parameters, so the path is quoted by hand.
            quoted = str(db_path).replace("'", "''")
            con.execute(f"attach '{quoted}' as {ATTACHED_DB_ALIAS} (read_only)")
            # Views live in the in-memory catalog (the file is read-only); list it first so that
            # a same-named object in the file never hides a warehouse view.
            con.execute(f"set search_path = 'memory.main,{ATTACHED_DB_ALIAS}.main'")
        # An absolute path keeps the views valid whatever the process's working directory becomes:
        # DuckDB evaluates getvariable() in a view at query time, not at creation.
        con.execute(f"set variable {WAREHOUSE_VARIABLE} = $1", [storage.as_text(root)])
        # Creating a view reads the schemas of the views it selects from: on object storage each
        # table is listed once for all of them (queries list it afresh unless `snapshot`).
        if listed is not None:
            listed.hold()
        if only is None:
            con.execute(sources)
        else:
            for statement in duckdb.extract_statements(sources):
                name = _VIEW_NAME.search(_code(statement.query))
                if name is None or name.group(1) in only:
                    con.execute(statement.query)
        _add_missing_columns(con, TABLES if only is None else [t for t in TABLES if t in only])
        for model in models():
            if only is None or model.name in only:
                con.execute(model.sql)
        if listed is not None and not snapshot:
            listed.release()
    except BaseException:
        con.close()
        raise
    return con


def _add_missing_columns(con: duckdb.DuckDBPyConnection, tables: Sequence[str] = TABLES) -> None:
    """Give every table view the columns added to the contract after its files were written:
    a warehouse from an older broadsheet (no quotes.kind before 0.3.0) stays readable, and
    `run --reprocess` can bring it up to date. union_by_name fills such a column with null in
    the older files only when some newer file has it; with none, the view lacks it. The value
    filled in is the column's default (schema.sql_defaults), also where union_by_name left a
    null."""
    for table in tables:
        defaults = sql_defaults(table)
        if not defaults:
            continue
        have = {r[0] for r in con.execute(f"describe {table}").fetchall()}
        (definition,) = con.execute(
            "select sql from duckdb_views() where view_name = ? and not internal", [table]
        ).fetchone() or (None,)
        if definition is None:
            continue
        body = definition.split(" AS ", 1)[1].rstrip().rstrip(";")
        filled = [
            f"coalesce({name}, {literal}) as {name}" if name in have else f"{literal} as {name}"
            for name, literal in defaults.items()
        ]
        replace = ", ".join(name for name in defaults if name in have)
        select = f"* exclude ({replace})" if replace else "*"
        con.execute(
            f"create or replace view {table} as select {select}, {', '.join(filled)} from ({body})"
        )


def named_queries(directory: Path = ANALYSIS_DIR) -> dict[str, NamedQuery]:
    """The saved questions in `directory` (default sql/analysis/), by name, in name order."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        queries[path.stem] = NamedQuery(
            name=path.stem, purpose=_purpose(path, sql), path=path, sql=sql
        )
    return queries


def models(layers: Sequence[Path] = MODEL_LAYERS) -> list[NamedQuery]:
    """The staging then mart views, in an order in which each view exists before its readers.

    Within a layer a view may read another of the same layer (a mart built on a mart); the
    references are found by name, and files are otherwise taken in name order.
    """
    ordered: list[NamedQuery] = []
    for layer in layers:
        pending = named_queries(layer)
        refs = {
            name: {
                other
                for other in pending
                if other != name and re.search(rf"\b{re.escape(other)}\b", _code(q.sql))
            }
            for name, q in pending.items()
        }
        done: set[str] = set()
        while pending:
            ready = [name for name in pending if refs[name] <= done]
            if not ready:
                raise ModelCycle(
                    f"{layer}: views that read each other in a cycle: {sorted(pending)}"
                )
            for name in ready:
                ordered.append(pending.pop(name))
                done.add(name)
    return ordered


#: `-- Key: a, b` (or `-- Key: none (why)`); `-- References: col -> table, col -> table`.
_KEY_LINE = re.compile(r"^-- Key: (.+)$")
_REFERENCES_LINE = re.compile(r"^-- References: (.+)$")
#: Under `-- Columns:`, one `--   name: meaning` per column (3 spaces), continued on lines
#: indented deeper (`--     more of the meaning`).
_COLUMN_LINE = re.compile(r"^--   (\w+): (.+)$")
_CONTINUATION_LINE = re.compile(r"^--     +(\S.*)$")


def header(sql: str) -> ModelHeader:
    """Parse a model file's header comment (the `--` lines before its first statement).

    The grain is the `-- Grain:` sentence, over as many lines as it takes to reach its full stop.
    Files written before the key, references and column lines existed give empty ones.
    """
    lines: list[str] = []
    for line in sql.lstrip("\ufeff").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.rstrip())
    grain: str | None = None
    key: tuple[str, ...] | None = None
    refs: dict[str, str] = {}
    columns: dict[str, str] = {}
    current: str | None = None  # the column whose meaning continues on the next line
    for i, line in enumerate(lines):
        if line.startswith("-- Grain: "):
            parts = [line.removeprefix("-- Grain: ")]
            for more in lines[i + 1 :]:
                if parts[-1].endswith(".") or not more.startswith("-- ") or more == "--":
                    break
                parts.append(more.removeprefix("-- "))
            grain = " ".join(p.strip() for p in parts).removesuffix(".")
        elif m := _KEY_LINE.match(line):
            value = m.group(1).strip()
            key = () if value.startswith("none") else tuple(c.strip() for c in value.split(","))
        elif m := _REFERENCES_LINE.match(line):
            for pair in m.group(1).split(","):
                column, _, table = pair.partition("->")
                refs[column.strip()] = table.strip()
        elif m := _COLUMN_LINE.match(line):
            current = m.group(1)
            columns[current] = m.group(2).strip()
        elif current and (m := _CONTINUATION_LINE.match(line)):
            columns[current] += " " + m.group(1).strip()
        else:
            current = None
    return ModelHeader(grain=grain, key=key, references=refs, columns=columns)


def markdown_marts(directory: Path = MARTS_DIR) -> str:
    """The marts' data dictionary for docs/tables.md, from their headers: purpose, grain, key,
    references and every column's meaning."""
    parts = []
    for name, query in named_queries(directory).items():
        head = header(query.sql)
        facts = [f"Grain: {head.grain}."]
        if head.key:
            facts.append(f"Key: `{', '.join(head.key)}`.")
        if head.references:
            refs = "; ".join(f"`{c}` -> `{t}`" for c, t in head.references.items())
            facts.append(f"References: {refs}.")
        rows = [f"| {column} | {meaning} |" for column, meaning in head.columns.items()]
        table = ["| column | meaning |", "|---|---|", *rows]
        parts.append(
            "\n".join([f"### `{name}`", "", query.purpose, "", " ".join(facts), "", *table])
        )
    return "\n\n".join(parts) + "\n"


def _code(sql: str) -> str:
    """SQL without its `--` comments, so that a view named in a comment is not a dependency."""
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def _purpose(path: Path, sql: str) -> str:
    """The first line of a query file, `-- <purpose>`, without the comment marker."""
    first_line = sql.lstrip("\ufeff").split("\n", 1)[0].strip()
    purpose = first_line.removeprefix("--").strip()
    if not first_line.startswith("--") or not purpose:
        raise InvalidQueryFile(f"{path}: the first line must be '-- <one-line purpose>'")
    return purpose


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> QueryResult:
    """Run one SQL statement and return its column names and rows."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description or []]
    return QueryResult(columns, cursor.fetchall())
