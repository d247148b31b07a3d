"""The document stage: one failing document is isolated, the rest of its batch goes on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows import analyse
from flows.ingest import RawDocument, decode_document
from flows.nlp import parse_entities
from flows.schema import SPAN_TABLES

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _doc(text: str, name: str):
    return decode_document(text.encode(), source_uri=name, suffix=".txt")


def _run(docs, tagger):
    return analyse.analyse_batch(
        docs, parse=parse_entities, tag=tagger, run_id="r", ingested_at=T0, version="t"
    )


def test_failure_in_one_document_keeps_the_rest(monkeypatch, tagger):
    real = analyse.extract_quotes

    def flaky(text, *args, **kwargs):
        if "poison" in text:
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(analyse, "extract_quotes", flaky)
    docs = [
        _doc("Alice Smith went to Paris.", "a.txt"),
        _doc("The poison pill.", "b.txt"),
        _doc("Bob Jones said, “Hello there.”", "c.txt"),
    ]
    batch = _run(docs, tagger)
    assert [d.source_uri for d in batch.rows["documents"]] == ["a.txt", "c.txt"]
    assert [(f.source_uri, f.reason) for f in batch.failures] == [("b.txt", "extract_error")]
    assert "RuntimeError: boom" in batch.failures[0].detail
    assert {m.doc_id for m in batch.rows["mentions"]} == {docs[0].doc_id, docs[2].doc_id}
    assert len(batch.rows["quotes"]) == 1


def test_document_with_only_boilerplate_is_a_failure(tagger):
    # Lines with no blank line between them may be one sentence wrapped over two lines, which
    # the cleaner never judges line by line (flows.boilerplate); so a blank line, which makes
    # the first line the headline and leaves one line of body.
    batch = _run([_doc("Share this article\n\nADVERTISEMENT\n", "ads.txt")], tagger)
    assert "documents" not in batch.rows
    assert [(f.reason, f.detail) for f in batch.failures] == [
        ("empty", "no text left after cleaning (1 boilerplate lines)")
    ]


def test_parser_failure_falls_back_to_one_document_at_a_time(tagger):
    def parse(texts):
        if len(texts) > 1 or "bad" in texts[0]:
            raise ValueError("nlp exploded")
        return parse_entities(texts)

    docs = [_doc("A good text.", "a.txt"), _doc("A bad text.", "b.txt")]
    batch = analyse.analyse_batch(
        docs, parse=parse, tag=tagger, run_id="r", ingested_at=T0, version="t"
    )
    assert [d.source_uri for d in batch.rows["documents"]] == ["a.txt"]
    assert [(f.source_uri, f.reason) for f in batch.failures] == [("b.txt", "nlp_error")]


@pytest.mark.parametrize("text", ["x", "1", "“", "Mr.", "One.\n\n—"])
def test_tiny_documents_do_not_fail(text, tagger):
    batch = _run([_doc(text, "t.txt")], tagger)
    assert not batch.failures
    (doc,) = batch.rows["documents"]
    assert doc.text == text.strip()


# --- the publication date ------------------------------------------------------------------

_DATED = (
    "Published: 10:32 AM EST, Jan 5, 2026\n\n"
    "LONDON - Acme Corp said yesterday it would close its Leeds plant on Friday."
)


def _dates(batch: analyse.BatchRows) -> dict[str, dt.date | None]:
    return {d.text: d.resolved for d in batch.rows["dates"]}


def test_a_dated_line_dates_the_document_and_anchors_its_dates(tagger):
    """No metadata: the "Published: …" line (which the cleaner removes from the text) gives
    published_at, and "yesterday" and "Friday" resolve against it (Monday 5 January 2026)."""
    batch = _run([_doc(_DATED, "dated.txt")], tagger)
    (doc,) = batch.rows["documents"]
    assert (doc.published_at, doc.published_at_source) == (
        dt.datetime(2026, 1, 5, 15, 32, tzinfo=dt.UTC),
        "dateline",
    )
    assert "Published" not in doc.text
    assert [b.reason for b in batch.rows["boilerplate"]] == ["timestamp"]
    assert _dates(batch) == {"yesterday": dt.date(2026, 1, 4), "Friday": dt.date(2026, 1, 2)}


def test_metadata_dates_the_document_before_its_dateline(tagger):
    meta = dt.datetime(2026, 2, 10, 8, 0, tzinfo=dt.UTC)
    raw = RawDocument("m", "m.jsonl#1", None, meta, _DATED)
    (doc,) = _run([raw], tagger).rows["documents"]
    assert (doc.published_at, doc.published_at_source) == (meta, "metadata")


def test_a_document_without_a_date_says_none(tagger):
    batch = _run(
        [_doc("LONDON, Jan 5 (Reuters) - Acme Corp said yesterday it would close.", "n")], tagger
    )
    (doc,) = batch.rows["documents"]
    assert (doc.published_at, doc.published_at_source) == (None, "none")  # the year is unknown
    assert _dates(batch) == {"Jan 5": None, "yesterday": None}


def test_reextracted_document_keeps_the_date_its_dateline_gave(tagger):
    """run --reprocess analyses the stored text, from which the cleaner removed the
    "Published: …" line: the stored date stays, still a dateline's."""
    stored = dt.datetime(2026, 1, 5, 15, 32, tzinfo=dt.UTC)
    text = "LONDON - Acme Corp said yesterday it would close its Leeds plant on Friday."
    raw = RawDocument("s", "s.txt", None, stored, text, published_at_source="dateline")
    batch = analyse.analyse_batch(
        [raw], parse=parse_entities, tag=tagger, run_id="r", ingested_at=T0, version="t",
        already_clean=True,
    )  # fmt: skip
    (doc,) = batch.rows["documents"]
    assert (doc.published_at, doc.published_at_source) == (stored, "dateline")
    assert _dates(batch)["yesterday"] == dt.date(2026, 1, 4)


