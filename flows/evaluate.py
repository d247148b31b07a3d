"""Extraction quality: a warehouse scored against hand-annotated gold files.

Gold files follow ../shared/gold/seed.json (guidelines in ../shared/gold/GUIDELINES.md): one JSON
object per article with its `source`, `boilerplate` lines and the expected `sentences`, `mentions`,
`numbers`, `dates` and `quotes` of its body. A gold file is matched to the document whose
`source_uri` ends with its `source` ("business/001.txt").

The scoring functions take plain lists and do no I/O; `evaluate` reads the warehouse and the gold
folder and adds up the counts over all gold documents (micro averages):

- sentences: multiset of whitespace-collapsed sentence texts;
- mentions: multisets of (text, label) (typed) and of text (untyped);
- numbers: multisets of (value, kind) per document; over the matched pairs, unit, object and
  qualifier accuracy;
- dates: multiset of texts; over the matches, resolution accuracy (resolved dates equal, null ==
  null) and kind accuracy;
- quotes (direct, `quotes.kind = 'direct'`): predicted `joined_text` against gold `text`,
  whitespace collapsed; a pair matches when the texts are equal or when one holds at least 90% of
  the other's word tokens and is itself at most ~10% longer, i.e. the shared tokens are at least
  90% of the longer text's (so a fragment never matches the whole quote it was cut from);
  one-to-one, best overlap first; over the matches, speaker accuracy (the speaker entity's
  canonical name equals the gold speaker, null == null);
- reported speech (`kind = 'indirect'`, gold `reported`): the same, with a pair matching when the
  shared tokens are at least half of the longer text's (`REPORTED_OVERLAP`): a content clause's
  boundaries are a matter of judgement where a direct quote's marks are not (a trailing "with the
  first votes 100 days away", a writer's relative clause), so half is the test of the same
  statement; the pairs whose tokens agree to 90% are counted too (`boundary_matches`). The Gender
  Gap Tracker's published figures match at 30%;
- boilerplate: the share of gold boilerplate lines absent from documents.text, and the share
  recorded in the boilerplate table.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLD_FIELDS = (
    "source",
    "published_at",
    "title",
    "boilerplate",
    "sentences",
    "mentions",
    "numbers",
    "dates",
    "quotes",
    "reported",
)
LABELS = frozenset("PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART LANGUAGE".split())
NUMBER_KINDS = frozenset({"cardinal", "ordinal", "money", "percent", "quantity"})
DATE_KINDS = frozenset({"date", "time", "duration"})
QUALIFIERS = frozenset({"approximate", "at_least", "at_most", "more_than", "less_than"})
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "mentions": ("text", "label", "canonical"),
    "numbers": ("text", "kind", "value", "unit", "object", "qualifier"),
    "dates": ("text", "kind", "resolved"),
    "quotes": ("text", "speaker", "verb", "speaker_text"),
    "reported": ("text", "speaker", "verb", "speaker_text"),
}
#: A quote pair matches when the tokens they share are at least this share of the longer one's.
QUOTE_OVERLAP = 0.9
#: The same for reported speech, whose clause boundaries vary more (see the module docstring).
REPORTED_OVERLAP = 0.5

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class GoldError(ValueError):
    """A gold file is missing, unreadable or does not follow the gold format."""


# --- counts -------------------------------------------------------------------------------------


@dataclass
class Score:
    """True positives against predicted and gold counts; precision, recall and F1 from them."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.n_pred,
            "gold": self.n_gold,
        }


