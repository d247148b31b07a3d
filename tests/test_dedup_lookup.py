"""Near-duplicate lookup per batch (flows.store.signature_candidates): an index of only the stored
and staged signatures that share a band key with a batch answers as one of every signature."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from flows import dedup, storage
from flows import warehouse as store
from flows.dedup import NearDuplicateIndex, signature
from flows.schema import Document, DocumentSignature, Run

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

_RNG = random.Random(11)
_VOCAB = sorted(
    {"".join(_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(800)}
)


def _article(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(words)) + "."


def _edited(text: str, seed: int, n: int = 3) -> str:
    """The text with `n` words replaced: estimated Jaccard well above 0.8."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), n):
        words[i] = rng.choice(_VOCAB)
    return " ".join(words)


def _doc(sig: DocumentSignature, run_id: str, at: dt.datetime) -> Document:
    return Document(
        doc_id=sig.doc_id,
        source_uri=f"{sig.doc_id}.txt",
        title=None,
        published_at=None,
        text="x",
        n_paragraphs=1,
        n_sentences=1,
        n_words=1,
        ingested_at=at,
        run_id=run_id,
        pipeline_version="test",
        duplicate_of=None,
        url=None,
        external_id=None,
        source_name=None,
        encoding="utf-8",
    )


def _stage(wh, run_id: str, batch_no: int, sigs: list[DocumentSignature], at: dt.datetime):
    docs = [_doc(s, run_id, at) for s in sigs]
    store.stage_batch(wh, run_id, batch_no, {"documents": docs, "document_signatures": sigs})


def _commit(wh, run_id: str, batches: list[list[DocumentSignature]], at: dt.datetime) -> None:
    for i, sigs in enumerate(batches):
        _stage(wh, run_id, i, sigs, at)
    run = Run(run_id, at, at, "completed", 0, 0, 0, 0, "test")
    store.stage_run(wh, run, rebuild_entities=False)
    store.commit(wh, run_id)


def _rows(sigs: list[DocumentSignature]) -> list[tuple[str, bytes, list[str]]]:
    return [(s.doc_id, s.minhash, list(s.bands)) for s in sigs]


def _per_batch(wh, run_id: str, batch: list[DocumentSignature]) -> list[tuple[str, float] | None]:
    """What the flow does for one batch: find then add, over the candidates only."""
    index = NearDuplicateIndex.from_rows(store.signature_candidates(wh, run_id, batch))
    found = []
    for sig in batch:
        found.append(index.find(sig))
        index.add(sig)
    return found


@pytest.fixture
def corpus(tmp_path):
    """Two committed runs and a run with two staged batches, full of near-copies whose earliest
    original is in each place: the first run (ingested first, although its doc_ids sort last),
    the second run, the run's own first batch, its second batch."""
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    texts = {k: _article(k) for k in range(8)}
    first = [signature(texts[k], doc_id=f"z-first-{k}") for k in (0, 1)]
    first += [signature(_article(100 + k), doc_id=f"z-first-u{k}") for k in range(20)]
    second = [
        signature(texts[0], doc_id="a-second-copy0"),  # sorts first, but ingested later
        signature(texts[2], doc_id="a-second-2"),
        signature(_edited(texts[1], 5), doc_id="a-second-edit1"),
    ]
    _commit(wh, "r1", [first[:10], first[10:]], T0)
    _commit(wh, "r2", [second], T0 + dt.timedelta(days=1))
    staged = [
        [signature(texts[3], doc_id="s0-3"), signature(_edited(texts[2], 6), doc_id="s0-e2")],
        [signature(texts[4], doc_id="s1-4"), signature(_edited(texts[3], 7), doc_id="s1-e3")],
    ]
    for i, sigs in enumerate(staged):
        _stage(wh, "run", i, sigs, T0 + dt.timedelta(days=2))
    everything = first + second + [s for batch in staged for s in batch]
    batch = [
        signature(_edited(texts[0], 8), doc_id="q-e0"),
        signature(_edited(texts[1], 9), doc_id="q-e1"),
        signature(_edited(texts[2], 10), doc_id="q-e2"),
        signature(_edited(texts[3], 11), doc_id="q-e3"),
        signature(_edited(texts[4], 12), doc_id="q-e4"),
        signature(texts[5], doc_id="q-5"),
        signature(_edited(texts[5], 13), doc_id="q-e5"),  # a copy of the one just before it
        signature(_article(999), doc_id="q-new"),
        signature("", doc_id="q-empty"),
    ]
    return wh, everything, batch


