"""The flow end to end under Prefect's test harness: the seed into a fresh warehouse, twice."""

from __future__ import annotations

import gzip
import shutil

import duckdb
import pytest

from flows import views
from flows import warehouse as store
from flows.pipeline import run_pipeline
from flows.schema import SPAN_TABLES, TABLES

from conftest import SEEDS


@pytest.fixture(scope="module")
def warehouse(harness, tmp_path_factory):
    """The seed folder plus a few bad inputs, run once."""
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SEEDS, inputs / "seeds")
    (inputs / "bad").mkdir()
    (inputs / "bad" / "empty.txt").write_bytes(b"")
    (inputs / "bad" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (inputs / "latin1.txt").write_bytes("Le café coûte 2 €.".encode("cp1252"))
    (inputs / "bad" / "only-boilerplate.txt").write_text("Share this article\n\nADVERTISEMENT\n")
    wh = tmp_path_factory.mktemp("wh") / "warehouse"
    summary = run_pipeline(inputs=[str(inputs)], warehouse=str(wh))
    return wh, inputs, summary


def _con(wh):
    return views.connect(wh)


def test_first_run_summary(warehouse):
    _, _, summary = warehouse
    assert summary.status == "completed"
    assert (
        summary.n_inputs,
        summary.n_documents_new,
        summary.n_documents_skipped,
        summary.n_rejected,
    ) == (5, 2, 0, 3)
    reasons = sorted(r[1] for r in summary.rejects)
    assert reasons == ["binary", "empty", "empty"]


def test_windows_1252_input_is_decoded(warehouse):
    wh, _, _ = warehouse
    rows = _con(wh).sql("select text, encoding from documents where source_uri like '%latin1.txt'")
    assert rows.fetchall() == [("Le café coûte 2 €.", "cp1252")]


def test_tables_hold_the_seed(warehouse):
    wh, _, summary = warehouse
    con = _con(wh)
    (text,) = con.sql("select text from documents where source_uri like '%seeds%'").fetchall()[0]
    assert "Sign up to receive" not in text and "By submitting this form" not in text
    assert text.endswith(
        "in support of its obligations to the security and defense of NATO and "
        "the security of its citizens abroad,” Kirby said."
    )
    numbers = con.sql("select value, object, qualifier from numbers order by value desc").fetchall()
    assert (40000.0, "troops", "approximate") in numbers
    assert (8500.0, "troops", "approximate") in numbers
    quotes = con.sql(
        "select q.joined_text, e.canonical_name from quotes q "
        "left join entities e on q.speaker_key = e.entity_key where q.kind = 'direct' "
        "order by q.char_start"
    ).fetchall()
    assert len(quotes) == 3
    assert {q[1] for q in quotes} == {"John Kirby"}
    assert quotes[1][0].startswith("The United States is deeply concerned")
    assert quotes[1][0].endswith("to deescalate the situation.")
    reported = con.sql(
        "select e.canonical_name, q.verb from quotes q "
        "left join entities e on q.speaker_key = e.entity_key where q.kind = 'indirect' "
        "order by q.char_start"
    ).fetchall()
    assert reported == [
        ("Pentagon", "announced"),
        ("John Kirby", "reiterated"),
        ("Sergey Lavrov", "demanded"),
        ("Blinken", "said"),
        ("Defense Department", "clarified"),
        ("Putin", "admitted"),
        (None, "according to"),
    ]
    mentions = set(con.sql("select text, label from mentions").fetchall())
    for need in [
        ("John Kirby", "PERSON"),
        ("Sergey Lavrov", "PERSON"),
        ("Geneva", "GPE"),
        ("NATO", "ORG"),
    ]:
        assert need in mentions
    assert con.execute("select count(*) from boilerplate").fetchall()[0][0] == 2
    runs = con.sql(
        "select status, n_inputs, n_documents_new, n_documents_skipped, n_rejected, "
        "run_id from runs"
    ).fetchall()
    assert runs == [("completed", 5, 2, 0, 3, summary.run_id)]


def test_every_span_equals_its_slice(warehouse):
    """Offsets are sacred: every span row of every table, against documents.text."""
    wh, _, _ = warehouse
    con = _con(wh)
    for table in SPAN_TABLES:
        rows = con.sql(
            f"select t.text, d.text, t.char_start, t.char_end from {table} t "
            "join documents d using (doc_id)"
        ).fetchall()
        n = con.execute(f"select count(*) from {table}").fetchall()[0][0]
        assert len(rows) == n > 0, table
        for span, doc, start, end in rows:
            assert doc[start:end] == span, (table, start, end)


def test_every_fact_has_its_document(warehouse):
    wh, _, _ = warehouse
    con = _con(wh)
    for table in [*SPAN_TABLES, "boilerplate"]:
        orphans = con.execute(
            f"select count(*) from {table} where doc_id not in (select doc_id from documents)"
        ).fetchall()[0][0]
        assert orphans == 0, table


def test_second_run_adds_nothing_but_a_run_row(warehouse):
    wh, inputs, _ = warehouse
    before = store.row_counts(wh)
    summary = run_pipeline(inputs=[str(inputs)], warehouse=str(wh))
    after = store.row_counts(wh)
    assert summary.n_documents_new == 0 and summary.n_documents_skipped == 2
    assert summary.n_rejected == 3  # still rejected, but recorded once
    assert after["runs"] == before["runs"] + 1
    assert {t: n for t, n in after.items() if t != "runs"} == {
        t: n for t, n in before.items() if t != "runs"
    }


def test_same_content_under_another_name_is_skipped(warehouse, tmp_path):
    wh, inputs, _ = warehouse
    copy = tmp_path / "copy.txt"
    shutil.copy(next((inputs / "seeds").iterdir()), copy)
    summary = run_pipeline(inputs=[str(copy)], warehouse=str(wh))
    assert (summary.n_documents_new, summary.n_documents_skipped) == (0, 1)


def test_every_analysis_query_runs_on_the_run_output(warehouse):
    wh, _, _ = warehouse
    con = _con(wh)
    queries = views.named_queries()
    assert len(queries) >= 5
    for q in queries.values():
        con.sql(q.sql).fetchall()


def test_no_staging_left_and_tables_readable_by_contract_glob(warehouse):
    wh, _, _ = warehouse
    assert not any((wh / store.STAGING).glob("*")) if (wh / store.STAGING).exists() else True
    for table in TABLES:
        duckdb.sql(
            f"select * from read_parquet('{wh}/{table}/**/*.parquet', hive_partitioning = true, "
            "union_by_name = true)"
        ).fetchall()


def test_progress_observers_see_every_batch(warehouse, tmp_path):
    from flows.pipeline import observe

    for i in range(5):
        (tmp_path / f"n{i}.txt").write_text(f"Report number {i}: Carol Diaz spoke in Lima.")
    seen: list[tuple[int, int]] = []
    with observe(lambda s: seen.append((s.n_inputs, s.n_documents_new))):
        run_pipeline(inputs=[str(tmp_path)], warehouse=str(warehouse[0]), batch_size=2)
    assert seen[-1] == (5, 5)
    assert [n for n, _ in seen] == sorted(n for n, _ in seen) and len(seen) >= 3


def test_output_is_identical_whatever_the_number_of_workers(harness, tmp_path):
    """Two worker processes (each loading the model) write exactly what one thread writes."""
    from flows.checks import warehouse_digest
    from flows.config import Settings
    from flows.pipeline import run

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    for i, text in enumerate(
        [
            "Maria Lopez said, “We will open 12 schools in Lima.” The plan costs $4.5m.",
            "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
            "About 300 people marched in Paris last Friday, police said.",
            *(f"Council {k} approved {k + 2} new bus routes on Tuesday." for k in range(6)),
        ]
    ):
        (corpus / f"extra{i}.txt").write_text(text, encoding="utf-8")
    digests = []
    for workers in (1, 2):
        wh = tmp_path / f"wh{workers}"
        summary = run([str(corpus)], Settings(warehouse=wh, batch_size=1, workers=workers))
        assert summary.n_documents_new == 10
        # Ten one-document batches: the run's files were merged, one per table
        assert len(list((wh / "sentences").glob(f"part-{summary.run_id}-*.parquet"))) == 1
        digests.append(warehouse_digest(wh))
    assert digests[0] == digests[1]
    assert digests[0]["failed_checks"] == []


def test_near_copy_is_flagged_and_inputs_from_an_fsspec_url_are_read(warehouse, tmp_path):
    """One run (one flow run less for the suite) of two inputs: a syndicated copy of the seed (a
    changed sentence, a prefix, a copyright line) is a new document whose duplicate_of names the
    original; a feed named by URL is read through fsspec (here its in-memory file system)."""
    import fsspec

    wh, inputs, _ = warehouse
    seed = next((inputs / "seeds").iterdir()).read_text(encoding="utf-8")
    copy = (
        "Reuters - "
        + seed.replace("Both had pledged", "The two had pledged")
        + ("\n\nCopyright 2022 Example Wire. All rights reserved.\n")
    )
    (tmp_path / "syndicated.txt").write_text(copy, encoding="utf-8")
    fs = fsspec.filesystem("memory")
    fs.pipe(
        "/feeds/wire.jsonl.gz",
        gzip.compress(
            b'{"id": "w1", "text": "Dana Wu said, \\u201cRates will rise.\\u201d", '
            b'"published_at": "2024-03-08T09:00:00Z", "url": "https://example.com/w1"}\n'
        ),
    )
    summary = run_pipeline(inputs=[str(tmp_path), "memory://feeds"], warehouse=str(wh))
    assert (summary.n_inputs, summary.n_documents_new) == (2, 2)
    rows = (
        _con(wh)
        .sql(
            "select c.duplicate_of = o.doc_id from documents c, documents o "
            "where c.source_uri like '%syndicated.txt' and o.source_uri like '%seeds%'"
        )
        .fetchall()
    )
    assert rows == [(True,)]
    row = (
        _con(wh)
        .sql("select source_uri, url, published_at::date from documents where external_id = 'w1'")
        .fetchall()
    )
    assert [(r[0], r[1], str(r[2])) for r in row] == [
        ("memory:///feeds/wire.jsonl.gz#1", "https://example.com/w1", "2024-03-08")
    ]


# Last of the tests that run into the module's warehouse: once it has a catalog, every later run
# there refreshes it (a DuckDB file of every table), which the tests above do not need.
def test_run_refreshes_an_existing_catalog_and_publishes_its_report(warehouse, tmp_path):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.catalog import default_catalog_path, write_catalog
    from flows.report import ROWS_ARTIFACT_KEY

    wh, _, _ = warehouse
    write_catalog(wh)
    (tmp_path / "fresh.txt").write_text("Alice Brown said, “It is new.” She left on Friday.")
    summary = run_pipeline(inputs=[str(tmp_path)], warehouse=str(wh))
    assert summary.n_documents_new == 1
    with duckdb.connect(str(default_catalog_path(wh)), read_only=True) as con:
        in_catalog = con.execute("select count(*) from documents").fetchall()[0][0]
    assert in_catalog == _con(wh).execute("select count(*) from documents").fetchall()[0][0]

    async def rows_artifacts():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ROWS_ARTIFACT_KEY]))
            )

    artifacts = asyncio.run(rows_artifacts())
    assert artifacts and all(a.type == "table" for a in artifacts)
    # One per completed run of this module so far, the newest one for this run's flow run.
    assert any(str(a.flow_run_id) == summary.run_id for a in artifacts)


