"""Load: contract schemas, staged batches, the commit, and recovery of killed runs."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import storage
from flows import warehouse as store
from flows.schema import TABLES, Mention, Run, Sentence, arrow_schema, columns, to_arrow
from flows.warehouse import journal

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _run(run_id: str, new: int = 1) -> Run:
    return Run(run_id, T0, T0, "completed", new, new, 0, 0, "test")


def _commit(wh, run_id: str) -> None:
    store.stage_run(wh, _run(run_id), rebuild_entities=True)
    store.commit(wh, run_id)


def _mention(doc: str, idx: int, text: str, key: str, canonical: str) -> Mention:
    return Mention(doc, idx, 0, 0, len(text), text, "PERSON", key, canonical)


def test_schema_covers_the_contract():
    # The contract's column names, in its order, lead every table (extra columns may follow).
    contract = {
        "documents": [
            "doc_id",
            "source_uri",
            "title",
            "published_at",
            "text",
            "n_paragraphs",
            "n_sentences",
            "n_words",
            "ingested_at",
            "run_id",
        ],
        "entities": ["entity_key", "label", "canonical_name", "n_mentions", "n_documents"],
        "runs": [
            "run_id",
            "started_at",
            "finished_at",
            "status",
            "n_inputs",
            "n_documents_new",
            "n_documents_skipped",
            "n_rejected",
        ],
        "paragraphs": ["doc_id", "paragraph_idx", "char_start", "char_end", "text"],
        "sentences": ["doc_id", "sentence_idx", "paragraph_idx", "char_start", "char_end", "text"],
        "mentions": [
            "doc_id",
            "mention_idx",
            "sentence_idx",
            "char_start",
            "char_end",
            "text",
            "label",
            "entity_key",
        ],
        "numbers": [
            "doc_id",
            "number_idx",
            "sentence_idx",
            "char_start",
            "char_end",
            "text",
            "kind",
            "value",
            "unit",
            "object",
            "qualifier",
        ],
        "dates": [
            "doc_id",
            "date_idx",
            "sentence_idx",
            "char_start",
            "char_end",
            "text",
            "kind",
            "resolved",
        ],
        "quotes": [
            "doc_id",
            "quote_idx",
            "char_start",
            "char_end",
            "text",
            "speaker_text",
            "speaker_key",
            "verb",
        ],
        "rejects": ["source_uri", "reason", "detail", "run_id", "seen_at"],
        "boilerplate": ["doc_id", "text", "reason"],
    }
    # Tables beyond the contract (allowed: "you may add columns and tables").
    assert set(contract) == set(TABLES) - {"document_signatures", "inputs", "entity_variants"}
    for table, names in contract.items():
        have = columns(table)
        assert [c for c in have if c in names] == names, table


def test_init_stage_commit_makes_rows_visible_only_at_commit(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    assert store.row_counts(wh) == dict.fromkeys(TABLES, 0)
    sentences = [Sentence("d1", 0, 0, 0, 3, "Hi.")]
    mentions = [_mention("d1", 0, "Kirby", "person:john_kirby", "John Kirby")]
    store.stage_batch(wh, "r1", 0, {"sentences": sentences, "mentions": mentions})
    assert store.row_counts(wh)["sentences"] == 0  # staged, not yet visible
    _commit(wh, "r1")
    counts = store.row_counts(wh)
    assert counts["sentences"] == 1 and counts["mentions"] == 1 and counts["runs"] == 1
    assert counts["entities"] == 1
    assert not (wh / store.STAGING / "r1").exists()


def test_entities_aggregate_across_documents(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    store.stage_batch(
        wh,
        "r1",
        0,
        {
            "mentions": [
                _mention("d1", 0, "John Kirby", "person:john_kirby", "John Kirby"),
                _mention("d1", 1, "Kirby", "person:john_kirby", "John Kirby"),
                _mention("d2", 0, "Kirby", "person:kirby", "Kirby"),
            ]
        },
    )
    _commit(wh, "r1")
    store.stage_batch(
        wh,
        "r2",
        0,
        {
            "mentions": [
                _mention("d3", 0, "John Kirby", "person:john_kirby", "John Kirby"),
            ]
        },
    )
    _commit(wh, "r2")
    ent = pq.read_table(wh / "entities" / "entities.parquet").to_pylist()
    assert ent == [
        {
            "entity_key": "person:john_kirby",
            "label": "PERSON",
            "canonical_name": "John Kirby",
            "n_mentions": 3,
            "n_documents": 2,
            **NOT_A_PLACE,
        },
        {
            "entity_key": "person:kirby",
            "label": "PERSON",
            "canonical_name": "Kirby",
            "n_mentions": 1,
            "n_documents": 1,
            **NOT_A_PLACE,
        },
    ]


NOT_A_PLACE = {"country_code": None, "latitude": None, "longitude": None}


def test_recover_discards_uncommitted_and_rolls_forward_committed(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    # Run r1 was killed while staging: no journal, so it must vanish.
    store.stage_batch(wh, "r1", 0, {"sentences": [Sentence("d1", 0, 0, 0, 3, "Hi.")]})
    # Run r2 was killed halfway through its commit: journal written, one file not yet moved.
    store.stage_batch(wh, "r2", 0, {"sentences": [Sentence("d2", 0, 0, 0, 4, "Bye.")]})
    stage = store.staging_dir(wh, "r2")
    storage.write_parquet(to_arrow("runs", [_run("r2")]), stage / "runs" / "part-r2.parquet")
    moves = journal._moves(wh, "r2")
    (stage / store.JOURNAL).write_text(json.dumps(moves))
    journal._apply(wh, moves[:1])  # the sentences file moved, the runs row did not
    assert store.row_counts(wh)["runs"] == 0

    recovery = store.recover(wh)
    assert recovery == store.Recovery(("r2",), ("r1",))
    counts = store.row_counts(wh)
    assert counts["sentences"] == 1 and counts["runs"] == 1
    assert not any((wh / store.STAGING).iterdir())


def test_stage_refuses_tables_written_at_commit(tmp_path):
    with pytest.raises(ValueError, match="entities"):
        store.stage_batch(tmp_path, "r", 0, {"entities": []})


def test_to_arrow_checks_record_types():
    with pytest.raises(TypeError, match="expected Sentence"):
        to_arrow("sentences", [_mention("d", 0, "X", "k", "X")])


_texts = st.text(max_size=40)


@settings(max_examples=100)
@given(st.lists(st.tuples(_texts, st.integers(0, 2**31 - 1), _texts), max_size=5))
def test_parquet_round_trip(tmp_path_factory, rows):
    records = [Sentence(d, i, 0, 0, len(t), t) for d, i, t in rows]
    path = tmp_path_factory.mktemp("rt") / "s.parquet"
    storage.write_parquet(to_arrow("sentences", records), path)
    table = pq.read_table(path)
    assert table.schema.equals(arrow_schema("sentences"), check_metadata=False)
    assert [Sentence(**r) for r in table.to_pylist()] == records


def test_views_hide_a_commit_until_its_runs_row_lands(tmp_path):
    from flows import views

    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    store.stage_batch(wh, "r1", 0, {"sentences": [Sentence("d1", 0, 0, 0, 3, "Hi.")]})
    store.stage_run(wh, _run("r1"), rebuild_entities=False)
    moves = journal._moves(wh, "r1")
    journal._apply(wh, moves[:-1])  # every file moved but the runs row: mid-commit
    con = views.connect(wh)
    assert con.execute("select count(*) from sentences").fetchall() == [(0,)]
    journal._apply(wh, moves[-1:])
    assert con.execute("select count(*) from sentences").fetchall() == [(1,)]


def test_compaction_merges_a_large_runs_batch_files_in_order_and_leaves_small_ones(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    n = store.COMPACT_MIN_FILES + 4
    for b in range(n):  # one sentence per batch; mentions in only 2 batches
        store.stage_batch(wh, "r1", b, {"sentences": [Sentence(f"d{b}", 0, 0, 0, 3, "Hi.")]})
    for b in (0, 5):
        store.stage_batch(wh, "r1", b, {"mentions": [_mention(f"d{b}", 0, "Kirby", "k", "K")]})
    stage = wh / store.STAGING / "r1"
    assert store.compact_staging(wh, "r1") == n - 1
    assert sorted(p.name for p in (stage / "sentences").iterdir()) == ["part-r1-00000.parquet"]
    merged = pq.read_table(stage / "sentences" / "part-r1-00000.parquet")
    assert merged.column("doc_id").to_pylist() == [f"d{b}" for b in range(n)]  # batch order
    assert merged.schema == arrow_schema("sentences")
    # each part a row group of its own: the merge never holds more than one part
    assert pq.ParquetFile(stage / "sentences" / "part-r1-00000.parquet").num_row_groups == n
    assert len(list((stage / "mentions").iterdir())) == 2  # few files: left as they are
    _commit(wh, "r1")
    counts = store.row_counts(wh)
    assert counts["sentences"] == n and counts["mentions"] == 2 and counts["runs"] == 1