@dataclass
class Accuracy:
    """Correct out of total; None when there is nothing to judge."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def rounded(self) -> float | None:
        v = self.value
        return None if v is None else round(v, 4)


def collapse(text: str | None) -> str:
    """White space runs folded to one space, ends stripped."""
    return _WS.sub(" ", text or "").strip()


def _fold(text: str | None) -> str | None:
    return None if text is None else collapse(text).casefold()


def score_multiset(pred: Iterable[Any], gold: Iterable[Any]) -> Score:
    """Items matched as multisets: each gold item matches at most one equal predicted item."""
    cp, cg = Counter(pred), Counter(gold)
    return Score(sum((cp & cg).values()), sum(cp.values()), sum(cg.values()))


# --- categories -----------------------------------------------------------------------------------


def score_sentences(pred: Sequence[str], gold: Sequence[str]) -> Score:
    """Sentence texts compared with white space collapsed."""
    return score_multiset(map(collapse, pred), map(collapse, gold))


def score_mentions(
    pred: Sequence[tuple[str, str]], gold: Sequence[tuple[str, str]]
) -> dict[str, Score]:
    """(text, label) pairs: `typed` needs both equal, `untyped` only the text."""
    p = [(collapse(t), label) for t, label in pred]
    g = [(collapse(t), label) for t, label in gold]
    return {
        "typed": score_multiset(p, g),
        "untyped": score_multiset([t for t, _ in p], [t for t, _ in g]),
    }


def _value_key(value: Any) -> float | None:
    if value is None:
        return None
    v = float(value)
    return float(f"{v:.9g}") if math.isfinite(v) else v


@dataclass
class NumberScore:
    score: Score
    unit: Accuracy
    object: Accuracy
    qualifier: Accuracy


def match_numbers(
    pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs with equal (value, kind), one-to-one.

    Within a (value, kind) group a predicted number with the same text is preferred, then the
    nearest in text order, so that unit and object are judged on the pair meant.
    """
    free: dict[tuple[float | None, str], list[int]] = {}
    for i, p in enumerate(pred):
        free.setdefault((_value_key(p.get("value")), p.get("kind")), []).append(i)
    pairs: list[tuple[int, int]] = []
    for j, g in enumerate(gold):
        candidates = free.get((_value_key(g.get("value")), g.get("kind")))
        if not candidates:
            continue
        same_text = [i for i in candidates if _fold(pred[i].get("text")) == _fold(g.get("text"))]
        i = same_text[0] if same_text else candidates[0]
        candidates.remove(i)
        pairs.append((i, j))
    return pairs


def score_numbers(
    pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]
) -> NumberScore:
    """Numbers matched on (value, kind); unit, object and qualifier judged over the matches."""
    pairs = match_numbers(pred, gold)
    unit, obj, qual = Accuracy(), Accuracy(), Accuracy()
    for i, j in pairs:
        p, g = pred[i], gold[j]
        unit += Accuracy(int(p.get("unit") == g.get("unit")), 1)
        obj += Accuracy(int(_fold(p.get("object")) == _fold(g.get("object"))), 1)
        qual += Accuracy(int(p.get("qualifier") == g.get("qualifier")), 1)
    return NumberScore(Score(len(pairs), len(pred), len(gold)), unit, obj, qual)


@dataclass
class DateScore:
    score: Score
    resolution: Accuracy
    kind: Accuracy


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def score_dates(pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]]) -> DateScore:
    """Dates matched on their text (white space collapsed), in order; resolution and kind judged
    over the matches (resolved dates equal, null == null)."""
    free: dict[str, list[int]] = {}
    for i, p in enumerate(pred):
        free.setdefault(collapse(p.get("text")), []).append(i)
    tp, resolution, kind = 0, Accuracy(), Accuracy()
    for g in gold:
        candidates = free.get(collapse(g.get("text")))
        if not candidates:
            continue
        p = pred[candidates.pop(0)]
        tp += 1
        resolution += Accuracy(int(_iso(p.get("resolved")) == _iso(g.get("resolved"))), 1)
        kind += Accuracy(int(p.get("kind") == g.get("kind")), 1)
    return DateScore(Score(tp, len(pred), len(gold)), resolution, kind)


def quote_tokens(text: str | None) -> Counter[str]:
    """The word tokens of a quote, lower-cased, curly apostrophes straightened."""
    return Counter(t.replace("’", "'") for t in _TOKEN.findall((text or "").casefold()))


