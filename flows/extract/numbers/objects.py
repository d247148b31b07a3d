"""The counted-object finder: the noun phrase a number counts ("8,500 extra troops", "30% of
voters"), read from part-of-speech tags of short windows around the numbers, tagged all at once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from flows.extract.numbers.find import FoundNumbers, Part, overlaps
from flows.extract.numbers.grammar import RANGE_GAP_RE
from flows.extract.numbers.words import ORDINALS
from flows.schema import Sentence
from flows.spans import index_at

_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH"}) | _NOUN_TAGS
_DETERMINER_TAGS = frozenset({"DT", "PDT", "PRP$"})
_ADJ_NOUN_TAGS = frozenset({"JJ", "NN", "NNS"})
# Market sessions a price is quoted in, which are not what the amount is of.
_SESSIONS = frozenset({"trading", "trade", "dealings", "session", "sessions"})
# Words of an object, hyphens aside: "black female small-business owners", "new Nintendo DS
# handheld consoles" have five.
_MAX_OBJECT_TOKENS = 5
# A counted object starts right after its number, with "of" or a modifier-tagged word. These words
# (followed by white space) and punctuation are never tagged so, so a number they follow has no
# object and needs no tagging: about half of all numbers in news text (BBC: a third are followed by
# punctuation, a sixth by these words), and the tagger is the pipeline's largest cost after the NER.
# A word glued to more text ("in-house staff") might be tagged otherwise, hence the white space.
_NO_OBJECT_WORDS = frozenset(
    "in on at to from by for and or but nor with than per a an the this these those its their his "
    "her our your my during after before since into while as against between until via is are was "
    "were has have".split()
)
_NO_OBJECT_PUNCT = frozenset(
    [".", ",", ";", ":", "!", "?", "(", ")", "[", "]", '"', "\u201c", "\u201d", "...", "\u2026"]
)


class _WindowTooShort(Exception):
    """The object search reached the end of a tagged window before the end of its sentence."""


def _find_object(
    tagged: Doc,
    offset: int,
    end: int,
    temporal: Sequence[tuple[int, int]],
    *,
    to_sentence_end: bool = True,
    money: bool = False,
) -> tuple[int, int, str] | None:
    """(start, end, head tag) in doc.text of the noun phrase counted by a number ending at `end`.

    `tagged` is the number's sentence or a window of it, starting at `offset` in doc.text. Words of
    a date or time ("€4 million next year") are never the object. A window that stops short of its
    sentence's end has its last `_RECEPTIVE_FIELD` tags unsure (the tagger saw no right context);
    needing them raises `_WindowTooShort`.
    """
    rel = end - offset
    # Token offsets as an array, and Token objects only for the few tokens read (a Token is made
    # per token on every iteration of a Doc).
    starts = tagged.to_array("IDX").tolist()
    k = bisect_left(starts, rel)  # the first token at or after the number's end
    if k and rel < starts[k - 1] + len(tagged[k - 1]):
        return None  # the tagger saw the number glued to more text ("£227bn;331bn")
    usable = len(tagged) if to_sentence_end else max(0, len(tagged) - _RECEPTIVE_FIELD)
    tokens = [tagged[i] for i in range(k, usable)]

    def exhausted(k: int) -> bool:
        if k >= len(tokens) and not to_sentence_end:
            raise _WindowTooShort
        return k >= len(tokens)

    i = 0
    if money and not exhausted(1) and tokens[0].lower_ == "in" and tokens[1].tag_ in _ADJ_NOUN_TAGS:
        # what an amount is of: "$2 billion in cash reserves", "$40 billion in annual purchases";
        # not "in the UK", "in its last financial year" (a determiner), "in June" (a name) nor
        # the session a price is quoted in ("499p in early trading")
        i = 1
    elif not exhausted(0) and tokens[0].lower_ == "of":
        # "30% of voters", "half of the 1,000 respondents", "one of Britain's biggest firms"
        i = 1
        # "one of the first two Muslim women": determiners, numbers and ranks go before the noun.
        while not exhausted(i) and (
            tokens[i].tag_ in _DETERMINER_TAGS
            or tokens[i].tag_ == "CD"
            or tokens[i].lower_ in ORDINALS
        ):
            i += 1
        j = i
        while not exhausted(j) and tokens[j].tag_ in _MODIFIER_TAGS:
            j += 1
        if i < j and not exhausted(j) and tokens[j].tag_ == "POS":
            i = j + 1
    run = []
    words = 0
    # A superlative's "most" opens the phrase: "one of the most difficult issues".
    while (
        words < _MAX_OBJECT_TOKENS
        and not exhausted(i)
        and (tokens[i].tag_ in _MODIFIER_TAGS or (not run and tokens[i].tag_ == "RBS"))
    ):
        start = tokens[i].idx + offset
        if overlaps(start, start + 1, temporal):
            break
        run.append(tokens[i])
        words += tokens[i].tag_ != "HYPH"
        i += 1
    nouns = [k for k, t in enumerate(run) if t.tag_ in _NOUN_TAGS]
    if not nouns or run[0].tag_ == "HYPH":
        return None
    # The phrase ends with its first run of nouns: "40 city buses to ..." -> "city buses".
    last = run[nouns[0]]
    for k in range(nouns[0], len(run)):
        if run[k].tag_ in ("NNP", "NNPS") and last.tag_ in ("NN", "NNS"):
            break  # a name after the noun starts a new phrase: "second seed Andre Agassi"
        if run[k].tag_ in _NOUN_TAGS:
            last = run[k]
        elif not (run[k].tag_ == "HYPH" or run[k - 1].tag_ == "HYPH"):
            break  # a hyphen keeps the phrase going: "pay-TV channels"
    if i and tokens[0].lower_ == "in" and last.lower_ in _SESSIONS:
        return None
    return run[0].idx + offset, last.idx + len(last.text) + offset, last.tag_


def object_windows(
    doc: Doc, text: str, parts: Sequence[Part], sentences: Sequence[Sentence]
) -> tuple[list[tuple[int, int]], list[tuple[int, int, bool]]]:
    """The (index, end) of the numbers whose counted object is wanted, and the windows to tag.

    Only short windows around the numbers are tagged, all in one call: tagging every sentence would
    cost a fifth of the pipeline, and even the sentences that hold a number cost ~1.6 times what
    the windows do. The rare object that runs past its window is looked for again in its whole
    sentence (a second call, in `counted_objects`), so the objects are the ones whole sentences
    give.
    """
    if not parts or not sentences:
        return [], []
    # A range shares the object written after its last end ("between 10 and 20 people").
    ends = [p.end for p in parts]
    for i in range(len(parts) - 2, -1, -1):
        if RANGE_GAP_RE.match(text[parts[i].end : parts[i + 1].start]):
            ends[i] = ends[i + 1]
    # A measure and its conversion in brackets share the object after the bracket: "about 2 inches
    # (50.8 millimeters) of rain", "10,000 tonnes (11,000 tons) of oil".
    for i in range(len(parts) - 1):
        if _OPEN_BRACKET_GAP_RE.fullmatch(text, parts[i].end, parts[i + 1].start) and (
            close := _CLOSE_BRACKET_OF_RE.match(text, parts[i + 1].end)
        ):
            ends[i] = ends[i + 1] = close.end(1)
    starts = doc.to_array("IDX").tolist()  # no Token objects: cheaper than [t.idx for t in doc]
    wanted = [
        (i, e)
        for i, (p, e) in enumerate(zip(parts, ends, strict=True))
        if not p.is_age  # an age ("the 40-year-old driver") counts years, not the noun after it
        and sentences[index_at(sentences, e)].char_start
        <= e
        <= sentences[index_at(sentences, e)].char_end
        and (
            not _no_object_after(doc, starts, e)
            or (p.kind == "money" and _in_after(doc, starts, e))
        )
    ]
    return wanted, _tag_windows(doc, text, sentences, starts, [e for _, e in wanted])


_OPEN_BRACKET_GAP_RE = re.compile(r"\s*\(")
_CLOSE_BRACKET_OF_RE = re.compile(r"\s*(\))\s+of\b")


def _in_after(doc: Doc, starts: list[int], end: int) -> bool:
    """Whether "in" follows a number ending at `end`: an amount's object may follow it."""
    k = bisect_left(starts, end)
    return k < len(starts) and doc[k].lower_ == "in"


