"""Evaluation: the scoring functions on hand-made cases, `broadsheet eval` on the seed, and the
development gold set (tests/gold/) checked against the format and the article texts."""

from __future__ import annotations

import functools
import json
import re
import shutil
import sys

import pytest

from flows import evaluate as ev
from flows.clean import strip_escaped_markup, unescape_backslashes
from flows.cli import main

from conftest import ROOT, SHARED

GOLD_DIR = ROOT / "tests" / "gold"
GOLDEN_DIR = ROOT / "tests" / "golden"
BBC = SHARED / "corpora" / "bbc"


# --- scoring functions ----------------------------------------------------------------------------


def test_score_perfect_partial_empty():
    perfect = ev.score_multiset(["a", "b", "b"], ["b", "a", "b"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    partial = ev.score_multiset(["a", "b", "c", "c"], ["a", "c", "d"])
    assert (partial.tp, partial.precision, partial.recall) == (2, 0.5, 2 / 3)
    assert partial.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    nothing = ev.score_multiset([], ["a"])
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 0.0, 0.0)
    both_empty = ev.score_multiset([], [])
    assert both_empty.f1 == 1.0
    summed = partial + nothing
    assert (summed.tp, summed.n_pred, summed.n_gold) == (2, 4, 4)


def test_sentences_compare_with_white_space_collapsed():
    s = ev.score_sentences(["One  sentence.\n", "Two."], ["One sentence.", "Two.", "Three."])
    assert (s.tp, s.n_pred, s.n_gold) == (2, 2, 3)


def test_mentions_typed_and_untyped():
    got = ev.score_mentions(
        [("Kirby", "PERSON"), ("NATO", "GPE"), ("Geneva", "GPE")],
        [("Kirby", "PERSON"), ("NATO", "ORG"), ("Lavrov", "PERSON")],
    )
    assert (got["typed"].tp, got["untyped"].tp) == (1, 2)
    assert got["typed"].n_gold == got["untyped"].n_gold == 3


def _num(text, kind, value, unit=None, obj=None, qualifier=None):
    return {
        "text": text,
        "kind": kind,
        "value": value,
        "unit": unit,
        "object": obj,
        "qualifier": qualifier,
    }


def test_numbers_match_on_value_and_kind_then_judge_unit_and_object():
    gold = [
        _num("some 8,500", "cardinal", 8500, obj="troops", qualifier="approximate"),
        _num("$1.2 billion", "money", 1.2e9, "USD"),
        _num("12.5%", "percent", 12.5, "%", "voters"),
        _num("3", "cardinal", 3),
    ]
    pred = [
        _num("8,500", "cardinal", 8500.0, obj="Troops"),  # object compared case-insensitively
        _num("$1.2bn", "money", 1200000000.0000001, "GBP"),  # value close, wrong unit
        _num("12.5", "cardinal", 12.5),  # wrong kind: no match
        _num("7", "cardinal", 7),
    ]
    s = ev.score_numbers(pred, gold)
    assert (s.score.tp, s.score.n_pred, s.score.n_gold) == (2, 4, 4)
    assert (s.unit.correct, s.unit.total) == (1, 2)
    assert (s.object.correct, s.object.total) == (2, 2)
    assert (s.qualifier.correct, s.qualifier.total) == (1, 2)
    assert ev.score_numbers([], []).unit.value is None


def test_numbers_prefer_the_pair_with_the_same_text():
    gold = [_num("5m", "money", 5e6, "GBP"), _num("£5m", "money", 5e6, "GBP", "offer")]
    pred = [_num("£5m", "money", 5e6, "GBP", "offer"), _num("5m", "money", 5e6, "GBP")]
    assert ev.score_numbers(pred, gold).object.value == 1.0


def test_dates_match_on_text_resolution_over_matches():
    import datetime as dt

    gold = [
        {"text": "Monday", "kind": "date", "resolved": "2022-01-24"},
        {"text": "three days", "kind": "duration", "resolved": None},
        {"text": "2015", "kind": "date", "resolved": None},
    ]
    pred = [
        {"text": "Monday", "kind": "date", "resolved": dt.date(2022, 1, 24)},
        {"text": "three  days", "kind": "date", "resolved": None},
        {"text": "last week", "kind": "date", "resolved": None},
    ]
    s = ev.score_dates(pred, gold)
    assert (s.score.tp, s.score.n_pred, s.score.n_gold) == (2, 3, 3)
    assert s.resolution.value == 1.0
    assert s.kind.value == 0.5


def test_quotes_allow_ninety_percent_token_overlap():
    long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    assert ev.quotes_match(long, long + " fifteen")  # 14 of 15 tokens: 93%
    assert not ev.quotes_match(long, "one two three four five six seven eight")  # 8 of 14
    assert ev.quotes_match("a  b\n c", "a b c")
    assert not ev.quotes_match("", "a")


def test_quotes_speaker_accuracy_null_equals_null():
    gold = [
        {"text": "We remain keenly focused.", "speaker": "John Kirby"},
        {"text": "It was loud", "speaker": None},
        {"text": "nobody said this", "speaker": "X"},
    ]
    pred = [
        {"text": "It was loud", "speaker": None},
        {"text": "We  remain keenly focused.", "speaker": "Kirby"},
        {"text": "an extra quote", "speaker": None},
    ]
    s = ev.score_quotes(pred, gold)
    assert (s.score.tp, s.score.n_pred, s.score.n_gold, s.exact) == (2, 3, 3, 2)
    assert (s.speaker.correct, s.speaker.total) == (1, 2)


def test_boilerplate_removed_and_recorded():
    s = ev.score_boilerplate(
        ["Sign up to receive our latest news!", "Share this story"],
        "Body text.\n\nShare this story",
        ["Sign up to receive  our latest news!"],
    )
    assert (s.removed.correct, s.removed.total) == (1, 2)
    assert (s.recorded.correct, s.recorded.total) == (1, 2)
    assert ev.score_boilerplate([], "x", []).removed.value is None


def test_source_matching_is_on_path_boundaries():
    assert ev.source_matches("/data/bbc/business/001.txt", "business/001.txt")
    assert ev.source_matches("business/001.txt", "business/001.txt")
    assert not ev.source_matches("/data/bbc/business/1001.txt", "001.txt")
    assert not ev.source_matches("/data/bbc/business/001.txt", "sport/001.txt")


def test_a_missing_document_scores_as_predicting_nothing(seed_gold):
    score = ev.score_document(ev.empty_prediction(), seed_gold)
    assert score.sentences.recall == 0.0 and score.sentences.precision == 1.0
    assert score.boilerplate.removed.value == 1.0  # nothing kept, but nothing recorded either
    assert score.boilerplate.recorded.value == 0.0


# --- the eval command on the seed -----------------------------------------------------------------


def test_eval_cli_on_the_seed(seed_warehouse, capsys):
    assert main(["eval", str(GOLDEN_DIR), "--warehouse", str(seed_warehouse)]) == 0
    out = capsys.readouterr().out
    table, last = out.rsplit("\n", 2)[0], out.strip().splitlines()[-1]
    assert "sentences" in table and "quotes" in table
    result = json.loads(last)
    assert (result["n_gold"], result["n_found"], result["missing"]) == (1, 1, [])
    assert result["sentences"]["f1"] == 1.0
    assert result["numbers"]["f1"] == 1.0
    assert result["quotes"]["f1"] == 1.0
    assert result["quotes"]["speaker_accuracy"] == 1.0
    assert result["boilerplate"] == {"gold_lines": 2, "removed_share": 1.0, "recorded_share": 1.0}


def test_eval_cli_json_only(seed_warehouse, capsys):
    assert main(["eval", str(GOLDEN_DIR), "--warehouse", str(seed_warehouse), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["n_gold"] == 1


def test_eval_cli_counts_gold_without_a_document_as_missing(seed_warehouse, tmp_path, capsys):
    gold = json.loads((GOLDEN_DIR / "seed.json").read_text(encoding="utf-8"))
    gold["source"] = "not/ingested.txt"
    (tmp_path / "other.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main(["eval", str(tmp_path), "--warehouse", str(seed_warehouse), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["missing"] == ["not/ingested.txt"]
    assert result["sentences"]["recall"] == 0.0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "absent", "gold folder not found"),
        (lambda d: d, "no *.json gold files"),
    ],
)
def test_eval_cli_usage_errors(seed_warehouse, tmp_path, capsys, make, message):
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(make(tmp_path)), "--warehouse", str(seed_warehouse)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_eval_cli_bad_gold_and_bad_warehouse(seed_warehouse, tmp_path, capsys):
    (tmp_path / "bad.json").write_text('{"source": "x.txt"}', encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(tmp_path), "--warehouse", str(seed_warehouse)])
    assert exc.value.code == 2 and "bad.json" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(GOLDEN_DIR), "--warehouse", str(tmp_path / "nowhere")])
    assert exc.value.code == 2 and "warehouse folder not found" in capsys.readouterr().err


