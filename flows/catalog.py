"""The BI catalog: one DuckDB file holding every warehouse table and mart as a real table.

The rows are copied into the file rather than left as views over the Parquet: DuckDB resolves a
relative path in a view against the reader's working directory, and an absolute one breaks when
the folder moves to another machine, so only data held in the file survives a move or a copy.

The file is written under a temporary name beside the target and renamed over it (one atomic
step on one file system). A reader that opened the old file read-only keeps reading the old one
until it reconnects; it never sees a half-written catalog, and it never blocks the writer, which
holds the lock of the temporary file only. No Prefect here: callers pass the paths.

A warehouse on object storage (`s3://bucket/prefix`) gets its catalog beside it there too: the
file is built locally in a temporary folder, then uploaded in one step (an object appears whole).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from flows import storage, views
from flows.config import PIPELINE_VERSION
from flows.schema import TABLES, describe, table_doc

#: The catalog file's suffix: `<warehouse name>.duckdb` beside the warehouse folder, unless told
#: otherwise (named after its warehouse, so that two warehouses in one folder keep one each).
CATALOG_SUFFIX = ".duckdb"
#: The default name before issue 17: still refreshed after a run where a user made one.
LEGACY_CATALOG_FILE = "broadsheet.duckdb"
#: One row per catalog table: its kind, meaning, grain and row count.
INFO_TABLE = "catalog_info"
#: Name under which the file being built is attached to the in-memory connection.
_BUILD_ALIAS = "catalog_build"


@dataclass(frozen=True, slots=True)
class CatalogResult:
    """What a catalog write produced: the file, rows per table (tables then marts), seconds."""

    path: Path | str
    rows: dict[str, int]
    n_tables: int
    n_marts: int
    elapsed_s: float


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


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _grain(sql: str) -> str | None:
    for line in sql.splitlines()[1:4]:
        if line.startswith("-- Grain: "):
            return line.removeprefix("-- Grain: ").strip()
    return None


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
            target, local.rows, local.n_tables, local.n_marts, time.perf_counter() - started
        )
    built_at = built_at or dt.datetime.now(dt.UTC)
    con = views.connect(root, snapshot=True)  # every table copied from one listing
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    marts = {m.name: m for m in views.models((views.MARTS_DIR,))}
    rows: dict[str, int] = {}
    try:
        con.execute(f"attach {_quote_literal(str(tmp))} as {_BUILD_ALIAS}")
        info: list[tuple[str, str, str, str | None, int]] = []
        for name in [*TABLES, *marts]:
            con.execute(
                f"create table {_BUILD_ALIAS}.main.{name} as select * from memory.main.{name}"
            )
            (rows[name],) = con.execute(
                f"select count(*) from {_BUILD_ALIAS}.main.{name}"
            ).fetchone() or (0,)
            if name in TABLES:
                kind, purpose, grain = "table", table_doc(name), None
                # An older warehouse may lack columns added to the contract since: skip those.
                cursor = con.execute(f"select * from {_BUILD_ALIAS}.main.{name} limit 0")
                present = {d[0] for d in cursor.description or []}
                for column, meaning in describe(name).items():
                    if column not in present:
                        continue
                    con.execute(
                        f"comment on column {_BUILD_ALIAS}.main.{name}.{column} is "
                        f"{_quote_literal(meaning)}"
                    )
            else:
                kind, purpose, grain = "mart", marts[name].purpose, _grain(marts[name].sql)
            con.execute(f"comment on table {_BUILD_ALIAS}.main.{name} is {_quote_literal(purpose)}")
            info.append((name, kind, purpose, grain, rows[name]))
        con.execute(
            f"""
            create table {_BUILD_ALIAS}.main.{INFO_TABLE} (
                table_name varchar, kind varchar, purpose varchar, grain varchar,
                n_rows bigint, built_at timestamptz, pipeline_version varchar
            )
            """
        )
        con.executemany(
            f"insert into {_BUILD_ALIAS}.main.{INFO_TABLE} values (?, ?, ?, ?, ?, ?, ?)",
            [(*row, built_at, PIPELINE_VERSION) for row in info],
        )
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
        n_marts=len(marts),
        elapsed_s=time.perf_counter() - started,
    )