def test_per_batch_lookup_answers_as_the_whole_index(corpus):
    wh, everything, batch = corpus
    whole = NearDuplicateIndex.from_rows(_rows(everything))
    expected = []
    for sig in batch:
        expected.append(whole.find(sig))
        whole.add(sig)
    assert _per_batch(wh, "run", batch) == expected
    assert [m and m[0] for m in expected] == [
        "z-first-0",  # the first run's, though a later run's copy has a doc_id sorting first
        "z-first-1",
        "a-second-2",
        "s0-3",  # staged in this run's first batch
        "s1-4",  # staged in its second batch
        None,
        "q-5",  # earlier in the same batch
        None,
        None,  # a text without words never matches
    ]


def test_candidates_are_only_what_shares_a_band_key_in_index_order(corpus):
    wh, _, batch = corpus
    found = store.signature_candidates(wh, "run", batch)
    ids = [r[0] for r in found]
    # committed oldest first (ingested_at, then doc_id), then staged in staging order
    assert ids == [
        "z-first-0",
        "z-first-1",
        "a-second-2",
        "a-second-copy0",
        "a-second-edit1",
        "s0-3",
        "s0-e2",
        "s1-4",
        "s1-e3",
    ]
    assert all(isinstance(r[1], bytes) and len(r[2]) == dedup.BANDS for r in found)
    assert store.signature_candidates(wh, "run", [signature(_article(4242), doc_id="x")]) == []


def test_whole_index_order_matches_signature_rows(corpus):
    """signature_candidates orders committed rows as signature_rows does."""
    wh, _, batch = corpus
    committed = [r[0] for r in store.signature_rows(wh)]
    found = [r[0] for r in store.signature_candidates(wh, "another-run", batch)]
    assert found == [d for d in committed if d in set(found)]
    assert len(found) == 5


def test_nothing_to_look_up_reads_nothing(tmp_path, monkeypatch):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)

    def no_connection(*args, **kwargs):
        raise AssertionError("signatures were read")

    monkeypatch.setattr(storage, "connect", no_connection)
    assert store.signature_candidates(wh, "r", []) == []
    assert store.signature_candidates(wh, "r", [signature(" \n", doc_id="blank")]) == []


def test_first_run_on_an_empty_warehouse(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    text = _article(1)
    assert _per_batch(wh, "r", [signature(text, doc_id="a")]) == [None]
    _stage(wh, "r", 0, [signature(text, doc_id="a")], T0)
    assert _per_batch(wh, "r", [signature(_edited(text, 2), doc_id="b")])[0][0] == "a"


def test_lookup_keys_skip_texts_without_words():
    sig = signature(_article(3), doc_id="a")
    assert dedup.lookup_keys([sig, signature("", doc_id="e")]) == sorted(sig.bands)
    assert dedup.lookup_keys([signature("🎉", doc_id="e")]) == []


def test_band_key_index_gives_the_same_candidates_as_the_scan(corpus):
    """The compact band keys the flow keeps (committed ones read once, staged ones added as each
    batch is staged) find the same rows, in the same order, as scanning the stored keys."""
    wh, everything, batch = corpus
    index = store.band_key_index(wh)
    assert len(index) == len(store.signature_rows(wh)) == 25  # the two committed runs
    for sig in everything[25:]:  # what the flow adds after staging each of its batches
        index.add(sig.doc_id, sig.bands)
    scanned = store.signature_candidates(wh, "run", batch)
    assert len(scanned) == 9
    assert store.signature_candidates(wh, "run", batch, index) == scanned
    unrelated = [signature(_article(4242), doc_id="x")]
    assert store.signature_candidates(wh, "run", unrelated, index) == []
    assert dedup.BandKeyIndex().candidates(dedup.lookup_keys(batch)) == set()
