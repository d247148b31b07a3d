"""The BI catalog: one DuckDB file that holds every table and mart, survives a move, opens
read-only through SQLAlchemy (as Superset does) and is replaced atomically under open readers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from test_sql import KIRBY, RUN_ID, build_fixture_rows, write_warehouse

from flows import catalog, schema
from flows.catalog import INFO_TABLE, default_catalog_path, mart_names, write_catalog
from flows.cli import main
from flows.views import WarehouseNotFound

FIXTURE_ROWS = {table: len(rows) for table, rows in build_fixture_rows().items()}


def engine(path: Path) -> sa.Engine:
    """A read-only SQLAlchemy engine on a DuckDB file, as a BI tool opens the catalog."""
    return sa.create_engine(f"duckdb:///{path}", connect_args={"read_only": True})


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder holding data/warehouse/ with the realistic rows of test_sql.py."""
    write_warehouse(tmp_path / "project" / "data" / "warehouse", build_fixture_rows())
    return tmp_path / "project"


CATALOG_FILE = "warehouse.duckdb"  # data/warehouse's


def test_default_path_is_beside_the_warehouse_and_named_after_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert default_catalog_path(data / "warehouse") == data / CATALOG_FILE
    # Two warehouses in one folder keep a catalog each.
    assert default_catalog_path(data / "wires") == data / "wires.duckdb"
    assert default_catalog_path("s3://bucket/news/wires") == "s3://bucket/news/wires.duckdb"


