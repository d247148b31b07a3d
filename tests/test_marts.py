"""sql/staging/ and sql/marts/: every view builds, in order, and answers right on the hand-made
warehouse of test_sql.py and on a real pipeline run over seeds/."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from test_sql import KIRBY, NATO, PENTAGON, USA, build_fixture_rows, write_warehouse

from flows import schema, views
from flows.views import MARTS_DIR, STAGING_DIR, ModelCycle, connect, models, named_queries

from conftest import SHARED

STAGING = [m.name for m in models((STAGING_DIR,))]
MARTS = [m.name for m in models((MARTS_DIR,))]
EXPECTED_MARTS = {
    "mentions_daily",
    "quotes_attributed",
    "counted_objects",
    "numbers_daily",
    "entity_network",
    "speakers",
    "places",
    "document_facts",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("marts") / "warehouse", build_fixture_rows())


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("marts-empty") / "warehouse")


@pytest.fixture()
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(warehouse)
    yield connection
    connection.close()


def rows_of(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _code(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


# --- the files ----------------------------------------------------------------------------------


def test_one_staging_view_per_contract_table() -> None:
    assert sorted(STAGING) == sorted(f"stg_{t}" for t in schema.TABLES)


def test_the_marts_the_issue_asks_for() -> None:
    assert set(MARTS) == EXPECTED_MARTS


@pytest.mark.parametrize("model", models(), ids=lambda m: m.name)
def test_header_and_view_name(model: views.NamedQuery) -> None:
    lines = model.sql.splitlines()
    assert lines[0].startswith("-- ") and model.purpose
    assert lines[1].startswith("-- Grain: one row per"), model.path
    # The file creates exactly the view its name promises, and nothing else.
    assert re.findall(r"create or replace view (\w+) as", model.sql) == [model.name]
    assert _code(model.sql).count(";") == 0


def test_header_parser_reads_key_references_and_wrapped_columns() -> None:
    head = views.header(
        "-- Places in the news.\n"
        "-- Grain: one row per place entity,\n"
        "-- counted once (entity_key).\n"
        "-- A free note: not a column.\n"
        "--\n"
        "-- Key: entity_key\n"
        "-- References: entity_key -> entities, doc_id -> documents\n"
        "-- Columns:\n"
        "--   entity_key: the place\n"
        "--   latitude: WGS84 latitude; null when\n"
        "--     unknown or ambiguous\n"
        "\n"
        "create or replace view places as select 1 -- n: not a header line\n"
    )
    assert head.grain == "one row per place entity, counted once (entity_key)"
    assert head.key == ("entity_key",)
    assert head.references == {"entity_key": "entities", "doc_id": "documents"}
    assert head.columns == {
        "entity_key": "the place",
        "latitude": "WGS84 latitude; null when unknown or ambiguous",
    }
    assert views.header("-- x\n-- Key: none (unit may be null)\n").key == ()
    assert views.header("-- x\n-- Grain: one row.\n").key is None


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_column_is_described(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    """The header's `-- Columns:` block names every column of the view, and only those, in the
    view's order: the catalog's column comments and docs/tables.md come from it."""
    head = views.header((MARTS_DIR / f"{mart}.sql").read_text())
    columns = [r[0] for r in con.execute(f"describe {mart}").fetchall()]
    assert list(head.columns) == columns
    assert all(len(meaning) > 3 for meaning in head.columns.values())
    assert head.key is not None, "state the key, or `-- Key: none (why)`"
    assert set(head.key) <= set(columns) and set(head.references) <= set(columns)
    assert set(head.references.values()) <= set(schema.TABLES)


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_staging_reads_every_contract_column(table: str) -> None:
    code = _code((STAGING_DIR / f"stg_{table}.sql").read_text())
    missing = [c for c in schema.columns(table) if not re.search(rf"\b{c}\b", code)]
    assert missing == [], f"stg_{table} drops contract column(s) {missing}"


@pytest.mark.parametrize("mart", MARTS)
def test_marts_read_staging_not_sources(mart: str) -> None:
    # dbt's rule: marts build on staging (or other marts), never on the raw source views.
    code = _code((MARTS_DIR / f"{mart}.sql").read_text())
    ctes = set(re.findall(r"^(\w+) as \($", code, flags=re.M))  # import CTEs reuse table names
    read = set(re.findall(r"\b(?:from|join) (\w+)", code)) - ctes
    assert read, "no view read"
    assert not read & set(schema.TABLES), f"{mart} reads source views {read & set(schema.TABLES)}"
    assert read <= {*STAGING, *MARTS}


def test_models_are_ordered_by_dependency(tmp_path: Path) -> None:
    order = [m.name for m in models()]
    assert order[: len(STAGING)] == STAGING  # the whole staging layer first
    assert order.index("quotes_attributed") < order.index("speakers")
    # Within a layer a reader comes after what it reads, whatever the file names say.
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "a_reader.sql").write_text(
        "-- reads z\n-- Grain: one row\ncreate or replace view a_reader as select * from z_base\n"
    )
    (layer / "z_base.sql").write_text(
        "-- base (a_reader is only named in this comment)\n-- Grain: one row\n"
        "create or replace view z_base as select 1 as x\n"
    )
    assert [m.name for m in models((layer,))] == ["z_base", "a_reader"]
    (layer / "z_base.sql").write_text(
        "-- base\n-- Grain: one row\ncreate or replace view z_base as select * from a_reader\n"
    )
    with pytest.raises(ModelCycle, match="a_reader"):
        models((layer,))


# --- building them ------------------------------------------------------------------------------


def test_connect_creates_every_staging_and_mart_view(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    assert {*STAGING, *MARTS} <= {name for (name,) in rows}


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_staging_keeps_every_row(con: duckdb.DuckDBPyConnection, table: str) -> None:
    (n_source,) = con.execute(f"select count(*) from {table}").fetchone() or (None,)
    (n_staged,) = con.execute(f"select count(*) from stg_{table}").fetchone() or (None,)
    assert n_staged == n_source == len(build_fixture_rows()[table])


def test_staging_types_and_names(con: duckdb.DuckDBPyConnection) -> None:
    types = dict(
        con.execute("select column_name, column_type from (describe stg_documents)").fetchall()
    )
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["published_date"] == "DATE"
    assert types["n_words"] == "INTEGER"
    assert types["is_duplicate"] == "BOOLEAN"
    assert "text" not in types and types["document_text"] == "VARCHAR"
    numbers = rows_of(con, "select * from stg_numbers order by doc_id")
    assert [(n["counted_object_key"], n["number_value"], n["is_hedged"]) for n in numbers] == [
        ("troops", 8500.0, True),
        ("troops", 1000.0, True),
    ]
    (day,) = con.execute(
        "select published_date from stg_documents where doc_id = 'doc_a'"
    ).fetchone() or (None,)
    assert day == dt.date(2022, 1, 24)  # 21:00 UTC stays the 24th whatever the session zone


@pytest.mark.parametrize("view", [*STAGING, *MARTS])
def test_every_view_is_empty_on_an_empty_warehouse(empty_warehouse: Path, view: str) -> None:
    with connect(empty_warehouse) as con:
        assert con.execute(f"select count(*) from {view}").fetchone() == (0,)


def test_mentions_daily(con: duckdb.DuckDBPyConnection) -> None:
    got = rows_of(
        con,
        "select day, date_basis, entity_key, canonical_name, n_mentions, n_documents "
        "from mentions_daily order by day, entity_key",
    )
    jan23, jan24 = dt.date(2022, 1, 23), dt.date(2022, 1, 24)
    assert [tuple(r.values()) for r in got] == [
        (jan23, "published", NATO, "NATO", 1, 1),
        (jan23, "published", KIRBY, "John Kirby", 2, 1),
        (jan24, "published", USA, "United States", 1, 1),
        (jan24, "published", NATO, "NATO", 1, 1),
        (jan24, "published", PENTAGON, "Pentagon", 1, 1),
        (jan24, "published", KIRBY, "John Kirby", 3, 1),
    ]


def test_mentions_daily_falls_back_to_ingestion_day(tmp_path: Path) -> None:
    rows = build_fixture_rows()
    rows["documents"] = [
        d if d.doc_id != "doc_b" else type(d)(**{**_fields(d), "published_at": None})
        for d in rows["documents"]
    ]
    with connect(write_warehouse(tmp_path / "warehouse", rows)) as con:
        got = con.execute(
            "select distinct day, date_basis from mentions_daily order by day"
        ).fetchall()
    assert got == [(dt.date(2022, 1, 24), "published"), (dt.date(2022, 1, 25), "ingested")]


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def test_quotes_attributed(con: duckdb.DuckDBPyConnection) -> None:
    got = rows_of(
        con,
        "select doc_id, speaker_name, speaker_label, speech_verb, quote_text, n_quote_words, "
        "is_speaker_resolved from quotes_attributed order by doc_id, quote_idx",
    )
    assert [tuple(r.values()) for r in got] == [
        ("doc_a", "John Kirby", "PERSON", "said", "No decisions have been made", 5, True),
        ("doc_b", "John Kirby", "PERSON", "reiterated", "We are ready", 3, True),
        ("doc_b", "an official", None, "said", "It is a drill", 4, False),
    ]


def test_counted_objects(con: duckdb.DuckDBPyConnection) -> None:
    (row,) = rows_of(con, "select * from counted_objects")
    assert row == {
        "counted_object_key": "troops",
        "counted_object": "troops",
        "number_kind": "cardinal",
        "unit": None,
        "n_numbers": 2,
        "n_documents": 2,
        "n_hedged": 2,
        "min_value": 1000.0,
        "max_value": 8500.0,
        "median_value": 4750.0,
        "total_value": 9500.0,
        "largest_number_text": "some 8,500",
    }


def test_numbers_daily(con: duckdb.DuckDBPyConnection) -> None:
    got = rows_of(con, "select * from numbers_daily order by day")
    jan23, jan24 = dt.date(2022, 1, 23), dt.date(2022, 1, 24)
    row = {
        "date_basis": "published",
        "counted_object_key": "troops",
        "counted_object": "troops",
        "number_kind": "cardinal",
        "unit": None,
        "n_numbers": 1,
        "n_documents": 1,
        "n_hedged": 1,
    }
    assert got == [
        {"day": jan23, **row, "min_value": 1000.0, "max_value": 1000.0, "total_value": 1000.0},
        {"day": jan24, **row, "min_value": 8500.0, "max_value": 8500.0, "total_value": 8500.0},
    ]


def test_day_and_date_basis(con: duckdb.DuckDBPyConnection) -> None:
    """One day to chart by in every mart that has a time: the UTC publication day, else the
    ingestion day (doc_c has no date); rows written before published_at_source existed (as
    these are: the field is None) read as metadata when dated, else none."""
    ingested = dt.date(2022, 1, 25)
    facts = rows_of(
        con,
        "select doc_id, published_at_source, day, date_basis from document_facts order by doc_id",
    )
    assert [tuple(r.values()) for r in facts] == [
        ("doc_a", "metadata", dt.date(2022, 1, 24), "published"),
        ("doc_b", "metadata", dt.date(2022, 1, 23), "published"),
        ("doc_c", "none", ingested, "ingested"),
    ]
    quotes = rows_of(
        con,
        "select doc_id, ingested_at, day, date_basis from quotes_attributed order by doc_id",
    )
    assert {(q["doc_id"], q["day"], q["date_basis"]) for q in quotes} == {
        ("doc_a", dt.date(2022, 1, 24), "published"),
        ("doc_b", dt.date(2022, 1, 23), "published"),
    }
    assert {q["ingested_at"] for q in quotes} == {dt.datetime(2022, 1, 25, 9, tzinfo=dt.UTC)}


def test_published_at_source_from_a_dateline(tmp_path: Path) -> None:
    rows = build_fixture_rows()
    sources = {"doc_a": "metadata", "doc_b": "dateline", "doc_c": "none"}
    rows["documents"] = [
        type(d)(**{**_fields(d), "published_at_source": sources[d.doc_id]})
        for d in rows["documents"]
    ]
    with connect(write_warehouse(tmp_path / "warehouse", rows)) as con:
        got = con.execute(
            "select doc_id, published_at_source from document_facts order by doc_id"
        ).fetchall()
    assert got == [("doc_a", "metadata"), ("doc_b", "dateline"), ("doc_c", "none")]


def test_a_warehouse_older_than_published_at_source(tmp_path: Path) -> None:
    """Documents files written before datelines were read lack the column: the documents view
    shows it null, and staging (so every mart) says metadata or none."""
    root = write_warehouse(tmp_path / "warehouse", build_fixture_rows())
    for path in (root / "documents").glob("*.parquet"):
        pq.write_table(pq.read_table(path).drop(["published_at_source"]), path)
    with connect(root) as con:
        assert con.execute("select distinct published_at_source from documents").fetchall() == [
            (None,)
        ]
        got = con.execute(
            "select doc_id, published_at_source, date_basis from stg_documents order by doc_id"
        ).fetchall()
    assert got == [
        ("doc_a", "metadata", "published"),
        ("doc_b", "metadata", "published"),
        ("doc_c", "none", "ingested"),
    ]


def test_entity_network(con: duckdb.DuckDBPyConnection) -> None:
    got = rows_of(
        con,
        "select entity_key_a, entity_key_b, canonical_name_a, canonical_name_b, entity_label_a, "
        "n_sentences, n_documents from entity_network "
        "order by n_sentences desc, entity_key_a, entity_key_b",
    )
    assert [tuple(r.values()) for r in got] == [
        (NATO, KIRBY, "NATO", "John Kirby", "ORG", 2, 2),
        (USA, NATO, "United States", "NATO", "GPE", 1, 1),
        (USA, KIRBY, "United States", "John Kirby", "GPE", 1, 1),
        (PENTAGON, KIRBY, "Pentagon", "John Kirby", "ORG", 1, 1),
    ]


def test_speakers(con: duckdb.DuckDBPyConnection) -> None:
    got = {r["speaker_id"]: r for r in rows_of(con, "select * from speakers")}
    assert set(got) == {KIRBY, "text:an official"}
    kirby, official = got[KIRBY], got["text:an official"]
    assert (kirby["speaker_name"], kirby["n_quotes"], kirby["n_documents"]) == ("John Kirby", 2, 2)
    assert kirby["speech_verbs"] == "reiterated, said"
    assert kirby["is_resolved"] is True
    assert kirby["longest_quote_text"] == "No decisions have been made"
    assert kirby["first_published_at"] == DOC_B_PUBLISHED
    assert (official["speaker_name"], official["speaker_key"], official["is_resolved"]) == (
        "an official",
        None,
        False,
    )


DOC_B_PUBLISHED = dt.datetime(2022, 1, 23, 12, 0, tzinfo=dt.UTC)


def test_speakers_leave_out_unattributed_statements(tmp_path: Path) -> None:
    """A statement with no speaker at all has no row in speakers (a chart of the top speakers
    starts with someone); document_facts.n_unattributed counts it."""
    rows = build_fixture_rows()
    known = rows["quotes"][2]
    rows["quotes"].append(
        type(known)(**{**_fields(known), "quote_idx": 2, "speaker_text": None, "verb": None})
    )
    with connect(write_warehouse(tmp_path / "warehouse", rows)) as con:
        speakers = rows_of(con, "select speaker_id, speaker_name, n_statements from speakers")
        facts = rows_of(con, "select doc_id, n_unattributed from document_facts order by doc_id")
        (n_null,) = con.execute(
            "select count(*) from quotes_attributed where speaker_name is null"
        ).fetchone()
    assert {s["speaker_id"] for s in speakers} == {KIRBY, "text:an official"}
    assert all(s["speaker_name"] for s in speakers)
    assert [(f["doc_id"], f["n_unattributed"]) for f in facts] == [
        ("doc_a", 0),
        ("doc_b", 1),
        ("doc_c", 0),
    ]
    assert n_null == 1
    assert sum(s["n_statements"] for s in speakers) + 1 == len(rows["quotes"])


def test_places(con: duckdb.DuckDBPyConnection) -> None:
    (row,) = rows_of(con, "select * from places")
    assert row == {
        "entity_key": USA,
        "place_name": "United States",
        "entity_label": "GPE",
        "country_code": "US",
        "latitude": 38.89511,
        "longitude": -77.03637,
        "n_mentions": 1,
        "n_documents": 1,
        "first_published_date": dt.date(2022, 1, 24),
        "last_published_date": dt.date(2022, 1, 24),
    }


def test_document_facts(con: duckdb.DuckDBPyConnection) -> None:
    got = {r["doc_id"]: r for r in rows_of(con, "select * from document_facts")}
    assert sorted(got) == ["doc_a", "doc_b", "doc_c"]
    counts = (
        "n_mentions",
        "n_entities",
        "n_people",
        "n_organisations",
        "n_places",
        "n_numbers",
        "n_dates",
        "n_quotes",
        "n_quotes_resolved",
        "n_boilerplate_lines",
    )
    assert [got["doc_a"][c] for c in counts] == [6, 4, 1, 2, 1, 1, 1, 1, 1, 1]
    assert [got["doc_b"][c] for c in counts] == [3, 2, 1, 1, 0, 1, 0, 2, 1, 2]
    assert [got["doc_c"][c] for c in counts] == [0] * len(counts)
    assert (got["doc_a"]["top_entity"], got["doc_a"]["top_entity_mentions"]) == ("John Kirby", 3)
    assert got["doc_c"]["top_entity"] is None
    assert (got["doc_a"]["n_words"], got["doc_a"]["n_sentences"]) == (
        build_fixture_rows()["documents"][0].n_words,
        3,
    )


# --- the real seed run --------------------------------------------------------------------------


@pytest.fixture()
def seed_con(seed_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(seed_warehouse)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_seed_staging_keeps_every_row(seed_con: duckdb.DuckDBPyConnection, table: str) -> None:
    source = seed_con.execute(f"select count(*) from {table}").fetchone()
    assert seed_con.execute(f"select count(*) from stg_{table}").fetchone() == source


def test_seed_marts(seed_con: duckdb.DuckDBPyConnection) -> None:
    (doc,) = rows_of(seed_con, "select * from document_facts")
    assert (doc["n_quotes"], doc["n_quotes_resolved"], doc["n_boilerplate_lines"]) == (3, 3, 2)
    assert doc["n_numbers"] >= 2 and doc["n_places"] >= 5 and doc["top_entity"] == "NATO"
    troops = rows_of(seed_con, "select * from counted_objects where counted_object_key = 'troops'")
    assert [(t["n_numbers"], t["max_value"], t["n_hedged"]) for t in troops] == [(2, 40000.0, 2)]
    speakers = {
        r["speaker_name"]: (r["n_quotes"], r["n_reported"], r["n_statements"])
        for r in rows_of(seed_con, "select * from speakers")
    }
    assert speakers["John Kirby"] == (3, 1, 4)
    assert speakers["Sergey Lavrov"] == (0, 1, 1)
    assert sum(n for _, _, n in speakers.values()) == 10  # "Russian state media" included
    assert (doc["n_reported"], doc["n_reported_resolved"]) == (7, 6)
    places = {r["place_name"] for r in rows_of(seed_con, "select place_name from places")}
    assert {"Ukraine", "Russia", "United States", "Geneva"} <= places
    # The seed has no publication date (nor a dateline): its day is the ingestion day.
    bases = seed_con.execute("select distinct date_basis from mentions_daily").fetchall()
    assert bases == [("ingested",)]
    assert (doc["published_at"], doc["published_at_source"], doc["date_basis"]) == (
        None,
        "none",
        "ingested",
    )
    assert doc["day"] == doc["ingested_at"].astimezone(dt.UTC).date()
    network = seed_con.execute(
        "select n_sentences from entity_network "
        "where entity_key_a = 'gpe:united_states' and entity_key_b = 'person:john_kirby'"
    ).fetchall()
    assert network and network[0][0] >= 1
    kinds = seed_con.execute(
        "select kind, count(*) from quotes_attributed group by kind order by kind"
    ).fetchall()
    assert kinds == [("direct", 3), ("indirect", 7)]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_seed_every_named_query_runs(seed_con: duckdb.DuckDBPyConnection, name: str) -> None:
    cursor = seed_con.execute(named_queries()[name].sql)
    assert cursor.description
    cursor.fetchall()


def test_at_least_six_named_queries() -> None:
    assert len(named_queries()) >= 6


# --- real BBC articles ----------------------------------------------------------------------------

BBC = SHARED / "corpora" / "bbc"


@pytest.fixture(scope="module")
def bbc_warehouse(harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five articles of each BBC topic, through the real flow."""
    if not BBC.is_dir():
        pytest.skip(f"needs the BBC corpus at {BBC} (../shared is absent)")
    from flows.pipeline import run_pipeline

    inputs = tmp_path_factory.mktemp("bbc-inputs")
    for topic in sorted(p for p in BBC.iterdir() if p.is_dir()):
        for path in sorted(topic.glob("*.txt"))[:5]:
            shutil.copy(path, inputs / f"{topic.name}_{path.name}")
    wh = tmp_path_factory.mktemp("bbc-wh") / "warehouse"
    summary = run_pipeline(inputs=[str(inputs)], warehouse=str(wh))
    assert summary.status == "completed" and summary.n_documents_new == 25
    return wh