def _no_object_after(doc: Doc, starts: list[int], end: int) -> bool:
    """Whether the token after a number ending at `end` rules out a counted object whatever its
    tag: white space (spaCy's SPACE token), punctuation or a function word (`_NO_OBJECT_WORDS`)."""
    k = bisect_left(starts, end)
    if k >= len(starts):
        return False  # the document's end: `_find_object` decides, as before
    token = doc[k]
    if token.is_space or token.text in _NO_OBJECT_PUNCT:
        return True
    return token.lower_ in _NO_OBJECT_WORDS and bool(token.whitespace_)


def counted_objects(
    found: FoundNumbers, tagged: Sequence[Doc], tag: Callable[[Sequence[str]], list[Doc]]
) -> list[tuple[int, int, str] | None]:
    """(start, end, head tag) of each number's counted object, from the tagged windows."""
    text, sentences, temporal, windows = found.text, found.sentences, found.temporal, found.windows
    objects: list[tuple[int, int, str] | None] = [None] * len(found.parts)
    money = [p.kind == "money" for p in found.parts]
    retry: list[tuple[int, int]] = []
    for i, end in found.wanted:
        w = next(k for k, (a, b, _) in enumerate(windows) if a <= end <= b)
        start, _, whole = windows[w]
        try:
            objects[i] = _find_object(
                tagged[w], start, end, temporal, to_sentence_end=whole, money=money[i]
            )
        except _WindowTooShort:
            retry.append((i, end))
    if retry:
        ks = sorted({index_at(sentences, e) for _, e in retry})
        docs = tag([text[sentences[k].char_start : sentences[k].char_end] for k in ks])
        by_sentence = dict(zip(ks, docs, strict=True))
        for i, end in retry:
            k = index_at(sentences, end)
            objects[i] = _find_object(
                by_sentence[k], sentences[k].char_start, end, temporal, money=money[i]
            )
    return objects


