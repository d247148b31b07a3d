"""sql/ and flows/views.py: the views match the contract and every saved question answers correctly.

The fixture is a hand-made warehouse written with flows.schema.to_arrow, as the loader writes it:
a 0-row file per table (the loader's creation step) plus one file of realistic rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows import schema
from flows.schema import (
    Boilerplate,
    DateMention,
    Document,
    Entity,
    Mention,
    Number,
    Paragraph,
    Quote,
    Reject,
    Run,
    Sentence,
)
from flows.views import (
    ANALYSIS_DIR,
    SOURCES_SQL,
    SQL_DIR,
    InvalidQueryFile,
    NamedQuery,
    WarehouseIncomplete,
    WarehouseNotFound,
    connect,
    named_queries,
    run_query,
    views_for,
)

REQUIRED_QUERIES = (
    "top_entities",
    "who_said_what",
    "numbers_by_object",
    "entity_cooccurrence",
    "document_summary",
)

# DuckDB's name for each Arrow type the contract uses.
DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.timestamp("us", tz="UTC"): "TIMESTAMP WITH TIME ZONE",
    pa.date32(): "DATE",
    pa.binary(): "BLOB",
    pa.list_(pa.string()): "VARCHAR[]",
}

RUN_ID = "run-0001"
VERSION = "0.1.0"
INGESTED_AT = dt.datetime(2022, 1, 25, 9, 0, tzinfo=dt.UTC)

KIRBY = "person:john_kirby"
NATO = "org:nato"
PENTAGON = "org:pentagon"
USA = "gpe:united_states"

# Paragraphs are lists of sentences: sentences join with a space, paragraphs with a blank line.
DOC_A = (
    "doc_a",
    "Pentagon puts 8,500 troops on alert",
    dt.datetime(2022, 1, 24, 21, 0, tzinfo=dt.UTC),
    [
        ["Pentagon press secretary John Kirby said some 8,500 troops were on heightened alert."],
        [
            "“No decisions have been made,” Kirby said on Monday.",
            "Kirby said the United States and NATO are watching.",
        ],
    ],
)
DOC_B = (
    "doc_b",
    "NATO sends reinforcements",
    dt.datetime(2022, 1, 23, 12, 0, tzinfo=dt.UTC),
    [
        ["John Kirby said NATO would send more than 1,000 troops."],
        ["“We are ready,” Kirby reiterated.", "“It is a drill,” an official said."],
    ],
)
# A document with no extracted facts at all: every per-document count must still show it, as 0.
DOC_C = ("doc_c", None, None, [["Markets were quiet."]])


def span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """The (char_start, char_end) of the first `needle` in `text` at or after `start`."""
    i = text.index(needle, start)
    return i, i + len(needle)


def build_document(
    doc: tuple[str, str | None, dt.datetime | None, list[list[str]]],
) -> tuple[Document, list[Paragraph], list[Sentence]]:
    """One document row with its paragraph and sentence rows, offsets computed from the text."""
    doc_id, title, published_at, paragraphs = doc
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    para_rows: list[Paragraph] = []
    sent_rows: list[Sentence] = []
    cursor = 0
    for p_idx, sentences in enumerate(paragraphs):
        p_text = " ".join(sentences)
        p_start, p_end = span(text, p_text, cursor)
        para_rows.append(Paragraph(doc_id, p_idx, p_start, p_end, p_text))
        for s in sentences:
            s_start, s_end = span(text, s, cursor)
            sent_rows.append(Sentence(doc_id, len(sent_rows), p_idx, s_start, s_end, s))
            cursor = s_end
    document = Document(
        doc_id=doc_id,
        source_uri=f"seeds/{doc_id}.txt",
        title=title,
        published_at=published_at,
        text=text,
        n_paragraphs=len(para_rows),
        n_sentences=len(sent_rows),
        n_words=len(text.split()),
        ingested_at=INGESTED_AT,
        run_id=RUN_ID,
        pipeline_version=VERSION,
        duplicate_of=None,
        url=None,
        external_id=None,
        source_name=None,
        encoding="utf-8",
    )
    return document, para_rows, sent_rows


def build_fixture_rows() -> dict[str, list[object]]:
    """Realistic rows for every table: three documents, the Kirby entity in both news stories."""
    rows: dict[str, list[object]] = {t: [] for t in schema.TABLES}
    texts: dict[str, str] = {}
    sentences: dict[str, list[Sentence]] = {}
    for doc in (DOC_A, DOC_B, DOC_C):
        document, paras, sents = build_document(doc)
        rows["documents"].append(document)
        rows["paragraphs"].extend(paras)
        rows["sentences"].extend(sents)
        texts[document.doc_id] = document.text
        sentences[document.doc_id] = sents

    def mentions(doc_id: str, spec: list[tuple[int, str, str, str, str]]) -> list[Mention]:
        out = []
        for idx, (s_idx, name, label, key, canonical) in enumerate(spec):
            sent = sentences[doc_id][s_idx]
            start, end = span(texts[doc_id], name, sent.char_start)
            out.append(Mention(doc_id, idx, s_idx, start, end, name, label, key, canonical))
        return out

    rows["mentions"] = [
        *mentions(
            "doc_a",
            [
                (0, "Pentagon", "ORG", PENTAGON, "Pentagon"),
                (0, "John Kirby", "PERSON", KIRBY, "John Kirby"),
                (1, "Kirby", "PERSON", KIRBY, "John Kirby"),
                (2, "Kirby", "PERSON", KIRBY, "John Kirby"),
                (2, "United States", "GPE", USA, "United States"),
                (2, "NATO", "ORG", NATO, "NATO"),
            ],
        ),
        *mentions(
            "doc_b",
            [
                (0, "John Kirby", "PERSON", KIRBY, "John Kirby"),
                (0, "NATO", "ORG", NATO, "NATO"),
                (1, "Kirby", "PERSON", KIRBY, "John Kirby"),
            ],
        ),
    ]
    rows["entities"] = [
        Entity(KIRBY, "PERSON", "John Kirby", 5, 2),
        Entity(NATO, "ORG", "NATO", 2, 2),
        Entity(PENTAGON, "ORG", "Pentagon", 1, 1),
        Entity(USA, "GPE", "United States", 1, 1, "US", 38.89511, -77.03637),
    ]

    a, b = texts["doc_a"], texts["doc_b"]
    rows["numbers"] = [
        Number(
            "doc_a",
            0,
            0,
            *span(a, "some 8,500"),
            "some 8,500",
            "cardinal",
            8500.0,
            None,
            "troops",
            "approximate",
        ),
        Number(
            "doc_b",
            0,
            0,
            *span(b, "more than 1,000"),
            "more than 1,000",
            "cardinal",
            1000.0,
            None,
            "troops",
            "more_than",
        ),
    ]
    rows["dates"] = [
        DateMention("doc_a", 0, 1, *span(a, "Monday"), "Monday", "date", dt.date(2022, 1, 24)),
    ]

    def quote(
        doc_id: str, idx: int, s_idx: int, words: str, speaker: str, key: str | None, verb: str
    ) -> Quote:
        start, end = span(texts[doc_id], words)
        return Quote(doc_id, idx, s_idx, start, end, words, words, speaker, key, verb)

    # Quote spans stop before the closing mark and the comma that precedes it (see schema.Quote).
    rows["quotes"] = [
        quote("doc_a", 0, 1, "No decisions have been made", "Kirby", KIRBY, "said"),
        quote("doc_b", 0, 1, "We are ready", "Kirby", KIRBY, "reiterated"),
        quote("doc_b", 1, 2, "It is a drill", "an official", None, "said"),
    ]
    rows["boilerplate"] = [
        Boilerplate("doc_a", "Sign up for our newsletter", "newsletter", 3),
        Boilerplate("doc_b", "Sign up for our newsletter", "newsletter", 5),
        Boilerplate("doc_b", "Share this article", "share_prompt", 6),
    ]
    seen_at = dt.datetime(2022, 1, 25, 9, 1, tzinfo=dt.UTC)
    rows["rejects"] = [
        Reject("seeds/empty.txt", "empty", "the file holds no text", RUN_ID, seen_at, "e3b0"),
        Reject("seeds/blank.txt", "empty", "only whitespace", RUN_ID, seen_at, "e3b0"),
        Reject(
            "seeds/photo.jpg", "binary", "NUL bytes in the first 8 KiB", RUN_ID, seen_at, "9f1c"
        ),
    ]
    rows["runs"] = [
        Run(RUN_ID, INGESTED_AT, seen_at, "completed", 6, 3, 0, 3, VERSION),
    ]
    return rows


def write_warehouse(root: Path, rows: dict[str, list[object]] | None = None) -> Path:
    """Write a warehouse as the loader does: a 0-row file per table, then `rows` in a second one,
    named part-<run_id>-<batch>.parquet (the views show only files of runs with a runs row)."""
    for table in schema.TABLES:
        folder = root / table
        folder.mkdir(parents=True)
        pq.write_table(schema.to_arrow(table, []), folder / "part-00000-empty.parquet")
        if rows and rows[table]:
            pq.write_table(
                schema.to_arrow(table, rows[table]), folder / f"part-{RUN_ID}-00001.parquet"
            )
    return root


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("wh") / "warehouse", build_fixture_rows())


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("empty") / "warehouse")


@pytest.fixture()
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(warehouse)
    yield connection
    connection.close()


def as_dicts(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, object]]:
    """Run a named query and return its rows as column -> value dicts."""
    columns, rows = run_query(con, named_queries()[name].sql)
    return [dict(zip(columns, row, strict=True)) for row in rows]


# --- sources.sql and connect() ------------------------------------------------------------------


def test_sources_sql_declares_exactly_the_contract_tables() -> None:
    declared = re.findall(r"create or replace view (\w+) as", SOURCES_SQL.read_text())
    assert sorted(declared) == sorted(schema.TABLES)


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_view_has_contract_columns_and_types(con: duckdb.DuckDBPyConnection, table: str) -> None:
    described = con.execute(f"describe select * from {table}").fetchall()
    assert [row[0] for row in described] == schema.columns(table)
    expected_types = [DUCKDB_TYPES[f.type] for f in schema.arrow_schema(table)]
    assert [row[1] for row in described] == expected_types


def test_views_are_registered_under_table_names(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select view_name from duckdb_views() where not internal").fetchall()
    views = {name for (name,) in rows}
    assert set(schema.TABLES) <= views


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_view_reads_all_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    (count,) = con.execute(f"select count(*) from {table}").fetchall()[0]
    assert count == len(build_fixture_rows()[table])


def test_span_offsets_index_document_text(con: duckdb.DuckDBPyConnection) -> None:
    # The fixture honours the contract (Python code-point offsets, end exclusive); DuckDB's
    # substring is 1-based and counts characters, so text[start:end] is substring(start + 1, len).
    bad = con.execute(
        """
        select m.doc_id, m.mention_idx
        from mentions as m
        inner join documents as d on m.doc_id = d.doc_id
        where substring(d.text, m.char_start + 1, m.char_end - m.char_start) <> m.text
        """
    ).fetchall()
    assert bad == []


def test_a_warehouse_older_than_a_column_reads_with_its_default(tmp_path: Path) -> None:
    """quotes.kind came with 0.3.0: quotes files of 0.2.0 lack it, and the views (hence the
    marts and `run --reprocess`, which upgrades them) read those rows as direct quotations."""
    root = write_warehouse(tmp_path / "warehouse", build_fixture_rows())
    for path in (root / "quotes").glob("*.parquet"):
        pq.write_table(pq.read_table(path).drop(["kind"]), path)
    con = connect(root)
    try:
        kinds = con.execute("select distinct kind from quotes").fetchall()
        assert kinds == [("direct",)]
        (n,) = con.execute(
            "select count(*) from quotes_attributed where kind = 'direct'"
        ).fetchone()
        assert n == len(build_fixture_rows()["quotes"]) > 0
    finally:
        con.close()


def test_connect_missing_folder_raises_named_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "warehouse"
    with pytest.raises(WarehouseNotFound, match=re.escape(str(missing))) as excinfo:
        connect(missing)
    assert excinfo.value.path == missing


def test_connect_parent_folder_names_missing_tables(warehouse: Path) -> None:
    # Pointing at data/ instead of data/warehouse/ is the likely mistake.
    with pytest.raises(WarehouseIncomplete, match="documents") as excinfo:
        connect(warehouse.parent)
    # A table added since the first release is no sign of a wrong folder: an older warehouse
    # lacks it until its next run (schema.ADDED_TABLES); readers see it empty.
    assert excinfo.value.missing == [t for t in schema.TABLES if t not in schema.ADDED_TABLES]


def test_a_warehouse_without_a_table_added_since_reads_it_as_empty(warehouse: Path) -> None:
    import shutil

    older = warehouse.parent / "older"
    shutil.copytree(warehouse, older)
    for table in schema.ADDED_TABLES:
        shutil.rmtree(older / table)
    with connect(older) as con:
        for table in schema.ADDED_TABLES:
            assert con.execute(f"select count(*) from {table}").fetchall() == [(0,)]
            got = [r[0] for r in con.execute(f"describe {table}").fetchall()]
            assert got == schema.columns(table)
        assert con.execute("select count(*) from documents").fetchall()[0][0] > 0


def test_connect_accepts_relative_path_and_survives_chdir(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(warehouse.parent)
    con = connect("warehouse")
    monkeypatch.chdir(warehouse.parent.parent)  # the views were given an absolute path
    assert con.execute("select count(*) from documents").fetchall()[0] == (3,)


def test_sources_sql_runs_as_in_the_cli(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a user types: set variable warehouse = '...'; .read sql/sources.sql
    con = duckdb.connect()
    con.execute(f"set variable warehouse = '{warehouse.as_posix()}'")
    con.execute(SOURCES_SQL.read_text())
    assert con.execute("select count(*) from quotes").fetchall()[0] == (3,)
    # Without the variable, the documented default data/warehouse (relative to the cwd) is used.
    project = warehouse.parent / "project"
    write_warehouse(project / "data" / "warehouse")
    monkeypatch.chdir(project)
    con = duckdb.connect()
    con.execute(SOURCES_SQL.read_text())
    assert con.execute("select getvariable('warehouse')").fetchall()[0] == ("data/warehouse",)
    assert con.execute("select count(*) from quotes").fetchall()[0] == (0,)


def test_views_follow_the_variable_at_query_time(warehouse: Path, empty_warehouse: Path) -> None:
    # The mechanism sources.sql documents: getvariable() in a view is evaluated per query.
    con = connect(warehouse)
    assert con.execute("select count(*) from documents").fetchall()[0] == (3,)
    con.execute("set variable warehouse = $1", [empty_warehouse.as_posix()])
    assert con.execute("select count(*) from documents").fetchall()[0] == (0,)


def test_connect_attaches_read_only_db(warehouse: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "bi.duckdb"
    with duckdb.connect(str(db_file)) as writer:
        writer.execute("create table annotations as select 'doc_a' as doc_id, 'war' as tag")
        writer.execute("create table documents as select 'stale copy' as doc_id")
    con = connect(warehouse, read_only_db=str(db_file))
    assert con.execute("select tag from annotations").fetchall() == [("war",)]
    # The warehouse view wins over a same-named table in the attached file.
    assert con.execute("select count(*) from documents").fetchall()[0] == (3,)
    assert con.execute("select doc_id from db.documents").fetchall() == [("stale copy",)]
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("create table db.scratch (x integer)")


# --- named queries ------------------------------------------------------------------------------


def test_named_queries_found_with_purposes() -> None:
    queries = named_queries()
    assert len(queries) >= 5
    assert set(REQUIRED_QUERIES) <= set(queries)
    for name, query in queries.items():
        assert isinstance(query, NamedQuery)
        assert query.name == name == query.path.stem
        assert query.path.parent == ANALYSIS_DIR
        assert query.purpose and not query.purpose.startswith("-")
        assert "\n" not in query.purpose


def test_named_query_headers_state_the_grain() -> None:
    for query in named_queries().values():
        second_line = query.sql.splitlines()[1]
        assert second_line.startswith("-- Grain: "), query.path


def test_named_queries_rejects_file_without_purpose(tmp_path: Path) -> None:
    (tmp_path / "bad.sql").write_text("select 1\n")
    with pytest.raises(InvalidQueryFile, match=r"bad\.sql"):
        named_queries(tmp_path)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_runs_on_empty_warehouse(empty_warehouse: Path, name: str) -> None:
    with connect(empty_warehouse) as con:
        columns, rows = run_query(con, named_queries()[name].sql)
    assert columns
    assert rows == []


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_returns_rows_on_fixture(con: duckdb.DuckDBPyConnection, name: str) -> None:
    columns, rows = run_query(con, named_queries()[name].sql)
    assert len(columns) == len(set(columns)), "duplicate output column names"
    assert rows


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_query_answers_the_same_from_only_the_views_it_needs(
    con: duckdb.DuckDBPyConnection, warehouse: Path, name: str
) -> None:
    """`broadsheet sql` creates just the views a statement names and those under them (issue
    19: each view created lists and reads every file of its tables)."""
    sql = named_queries()[name].sql
    needed = views_for(sql)
    assert needed is not None and "runs" in needed
    with connect(warehouse, only=needed) as few:
        created = {
            r[0]
            for r in few.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }
        assert created == needed
        assert sorted(run_query(few, sql).rows) == sorted(run_query(con, sql).rows)


def test_a_statement_naming_no_view_gets_them_all(warehouse: Path) -> None:
    assert views_for("show tables") is None
    assert views_for("select 1 -- from mentions") is None  # a name in a comment is no need
    assert views_for("select count(*) from MENTIONS") == {"mentions", "runs"}


def test_top_entities_ranks_by_mentions(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "top_entities")
    assert [(r["canonical_name"], r["label"], r["n_mentions"], r["n_documents"]) for r in rows] == [
        ("John Kirby", "PERSON", 5, 2),
        ("NATO", "ORG", 2, 2),
        ("Pentagon", "ORG", 1, 1),
        ("United States", "GPE", 1, 1),
    ]
    assert rows[0]["entity_key"] == KIRBY


def test_top_entities_falls_back_to_mention_names(tmp_path: Path) -> None:
    # entities is rewritten whole each run; until then a new entity has mentions but no row.
    rows = build_fixture_rows()
    rows["entities"] = [e for e in rows["entities"] if e.entity_key != KIRBY]
    con = connect(write_warehouse(tmp_path / "warehouse", rows))
    top = as_dicts(con, "top_entities")[0]
    assert (top["entity_key"], top["canonical_name"], top["label"]) == (
        KIRBY,
        "John Kirby",
        "PERSON",
    )


def test_who_said_what(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "who_said_what")
    got = [(r["doc_id"], r["speaker_name"], r["verb"], r["quote_text"]) for r in rows]
    # doc_b was published the day before doc_a: publication order first.
    assert got == [
        ("doc_b", "John Kirby", "reiterated", "We are ready"),
        ("doc_b", "an official", "said", "It is a drill"),
        ("doc_a", "John Kirby", "said", "No decisions have been made"),
    ]
    assert rows[0]["title"] == "NATO sends reinforcements"
    assert rows[0]["speaker_text"] == "Kirby"
    assert rows[1]["speaker_key"] is None


def test_numbers_by_object(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "numbers_by_object")
    assert [(r["value"], r["kind"], r["unit"], r["object"], r["qualifier"]) for r in rows] == [
        (8500.0, "cardinal", None, "troops", "approximate"),
        (1000.0, "cardinal", None, "troops", "more_than"),
    ]
    assert rows[0]["number_text"] == "some 8,500"
    assert rows[0]["sentence_text"] == DOC_A[3][0][0]
    assert rows[1]["sentence_text"] == "John Kirby said NATO would send more than 1,000 troops."


def test_entity_cooccurrence(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "entity_cooccurrence")
    got = [
        (r["canonical_name_a"], r["canonical_name_b"], r["n_sentences"], r["n_documents"])
        for r in rows
    ]
    # "Kirby said the United States and NATO are watching." gives three pairs; NATO and Kirby
    # also share a sentence in doc_b. Repeated mentions in one sentence count once.
    assert got == [
        ("NATO", "John Kirby", 2, 2),
        ("United States", "NATO", 1, 1),
        ("United States", "John Kirby", 1, 1),
        ("Pentagon", "John Kirby", 1, 1),
    ]
    assert all(r["entity_key_a"] < r["entity_key_b"] for r in rows)


def test_document_summary(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["doc_id"]: r for r in as_dicts(con, "document_summary")}
    assert list(rows) == ["doc_a", "doc_b", "doc_c"]  # newest first, undated last
    counts = ("n_sentences", "n_mentions", "n_entities", "n_numbers", "n_dates", "n_quotes")
    assert [rows["doc_a"][c] for c in counts] == [3, 6, 4, 1, 1, 1]
    assert [rows["doc_b"][c] for c in counts] == [3, 3, 2, 1, 0, 2]
    assert [rows["doc_c"][c] for c in counts] == [1, 0, 0, 0, 0, 0]
    assert rows["doc_a"]["title"] == "Pentagon puts 8,500 troops on alert"
    assert rows["doc_a"]["source_uri"] == "seeds/doc_a.txt"
    assert (rows["doc_a"]["top_entity"], rows["doc_a"]["top_entity_mentions"]) == ("John Kirby", 3)
    assert (rows["doc_b"]["top_entity"], rows["doc_b"]["top_entity_mentions"]) == ("John Kirby", 2)
    assert rows["doc_c"]["top_entity"] is None


def test_rejects_by_reason(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "rejects_by_reason")
    assert [(r["reason"], r["n_rejects"], r["n_inputs"]) for r in rows] == [
        ("empty", 2, 1),
        ("binary", 1, 1),
    ]


def test_boilerplate_by_reason(con: duckdb.DuckDBPyConnection) -> None:
    rows = as_dicts(con, "boilerplate_by_reason")
    assert [(r["reason"], r["n_lines"], r["n_documents"]) for r in rows] == [
        ("newsletter", 2, 2),
        ("share_prompt", 1, 1),
    ]
    assert rows[0]["most_common_line"] == "Sign up for our newsletter"


def test_runs_overview(con: duckdb.DuckDBPyConnection) -> None:
    (row,) = as_dicts(con, "runs_overview")
    assert (row["run_id"], row["status"], row["is_balanced"]) == (RUN_ID, "completed", True)
    assert row["duration"] == dt.timedelta(minutes=1)


# --- one home for paths -------------------------------------------------------------------------


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.rglob("*.sql"))


@pytest.mark.parametrize("path", sql_files(), ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_only_sources_sql_names_paths(path: Path) -> None:
    text = path.read_text()
    if path == SOURCES_SQL:
        # The default may appear in comments and in the one statement that sets it.
        code = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
        hits = [ln for ln in code if "data/warehouse" in ln]
        assert hits == [
            "set variable warehouse = coalesce(getvariable('warehouse'), 'data/warehouse');"
        ]
        assert "data/" not in "\n".join(ln for ln in code if ln not in hits)
    else:
        for forbidden in ("data/warehouse", "read_parquet", ".parquet", "getvariable"):
            assert forbidden not in text, f"{path} names a path ({forbidden}); use the views"