def test_bbc_every_model_and_query_answers(bbc_warehouse: Path) -> None:
    with connect(bbc_warehouse) as con:
        # BBC files carry no boilerplate lines and none is rejected: those views may be empty.
        for model in models((STAGING_DIR, MARTS_DIR)):
            if model.name in ("stg_boilerplate", "stg_rejects"):
                continue
            n = con.execute(f"select count(*) from {model.name}").fetchone()[0]
            assert n > 0, model.name  # every other view has rows on 25 real articles
        for query in named_queries().values():
            if query.name not in ("rejects_by_reason", "boilerplate_by_reason"):
                assert con.execute(query.sql).fetchall(), query.name


def test_bbc_marts_hold_real_facts(bbc_warehouse: Path) -> None:
    with connect(bbc_warehouse) as con:
        facts = rows_of(con, "select * from document_facts")
        assert len(facts) == 25 and all(f["n_sentences"] > 3 for f in facts)
        money = rows_of(con, "select * from counted_objects where unit = 'GBP' or unit = 'USD'")
        assert money, "BBC business articles name sums in pounds and dollars"
        speakers = rows_of(con, "select speaker_name, n_quotes, n_statements from speakers")
        assert sum(s["n_quotes"] for s in speakers) >= 10
        # Every speaker has a name to show; the unattributed are counted per document instead.
        assert all(s["speaker_name"] for s in speakers)
        (n_statements,) = con.execute("select count(*) from quotes").fetchone()
        n_unattributed = sum(f["n_unattributed"] for f in facts)
        assert sum(s["n_statements"] for s in speakers) + n_unattributed == n_statements
        # A map plots the places that have coordinates, sized by their mentions.
        located = rows_of(
            con, "select * from places where latitude is not null and longitude is not null"
        )
        assert located and all(-90 <= p["latitude"] <= 90 for p in located)
        places = {r["place_name"] for r in rows_of(con, "select place_name from places")}
        assert {"UK", "US"} & places or {"United Kingdom", "United States"} & places