def test_a_json_lines_input_is_read_in_a_batch_of_its_own():
    """A JSON Lines file may hold thousands of records: it is never read together with other
    inputs, so at most one such file's documents are in memory at a time."""
    from flows.ingest import InputRef
    from flows.runtime.batching import batches as _batches

    names = ["a.txt", "b.txt", "c.txt", "feed.jsonl", "d.txt", "wire.ndjson.gz", "e.html"]
    got = [[r.name for r in b] for b in _batches(iter(InputRef(f"/in/{n}") for n in names), 2)]
    assert got == [
        ["a.txt", "b.txt"],
        ["c.txt"],
        ["feed.jsonl"],
        ["d.txt"],
        ["wire.ndjson.gz"],
        ["e.html"],
    ]


def test_reading_runs_ahead_through_known_inputs_and_falls_back_at_the_first_new_one():
    """As the flow drives it (one batch of look-ahead): an unchanged stretch of inputs is read in
    ever larger batches, up to 4 x the batch size, and a batch with a new document brings the
    size back to the batch size."""
    from flows.ingest import InputRef
    from flows.runtime.batching import ReadAhead
    from flows.runtime.batching import batches as _batches
    from flows.runtime.batching import with_last as _with_last

    refs = (InputRef(f"/in/{n}.txt") for n in range(100))
    read_ahead = ReadAhead(4)
    batches = []
    for batch, _ in _with_last(_batches(refs, read_ahead)):
        batches.append([int(r.name.split(".")[0]) for r in batch])
        read_ahead.saw(1 if 50 in batches[-1] else 0)  # input 50 is the one new document
    assert [n for b in batches for n in b] == list(range(100))  # every input once, in order
    # 48-63 holds the new one; 64-79 was already cut (the look-ahead), then back to 4 and up.
    assert [len(b) for b in batches] == [4, 4, 8, 16, 16, 16, 16, 4, 8, 8]