def quote_overlap(a: str | None, b: str | None) -> float:
    """Shared tokens over the longer text's tokens: the smaller of the two coverages."""
    ta, tb = quote_tokens(a), quote_tokens(b)
    if not ta or not tb:
        return 1.0 if collapse(a) == collapse(b) else 0.0
    shared = sum((ta & tb).values())
    return shared / max(sum(ta.values()), sum(tb.values()))


def quotes_match(pred: str | None, gold: str | None, threshold: float = QUOTE_OVERLAP) -> bool:
    """Equal with white space collapsed, or sharing at least `threshold` of the longer's tokens."""
    return collapse(pred) == collapse(gold) or quote_overlap(pred, gold) >= threshold


@dataclass
class QuoteScore:
    score: Score
    speaker: Accuracy
    exact: int
    close: int = 0  # matched pairs whose tokens agree to QUOTE_OVERLAP

    def __add__(self, o: QuoteScore) -> QuoteScore:
        return QuoteScore(
            self.score + o.score,
            self.speaker + o.speaker,
            self.exact + o.exact,
            self.close + o.close,
        )


def _jaccard(a: str | None, b: str | None) -> float:
    ta, tb = quote_tokens(a), quote_tokens(b)
    union = sum((ta | tb).values())
    return sum((ta & tb).values()) / union if union else 1.0


def match_quotes(
    pred: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    threshold: float = QUOTE_OVERLAP,
) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs whose texts match (see `quotes_match`), one-to-one, the
    most similar first."""
    candidates = [
        (
            collapse(p.get("text")) == collapse(g.get("text")),
            _jaccard(p.get("text"), g.get("text")),
            i,
            j,
        )
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if quotes_match(p.get("text"), g.get("text"), threshold)
    ]
    candidates.sort(key=lambda c: (not c[0], -c[1], c[3], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def same_speaker(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """The predicted speaker's canonical name is the gold speaker (case-folded; null == null)."""
    return _fold(pred.get("speaker")) == _fold(gold.get("speaker"))


