"""Quotation marks paired into quotations (pass 1 of the direct-quote extractor).

Double quotation marks (curly “ ” and straight ") are classified as opening or closing from the
characters around them (the glyph decides only when the context does not), then paired paragraph
by paragraph. A paragraph that ends inside a quote and a next paragraph that opens with a new mark
make one multi-paragraph quote. A lone closing mark ending a sentence right after a short
attribution (“A,” he said. B.”) closes a quote whose opening mark was lost. Single marks (‘ ’ ')
are paired apart, outside double-mark quotes only (nested ones belong to the outer quote): an
opening mark after a space and before a letter, a closing one not between letters and before
punctuation or the paragraph end, so apostrophes (don’t, Russia’s, the players' wages, ’90s) do
not pair.

Documented behaviour for unbalanced marks: a quote whose paragraph ends without a closing mark (and
the next paragraph does not reopen) runs to the end of that paragraph; a closing-looking mark
outside any quote (inch marks: 6' 2") is ignored unless it closes a lost opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flows.extract.speech.text import (
    CLOSE_FOLLOWERS,
    CLOSING_GLYPHS,
    DOUBLE_MARKS,
    OPEN_PRECEDERS,
    OPENING_GLYPHS,
    SENTENCE_END,
    SINGLE_MARKS,
    TERMINALS,
    is_sentence_end,
    is_verb,
    word_spans,
)
from flows.spans import trim

# The marks found by a regex scan rather than a Python loop over every character of the text.
_DOUBLE_MARK = re.compile(f"[{re.escape(DOUBLE_MARKS)}]")
_SINGLE_MARK = re.compile(f"[{re.escape(SINGLE_MARKS)}]")
_ANY_MARK = re.compile(f"[{re.escape(SINGLE_MARKS + DOUBLE_MARKS)}]")


@dataclass(slots=True)
class Candidate:
    """A paired quotation under construction: its content segments and the marks around it."""

    open_pos: int
    segments: list[tuple[int, int]] = field(default_factory=list)
    seg_start: int = 0
    close_pos: int | None = None
    single: bool = False  # delimited by single marks: kept only when attributed


def mark_kind(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the double mark at i, its paragraph being [lo, hi)."""
    prev = text[i - 1] if i > lo else None
    nxt = text[i + 1] if i + 1 < hi else None
    open_ctx = (prev is None or prev.isspace() or prev in OPEN_PRECEDERS) and (
        nxt is not None and not nxt.isspace()
    )
    close_ctx = (prev is not None and not prev.isspace()) and (
        nxt is None or nxt.isspace() or nxt in CLOSE_FOLLOWERS
    )
    if open_ctx and not close_ctx:
        return "open"
    if close_ctx and not open_ctx:
        return "close"
    # The context cannot tell (“word“word”, a mark between spaces): trust a curly glyph.
    if text[i] in OPENING_GLYPHS:
        return "open"
    if text[i] in CLOSING_GLYPHS:
        return "close"
    return "either"


def after_terminal(text: str, i: int, lo: int) -> bool:
    """True when the mark at i follows a sentence end and a space ("weeks. “We"): a re-opening."""
    j = i - 1
    if j < lo or not text[j].isspace():
        return False
    while j >= lo and text[j].isspace():
        j -= 1
    return j >= lo and text[j] in TERMINALS


def opens_paragraph(text: str, lo: int, hi: int) -> bool:
    """True when the paragraph [lo, hi) starts with an opening double mark."""
    return lo < hi and text[lo] in DOUBLE_MARKS and mark_kind(text, lo, lo, hi) != "close"


def lost_opening(text: str, done: list[Candidate], lo: int, i: int) -> Candidate | None:
    """A quotation whose opening mark the source lost, closed by the lone mark at i: “A,” he
    said. B.” reads as two quotes of one speaker, B starting after the short attribution
    sentence that follows the previous quote of the paragraph. Inch marks and other lone marks
    do not end a sentence (. ? !) right after such an attribution."""
    j = i - 1
    while j > lo and text[j].isspace():
        j -= 1
    if text[j] not in TERMINALS or not done or done[-1].close_pos is None:
        return None
    prev_close = done[-1].close_pos
    if prev_close < lo:
        return None
    ends = [m for m in SENTENCE_END.finditer(text, prev_close + 1, i)]
    ends = [m for m in ends if is_sentence_end(text, prev_close + 1, m)]
    if not ends:
        return None
    start = ends[0].end()
    attribution = word_spans(text, prev_close + 1, ends[0].start())
    if not 0 < len(attribution) <= 6 or not any(
        is_verb(text, attribution, k) for k in range(len(attribution))
    ):
        return None
    return Candidate(open_pos=start, segments=[(start, i)], seg_start=start, close_pos=i)


