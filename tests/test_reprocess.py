"""`broadsheet run --reprocess`: documents made by an older pipeline version get rows from the
current one, swapped in by one commit, and the warehouse ends as a fresh run of today's code
would leave it."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows import storage, views
from flows import warehouse as store
from flows.checks import warehouse_digest
from flows.config import PIPELINE_VERSION
from flows.pipeline import run_pipeline
from flows.schema import SPAN_TABLES, Mention, Run, to_arrow
from flows.warehouse import Warehouse

from conftest import SEEDS

OLD = "0.0.1-old"
EXTRA = {
    "lima.txt": "Maria Lopez said, “We will open 12 schools in Lima.” The plan costs $4.5m.",
    "acme.txt": "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
    # Dated by its dateline (no metadata): an older version, which read no datelines, left it
    # undated; --reprocess reads the date from the stored text.
    "wire.txt": "NEW YORK, Dec. 4, 2025 /PRNewswire/ -- Acme Corp said it hired 40 people "
    "yesterday.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reprocess-in")
    shutil.copytree(SEEDS, folder / "seeds")
    for name, text in EXTRA.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reprocessed(harness, corpus, tmp_path_factory):
    """The corpus run by an 'older version' (its rows changed so that a difference shows), then
    `--reprocess` by the current one; and a fresh run of the current version for comparison."""
    mp = pytest.MonkeyPatch()
    wh = tmp_path_factory.mktemp("reprocess-wh") / "warehouse"
    try:
        mp.setattr("flows.tasks.PIPELINE_VERSION", OLD)
        mp.setattr("flows.ledger.PIPELINE_VERSION", OLD)
        first = run_pipeline(inputs=[str(corpus)], warehouse=str(wh), batch_size=2)
    finally:
        mp.undo()
    with views.connect(wh) as con:
        before = {
            "versions": con.sql("select distinct pipeline_version from documents").fetchall(),
            "ingested": dict(con.sql("select doc_id, ingested_at from documents").fetchall()),
        }
    # What an older extractor might have missed: drop every quote row of the old run, and the
    # dates datelines give (documents files older than published_at_source lack the column).
    for name in storage.files(Warehouse.at(wh).table_dir("quotes"), ".parquet"):
        path = Warehouse.at(wh).table_dir("quotes") / name
        table = pq.read_table(path)
        pq.write_table(table.slice(0, 0), path)
    for name in storage.files(Warehouse.at(wh).table_dir("documents"), ".parquet"):
        path = Warehouse.at(wh).table_dir("documents") / name
        table = pq.read_table(path).drop(["published_at_source"])
        undated = pa.nulls(table.num_rows, table.schema.field("published_at").type)
        pq.write_table(
            table.set_column(table.schema.get_field_index("published_at"), "published_at", undated),
            path,
        )
    second = run_pipeline(inputs=[], warehouse=str(wh), batch_size=2, reprocess=True)
    third = run_pipeline(inputs=[], warehouse=str(wh), batch_size=2, reprocess=True)
    fresh = tmp_path_factory.mktemp("reprocess-fresh") / "warehouse"
    run_pipeline(inputs=[str(corpus)], warehouse=str(fresh), batch_size=2)
    return {
        "wh": wh,
        "fresh": fresh,
        "first": first,
        "second": second,
        "third": third,
        "before": before,
    }


def test_old_rows_were_made_by_the_old_version(reprocessed):
    assert reprocessed["first"].n_documents_new == 4
    assert reprocessed["before"]["versions"] == [(OLD,)]


def test_reprocess_extracts_every_stale_document_again(reprocessed):
    second = reprocessed["second"]
    assert second.status == "completed"
    assert (second.n_inputs, second.n_documents_new, second.n_documents_reprocessed) == (0, 0, 4)
    assert second.rows_written["quotes"] >= 4  # the seed's three and Maria Lopez's


def test_after_reprocess_the_warehouse_is_what_a_fresh_run_makes(reprocessed):
    assert warehouse_digest(reprocessed["wh"]) == warehouse_digest(reprocessed["fresh"])


def test_documents_carry_the_current_version_and_keep_their_ingestion_time(reprocessed):
    with views.connect(reprocessed["wh"]) as con:
        rows = con.sql("select doc_id, pipeline_version, ingested_at from documents").fetchall()
    assert {v for _, v, _ in rows} == {PIPELINE_VERSION}
    assert {d: t for d, _, t in rows} == reprocessed["before"]["ingested"]


def test_reprocess_reads_the_dateline_of_a_document_an_older_version_left_undated(reprocessed):
    query = (
        "select source_uri, published_at, published_at_source from documents order by source_uri"
    )
    with views.connect(reprocessed["wh"]) as con:
        got = {
            uri.rsplit("/", 1)[-1]: (at, source)
            for uri, at, source in con.execute(query).fetchall()
        }
        (resolved,) = con.execute(
            "select resolved from dates join documents using (doc_id) "
            "where dates.text = 'yesterday' and source_uri like '%wire.txt'"
        ).fetchone()
    with views.connect(reprocessed["fresh"]) as con:
        fresh = {
            uri.rsplit("/", 1)[-1]: (at, source)
            for uri, at, source in con.execute(query).fetchall()
        }
    assert got["wire.txt"] == (dt.datetime(2025, 12, 4, tzinfo=dt.UTC), "dateline")
    assert resolved == dt.date(2025, 12, 3)
    assert got["lima.txt"] == (None, "none")
    assert got == fresh


def test_replaced_files_are_listed_and_gone(reprocessed):
    wh = reprocessed["wh"]
    with views.connect(wh) as con:
        listed = con.sql(
            "select unnest(replaced_files) from runs where n_documents_reprocessed > 0"
        ).fetchall()
    assert listed, "the reprocess run names the files it replaced"
    for (key,) in listed:
        table, name = key.split("/")
        assert table in store.REEXTRACTED_TABLES
        assert not (wh / table / name).exists(), key


def test_every_span_still_equals_its_slice(reprocessed):
    with views.connect(reprocessed["wh"]) as con:
        for table in SPAN_TABLES:
            bad = con.execute(
                f"select count(*) from {table} t join documents d using (doc_id) "
                "where t.text is distinct from substr(d.text, t.char_start + 1, "
                "t.char_end - t.char_start)"
            ).fetchone()[0]
            assert bad == 0, table


def test_a_second_reprocess_finds_nothing_to_do(reprocessed):
    third = reprocessed["third"]
    assert (third.status, third.n_documents_reprocessed) == ("completed", 0)
    assert set(third.rows_written) == {"runs"}


def test_a_file_shared_with_current_documents_is_rewritten_without_the_stale_ones(tmp_path):
    """A file holding rows of a re-extracted document and of another keeps the other's rows."""
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    mentions = [
        Mention("old", 0, 0, 0, 5, "Kirby", "PERSON", "person:kirby", "Kirby"),
        Mention("keep", 0, 0, 0, 5, "Paris", "GPE", "gpe:paris", "Paris"),
    ]
    store.stage_batch(wh, "r1", 0, {"mentions": mentions})
    store.stage_run(wh, Run("r1", t0, t0, "completed", 2, 2, 0, 0, OLD), rebuild_entities=False)
    store.commit(wh, "r1")
    replaced = store.stage_replacements(wh, "r2", {"old"}, first_part=7)
    assert replaced == ["mentions/part-r1-00000.parquet"]
    staged = store.staging_dir(wh, "r2") / "mentions" / "part-r2-00007.parquet"
    assert pq.read_table(staged).to_pylist() == to_arrow("mentions", mentions[1:]).to_pylist()