# --- the gold set: dev and test splits -----------------------------------------------------------

DEV_FILES = sorted((GOLD_DIR / "dev").glob("*.json"))
TEST_FILES = sorted((GOLD_DIR / "test").glob("*.json"))
GOLD_FILES = DEV_FILES + TEST_FILES


def _publisher(source: str) -> str:
    """The outlet a gold source comes from: the web page's site, else the corpus."""
    kind, _, rest = source.partition("/")
    if kind == "html":
        return "html:" + rest[:8]  # one page per site (bench/gold_select.py): the page stands in
    if kind in ("reuters21578", "ag_news"):
        return kind
    return "bbc"


def test_gold_splits_are_large_disjoint_and_varied():
    dev = [json.loads(p.read_text(encoding="utf-8")) for p in DEV_FILES]
    test = [json.loads(p.read_text(encoding="utf-8")) for p in TEST_FILES]
    assert len(dev) >= 32 and len(test) >= 10  # 12 BBC + 20 new in dev, 10 in test (issue 14)
    assert not {d["source"] for d in dev} & {d["source"] for d in test}
    kinds = {d["source"].partition("/")[0] for d in test}
    assert {"html", "reuters21578", "ag_news"} <= kinds  # the test split is not one outlet
    assert len({_publisher(d["source"]) for d in dev + test}) >= 6
    assert sum(len(d["reported"]) for d in test) >= 50  # enough to measure reported speech
    assert sum(len(d["quotes"]) for d in test) >= 50


