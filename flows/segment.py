"""Segmentation: cleaned text -> paragraph and sentence rows with offsets into that text.

Paragraphs are blocks separated by blank lines. Sentences are found by rule: a candidate boundary
is terminal punctuation (plus closing quotes or brackets) followed by white space; abbreviations,
initials, numbers and lower-case continuations veto it. A sentence never crosses a paragraph
break. No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flows.schema import Paragraph, Sentence
from flows.spans import trim

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Terminal punctuation, then any closing quotes/brackets, then the white space that must follow.
_CANDIDATE = re.compile(r"(?:[.!?]+|…)[\"'”’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.'’&-]+)$")
_OPENERS = "\"'“‘([{"

# Abbreviations after which a period never ends a sentence (a name or noun always follows).
_TITLES = frozenset(
    "mr mrs ms messrs dr prof sen sens rep reps gov gen lt col capt cpt sgt maj adm cmdr cdr rev "
    "fr hon pres supt cpl det insp st mt ft vs v cf approx ald atty brig".split()
)
# Abbreviations that do not end a sentence when a number follows ("Jan. 24", "No. 10", "p. 5").
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos art fig figs p pp vol vols ch para "
    "sec ref op tel ext".split()
)
# Abbreviations that usually continue the sentence unless an obvious sentence opener follows.
_USUALLY_INSIDE = frozenset("inc ltd corp co bros dept univ assn est e.g i.e etc al".split())
# Words that start a new sentence after an acronym such as "U.S." or "p.m.": the acronym then ends
# the sentence ("troops arrived in the U.S. The next day ..."). Other capitalised words are far more
# often the name the acronym modifies ("the U.S. Senate").
_SENTENCE_OPENERS = frozenset(
    "the a an he she it they we i you but and so yet this that these those there his her their its "
    "our my in on at for after before when while if as however meanwhile still then now also some "
    "many most no one two three what why how who where".split()
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each blank-line separated block, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append(trim(text, pos, m.start()))
        pos = m.end()
    spans.append(trim(text, pos, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _next_word(text: str, pos: int, end: int) -> str:
    """The word starting at the first non-space, non-opening-mark character at or after pos."""
    i = pos
    while i < end and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    j = i
    while j < end and not text[j].isspace():
        j += 1
    return text[i:j]


def _is_boundary(text: str, punct_start: int, punct_end: int, end: int) -> bool:
    """Decide whether the candidate at text[punct_start:punct_end] ends a sentence."""
    nxt = _next_word(text, punct_end, end)
    if not nxt:
        return False
    first = nxt[0]
    if first.islower():
        # "“Why?” he asked." / "the U.S. military" / "e.g. this": a continuation.
        return False
    if text[punct_start] != ".":
        return True  # ? ! and … before a capital, digit or opener end the sentence.
    if text[punct_start:punct_end].startswith(".."):
        return True  # an ellipsis before a capitalised word starts a new sentence.
    m = _WORD_BEFORE.search(text, 0, punct_start)
    word = m.group(1) if m else ""
    bare = word.strip("'’(").lower()
    if bare in _TITLES:
        return False
    if first.isdigit():
        return bare not in _BEFORE_NUMBER
    if bare in _BEFORE_NUMBER and bare[:3] in {"jan", "feb", "mar", "apr", "jun", "jul", "aug"}:
        return nxt.lower().strip(_OPENERS) in _SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():
        # An initial ("John F. Kennedy", "J. K. Rowling"): a sentence rarely ends in one letter.
        return nxt.lower().strip("\"'“‘") in _SENTENCE_OPENERS
    if "." in word or bare in _USUALLY_INSIDE:
        # Acronyms with periods (U.S., a.m.) and company suffixes (Inc.) end a sentence only
        # when a typical sentence opener follows.
        return nxt.lower().strip("\"'“‘(") in _SENTENCE_OPENERS
    return True


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence inside text[start:end] (one paragraph)."""
    sent_start = start
    for m in _CANDIDATE.finditer(text, start, end):
        if m.end() >= end:
            break
        if _is_boundary(text, m.start(), m.end(), end):
            s, e = trim(text, sent_start, m.end())
            if e > s:
                yield s, e
            sent_start = m.end()
    s, e = trim(text, sent_start, end)
    if e > s:
        yield s, e


def segment(text: str, *, doc_id: str) -> tuple[list[Paragraph], list[Sentence]]:
    """Cleaned document text -> its paragraphs and sentences, offsets into `text`."""
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_idx, (p_start, p_end) in enumerate(paragraph_spans(text)):
        paragraphs.append(Paragraph(doc_id, p_idx, p_start, p_end, text[p_start:p_end]))
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            sentences.append(
                Sentence(doc_id, len(sentences), p_idx, s_start, s_end, text[s_start:s_end])
            )
    return paragraphs, sentences


def count_words(text: str) -> int:
    """Whitespace-separated words."""
    return len(text.split())
