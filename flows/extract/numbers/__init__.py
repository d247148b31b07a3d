"""Numeric expressions (not dates) from a NER'd Doc: kind, value, unit, counted object and hedge.

One module per job: `words` (the vocabulary), `grammar` (the regexes of a number expression),
`parse` (the value of a number in digits or words), `find` (the expressions of a text, before
their objects) and `objects` (the noun phrase each counts, from part-of-speech tags of the `tag`
callable, run once per document over short windows around the numbers). This module joins them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Doc

from flows.extract.dates import temporal_spans
from flows.extract.numbers.find import FoundNumbers, Part, find_parts
from flows.extract.numbers.grammar import HYPHEN_NOUN_RE, HYPHENATED_COUNT_RE
from flows.extract.numbers.objects import adverbial_ranks, counted_objects, object_windows
from flows.extract.numbers.parse import parse_number
from flows.schema import Number, Sentence
from flows.spans import index_at

__all__ = ["FoundNumbers", "extract_numbers", "find_numbers", "finish_numbers", "parse_number"]


# Words after a hyphenated count that count nothing: "the 500,000-strong stock", "20-odd".
_NOT_COUNTED_AFTER_HYPHEN = frozenset({"strong", "odd", "plus", "something", "long", "old"})


def extract_numbers(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    doc_id: str,
    tag: Callable[[Sequence[str]], list[Doc]],
    text: str | None = None,
) -> list[Number]:
    """Numeric expressions of one document with kind, value, unit, counted object and hedge.
    `text`: doc.text, when the caller has it (spaCy rebuilds it from the tokens on each access)."""
    found = find_numbers(doc, sentences, doc_id=doc_id, text=text)
    windows = found.window_texts()
    return finish_numbers(found, tag(windows) if windows else [], tag=tag)


def find_numbers(
    doc: Doc, sentences: Sequence[Sentence], *, doc_id: str, text: str | None = None
) -> FoundNumbers:
    """Everything of extract_numbers bar the tagging: the numbers and the windows to tag."""
    if text is None:
        text = doc.text
    # A fraction in words is no date or duration, whatever spaCy says ("three quarters").
    temporal = [
        (s, e)
        for s, e in temporal_spans(doc, text)
        if not (
            re.fullmatch(r"[A-Za-z\s-]+", text[s:e])
            and (value := parse_number(text[s:e])) is not None
            and value != int(value)
        )
    ]
    parts = find_parts(doc, text, temporal)
    wanted, windows = object_windows(doc, text, parts, sentences)
    return FoundNumbers(text, sentences, doc_id, parts, temporal, wanted, windows)


def finish_numbers(
    found: FoundNumbers, tagged: Sequence[Doc], *, tag: Callable[[Sequence[str]], list[Doc]]
) -> list[Number]:
    """Number rows from `found` and the tagged Docs of its `window_texts()`; `tag` tags the rare
    whole sentence an object runs past its window in."""
    text, sentences, doc_id = found.text, found.sentences, found.doc_id
    objects = counted_objects(found, tagged, tag)
    adverbs = adverbial_ranks(found, tagged)
    for i, p in enumerate(found.parts):
        hyphen = HYPHEN_NOUN_RE.match(text, p.end)
        if (
            objects[i] is None
            and hyphen
            and hyphen.group(1) not in _NOT_COUNTED_AFTER_HYPHEN
            and HYPHENATED_COUNT_RE.match(text[p.start : p.end])
        ):
            objects[i] = (hyphen.start(1), hyphen.end(1), "NN")  # "three-party" counts parties
    for i in range(len(found.parts) - 2, -1, -1):
        a, b = found.parts[i], found.parts[i + 1]
        if (
            objects[i] is None
            and objects[i + 1] is not None
            and (a.kind == "ordinal" or b.kind == "quantity")
            and text[a.end : b.start] == " "
        ):
            objects[i] = objects[i + 1]  # "the first two Muslim women", "three 40-foot ships"
    parts = list(found.parts)
    for i, p in enumerate(parts):
        moved = _points_moved(text, p)
        if moved is not None:
            parts[i], objects[i] = moved, None
        elif objects[i] is not None and _in_score(text, p, objects[i]):
            objects[i] = None
    parts = [_metres(text, p, obj) for p, obj in zip(parts, objects, strict=True)]
    parts = _implied_units(parts, objects, sentences)
    return [
        Number(
            doc_id=doc_id,
            number_idx=n,
            sentence_idx=index_at(sentences, p.start),
            char_start=p.start,
            char_end=p.end,
            text=text[p.start : p.end],
            kind=p.kind,
            value=p.value,
            unit=p.unit,
            object=text[objects[i][0] : objects[i][1]] if objects[i] else None,
            qualifier=p.qualifier,
        )
        for n, (i, p) in enumerate((i, p) for i, p in enumerate(parts) if i not in adverbs)
    ]


def _implied_units(
    parts: list[Part], objects: Sequence[tuple[int, int, str] | None], sentences: Sequence[Sentence]
) -> list[Part]:
    """A bare scaled figure takes the currency or unit of the amount before it in its sentence
    (tests/gold/README.md): "84 mln stg, up from 79.3 mln" -> 79.3 mln is GBP, "fallen 1m barrels
    to 294.3m" -> barrels. Only a figure with a scale word and nothing counted after it: "3 million
    shares" counts shares, and an unscaled "up from 45" may be anything."""
    out = list(parts)
    for i in range(1, len(out)):
        p, prev = out[i], out[i - 1]
        if (
            p.kind != "cardinal"
            or p.scale < 1e6
            or p.is_age
            or objects[i] is not None
            or prev.kind not in ("money", "quantity")
            or prev.unit is None
            or index_at(sentences, prev.start) != index_at(sentences, p.start)
        ):
            continue
        out[i] = replace(p, kind=prev.kind, unit=prev.unit)
    return out