@pytest.mark.parametrize("path", [*GOLD_FILES, GOLDEN_DIR / "seed.json"], ids=lambda p: p.stem)
def test_gold_file_follows_the_format(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert ev.validate_gold(data) == []
    if re.fullmatch(r"[a-z]+_\d{3}", path.stem):  # a BBC article
        assert data["source"] == path.stem.replace("_", "/", 1) + ".txt"
        assert data["published_at"] is None  # BBC files carry no date
    for key in ("quotes", "reported"):
        for item in data[key]:  # a statement with a verb of saying has a speaker or none at all
            assert item["verb"] is None or isinstance(item["verb"], str), item


def test_gold_splits_side_by_side(tmp_path):
    """A folder of split folders is read split by split, in name order."""
    for name in ("test", "dev"):
        (tmp_path / name).mkdir()
        shutil.copy(GOLDEN_DIR / "seed.json", tmp_path / name / "seed.json")
    splits = ev.gold_splits(tmp_path)
    assert list(splits) == ["dev", "test"]
    assert ev.gold_splits(GOLDEN_DIR) == {"golden": [GOLDEN_DIR / "seed.json"]}
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    with pytest.raises(ev.GoldError, match=r"no \*\.json gold files"):
        ev.gold_splits(tmp_path / "empty")


def _sentence_parts(quote: str) -> list[str]:
    """A quote's joined text split where a paragraph or re-opened quote may have been folded."""
    return re.split(r"(?<=[.?!]) (?=[A-Z])", quote)


@functools.cache
def _records() -> dict[str, dict]:
    """The Reuters and AG News records of every gold source, read once (one pass per corpus)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from gold_inputs import materialise

    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in GOLD_FILES]
    sources = [s for s in sources if s.startswith(("reuters21578/", "ag_news/"))]
    paths = materialise(sources, SHARED, ROOT / "data" / "gold-inputs")
    return {
        s: json.loads(p.read_text(encoding="utf-8")) for s, p in zip(sources, paths, strict=True)
    }


def _article(source: str) -> tuple[str | None, str]:
    """(headline, body) of a gold source as its annotators read it, from ../shared."""
    kind, _, rest = source.partition("/")
    if kind == "html":
        truth = json.loads((SHARED / "corpora/html/ground-truth.json").read_text(encoding="utf-8"))
        return None, truth[rest.split(".")[0]]["articleBody"]
    if kind in ("reuters21578", "ag_news"):
        record = _records()[source]
        # the text as the pipeline reads it: AG News's escaped HTML tags are markup, not words,
        # and its backslashes are line breaks and dollar signs
        return record["title"], unescape_backslashes(strip_escaped_markup(record["text"]))
    headline, body = (BBC / source).read_text(encoding="utf-8").split("\n", 1)
    return headline, body


@pytest.mark.shared
@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_spans_occur_in_the_article(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"{SHARED / 'corpora'} not present (../shared holds the corpora)")
    headline, body = _article(data["source"])
    if headline is not None:
        assert data["title"] == headline.strip()
    flat = re.sub(r"\s+", " ", body)
    boilerplate = [re.sub(r"\s+", " ", b).strip() for b in data["boilerplate"]]
    pos = 0
    for sentence in data["sentences"]:  # the sentences tile the body, in order
        found = flat.find(sentence, pos)
        between = flat[pos:found].strip()
        assert found >= 0 and (not between or between in boilerplate), sentence
        pos = found + len(sentence)
    assert not flat[pos:].strip() or flat[pos:].strip() in boilerplate
    for key in ("mentions", "numbers", "dates"):
        pos = 0
        for item in data[key]:  # every span is in the text, in text order
            found = flat.find(re.sub(r"\s+", " ", item["text"]), pos)
            assert found >= 0, (key, item["text"])
            pos = found
    unquoted = re.sub('[“”"]', " ", flat)
    for quote in data["quotes"]:  # a quote over paragraphs is joined without re-opening marks
        for part in _sentence_parts(quote["text"]):
            assert re.sub('[“”"]', " ", part) in unquoted, part
    for item in data["quotes"] + data["reported"]:
        if item["speaker_text"]:
            assert item["speaker_text"] in flat, item["speaker_text"]
    for item in data["reported"]:
        assert re.sub(r"\s+", " ", item["text"]) in flat, item["text"]