def test_catalog_survives_a_move_and_reads_through_sqlalchemy(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = write_catalog("data/warehouse")
    assert result.path == project / "data" / CATALOG_FILE
    assert result.n_tables == len(schema.TABLES) and result.n_marts == len(mart_names())
    assert {t: result.rows[t] for t in schema.TABLES} == FIXTURE_ROWS
    assert not [p for p in result.path.parent.iterdir() if p.name.endswith((".tmp", ".wal"))]

    # Move the folder to another place, drop the warehouse, read from yet another directory:
    # only data held in the file can still answer.
    moved = tmp_path / "elsewhere" / "bi"
    shutil.move(project / "data", moved)
    shutil.rmtree(moved / "warehouse")
    monkeypatch.chdir(tmp_path)
    with engine(moved / CATALOG_FILE).connect() as con:
        for table, n in FIXTURE_ROWS.items():
            where = "internal." if table in catalog.INTERNAL_TABLES else ""
            assert con.execute(sa.text(f"select count(*) from {where}{table}")).scalar() == n
        for mart in mart_names():
            assert (
                con.execute(sa.text(f"select count(*) from {mart}")).scalar() == result.rows[mart]
            )
        speaker = con.execute(
            sa.text("select speaker_name, n_quotes from speakers where speaker_key = :k"),
            {"k": KIRBY},
        ).one()
        assert tuple(speaker) == ("John Kirby", 2)
        quote = con.execute(
            sa.text("select quote_text from quotes_attributed where speaker_name = 'an official'")
        ).scalar()
        assert quote == "It is a drill"
        # Marts are real tables in the file, not views over paths that no longer exist.
        tables = con.execute(
            sa.text("select table_name, table_type from information_schema.tables")
        )
        kinds = {name: kind for name, kind in tables}
        assert all(kinds[name] == "BASE TABLE" for name in [*schema.TABLES, *mart_names()])
        # Every row of runs is in both schemas; the list column only in `internal`.
        (files,) = con.execute(sa.text("select replaced_files from internal.runs")).one()
        assert files == []
        with pytest.raises(sa.exc.DBAPIError, match="replaced_files"):
            con.execute(sa.text("select replaced_files from runs"))
        con.rollback()  # the failed statement aborted the transaction
        with pytest.raises(sa.exc.DBAPIError, match="read-only"):
            con.execute(sa.text("create table scratch (x integer)"))


def test_sqlalchemy_lists_every_table_and_mart(project: Path) -> None:
    """The default schema lists what an analyst charts; `internal` the rest (both are listed by
    name, as Superset lists a schema's tables)."""
    result = write_catalog(project / "data" / "warehouse")
    inspector = sa.inspect(engine(result.path))
    shown = set(schema.TABLES) - set(catalog.INTERNAL_TABLES)
    assert set(inspector.get_table_names(schema="main")) == {*shown, *mart_names(), INFO_TABLE}
    assert set(inspector.get_table_names(schema="internal")) == {*catalog.INTERNAL_TABLES, "runs"}


def test_catalog_describes_itself(project: Path) -> None:
    result = write_catalog(project / "data" / "warehouse")
    assert result.problems == []
    with duckdb.connect(str(result.path), read_only=True) as con:
        info = {
            (schema_name, name): (kind, purpose, grain, n, key, undeclared)
            for schema_name, name, kind, purpose, grain, n, key, undeclared in con.execute(
                "select schema_name, table_name, kind, purpose, grain, n_rows, primary_key, "
                f"undeclared_keys from {INFO_TABLE}"
            ).fetchall()
        }
        assert {name for _, name in info} == {*schema.TABLES, *mart_names()}
        assert {key for key in info if key[0] == "internal"} == {
            ("internal", "document_signatures"),
            ("internal", "inputs"),
            ("internal", "entity_variants"),
            ("internal", "runs"),
        }
        assert info["main", "documents"] == (
            "table",
            schema.table_doc("documents"),
            "one row per distinct document (doc_id)",
            3,
            "doc_id",
            None,
        )
        assert info["main", "quotes"][2:] == (
            "one row per statement (doc_id, quote_idx)",
            3,
            "doc_id, quote_idx",
            None,
        )
        kind, purpose, grain, _, key, _ = info["main", "speakers"]
        assert kind == "mart" and purpose.startswith("Quotes per speaker")
        assert grain.startswith("one row per speaker (speaker_id): a resolved entity")
        assert grain.endswith('case-folded ("an official")') and key == "speaker_id"
        # Every base table has a grain; a mart whose grain has nullable columns has no key.
        assert all(row[2] for row in info.values())
        assert info["main", "counted_objects"][4] is None
        # Column meanings from the contract travel with the data, for tools that show them.
        comment = con.execute(
            "select comment from duckdb_columns() "
            "where table_name = 'numbers' and column_name = 'object'"
        ).fetchone()
        assert comment == (schema.describe("numbers")["object"],)
        comment = con.execute(
            "select comment from duckdb_columns() "
            "where table_name = 'speakers' and column_name = 'n_reported'"
        ).fetchone()
        assert comment == ("their reported statements (indirect speech)",)


def test_a_broken_key_is_left_undeclared_and_said(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warehouse whose mentions point at an entity it lacks (an orphan: sql/checks finds it)
    still gets a whole catalog: the broken foreign key is not declared, every row is copied, and
    the write says so in catalog_info, in its result and on the terminal (the run logs the same
    result as a warning)."""
    rows = build_fixture_rows()
    orphan = rows["mentions"][0]
    rows["mentions"][0] = type(orphan)(**{**_fields(orphan), "entity_key": "person:nobody"})
    warehouse = project / "orphan" / "warehouse"
    write_warehouse(warehouse, rows)
    out = project / "orphan.duckdb"
    assert main(["catalog", "--warehouse", str(warehouse), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    expected = (
        "main.mentions: foreign key (entity_key) -> entities: 1 rows with no match in entities"
    )
    assert f"broadsheet catalog: warning: {expected}" in err
    assert "mentions_have_entities.sql" in err
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select count(*) from mentions").fetchone() == (len(rows["mentions"]),)
        keys = con.execute(
            "select constraint_type, constraint_column_names from duckdb_constraints() "
            "where table_name = 'mentions' and constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')"
        ).fetchall()
        assert sorted(keys) == [
            ("FOREIGN KEY", ["doc_id"]),
            ("PRIMARY KEY", ["doc_id", "mention_idx"]),
        ]
        (undeclared,) = con.execute(
            f"select undeclared_keys from {INFO_TABLE} where table_name = 'mentions'"
        ).fetchone()
        assert undeclared == expected.removeprefix("main.mentions: ")
    # The same write through the API: the problems are in the result, for the run to log; the
    # marts that carry the orphan key on break the same foreign key.
    result = write_catalog(warehouse, out)
    assert result.problems[0] == expected
    assert [p.split(":")[0] for p in result.problems[1:]] == [
        "main.entity_network",
        "main.mentions_daily",
    ]


def test_rewrite_while_a_reader_is_open(project: Path) -> None:
    warehouse = project / "data" / "warehouse"
    result = write_catalog(warehouse)
    bi_tool = engine(result.path)
    reader = bi_tool.connect()
    try:
        assert reader.execute(sa.text("select count(*) from documents")).scalar() == 3
        # The next run adds a document; the catalog is written again under the open reader.
        rows = build_fixture_rows()
        extra = rows["documents"][2]
        rows["documents"] = [
            type(extra)(**{**_fields(extra), "doc_id": "doc_d", "source_uri": "seeds/doc_d.txt"})
        ]
        rows = {t: rows[t] if t == "documents" else [] for t in rows}
        write_warehouse_part(warehouse, rows)
        again = write_catalog(warehouse)
        assert again.path == result.path and again.rows["documents"] == 4
        # The open reader keeps its consistent, old snapshot.
        assert reader.execute(sa.text("select count(*) from documents")).scalar() == 3
        # So does a new connection made in this process while that one is open: DuckDB shares
        # one open database per file within a process. Another process reads the new file.
        same_process = engine(result.path)
        with same_process.connect() as fresh:
            assert fresh.execute(sa.text("select count(*) from documents")).scalar() == 3
        same_process.dispose()
        other_process = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import duckdb; print(duckdb.connect({str(result.path)!r}, "
                "read_only=True).execute('select count(*) from documents').fetchone()[0])",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert other_process.stdout.strip() == "4"
    finally:
        reader.close()
        # A pooled connection keeps the file it opened, and DuckDB shares one open database per
        # path within a process: a new connection reads the new file only once every connection
        # to the old one is closed (docs/operations.md).
        bi_tool.dispose()
    with engine(result.path).connect() as fresh:
        assert fresh.execute(sa.text("select count(*) from documents")).scalar() == 4


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def write_warehouse_part(warehouse: Path, rows: dict[str, list[object]]) -> None:
    """One more file per table, named as the loader names a run's batch (the views show only
    files of runs that have a runs row)."""
    import pyarrow.parquet as pq

    for table, records in rows.items():
        if records:
            path = warehouse / table / f"part-{RUN_ID}-00002.parquet"
            pq.write_table(schema.to_arrow(table, records), path)


def test_failed_write_keeps_the_old_catalog(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = project / "data" / "warehouse"
    result = write_catalog(warehouse)
    before = result.path.read_bytes()

    def broken(table: str) -> dict[str, str]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(catalog, "describe", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_catalog(warehouse)
    assert result.path.read_bytes() == before
    assert sorted(p.name for p in result.path.parent.iterdir()) == ["warehouse", CATALOG_FILE]


def test_missing_warehouse_raises(tmp_path: Path) -> None:
    with pytest.raises(WarehouseNotFound):
        write_catalog(tmp_path / "no" / "warehouse")
    assert not (tmp_path / "no").exists()


def test_cli_catalog(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bi" / "news.duckdb"
    assert (
        main(["catalog", "--warehouse", str(project / "data" / "warehouse"), "--output", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert str(out) in printed and f"duckdb:///{out}" in printed
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select count(*) from quotes").fetchone() == (3,)


def test_cli_catalog_missing_warehouse_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["catalog", "--warehouse", "no/such/warehouse"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("broadsheet: error: warehouse folder not found")