def pair_marks(text: str, paras: list[tuple[int, int]]) -> list[Candidate]:
    """Pair double marks into quotations, joining quotes re-opened in the next paragraph."""
    done: list[Candidate] = []
    cur: Candidate | None = None
    for p_idx, (lo, hi) in enumerate(paras):
        first = lo
        if cur is not None:
            if opens_paragraph(text, lo, hi):
                cur.seg_start = lo + 1  # the re-opening mark of a multi-paragraph quote
                first = lo + 1
            else:
                done.append(cur)  # unbalanced: the quote ran to its paragraph's end
                cur = None
        for mark in _DOUBLE_MARK.finditer(text, first, hi):
            i = mark.start()
            kind = mark_kind(text, i, lo, hi)
            if cur is None:
                if kind != "close":  # a lone closing-looking mark (6' 2") is not a quote
                    cur = Candidate(open_pos=i, seg_start=i + 1)
                else:
                    lost = lost_opening(text, done, lo, i)
                    if lost is not None:
                        done.append(lost)
                continue
            if kind == "open" and after_terminal(text, i, lo):
                # "… 26 weeks. “We are …": a paragraph break lost by the source; one quote.
                cur.segments.append((cur.seg_start, i))
                cur.seg_start = i + 1
            elif kind == "open" and text[i] in OPENING_GLYPHS:
                # A second “ with no closing mark in between: the first quote was never closed.
                cur.segments.append((cur.seg_start, i))
                done.append(cur)
                cur = Candidate(open_pos=i, seg_start=i + 1)
            else:
                cur.segments.append((cur.seg_start, i))
                cur.close_pos = i
                done.append(cur)
                cur = None
        if cur is not None:
            cur.segments.append((cur.seg_start, hi))
            if p_idx + 1 >= len(paras) or not opens_paragraph(text, *paras[p_idx + 1]):
                done.append(cur)
                cur = None
    if cur is not None:
        done.append(cur)
    return done


def single_close(text: str, j: int, hi: int) -> bool:
    """True when the single mark at j can close a quotation rather than be an apostrophe: not
    between letters (don't), and followed by the paragraph end, by punctuation, or by a space
    after punctuation (‘We won,’ he said). "the players' wages" (a space after a letter) is a
    plural possessive."""
    prev = text[j - 1]
    nxt = text[j + 1] if j + 1 < hi else ""
    if prev.isspace():
        return False
    if not nxt or nxt in "\n\r" or nxt in ".,;:!?)]—–-" or nxt in DOUBLE_MARKS:
        return True
    return nxt.isspace() and prev in ",.!?…"


def pair_singles(
    text: str, paras: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> list[Candidate]:
    """Quotations in single marks (‘…’ or '…') outside every double-mark quotation, within one
    paragraph. BBC copy uses them in headlines and now and then in the body; nested inside double
    marks they are part of the outer quote. An opening mark follows a space, bracket or dash and
    comes before a letter, which leaves out elisions ('90s) and word-internal apostrophes."""
    out: list[Candidate] = []
    for lo, hi in paras:
        i = lo
        while i < hi:
            mark = _SINGLE_MARK.search(text, i, hi)
            if mark is None:
                break
            i = mark.start()
            if any(a <= i < b for a, b in taken):
                i += 1
                continue
            prev = text[i - 1] if i > lo else " "
            nxt = text[i + 1] if i + 1 < hi else ""
            if not (prev.isspace() or prev in "([{—–-") or not nxt.isalpha():
                i += 1
                continue
            j = next(
                (
                    m.start()
                    for m in _ANY_MARK.finditer(text, i + 2, hi)
                    if text[m.start()] in DOUBLE_MARKS or single_close(text, m.start(), hi)
                ),
                None,
            )
            if j is None or text[j] in DOUBLE_MARKS or any(a <= j < b for a, b in taken):
                i += 1
                continue
            out.append(Candidate(i, [(i + 1, j)], i + 1, j, single=True))
            i = j + 1
    return out


def content_segments(text: str, cand: Candidate) -> list[tuple[int, int]]:
    """The candidate's non-empty, trimmed segments, the last without a trailing comma."""
    segs = [trim(text, s, e, " \t\n\r\u00a0") for s, e in cand.segments]
    segs = [(s, e) for s, e in segs if e > s]
    if segs:
        s, e = segs[-1]
        if text[e - 1] == ",":  # “…,” said X: the comma belongs to the sentence, not the quote
            s, e = trim(text, s, e - 1, " \t\n\r\u00a0")
            segs[-1] = (s, e)
        segs = [(s, e) for s, e in segs if e > s]
    return segs