def test_the_last_batch_of_a_run_is_split_so_that_the_workers_finish_together():
    """Only the run's last analysis batch is cut, in 2 x workers pieces of at least 8 documents;
    one worker (or a single batch's worth of input) is left as it is."""
    from flows.ingest import InputRef
    from flows.runtime.batching import chunks as _chunks
    from flows.runtime.batching import with_last as _with_last

    refs = [[InputRef(f"/in/{n}.txt")] for n in range(3)]
    assert [last for _, last in _with_last(iter(refs))] == [False, False, True]
    assert list(_with_last(iter([]))) == []

    docs = list(range(104))  # stands for RawDocuments: only their count matters here
    sizes = [len(c) for c in _chunks(docs, 64, last=False, workers=2)]  # type: ignore[arg-type]
    assert sizes == [64, 40]
    sizes = [len(c) for c in _chunks(docs, 64, last=True, workers=2)]  # type: ignore[arg-type]
    assert sizes == [64, 10, 10, 10, 10]
    assert sum(sizes) == len(docs)
    sizes = [len(c) for c in _chunks(docs, 64, last=True, workers=1)]  # type: ignore[arg-type]
    assert sizes == [64, 40]
    sizes = [len(c) for c in _chunks(docs[:20], 64, last=True, workers=4)]  # type: ignore[arg-type]
    assert sizes == [8, 8, 4]
    assert _chunks([], 64, last=True, workers=2) == []


def test_a_finished_batch_is_freed_without_waiting_for_the_cycle_collector(harness, tmp_path):
    """Prefect keeps each task's result on its future, which sits in a reference cycle: unless
    the flow lets go of a batch's documents itself, they live on until a full collection (at
    19k documents the flow's peak grew ~40 MB). With the collector off, none may outlive the run."""
    import gc

    from flows.schema import Document

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 3):
        text = seed.read_text(encoding="utf-8")
        (corpus / f"{i}.txt").write_text(f"{text}\n\nCopy {i}.\n", encoding="utf-8")
    gc.collect()
    # Documents that other tests' fixtures hold in this process are not the run's.
    before = {id(o) for o in gc.get_objects() if isinstance(o, Document)}
    gc.disable()
    try:
        summary = run_pipeline(inputs=[str(corpus)], warehouse=str(tmp_path / "wh"), batch_size=1)
        alive = sum(isinstance(o, Document) and id(o) not in before for o in gc.get_objects())
    finally:
        gc.enable()
    assert summary.n_documents_new == 3 * len(list(SEEDS.glob("*.txt")))
    assert alive == 0