def score_quotes(
    pred: Sequence[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    threshold: float = QUOTE_OVERLAP,
) -> QuoteScore:
    """Predicted {text, speaker} against gold {text, speaker}: one-to-one matches (see
    `match_quotes`); speaker accuracy over the matches."""
    pairs = match_quotes(pred, gold, threshold)
    speaker, exact, close = Accuracy(), 0, 0
    for i, j in pairs:
        p, g = pred[i].get("text"), gold[j].get("text")
        exact += int(collapse(p) == collapse(g))
        close += int(quotes_match(p, g))
        speaker += Accuracy(int(same_speaker(pred[i], gold[j])), 1)
    return QuoteScore(Score(len(pairs), len(pred), len(gold)), speaker, exact, close)


@dataclass
class BoilerplateScore:
    removed: Accuracy
    recorded: Accuracy


def score_boilerplate(
    gold_lines: Sequence[str], document_text: str, removed_lines: Sequence[str]
) -> BoilerplateScore:
    """Gold boilerplate lines absent from the cleaned text, and those in the boilerplate table."""
    text = collapse(document_text)
    recorded = {collapse(line) for line in removed_lines}
    removed, kept = Accuracy(), Accuracy()
    for line in gold_lines:
        norm = collapse(line)
        removed += Accuracy(int(norm not in text), 1)
        kept += Accuracy(int(norm in recorded), 1)
    return BoilerplateScore(removed, kept)


# --- one document, and the sum ------------------------------------------------------------------


@dataclass
class DocumentScore:
    sentences: Score
    mentions_typed: Score
    mentions_untyped: Score
    numbers: NumberScore
    dates: DateScore
    quotes: QuoteScore
    reported: QuoteScore
    boilerplate: BoilerplateScore

    def __add__(self, o: DocumentScore) -> DocumentScore:
        n, m = self.numbers, o.numbers
        return DocumentScore(
            self.sentences + o.sentences,
            self.mentions_typed + o.mentions_typed,
            self.mentions_untyped + o.mentions_untyped,
            NumberScore(
                n.score + m.score, n.unit + m.unit, n.object + m.object, n.qualifier + m.qualifier
            ),
            DateScore(
                self.dates.score + o.dates.score,
                self.dates.resolution + o.dates.resolution,
                self.dates.kind + o.dates.kind,
            ),
            self.quotes + o.quotes,
            self.reported + o.reported,
            BoilerplateScore(
                self.boilerplate.removed + o.boilerplate.removed,
                self.boilerplate.recorded + o.boilerplate.recorded,
            ),
        )


def empty_prediction() -> dict[str, Any]:
    """What a document that is missing from the warehouse predicts: nothing."""
    return {
        "text": "",
        "sentences": [],
        "mentions": [],
        "numbers": [],
        "dates": [],
        "quotes": [],
        "reported": [],
        "boilerplate": [],
    }


def score_document(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> DocumentScore:
    """One document's predictions (the shape of `empty_prediction`) against its gold file."""
    mentions = score_mentions(
        [(m["text"], m["label"]) for m in pred["mentions"]],
        [(m["text"], m["label"]) for m in gold["mentions"]],
    )
    return DocumentScore(
        sentences=score_sentences(pred["sentences"], gold["sentences"]),
        mentions_typed=mentions["typed"],
        mentions_untyped=mentions["untyped"],
        numbers=score_numbers(pred["numbers"], gold["numbers"]),
        dates=score_dates(pred["dates"], gold["dates"]),
        quotes=score_quotes(pred["quotes"], gold["quotes"]),
        reported=score_quotes(pred["reported"], gold["reported"], REPORTED_OVERLAP),
        boilerplate=score_boilerplate(gold["boilerplate"], pred["text"], pred["boilerplate"]),
    )


def summarise(total: DocumentScore) -> dict[str, Any]:
    """The figures of a (summed) score as a JSON-ready dict."""
    n, d, q, b = total.numbers, total.dates, total.quotes, total.boilerplate
    r = total.reported
    return {
        "sentences": total.sentences.as_dict(),
        "mentions_typed": total.mentions_typed.as_dict(),
        "mentions_untyped": total.mentions_untyped.as_dict(),
        "numbers": {
            **n.score.as_dict(),
            "unit_accuracy": n.unit.rounded(),
            "object_accuracy": n.object.rounded(),
            "qualifier_accuracy": n.qualifier.rounded(),
        },
        "dates": {
            **d.score.as_dict(),
            "resolution_accuracy": d.resolution.rounded(),
            "kind_accuracy": d.kind.rounded(),
        },
        "quotes": {
            **q.score.as_dict(),
            "speaker_accuracy": q.speaker.rounded(),
            "exact_text_matches": q.exact,
        },
        "reported": {
            **r.score.as_dict(),
            "speaker_accuracy": r.speaker.rounded(),
            "boundary_matches": r.close,
        },
        "boilerplate": {
            "gold_lines": b.removed.total,
            "removed_share": b.removed.rounded(),
            "recorded_share": b.recorded.rounded(),
        },
    }


# --- gold files -----------------------------------------------------------------------------------


def validate_gold(data: Any) -> list[str]:
    """What is wrong with one gold object (empty when it follows the format)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = [f"missing field {f!r}" for f in GOLD_FIELDS if f not in data]
    problems += [f"unknown field {f!r}" for f in data if f not in GOLD_FIELDS]
    if problems:
        return problems
    if not isinstance(data["source"], str) or not data["source"]:
        problems.append("source must be a non-empty string")
    for key in ("boilerplate", "sentences"):
        if not isinstance(data[key], list) or not all(isinstance(s, str) for s in data[key]):
            problems.append(f"{key} must be a list of strings")
    for key, fields in ITEM_FIELDS.items():
        items = data[key]
        if not isinstance(items, list):
            problems.append(f"{key} must be a list")
            continue
        for n, item in enumerate(items):
            where = f"{key}[{n}]"
            if not isinstance(item, dict) or set(item) != set(fields):
                problems.append(f"{where} must have exactly the fields {', '.join(fields)}")
                continue
            if not isinstance(item["text"], str) or not item["text"].strip():
                problems.append(f"{where}: text must be a non-empty string")
            problems += [f"{where}: {p}" for p in _item_problems(key, item)]
    return problems


def _item_problems(key: str, item: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    if key == "mentions":
        if item["label"] not in LABELS:
            out.append(f"label {item['label']!r} not in {sorted(LABELS)}")
        if not isinstance(item["canonical"], str) or not item["canonical"]:
            out.append("canonical must be a non-empty string")
    elif key == "numbers":
        if item["kind"] not in NUMBER_KINDS:
            out.append(f"kind {item['kind']!r} not in {sorted(NUMBER_KINDS)}")
        if not isinstance(item["value"], int | float) or isinstance(item["value"], bool):
            out.append("value must be a number")
        if item["qualifier"] is not None and item["qualifier"] not in QUALIFIERS:
            out.append(f"qualifier {item['qualifier']!r} not in {sorted(QUALIFIERS)}")
        if item["kind"] == "percent" and item["unit"] != "%":
            out.append("a percent has unit '%'")
        if item["kind"] == "money" and not re.fullmatch(r"[A-Z]{3}", item["unit"] or ""):
            out.append("money needs an ISO 4217 unit")
        if item["kind"] in ("cardinal", "ordinal") and item["unit"] is not None:
            out.append("cardinals and ordinals have unit null")
    elif key == "dates":
        if item["kind"] not in DATE_KINDS:
            out.append(f"kind {item['kind']!r} not in {sorted(DATE_KINDS)}")
        resolved = item["resolved"]
        if resolved is not None and not (isinstance(resolved, str) and _ISO_DATE.match(resolved)):
            out.append("resolved must be null or YYYY-MM-DD")
    elif key in ("quotes", "reported"):
        for f in ("speaker", "verb", "speaker_text"):
            if item[f] is not None and not isinstance(item[f], str):
                out.append(f"{f} must be a string or null")
    return out


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file, checked against the format; GoldError names the file and the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"cannot read gold file {path}: {exc}") from None
    problems = validate_gold(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GoldError(f"gold file {path}: {problems[0]}{more}")
    return data


def gold_files(gold_dir: Path) -> list[Path]:
    """The *.json files of a gold folder, sorted; GoldError when there are none."""
    if not gold_dir.is_dir():
        raise GoldError(f"gold folder not found: {gold_dir}")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise GoldError(f"no *.json gold files in {gold_dir}")
    return files


# --- the warehouse --------------------------------------------------------------------------------


def source_matches(source_uri: str, source: str) -> bool:
    """The document came from the gold `source` file: the same path, or one ending in /source."""
    uri = source_uri.replace("\\", "/")
    return uri == source or uri.endswith("/" + source.lstrip("/"))


def _rows(con: Any, sql: str, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    relation = con.execute(sql, [doc_ids])
    names = [d[0] for d in relation.description]
    out: dict[str, list[dict[str, Any]]] = {d: [] for d in doc_ids}
    for row in relation.fetchall():
        record = dict(zip(names, row, strict=True))
        out[record.pop("doc_id")].append(record)
    return out


def read_predictions(con: Any, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Every scored row of the given documents, in the shape of `empty_prediction`."""
    where = "where doc_id in (select unnest(?::varchar[]))"
    texts = dict(con.execute(f"select doc_id, text from documents {where}", [doc_ids]).fetchall())
    sentences = _rows(
        con, f"select doc_id, text from sentences {where} order by sentence_idx", doc_ids
    )
    mentions = _rows(
        con, f"select doc_id, text, label from mentions {where} order by mention_idx", doc_ids
    )
    numbers = _rows(
        con,
        "select doc_id, text, kind, value, unit, object, qualifier from numbers "
        f"{where} order by number_idx",
        doc_ids,
    )
    dates = _rows(
        con, f"select doc_id, text, kind, resolved from dates {where} order by date_idx", doc_ids
    )
    # A warehouse written before reported speech (0.2.0) has no quotes.kind: all direct.
    columns = {r[0] for r in con.execute("describe quotes").fetchall()}
    kind = "q.kind" if "kind" in columns else "'direct'"
    quotes = _rows(
        con,
        f"select q.doc_id, {kind} as kind, q.joined_text as text, e.canonical_name as speaker, "
        "q.speaker_text, q.verb from quotes q "
        "left join entities e on e.entity_key = q.speaker_key "
        "where q.doc_id in (select unnest(?::varchar[])) order by q.quote_idx",
        doc_ids,
    )
    boilerplate = _rows(
        con, f"select doc_id, text from boilerplate {where} order by line_idx", doc_ids
    )
    return {
        d: {
            "text": texts.get(d, ""),
            "sentences": [r["text"] for r in sentences[d]],
            "mentions": mentions[d],
            "numbers": numbers[d],
            "dates": dates[d],
            "quotes": [q for q in quotes[d] if q["kind"] != "indirect"],
            "reported": [q for q in quotes[d] if q["kind"] == "indirect"],
            "boilerplate": [r["text"] for r in boilerplate[d]],
        }
        for d in doc_ids
    }


def gold_splits(gold_dir: Path) -> dict[str, list[Path]]:
    """The gold files of a folder by split: its own *.json as one split named after the folder,
    or, when it has none, each sub-folder holding *.json as a split (tests/gold/dev, .../test)."""
    if not gold_dir.is_dir():
        raise GoldError(f"gold folder not found: {gold_dir}")
    if any(gold_dir.glob("*.json")):
        return {gold_dir.name: gold_files(gold_dir)}
    splits = {d.name: gold_files(d) for d in sorted(gold_dir.iterdir()) if any(d.glob("*.json"))}
    if not splits:
        raise GoldError(f"no *.json gold files in {gold_dir} or its sub-folders")
    return splits


def _score_split(
    golds: list[dict[str, Any]], found: Mapping[str, str], preds: Mapping[str, Any]
) -> dict[str, Any]:
    total: DocumentScore | None = None
    per_document: dict[str, dict[str, Any]] = {}
    for gold in golds:
        doc_id = found.get(gold["source"])
        score = score_document(preds[doc_id] if doc_id else empty_prediction(), gold)
        per_document[gold["source"]] = {
            "doc_id": doc_id,
            "sentences_f1": round(score.sentences.f1, 4),
            "mentions_typed_f1": round(score.mentions_typed.f1, 4),
            "numbers_f1": round(score.numbers.score.f1, 4),
            "dates_f1": round(score.dates.score.f1, 4),
            "quotes_f1": round(score.quotes.score.f1, 4),
            "reported_f1": round(score.reported.score.f1, 4),
        }
        total = score if total is None else total + score
    assert total is not None  # gold_files never returns an empty list
    return {
        "n_gold": len(golds),
        "n_found": sum(g["source"] in found for g in golds),
        "missing": [g["source"] for g in golds if g["source"] not in found],
        **summarise(total),
        "documents": per_document,
    }


def _load(
    warehouse: str | Path, gold_dir: Path
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str], dict[str, dict[str, Any]]]:
    """Gold files by split, gold source -> doc_id for those in the warehouse, and predictions."""
    from flows import views

    splits = {name: [load_gold(p) for p in files] for name, files in gold_splits(gold_dir).items()}
    con = views.connect(warehouse)
    try:
        docs = con.execute(
            "select doc_id, source_uri from documents order by ingested_at desc, doc_id"
        ).fetchall()
        found: dict[str, str] = {}
        for golds in splits.values():
            for gold in golds:
                match = next((d for d, uri in docs if source_matches(uri, gold["source"])), None)
                if match is not None:
                    found[gold["source"]] = match
        preds = read_predictions(con, sorted(set(found.values())))
    finally:
        con.close()
    return splits, found, preds


def evaluate(warehouse: str | Path, gold_dir: str | Path) -> dict[str, Any]:
    """Score the warehouse against the gold files of gold_dir; micro-averaged figures as a dict.

    A folder of *.json files gives one set of figures; a folder of split folders (tests/gold/dev,
    tests/gold/test) gives one set per split under `splits`, side by side. A gold file whose
    document is not in the warehouse counts as predicting nothing (listed under `missing`). Raises
    GoldError for a bad gold folder or file, and flows.views.WarehouseError when the warehouse
    cannot be read.
    """
    gold_dir = Path(gold_dir)
    splits, found, preds = _load(warehouse, gold_dir)
    head = {"gold_dir": str(gold_dir), "warehouse": str(warehouse)}
    if any(gold_dir.glob("*.json")):
        (golds,) = splits.values()
        return {**head, **_score_split(golds, found, preds)}
    return {
        **head,
        "splits": {name: _score_split(golds, found, preds) for name, golds in splits.items()},
    }


def speech_errors(warehouse: str | Path, gold_dir: str | Path) -> list[dict[str, Any]]:
    """What the quotes and reported speech got wrong, article by article, for reading while
    tuning on a development split: gold statements not found (`missed`), predictions that match
    none (`spurious`) and matched pairs whose speakers differ (`speaker`)."""
    splits, found, preds = _load(warehouse, Path(gold_dir))
    out: list[dict[str, Any]] = []
    for golds in splits.values():
        for gold in golds:
            doc_id = found.get(gold["source"])
            pred = preds[doc_id] if doc_id else empty_prediction()
            for key, threshold in (("quotes", QUOTE_OVERLAP), ("reported", REPORTED_OVERLAP)):
                p, g = pred[key], gold[key]
                pairs = match_quotes(p, g, threshold)
                matched_p = {i for i, _ in pairs}
                matched_g = {j for _, j in pairs}
                base = {"source": gold["source"], "table": key}
                for j, item in enumerate(g):
                    if j not in matched_g:
                        out.append({**base, "error": "missed", "gold": item, "pred": None})
                for i, item in enumerate(p):
                    if i not in matched_p:
                        out.append({**base, "error": "spurious", "gold": None, "pred": item})
                for i, j in pairs:
                    if not same_speaker(p[i], g[j]):
                        out.append({**base, "error": "speaker", "gold": g[j], "pred": p[i]})
    return out


# --- output ---------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


_EXTRAS = {
    "numbers": lambda r: (
        f"unit {_pct(r['unit_accuracy'])}, object {_pct(r['object_accuracy'])}, "
        f"qualifier {_pct(r['qualifier_accuracy'])}"
    ),
    "dates": lambda r: (
        f"resolution {_pct(r['resolution_accuracy'])}, kind {_pct(r['kind_accuracy'])}"
    ),
    "quotes": lambda r: (
        f"speaker {_pct(r['speaker_accuracy'])}, exact text {r['exact_text_matches']}"
    ),
    "reported": lambda r: (
        f"speaker {_pct(r['speaker_accuracy'])}, boundaries within 10% {r['boundary_matches']}"
    ),
}
_CATEGORIES = (
    "sentences",
    "mentions_typed",
    "mentions_untyped",
    "numbers",
    "dates",
    "quotes",
    "reported",
)


def format_table(result: Mapping[str, Any]) -> str:
    """The figures as a fixed-width table, one row per category; splits side by side."""
    if "splits" in result:
        return format_splits(result)
    lines = [
        f"gold {result['gold_dir']}: {result['n_gold']} file(s), {result['n_found']} found in "
        f"{result['warehouse']}",
    ]
    if result["missing"]:
        lines.append(f"  not in the warehouse (scored as empty): {', '.join(result['missing'])}")
    header = (
        f"{'category':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}  extra"
    )
    lines += [header, "-" * len(header)]
    for key in _CATEGORIES:
        r = result[key]
        extra = _EXTRAS[key](r) if key in _EXTRAS else ""
        lines.append(
            f"{key:<18} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
            f"{r['tp']:>5} {r['pred']:>5} {r['gold']:>5}  {extra}".rstrip()
        )
    b = result["boilerplate"]
    lines.append(
        f"{'boilerplate':<18} {b['gold_lines']} gold line(s): removed {_pct(b['removed_share'])}, "
        f"recorded {_pct(b['recorded_share'])}"
    )
    return "\n".join(lines)


#: The rows of the side-by-side table: (label, category, field).
_SPLIT_ROWS = (
    ("sentences F1", "sentences", "f1"),
    ("mentions F1, typed", "mentions_typed", "f1"),
    ("mentions F1, untyped", "mentions_untyped", "f1"),
    ("numbers F1", "numbers", "f1"),
    ("  unit accuracy", "numbers", "unit_accuracy"),
    ("  object accuracy", "numbers", "object_accuracy"),
    ("  qualifier accuracy", "numbers", "qualifier_accuracy"),
    ("dates F1", "dates", "f1"),
    ("  resolution accuracy", "dates", "resolution_accuracy"),
    ("quotes F1", "quotes", "f1"),
    ("  precision", "quotes", "precision"),
    ("  recall", "quotes", "recall"),
    ("  speaker accuracy", "quotes", "speaker_accuracy"),
    ("reported speech F1", "reported", "f1"),
    ("  precision", "reported", "precision"),
    ("  recall", "reported", "recall"),
    ("  speaker accuracy", "reported", "speaker_accuracy"),
    ("boilerplate removed", "boilerplate", "removed_share"),
)


def format_splits(result: Mapping[str, Any]) -> str:
    """One column per split (dev, test), one row per measure."""
    splits = result["splits"]
    names = list(splits)
    lines = [f"gold {result['gold_dir']} in {result['warehouse']}:"]
    for name, r in splits.items():
        q, rep = r["quotes"], r["reported"]
        lines.append(
            f"  {name}: {r['n_gold']} file(s), {r['n_found']} found; {q['gold']} quotes, "
            f"{rep['gold']} reported statements"
        )
        if r["missing"]:
            lines.append(f"    not in the warehouse (scored as empty): {', '.join(r['missing'])}")
    header = f"{'measure':<24}" + "".join(f"{n:>10}" for n in names)
    lines += [header, "-" * len(header)]
    for label, category, field_ in _SPLIT_ROWS:
        cells = "".join(f"{_pct(splits[n][category][field_]):>10}" for n in names)
        lines.append(f"{label:<24}{cells}")
    return "\n".join(lines)


def format_errors(errors: Sequence[Mapping[str, Any]]) -> str:
    """`speech_errors` as text, one block per error."""

    def show(item: Mapping[str, Any] | None) -> str:
        if item is None:
            return "-"
        text = collapse(item.get("text"))
        text = text if len(text) <= 110 else text[:107] + "..."
        return (
            f"{text!r} | speaker {item.get('speaker')!r} | "
            f"as written {item.get('speaker_text')!r} | verb {item.get('verb')!r}"
        )

    lines = []
    for e in errors:
        lines.append(f"{e['source']} {e['table']} {e['error']}")
        if e["gold"] is not None:
            lines.append(f"  gold: {show(e['gold'])}")
        if e["pred"] is not None:
            lines.append(f"  pred: {show(e['pred'])}")
    counts = Counter((e["table"], e["error"]) for e in errors)
    lines.append(", ".join(f"{t} {k}: {n}" for (t, k), n in sorted(counts.items())))
    return "\n".join(lines)
