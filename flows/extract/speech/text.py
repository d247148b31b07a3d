"""Words, sentences and clauses of the raw text, as character spans: what the attribution rules
walk over. No spaCy: spans index into documents.text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.extract.speech.lexicon import (
    ABBREVIATIONS,
    ADVERBS,
    BARE_SPEECH_VERBS,
    BARE_VERB_MARKERS,
    NOUN_MARKERS,
    SPEECH_VERBS,
)
from flows.schema import Paragraph

#: Double quotation marks. Single marks are paired separately (see _pair_singles): ’ is also
#: the apostrophe in news text.
DOUBLE_MARKS = '"“”'
SINGLE_MARKS = "‘’'"
OPENING_GLYPHS = "“"
CLOSING_GLYPHS = "”"

#: Characters that may sit right before an opening mark other than whitespace: "(“", "—“".
OPEN_PRECEDERS = "([{—–-/‘'" + DOUBLE_MARKS
#: Characters that may follow a closing mark other than whitespace: "”,", "”)", "”’".
CLOSE_FOLLOWERS = ".,;:!?)]}—–-…'’" + DOUBLE_MARKS

#: A sentence end inside a paragraph: terminal punctuation, closing marks or brackets, then space.
#: Used to bound the clauses searched for an attribution (the real segmenter is a later stage and
#: splits inside quotations, which is the opposite of what attribution needs).
SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+")

#: A word: letters/digits joined by apostrophes, hyphens, periods or ampersands
#: (Russia’s, co-chairman, U.S, AT&T). A trailing abbreviation period is added separately.
WORD = re.compile(r"\w+(?:[’'\-.&]\w+)*")

#: The punctuation a quote's content may end with when an attribution follows in the same
#: sentence (“…,” he said / “…?” asked Kirby).
ATTRIBUTION_ENDINGS = ",?!…—–-"

#: Terminal punctuation: a short quote ending in it is a sentence ("No."), not a scare-quoted term.
TERMINALS = ".?!…"

#: Gap between two words of one speaker phrase: whitespace only.
SPACE_GAP = re.compile(r"\s+")
#: Gap allowed between an attribution's words: spaces, commas and spaced dashes (appositives:
#: "Jane Doe, a spokeswoman, said", "Andrei Illarionov - then an adviser - said").
COMMA_GAP = re.compile(r"[\s,\-–—]+")
#: What may separate two appositive groups walking back from a verb.
GROUP_SEPARATORS = frozenset({",", "-", "–", "—"})


def word_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Word spans in [lo, hi), an abbreviation keeping its period (Mr., U.S.)."""
    out = [m.span() for m in WORD.finditer(text, lo, hi)]
    for n, (s, e) in enumerate(out):
        if e < hi and text[e] == ".":  # checked only before a period: most words are not
            w = text[s:e]
            if w.lower() in ABBREVIATIONS or "." in w or (len(w) == 1 and w.isupper()):
                out[n] = (s, e + 1)
    return out


def is_sentence_end(text: str, lo: int, m: re.Match[str]) -> bool:
    """False for a period after an abbreviation or before a lowercase word (Jan. 24, U.S. army)."""
    if text[m.start()] != ".":
        return True
    words = WORD.findall(text, lo, m.start())
    word = words[-1] if words else ""
    if word.lower() in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper()):
        return False
    nxt = text[m.end()] if m.end() < len(text) else ""
    return not nxt.islower()


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that contains pos, searching no further back than lo."""
    start = lo
    for m in SENTENCE_END.finditer(text, lo, pos):
        if m.end() <= pos and is_sentence_end(text, lo, m):
            start = m.end()
    return start


def clause_end(text: str, pos: int, hi: int) -> int:
    """End (exclusive) of the sentence that continues at pos, searching no further than hi."""
    for m in SENTENCE_END.finditer(text, pos, hi):
        if is_sentence_end(text, pos, m):
            return m.start()
    return hi


def is_verb(text: str, words: list[tuple[int, int]], k: int) -> bool:
    """True when words[k] is a lowercase speech verb (a capitalised "Says" is more often a
    headline), and not a plural noun after a determiner ("his claims")."""
    word = text[words[k][0] : words[k][1]]
    prev = lower(text, words[k - 1]) if k > 0 else ""
    if word in BARE_SPEECH_VERBS:
        return prev in BARE_VERB_MARKERS  # "went on to claim", "would insist"; not "the claim"
    if word not in SPEECH_VERBS:
        return False
    return not (word.endswith("s") and prev in NOUN_MARKERS)


def lower(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].lower()


def is_adverb(word: str) -> bool:
    """Words that may sit between a speaker and its verb."""
    return word in ADVERBS or (word.endswith("ly") and word.islower() and len(word) > 3)


def same_sentence(text: str, a: int, b: int) -> bool:
    """True when no sentence ends in [a, b)."""
    return not any(is_sentence_end(text, a, m) for m in SENTENCE_END.finditer(text, a, b))


def paragraph_bounds(text: str, paragraphs: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """Paragraph (start, end) pairs clipped to the text; the whole text when none are given."""
    n = len(text)
    if not paragraphs:
        return [(0, n)] if n else []
    bounds = sorted((max(0, p.char_start), min(n, p.char_end)) for p in paragraphs)
    return [(s, e) for s, e in bounds if e > s]