_NEWSY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Kirby",
                "said",
                "NATO",
                "some",
                "8,500",
                "troops",
                "Monday",
                "Jan.",
                "U.S.",
                "Mr.",
                "“",
                "”",
                "\n\n“",
                " he said. ",
                ",",
                ".",
                " ",
                "\n\n",
                "$1.2bn",
                "5%",
                "three",
                "last Friday",
                '"',
                "'",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NEWSY)
def test_any_text_never_raises_and_offsets_hold(tagger, text):
    """Any Unicode through the whole document stage: no exception, every span equals its slice."""
    raw = RawDocument("h", "h.txt", None, None, text)
    batch = _run([raw], tagger)
    for failure in batch.failures:
        assert failure.reason == "empty"  # the only acceptable failure: nothing left to analyse
    for doc in batch.rows.get("documents", []):
        for table in SPAN_TABLES:
            for row in batch.rows[table]:
                assert doc.text[row.char_start : row.char_end] == row.text, (table, row)


def test_tagger_runs_once_for_the_whole_batch(tagger):
    """The number windows of every document go to one tagger call, and give the numbers (with
    their counted objects) that tagging each document alone gives."""
    from flows.extract.numbers import extract_numbers
    from flows.nlp import ner_pipeline
    from flows.segment import segment

    texts = [
        "The firm said it would cut 1,200 jobs and close three factories by March.",
        "Police said some 40 protesters were arrested. Nobody was hurt.",
        "No figures were given.",
        "Shares rose 5% to 230p after profits of £600m, beating forecasts by about 8 analysts.",
    ]
    calls: list[int] = []

    def counting(batch_texts):
        calls.append(len(batch_texts))
        return tagger(batch_texts)

    batch = _run([_doc(t, f"{i}.txt") for i, t in enumerate(texts)], counting)
    assert not batch.failures
    assert len(calls) == 1  # one call, not one per document with numbers
    alone = []
    for i, text in enumerate(texts):
        doc_id = batch.rows["documents"][i].doc_id
        _, sentences = segment(text, doc_id=doc_id)
        alone += extract_numbers(ner_pipeline()(text), sentences, doc_id=doc_id, tag=tagger)
    assert batch.rows["numbers"] == alone
    assert ("1,200", "jobs") in [(n.text, n.object) for n in batch.rows["numbers"]]


def test_tagger_failure_isolates_its_document(tagger):
    """When the batch's tagger call fails, each document is tagged alone: only the document whose
    windows break the tagger is rejected."""

    def fragile(batch_texts):
        if any("poison" in t for t in batch_texts):
            raise RuntimeError("tagger exploded")
        return tagger(batch_texts)

    docs = [
        _doc("The council approved 12 new homes.", "a.txt"),
        _doc("They found 3 poison darts in the shed.", "b.txt"),
        _doc("About 500 fans attended.", "c.txt"),
    ]
    batch = _run(docs, fragile)
    assert [d.source_uri for d in batch.rows["documents"]] == ["a.txt", "c.txt"]
    assert [(f.source_uri, f.reason) for f in batch.failures] == [("b.txt", "extract_error")]
    assert [n.object for n in batch.rows["numbers"]] == ["new homes", "fans"]