# A market index, a price or a poll moves by points: "the Dow fell 102.2 points", "the index
# gained 20.8 points", "down 63.51 points" (Reuters-21578, Reuters.com); a quantity whose unit is
# the points (a player's "scored 34 points" counts them, an object).
_POINTS_AFTER_RE = re.compile(r"\s+points?\b")
_MOVED_BEFORE_RE = re.compile(
    r"(?i)\b(?:rose|risen|rising|fell|fallen|falling|gained|gaining|lost|losing|added|adding|"
    r"dropped|dropping|declined|climbed|slipped|jumped|tumbled|shed|eased|advanced|plunged|"
    r"surged|slumped|soared|sank|lifted|up|down|off|higher|lower)"
    r"(?:\s+(?:about|around|nearly|almost|some|more\s+than|over|just|another))?\s+$"
)


def _points_moved(text: str, part: Part) -> Part | None:
    """The part with unit "points" when it is the amount a market or a poll moved by, else None."""
    if part.kind != "cardinal" or part.is_age:
        return None
    after = _POINTS_AFTER_RE.match(text, part.end)
    if after is None or not _MOVED_BEFORE_RE.search(text, max(0, part.start - 40), part.start):
        return None
    return replace(part, kind="quantity", unit="points", end=after.end())


# A score counts no noun: "the Wild's 4-1 win", "a 2-1 win over Russia", "6-4, 7-6 (5) to seal
# the victory" (tests/gold: twincities_264dc3ae, dev; the third dev batch's tennis and hockey).
_SCORE_AROUND_RE = re.compile(r"(?<![\d.,])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d.,%]|\s?[-–]\s?\d)")
_OUTCOME_NOUNS = frozenset(
    "win wins victory victories defeat defeats loss losses lead draw triumph rout thrashing "
    "scoreline result aggregate shootout decision".split()
)


def _in_score(text: str, part: Part, obj: tuple[int, int, str]) -> bool:
    """Whether the digits of `part` are one side of a score and its found object an outcome."""
    if part.kind != "cardinal" or not text[part.start : part.end].isdigit():
        return False
    window = text[max(0, part.start - 6) : part.end + 6]
    offset = max(0, part.start - 6)
    in_score = any(
        m.start() + offset <= part.start and part.end <= m.end() + offset
        for m in _SCORE_AROUND_RE.finditer(window)
    )
    return in_score and text[obj[0] : obj[1]].lower().split()[-1] in _OUTCOME_NOUNS


def _metres(text: str, part: Part, obj: tuple[int, int, str] | None) -> Part:
    """Read a glued 'm' as metres before a singular noun: "the 100m final", "our 10m line".

    Millions count plural things ("1.5m shares", "20m people") or money, which has a currency.
    """
    if part.kind != "cardinal":
        return part
    measured = re.match(r"\s+(?:tall|long|high|wide|deep)\b", text[part.end :])  # "1.8m tall"
    if not measured and (obj is None or obj[2] not in ("NN", "NNP")):
        return part
    if not re.search(r"\dm$", text[part.start : part.end]) or part.value >= 1e10:
        return part
    return replace(part, kind="quantity", unit="m", value=part.value / 1e6, scale=1.0)
