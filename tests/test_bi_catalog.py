"""The catalog as a BI tool inspects it: SQLAlchemy's inspector through duckdb-engine (the
dialect Superset uses), and DuckDB's own metadata (duckdb_constraints(), duckdb_columns()).

The default schema must explain itself: every table that has a key declares it, with its foreign
keys; every table and column has a description; and every column has a type BI tools can show (no
lists, structs, maps, unions or blobs: those live in the schema `internal`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.sql.sqltypes import NullType
from test_sql import build_fixture_rows, write_warehouse

from flows import catalog, schema, views
from flows.catalog import DEFAULT_SCHEMA, INFO_TABLE, INTERNAL_SCHEMA, write_catalog

#: DuckDB types every BI tool shows (Superset: string, number, boolean, temporal).
SHOWN_TYPES = {
    "VARCHAR",
    "INTEGER",
    "BIGINT",
    "DOUBLE",
    "BOOLEAN",
    "DATE",
    "TIMESTAMP",
    "TIMESTAMP WITH TIME ZONE",
}
MARTS = {m.name: views.header(m.sql) for m in views.models((views.MARTS_DIR,))}
SHOWN_TABLES = [t for t in schema.TABLES if t not in catalog.INTERNAL_TABLES]


@pytest.fixture(scope="module")
def catalog_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = write_warehouse(tmp_path_factory.mktemp("bi") / "warehouse", build_fixture_rows())
    result = write_catalog(warehouse)
    assert result.problems == []  # the fixture keeps every key
    assert isinstance(result.path, Path)
    return result.path


@pytest.fixture(scope="module")
def engine(catalog_file: Path) -> Iterator[sa.Engine]:
    """A read-only engine, as Superset opens the catalog."""
    engine = sa.create_engine(f"duckdb:///{catalog_file}", connect_args={"read_only": True})
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def inspector(engine: sa.Engine) -> sa.Inspector:
    version = tuple(int(part) for part in sa.__version__.split(".")[:3])
    assert version < (2, 0, 45), (
        f"SQLAlchemy {sa.__version__} cannot reflect a DuckDB file through duckdb-engine "
        "(Mause/duckdb_engine#1379); the dev extras pin <2.0.45: run make install"
    )
    return sa.inspect(engine)


@pytest.fixture(scope="module")
def con(engine: sa.Engine) -> Iterator[sa.Connection]:
    """DuckDB's metadata functions, through the same engine (DuckDB refuses a second connection
    to one file with another configuration in the same process)."""
    with engine.connect() as connection:
        yield connection


def expected_keys() -> dict[str, list[str]]:
    """Table -> primary key columns, for every default-schema table that has a key."""
    keys = {t: list(schema.primary_key(t)) for t in SHOWN_TABLES}
    keys |= {name: list(head.key) for name, head in MARTS.items() if head.key}
    keys[INFO_TABLE] = ["schema_name", "table_name"]
    return keys


def expected_references() -> set[tuple[str, str, str]]:
    """(table, column, referenced table) for every default-schema foreign key."""
    refs = {(t, c, p) for t in SHOWN_TABLES for c, p in schema.references(t).items()}
    return refs | {(m, c, p) for m, head in MARTS.items() for c, p in head.references.items()}


def test_the_default_schema_lists_what_an_analyst_charts(inspector: sa.Inspector) -> None:
    schemas = inspector.get_schema_names()
    assert {f"warehouse.{DEFAULT_SCHEMA}", f"warehouse.{INTERNAL_SCHEMA}"} <= set(schemas)
    shown = set(inspector.get_table_names(schema=DEFAULT_SCHEMA))
    assert shown == {*SHOWN_TABLES, *MARTS, INFO_TABLE}
    assert set(inspector.get_table_names(schema=INTERNAL_SCHEMA)) == {
        "document_signatures",
        "inputs",
        "entity_variants",
        "runs",
    }


@pytest.mark.parametrize("table", [*SHOWN_TABLES, *MARTS, INFO_TABLE])
def test_every_column_has_a_description_and_a_type_bi_tools_show(
    inspector: sa.Inspector, table: str
) -> None:
    columns = inspector.get_columns(table, schema=DEFAULT_SCHEMA)
    assert columns
    undescribed = [c["name"] for c in columns if not c.get("comment")]
    assert undescribed == [], f"{table}: columns without a comment"
    # duckdb-engine reflects a type SQLAlchemy does not know (a LIST, a STRUCT) as NullType,
    # which Superset shows as UNKNOWN.
    unknown = [c["name"] for c in columns if isinstance(c["type"], NullType)]
    assert unknown == [], f"{table}: columns of a type BI tools cannot show"
    assert inspector.get_table_comment(table, schema=DEFAULT_SCHEMA)["text"]


def test_the_internal_schema_keeps_what_bi_tools_cannot_show(inspector: sa.Inspector) -> None:
    """The same inspection flags a list column: only the internal copy of runs has one."""
    with pytest.warns(sa.exc.SAWarning, match="type 'list' of column 'replaced_files'"):
        internal = inspector.get_columns("runs", schema=INTERNAL_SCHEMA)
    runs = {c["name"]: c["type"] for c in internal}
    assert isinstance(runs["replaced_files"], NullType)
    shown = {c["name"] for c in inspector.get_columns("runs", schema=DEFAULT_SCHEMA)}
    assert shown == set(runs) - {"replaced_files"}


@pytest.mark.parametrize("table", [*SHOWN_TABLES, *MARTS])
def test_sqlalchemy_reads_the_foreign_keys(inspector: sa.Inspector, table: str) -> None:
    got = {
        (fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0])
        for fk in inspector.get_foreign_keys(table, schema=DEFAULT_SCHEMA)
    }
    want = {(c, p, schema.primary_key(p)[0]) for t, c, p in expected_references() if t == table}
    assert got == want


def test_duckdb_declares_every_key(con: sa.Connection) -> None:
    rows = con.execute(
        sa.text(
            "select table_name, constraint_type, constraint_column_names, referenced_table "
            "from duckdb_constraints() where database_name = 'warehouse' "
            "and schema_name = :schema and constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')"
        ),
        {"schema": DEFAULT_SCHEMA},
    ).all()
    keys = {t: cols for t, kind, cols, _ in rows if kind == "PRIMARY KEY"}
    refs = {(t, cols[0], parent) for t, kind, cols, parent in rows if kind == "FOREIGN KEY"}
    assert keys == expected_keys()
    assert refs == expected_references()
    # Every default-schema table has a key, but the marts whose grain has nullable columns.
    keyless = {"counted_objects", "numbers_daily"}
    assert {m for m, head in MARTS.items() if not head.key} == keyless
    assert set(SHOWN_TABLES) | set(MARTS) | {INFO_TABLE} == set(keys) | keyless
    assert {"mentions", "quotes", "quotes_attributed"} <= {t for t, _, p in refs if p == "entities"}


def test_duckdb_columns_all_commented_and_shown(con: sa.Connection) -> None:
    rows = con.execute(
        sa.text(
            "select schema_name, table_name, column_name, data_type, comment "
            "from duckdb_columns() where database_name = 'warehouse'"
        )
    ).all()
    # The shown tables, the marts, catalog_info, and in internal the hidden tables and runs.
    hidden = len(schema.TABLES) - len(SHOWN_TABLES)
    assert len({(s, t) for s, t, *_ in rows}) == len(SHOWN_TABLES) + len(MARTS) + 1 + hidden + 1
    assert [(s, t, c) for s, t, c, _, comment in rows if not comment] == []
    odd = {(t, c, ty) for s, t, c, ty, _ in rows if s == DEFAULT_SCHEMA and ty not in SHOWN_TYPES}
    assert odd == set()
    internal = {(t, c): ty for s, t, c, ty, _ in rows if s == INTERNAL_SCHEMA}
    assert internal["document_signatures", "minhash"] == "BLOB"
    assert internal["document_signatures", "bands"] == "VARCHAR[]"
    tables = con.execute(
        sa.text(
            "select schema_name, table_name, comment from duckdb_tables() "
            "where database_name = 'warehouse'"
        )
    ).all()
    assert [(s, t) for s, t, comment in tables if not comment] == []


def test_written_for_the_duckdb_bi_tools_bundle(con: sa.Connection) -> None:
    """BI tools bundle an older DuckDB than the pipeline's (Superset 6.1's duckdb extra pins
    duckdb < 2); the catalog is written in the format every DuckDB since 1.0 reads."""
    (version,) = con.execute(
        sa.text("select tags from duckdb_databases() where database_name = 'warehouse'")
    ).one()
    assert version["storage_version"] == f"{catalog.STORAGE_VERSION}+"