def adverbial_ranks(found: FoundNumbers, tagged: Sequence[Doc]) -> set[int]:
    """The indexes of the parts that are the adverb "first" ("he first discussed the delay", "It
    was first performed in 1966", "At first I was"): a time, not the rank of anything, and not
    annotated (tests/gold: dev articles of four publishers). Told apart by its tag (RB; the rank
    "the first time" is JJ), read from the window tagged for the number's object."""
    out: set[int] = set()
    for i, end in found.wanted:
        p = found.parts[i]
        if p.kind != "ordinal" or found.text[p.start : p.end].lower() != "first":
            continue
        w = next(k for k, (a, b, _) in enumerate(found.windows) if a <= end <= b)
        start = found.windows[w][0]
        token = next((t for t in tagged[w] if t.idx == p.start - start), None)
        if token is not None and token.tag_ == "RB":
            out.add(i)
    return out


# The tagger's tok2vec is a CNN of depth 4 with window 1 (`spacy.load(...).config`), so a token's
# tag depends on the 4 tokens either side of it and nothing further. A window holds those for the
# tokens `_find_object` usually reads: the one holding the number's end and `_OBJECT_REACH` after.
_RECEPTIVE_FIELD = 4
_OBJECT_REACH = 6


def _tag_windows(
    doc: Doc, text: str, sentences: Sequence[Sentence], starts: list[int], ends: Sequence[int]
) -> list[tuple[int, int, bool]]:
    """Sorted, disjoint (start, end, reaches its sentence's end) stretches of `doc.text` to tag.

    Token counts come from the NER doc, whose tokenizer is the tagger's. A window starts and ends at
    white space (kept at its end: the tokenizer records it on the last token), where the tokenizer
    cuts the same with or without the rest of the text, and never crosses a sentence boundary,
    since sentences are tagged alone: so a window's tags are the whole sentence's, bar the last
    `_RECEPTIVE_FIELD` tokens of a window cut short.
    """
    spans: list[tuple[int, int, bool]] = []
    for end in sorted(set(ends)):
        sentence = sentences[index_at(sentences, end)]
        s0, s1 = sentence.char_start, sentence.char_end
        j = max(0, bisect_right(starts, max(s0, end - 1)) - 1)  # the token holding the last char
        # _find_object reads tags from token j + 1 on, which see back to j + 1 - _RECEPTIVE_FIELD.
        first = j + 1 - _RECEPTIVE_FIELD
        while first > 0 and doc[first].idx > s0 and not text[doc[first].idx - 1].isspace():
            first -= 1
        start = s0 if first <= 0 else max(s0, doc[first].idx)
        last = j + _OBJECT_REACH + _RECEPTIVE_FIELD
        while last < len(doc) - 1 and not doc[last].whitespace_:
            last += 1
        stop = s1 if last >= len(doc) else doc[last].idx + len(doc[last].text_with_ws)
        whole = stop >= s1
        spans.append((start, min(stop, s1), whole))
    spans.sort()
    merged: list[tuple[int, int, bool]] = []
    for a, b, whole in spans:
        if merged and a < merged[-1][1]:  # never merges across sentences: they do not overlap
            pa, pb, pw = merged[-1]
            merged[-1] = (pa, max(b, pb), whole if b >= pb else pw)
        else:
            merged.append((a, b, whole))
    return merged
