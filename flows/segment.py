"""Segmentation: cleaned text -> paragraph and sentence rows with offsets into that text.

Paragraphs are blocks separated by blank lines. Sentences are found by rule: a candidate boundary
is terminal punctuation (plus closing quotes or brackets) followed by white space, or a period
glued to a capitalised word ("world.Today"); abbreviations, initials, times, numbers, ellipses
inside a sentence ("... well", ". . . I"), parenthetical references ('" (Smith 55).') and
lower-case continuations veto it. List items ("1.) ...", "b. ...", "• ...", "- ...") and the
short lines of a block without any terminal punctuation start sentences of their own. A sentence
never crosses a paragraph break. Every sentence is a span of the text (nothing is rewritten, so
a line break inside a sentence stays in its text). No I/O.

Measured on pragmatic_segmenter's 52 English Golden Rules (bench/peers.py): 50/52 exact, 52/52
with white space collapsed; the two misses (#040, #041) expect a newline rewritten as a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from flows.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NONFINAL_ABBREVIATIONS,
    PREPOSITIONS,
    RELATIVE_DAYS,
    WEEKDAYS,
)
from flows.schema import Paragraph, Sentence
from flows.spans import trim

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_CLOSERS = "\"'”’)\\]"
# A candidate boundary, three kinds:
# - `spaced`: a spaced ellipsis ". . ." that stands apart from the word before it (MLA style);
# - terminal punctuation (or "…"), then closing quotes/brackets, then white space;
# - `tight`: a period between a lower-case word or number and a capitalised word, with no space
#   ("Hello world.Today is ..."), as left by careless copy and paste.
# Every alternative starts with its punctuation mark, look-behinds after it ("\.(?<=\s\.)" is
# "(?<=\s)\."): a pattern whose alternatives all open with a character lets `re` skip ahead to
# those characters instead of trying every alternative at every position (~1/3 of its time).
_CANDIDATE = re.compile(
    rf"(?P<spaced>\.(?<=\s\.)(?: \.){{2,}})[{_CLOSERS}]*(?=\s|$)"
    rf"|(?:[.!?]+|…)[{_CLOSERS}]*(?=\s)"
    r"|(?P<tight>\.(?<=[a-z0-9][a-z0-9]\.))(?=[A-Z][a-z])"
)
# A quotation mark left as the remains of an HTML entity, as AG News writes them ("quot;He said",
# "#39;s"; also whole "&quot;"): it opens the next word like a mark.
_ESCAPED_QUOTE = re.compile(r"&?(?:quot|#3[49]);")
# A spaced ellipsis right after a sentence's own period ("compounds. . . . The"): skipped when
# looking for the next word, because it opens the next sentence or trails this one.
_SPACED_DOTS = re.compile(rf"\s*\.(?: \.)+[{_CLOSERS}]*")
# A parenthesis right after the candidate that is followed by terminal punctuation: "(Smith 55)."
_CITATION = re.compile(r"\s*\([^()]*\)[.!?]")
_WORD_BEFORE = re.compile(r"([\w.'’&°º-]+)$")
_OPENERS = "\"'“‘([{"
# A dotted word that is not an abbreviation: a number ("3.27bn", "54.50", "1026.253.553") or a
# file name or domain ("content.html", ".aero", "gamesindustry.biz"). A period after one is an
# ordinary full stop; after other dotted words (U.S., a.m., Ph.D., e.g., Sino-U.S.) it is usually
# the abbreviation's own period.
_PLAIN_DOTTED = re.compile(r"^\d|\.[a-z]{2,}$")
# Bullets that open a list item wherever they stand.
_BULLETS = "•⁃‣▪◦●"
_BULLET = re.compile(rf"(?<=\s)[{_BULLETS}]")
# A list-item label at the start of an item: an optional bullet, a number or a lower-case letter,
# then ".)", "." or ")" and a space: "1.) ", "2) ", "(3) ", "• 9. ", "⁃10. ", "b. ".
_LIST_LABEL = re.compile(
    rf"(?<!\S)(?P<bullet>[{_BULLETS}]\s*)?(?P<paren>\()?(?P<label>\d{{1,2}}|[a-z])"
    r"(?P<style>\.\)|\.|\))(?=\s)"
)
_TERMINAL = re.compile(r"[.!?…]")
# A dash or asterisk list marker opening a sentence, as the HTML ingest writes before each list
# item ("- "): layout, not part of the sentence's words (the gold sentences of web pages leave it
# out). Bullet glyphs stay, as pySBD's Golden Rules keep them ("• 9. The first item"), and so
# does a dash that signs an embedded post ("— Rep. Jane Doe (@jdoe) May 2, 2019").
_LEADING_MARKER = re.compile(r"[-*][ \t]+(?=\S)")
# A line opened by a dash or asterisk bullet.
_DASH_ITEM = re.compile(r"^[ \t]*[-*–—] ", re.M)
# Longest line of a punctuation-free block that is still read as a list of short items; prose
# wrapped at a fixed width (news wires, PDFs) has longer lines.
_MAX_LIST_LINE = 50

# Abbreviations that do not end a sentence when a number follows ("Jan. 24", "No. 10", "p. 5",
# "N°. 12").
_BEFORE_NUMBER = frozenset(MONTH_ABBREVIATIONS) | frozenset(
    "no nos n° nº art fig figs p pp vol vols ch para sec ref op tel ext".split()
)
# Month abbreviations that continue the sentence unless an obvious sentence opener follows ("Jan.
# Smith"). Not Sept to Dec: "Dec." is a name too ("IBM and DEC.", "Ant and Dec."), and Reuters
# ends sentences on month ranges ("for April/Dec.", "July/Sept."); measured on 29k texts.
_MONTHS_INSIDE = frozenset(m for m, n in MONTH_ABBREVIATIONS.items() if n <= 8)
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
# "a.m."/"p.m." close a time expression; a capitalised word after one starts a new sentence
# unless it still belongs to the time: a day, a month or a time zone ("6 p.m. Friday", "9 a.m.
# Eastern", "5 p.m. GMT"; all-capital zones are recognised by shape).
_TIMES = frozenset({"a.m", "p.m"})
_TIME_CONTINUATIONS = frozenset(
    (*WEEKDAYS, *RELATIVE_DAYS, *MONTHS, *MONTH_ABBREVIATIONS)
) | frozenset("eastern pacific central mountain local british greenwich".split())
# A sentence does not consist of a bare prepositional phrase: "At 5 a.m." or "In the U.S." before
# a capitalised word is the start of the sentence ("At 5 a.m. Mr. Smith went ..."). At a sentence's
# start, before a time or place, the words that also open clauses open such a phrase too.
_FRAGMENT_OPENERS = PREPOSITIONS | {"around", "near", "since", "until", "till"}
_MAX_FRAGMENT_WORDS = 4
# How far back from a candidate the rules look (the word before it, the phrase so far): a bound
# that keeps a long run of vetoed candidates linear. No word or phrase the rules test is longer.
_LOOKBACK = 64


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
    escaped = _ESCAPED_QUOTE.match(text, i, end)
    if escaped:  # AG News: 'said. quot;He died ...' opens a quotation like a mark would
        i = escaped.end()
    j = i
    while j < end and not text[j].isspace():
        j += 1
    return text[i:j]


def _fragment_so_far(text: str, sent_start: int, punct_start: int) -> bool:
    """True if the sentence so far is a short prepositional phrase ("At 5 a.m", "In the U.S")."""
    if punct_start - sent_start > _LOOKBACK:
        return False
    words = text[sent_start:punct_start].split()
    return (
        0 < len(words) <= _MAX_FRAGMENT_WORDS
        and words[0].strip(_OPENERS).lower() in _FRAGMENT_OPENERS
    )


def _is_boundary(
    text: str, punct_start: int, punct_end: int, end: int, sent_start: int, tight: bool
) -> bool:
    """Decide whether the candidate at text[punct_start:punct_end] ends a sentence."""
    punct = text[punct_start:punct_end]
    if punct.startswith(". ") and punct.count(".") < 4:
        # A free-standing spaced ellipsis: three dots are an omission inside the sentence ("the
        # thing is . . . I didn't"); a fourth dot is the sentence's own period.
        return False
    skip = _SPACED_DOTS.match(text, punct_end, end)
    nxt = _next_word(text, skip.end() if skip else punct_end, end)
    if not nxt:
        return False
    first = nxt[0]
    if first.islower():
        # "“Why?” he asked." / "the U.S. military" / "e.g. this": a continuation.
        return False
    if _CITATION.match(text, punct_end, end):
        # '"... stairways [...]" (Smith 55).': a parenthesis closed by the sentence's own period
        # is a reference or aside that belongs to the sentence before it.
        return False
    if tight:
        # "world.Today" is two sentences; a dotted name or address ("Halo.Bungie.Org",
        # "Jane.Doe@example.com", "site.com/News") is one token.
        left_start, stop = punct_start, max(sent_start, punct_start - _LOOKBACK)
        while left_start > stop and not text[left_start - 1].isspace():
            left_start -= 1
        left, right = text[left_start:punct_start], nxt.rstrip(_CLOSERS + ".,;:!?")
        if "." in left or "." in right or any(c in left + right for c in "@/:\\`"):
            return False
        if any(c.isupper() for c in right[1:]):
            return False  # "distributed.LocalCluster": an identifier, not a sentence start.
        if left[0].isupper() and right.lower() not in _SENTENCE_OPENERS | NONFINAL_ABBREVIATIONS:
            # Two capitalised words glued by a period are usually one name ("One.Tel",
            # "Halo.Bungie.Org"); they are two sentences only before a typical opener.
            return False
    if text[punct_start] != ".":
        return True  # ? ! and … before a capital, digit or opener end the sentence.
    if punct.startswith(".."):
        return True  # an ellipsis before a capitalised word starts a new sentence.
    lookback = max(sent_start, punct_start - _LOOKBACK)
    m = _WORD_BEFORE.search(text, lookback, punct_start)
    word = m.group(1) if m else ""
    bare = word.strip("'’(").lower()
    opener = nxt.lower().strip("\"'“‘(") in _SENTENCE_OPENERS
    if bare in NONFINAL_ABBREVIATIONS:
        if bare == "st" and opener:
            # "St." after a name is "Street" and may end the sentence ("at 10 Downing St. The
            # PM ..."); before a name it is "Saint" ("St. Michael's").
            before = text[lookback:punct_start].split()
            return len(before) > 1 and before[-2][:1].isupper()
        return False
    if first.isdigit():
        return bare not in _BEFORE_NUMBER
    if bare in _MONTHS_INSIDE:
        return nxt.lower().strip(_OPENERS) in _SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():
        words = text[lookback:punct_start].split()
        if word == "I" and len(words) > 1 and not words[-2].lstrip(_OPENERS)[:1].isupper():
            # "you and I." is the pronoun; "Albert I. Jones" the initial of a name.
            return not _fragment_so_far(text, sent_start, punct_start)
        # An initial ("John F. Kennedy", "J. K. Rowling"): a sentence rarely ends in one letter.
        return opener
    if bare in _TIMES:
        bare_next = nxt.strip(_OPENERS + _CLOSERS + ".,;:")
        continues = bare_next.lower() in _TIME_CONTINUATIONS or (
            bare_next.isupper() and bare_next.isalpha() and len(bare_next) <= 4
        )
        return not continues and not _fragment_so_far(text, sent_start, punct_start)
    if ("." in word and not _PLAIN_DOTTED.search(word)) or bare in _USUALLY_INSIDE:
        # Acronyms with periods (U.S., a.m.) and company suffixes (Inc.) end a sentence only
        # when a typical sentence opener follows.
        return opener and not _fragment_so_far(text, sent_start, punct_start)
    return True


def _label_value(label: str) -> int:
    return int(label) if label.isdigit() else ord(label) - ord("a") + 1


def _list_items(text: str, start: int, end: int) -> tuple[list[int], set[int]]:
    """Where list items start inside one paragraph, and the ends of their labels.

    A label opens an item at the start of the paragraph, after a bullet, or when it continues the
    numbering of the previous item in the same style ("1.) ... 2.) ...", "a. ... b. ..."), so a
    stray "2." inside a sentence is left alone. The period of a label never ends a sentence.
    """
    starts = [m.start() for m in _BULLET.finditer(text, start, end)]
    label_ends: set[int] = set()
    previous: tuple[bool, int, str] | None = None  # (numeric, value, style) of the last item
    for m in _LIST_LABEL.finditer(text, start, end):
        label, style = m["label"], m["style"]
        key = (label.isdigit(), _label_value(label), (m["paren"] or "") + style)
        follows = previous is not None and key == (previous[0], previous[1] + 1, previous[2])
        if not (follows or m["bullet"] or m.start() == start):
            continue
        if follows and not m["bullet"]:
            starts.append(m.start())
        label_ends.add(m.end())
        previous = key
    return sorted(starts), label_ends


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Line starts inside one paragraph that begin a sentence because the block is a list.

    Two kinds: lines opened by a dash or asterisk bullet ("- Duty cuts ...", at least two of them,
    whatever punctuation they end with), and the lines of a block with no terminal punctuation at
    all whose lines are all short ("features\\ncontact manager", "Pay April 30\\nRecord April 16").
    Prose hard-wrapped at a fixed width has long lines and stays one sentence per full stop.
    """
    if text.find("\n", start, end) < 0:
        return []
    breaks = [m.start() for m in _DASH_ITEM.finditer(text, start, end)]
    if len(breaks) < 2:
        breaks = []
    lines = text[start:end].split("\n")
    if not _TERMINAL.search(text, start, end) and max(map(len, lines)) <= _MAX_LIST_LINE:
        breaks.extend(i + 1 for i in range(start, end) if text[i] == "\n")
    return breaks


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence inside text[start:end] (one paragraph)."""
    item_starts, label_ends = _list_items(text, start, end)
    forced = sorted({*item_starts, *_line_breaks(text, start, end)} - {start})
    cuts: list[int] = []
    sent_start, f = start, 0
    for m in _CANDIDATE.finditer(text, start, end):
        while f < len(forced) and forced[f] <= m.start():
            cuts.append(forced[f])
            sent_start = forced[f]
            f += 1
        if m.end() >= end:
            break
        if m.end() in label_ends:
            continue
        if _is_boundary(text, m.start(), m.end(), end, sent_start, m["tight"] is not None):
            cuts.append(m.end())
            sent_start = m.end()
    cuts.extend(forced[f:])
    bounds = [start, *sorted(cuts), end]
    for a, b in pairwise(bounds):
        s, e = trim(text, a, b)
        marker = _LEADING_MARKER.match(text, s, e)
        if marker:
            s = marker.end()
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
