"""Direct quotations: documents.text + paragraphs + sentences + mentions -> `quotes` rows.

A pure, rule-based extractor: no spaCy, no I/O. It works in three passes.

1. Pairing. Double quotation marks (curly “ ” and straight ") are classified as opening or closing
   from the characters around them (the glyph decides only when the context does not), then paired
   paragraph by paragraph. A paragraph that ends inside a quote and a next paragraph that opens
   with a new mark make one multi-paragraph quote. Single marks (‘ ’ ') are never quote delimiters
   here, so apostrophes (don’t, Russia’s) cannot open a quote; top-level ‘…’ quotes are a known
   miss.
2. Filtering. A short (at most 3 words) quoted span with no speech verb next to it is a scare quote
   or a name ("the ship “Endeavour”"), not a quotation.
3. Attribution, nearest evidence first: the clause right after the closing mark (`“…,” said X`,
   `“…,” X said`), then the clause before the opening mark (`X said, “…”`, `X called it “…”`), then
   a lead-in sentence ending in a colon, then the sentence just before, then the previous quote.

Documented behaviour for unbalanced marks: a quote whose paragraph ends without a closing mark (and
the next paragraph does not reopen) runs to the end of that paragraph; a closing-looking mark
outside any quote (inch marks: 6' 2") is ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from flows.schema import Mention, Paragraph, Quote, Sentence
from flows.spans import index_at, trim

# --- lexicons -----------------------------------------------------------------------------------

#: Speech verbs as written (finite forms only). "-ing" forms ("saying", "adding") are left out on
#: purpose: their subject is the main clause's subject, which the backward search then finds via
#: the main verb ("He warned ..., saying: “…”").
SPEECH_VERBS = frozenset(
    """
    said says say told tells tell added adds stated reiterated reiterates explained explains
    noted warned warns insisted insists argued argues asked asks wrote writes tweeted
    declared declares announced announces claimed claims continued continues replied
    responded responds recalled recalls remarked admitted admits acknowledged acknowledges
    conceded concedes urged urges suggested suggests stressed stresses emphasised emphasized
    emphasises emphasizes observed observes commented complained complains cautioned
    cautions predicted predicts promised vowed pledged boasted boasts joked
    quipped shouted whispered confirmed confirms denied denies
    countered retorted posted testified testifies alleged alleges agreed
    agrees answered concluded concludes maintained maintains demanded described
    describes called dubbed branded labelled labeled dismissed dismisses
    condemned condemns accused accuses praised criticised criticized mused
    derided derides blamed blames slammed slams hailed hails lamented laments
    """.split()
)

#: Some -s forms stay in the lexicon although they double as plural nouns ("the claims were
#: true"); after one of these words they are nouns. (Mostly-noun forms such as "remarks",
#: "comments", "notes" and "calls" are left out of the lexicon altogether.)
NOUN_MARKERS = frozenset(
    "the a an his her their its our my your these those this that such whose".split()
)

#: Verbs that name rather than report speech: next to a short capitalised quote ("a ship called
#: “Endeavour”") they mark a name, so they do not rescue it from the scare-quote filter.
NAMING_VERBS = frozenset(
    """
    called calls dubbed dubs named titled entitled nicknamed branded brands labelled labeled
    """.split()
)

#: Words allowed between a speaker and its verb: "Kirby again reiterated", "he has said".
ADVERBS = frozenset(
    """
    also again later then earlier previously further once recently reportedly repeatedly simply
    just has had have would will could might may did does do not never always often first last
    still even only all both too himself herself themselves
    """.split()
)

#: Words that end a speaker phrase walking backwards from the verb: the clause begins there.
CLAUSE_STOP = frozenset(
    """
    that which who whom whose and but or nor while as because if when whenever where since though
    although so than is was were are be been being it's what whether unless until yet
    """.split()
)

#: Prepositions end a speaker phrase (in both directions): "said John Kirby on Monday",
#: "spokeswoman for women Sandra Gidley said". Walking backwards they end the phrase but not the
#: search, so an appositive's name further back can still be reached.
PREPOSITIONS = frozenset(
    """
    of for in on at by with from to into onto about against over under during according without
    between through after before via per amid among across toward towards upon within outside
    """.split()
)

#: Date words end a forward speaker phrase: "said Kirby Monday".
DATE_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec last this next
    """.split()
)

#: Subject pronouns a speaker can be; only he/she resolve to a PERSON mention.
PRONOUNS = frozenset("he she they we i it you".split())
RESOLVABLE_PRONOUNS = frozenset({"he", "she"})

DETERMINERS = frozenset({"the", "a", "an"})
#: Speech verbs whose next word is a hearer, not an inverted speaker ("…, told researchers").
OBJECT_VERBS = frozenset({"told", "tells", "tell", "urged", "urges", "accused", "accuses"})
#: Verbs of reports and surveys that end a backward speaker phrase like a clause word does
#: ("… 24 companies reported …, says": the phrase is not "24 companies reported").
PHRASE_BREAKING_VERBS = frozenset(
    "reported reports showed shows found finds revealed reveals published suggests".split()
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "whose", "whom"})

#: Abbreviations whose period does not end a sentence ("Mr. Smith said", "Jan. 24").
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm rev hon st mt jr sr inc corp co ltd
    no vs etc jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

#: Honorifics stripped before matching a speaker against mention surface forms ("Mr Thomas").
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sen rep gov gen president minister".split()
)

#: Mention labels a speaker key may come from, most wanted first.
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")

# --- compiled patterns ---------------------------------------------------------------------------

#: Double quotation marks. Single marks are excluded: ’ is also the apostrophe in news text.
DOUBLE_MARKS = '"“”'
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


# --- small records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Attribution:
    """A speaker as written (start, end offsets) and its speech verb; any part may be missing."""

    speaker: tuple[int, int] | None
    verb: str | None


@dataclass(slots=True)
class _Candidate:
    """A paired quotation under construction: its content segments and the marks around it."""

    open_pos: int
    segments: list[tuple[int, int]] = field(default_factory=list)
    seg_start: int = 0
    close_pos: int | None = None


# --- pairing -------------------------------------------------------------------------------------


def _mark_kind(text: str, i: int, lo: int, hi: int) -> str:
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


def _after_terminal(text: str, i: int, lo: int) -> bool:
    """True when the mark at i follows a sentence end and a space ("weeks. “We"): a re-opening."""
    j = i - 1
    if j < lo or not text[j].isspace():
        return False
    while j >= lo and text[j].isspace():
        j -= 1
    return j >= lo and text[j] in TERMINALS


def _opens_paragraph(text: str, lo: int, hi: int) -> bool:
    """True when the paragraph [lo, hi) starts with an opening double mark."""
    return lo < hi and text[lo] in DOUBLE_MARKS and _mark_kind(text, lo, lo, hi) != "close"


def _pair_marks(text: str, paras: list[tuple[int, int]]) -> list[_Candidate]:
    """Pair double marks into quotations, joining quotes re-opened in the next paragraph."""
    done: list[_Candidate] = []
    cur: _Candidate | None = None
    for p_idx, (lo, hi) in enumerate(paras):
        first = lo
        if cur is not None:
            if _opens_paragraph(text, lo, hi):
                cur.seg_start = lo + 1  # the re-opening mark of a multi-paragraph quote
                first = lo + 1
            else:
                done.append(cur)  # unbalanced: the quote ran to its paragraph's end
                cur = None
        for i in range(first, hi):
            if text[i] not in DOUBLE_MARKS:
                continue
            kind = _mark_kind(text, i, lo, hi)
            if cur is None:
                if kind != "close":  # a lone closing-looking mark (6' 2") is not a quote
                    cur = _Candidate(open_pos=i, seg_start=i + 1)
                continue
            if kind == "open" and _after_terminal(text, i, lo):
                # "… 26 weeks. “We are …": a paragraph break lost by the source; one quote.
                cur.segments.append((cur.seg_start, i))
                cur.seg_start = i + 1
            elif kind == "open" and text[i] in OPENING_GLYPHS:
                # A second “ with no closing mark in between: the first quote was never closed.
                cur.segments.append((cur.seg_start, i))
                done.append(cur)
                cur = _Candidate(open_pos=i, seg_start=i + 1)
            else:
                cur.segments.append((cur.seg_start, i))
                cur.close_pos = i
                done.append(cur)
                cur = None
        if cur is not None:
            cur.segments.append((cur.seg_start, hi))
            if p_idx + 1 >= len(paras) or not _opens_paragraph(text, *paras[p_idx + 1]):
                done.append(cur)
                cur = None
    if cur is not None:
        done.append(cur)
    return done


def _content(text: str, cand: _Candidate) -> list[tuple[int, int]]:
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


# --- words and clauses ---------------------------------------------------------------------------


def _words(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Word spans in [lo, hi), an abbreviation keeping its period (Mr., U.S.)."""
    out: list[tuple[int, int]] = []
    for m in WORD.finditer(text, lo, hi):
        s, e = m.span()
        w = text[s:e]
        if (
            e < hi
            and text[e] == "."
            and (w.lower() in ABBREVIATIONS or "." in w or (len(w) == 1 and w.isupper()))
        ):
            e += 1
        out.append((s, e))
    return out


def _is_sentence_end(text: str, lo: int, m: re.Match[str]) -> bool:
    """False for a period after an abbreviation or before a lowercase word (Jan. 24, U.S. army)."""
    if text[m.start()] != ".":
        return True
    words = WORD.findall(text, lo, m.start())
    word = words[-1] if words else ""
    if word.lower() in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper()):
        return False
    nxt = text[m.end()] if m.end() < len(text) else ""
    return not nxt.islower()


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that contains pos, searching no further back than lo."""
    start = lo
    for m in SENTENCE_END.finditer(text, lo, pos):
        if m.end() <= pos and _is_sentence_end(text, lo, m):
            start = m.end()
    return start


def _clause_end(text: str, pos: int, hi: int) -> int:
    """End (exclusive) of the sentence that continues at pos, searching no further than hi."""
    for m in SENTENCE_END.finditer(text, pos, hi):
        if _is_sentence_end(text, pos, m):
            return m.start()
    return hi


def _is_verb(text: str, words: list[tuple[int, int]], k: int) -> bool:
    """True when words[k] is a lowercase speech verb (a capitalised "Says" is more often a
    headline), and not a plural noun after a determiner ("his claims")."""
    word = text[words[k][0] : words[k][1]]
    if word not in SPEECH_VERBS:
        return False
    return not (word.endswith("s") and k > 0 and _lower(text, words[k - 1]) in NOUN_MARKERS)


def _lower(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].lower()


def _is_adverb(word: str) -> bool:
    """Words that may sit between a speaker and its verb."""
    return word in ADVERBS or (word.endswith("ly") and word.islower() and len(word) > 3)


# --- speaker phrases -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Doc:
    """The per-document lookups shared by the attribution helpers."""

    text: str
    mentions: tuple[Mention, ...]
    quote_ranges: tuple[tuple[int, int], ...]


def _mentions_in(doc: _Doc, s: int, e: int) -> list[Mention]:
    return [m for m in doc.mentions if m.char_start >= s and m.char_end <= e]


def _has_person(doc: _Doc, span: tuple[int, int]) -> bool:
    return any(m.label == "PERSON" for m in _mentions_in(doc, *span))


def _tidy(doc: _Doc, words: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Trim a speaker phrase to its name: "women Sandra Gidley" -> "Sandra Gidley", "the Tories"."""
    text = doc.text
    if not any(c.isalpha() for w in words for c in text[w[0] : w[1]]):
        return None  # "elected in 1997, told": a year is not a speaker
    if all(_lower(text, w) in NOUN_MARKERS for w in words):
        return None  # "the", "his": a stray determiner is not a speaker
    if _has_person(doc, (words[0][0], words[-1][1])):
        while len(words) > 1 and not text[words[0][0]].isupper():
            words = words[1:]
    if len(words) > 1 and _lower(text, words[0]) in DETERMINERS and text[words[1][0]].isupper():
        words = words[1:]
    return words[0][0], words[-1][1]


@dataclass(frozen=True, slots=True)
class _Group:
    """One comma-separated phrase before a verb: its trimmed speaker span and how it began."""

    phrase: tuple[int, int] | None
    lowercase_head: bool  # "a spokeswoman for X", "director general of Y": an appositive


def _backward_groups(doc: _Doc, lo: int, verb: tuple[int, int]) -> list[_Group]:
    """Comma-separated phrases before a verb, nearest first ("X, a spokeswoman for Y, said")."""
    text = doc.text
    words = _words(text, lo, verb[0])
    i = len(words) - 1
    right = verb[0]
    # Skip adverbs and auxiliaries directly before the verb: "Kirby again reiterated".
    while i >= 0 and _is_adverb(_lower(text, words[i])) and text[words[i][0]].islower():
        if text[words[i][1] : right].strip():
            break
        right = words[i][0]
        i -= 1
    groups: list[_Group] = []
    while len(groups) < 3:
        phrase: list[tuple[int, int]] = []
        head: tuple[int, int] | None = None  # the leftmost word walked in this group
        cut = False  # a preposition ended the phrase; keep walking to the comma
        stop = False
        while i >= 0:
            gap = text[words[i][1] : right]
            # Quote marks are see-through: a dropped scare quote may sit in the subject
            # ("Barbara Follet, one of the so-called “Blair Babes” elected in 1997, told").
            if gap.strip(" \t\n" + DOUBLE_MARKS):
                break
            w = _lower(text, words[i])
            if w in CLAUSE_STOP or w in PHRASE_BREAKING_VERBS or _is_verb(text, words, i):
                rel = _relative_clause_head(text, words, i)
                if rel is None:
                    stop = True
                    break
                # "one dealer, who asked not to be named, told": skip the relative clause.
                phrase, cut, head = [], True, words[rel]
                right = words[rel][0]
                i = rel - 1
                break
            cut = cut or w in PREPOSITIONS
            if not cut:
                phrase.insert(0, words[i])
            head = words[i]
            right = words[i][0]
            i -= 1
        groups.append(
            _Group(
                phrase=_tidy(doc, phrase) if len(phrase) <= 8 else None,
                lowercase_head=head is None or text[head[0]].islower(),
            )
        )
        if stop or i < 0:
            break
        if text[words[i][1] : right].strip() not in GROUP_SEPARATORS:  # : ; ( ) end the walk
            break
        right = words[i][1]
    return groups


def _relative_clause_head(text: str, words: list[tuple[int, int]], i: int) -> int | None:
    """Index of the who/which opening the comma-delimited clause that holds words[i], if any."""
    j = i
    while j > 0 and not text[words[j - 1][1] : words[j][0]].strip():
        j -= 1
    if _lower(text, words[j]) not in RELATIVE_PRONOUNS:
        return None
    if j == 0 or text[words[j - 1][1] : words[j][0]].strip() not in GROUP_SEPARATORS:
        return None
    return j


def _pick_group(doc: _Doc, groups: list[_Group]) -> tuple[int, int] | None:
    """The speaker among comma groups: the nearest, unless it is an appositive of a named person."""
    text = doc.text
    nonempty = [g.phrase for g in groups if g.phrase is not None]
    if not nonempty:
        return None
    first = groups[0].phrase
    if first is not None and (
        _has_person(doc, first) or text[first[0] : first[1]].lower() in PRONOUNS
    ):
        return first
    # "Liam Fox, a Tory co-chairman, said" / "Theresa May, said": take the named group behind.
    if groups[0].lowercase_head:
        for g in groups[1:]:
            if g.phrase is not None and _has_person(doc, g.phrase):
                return g.phrase
        # No mentions to go by: "Jones, after his superb display, observed" -> the capitalised one.
        if first is None or not any(c.isupper() for c in text[first[0] : first[1]]):
            for g in groups[1:]:
                if g.phrase is not None and text[g.phrase[0]].isupper():
                    return g.phrase
    return nonempty[0]


def _forward_phrase(doc: _Doc, words: list[tuple[int, int]], start: int) -> tuple[int, int] | None:
    """The speaker after an inverted verb: "said Pentagon press secretary John Kirby on Monday"."""
    text = doc.text
    phrase: list[tuple[int, int]] = []
    prev_end: int | None = None
    for span in words:
        gap = text[(start if prev_end is None else prev_end) : span[0]]
        if gap and not SPACE_GAP.fullmatch(gap):
            break
        w = _lower(text, span)
        if w in PREPOSITIONS or w in CLAUSE_STOP or w in DATE_WORDS or len(phrase) >= 10:
            break
        phrase.append(span)
        prev_end = span[1]
    return _tidy(doc, phrase)


# --- attribution ---------------------------------------------------------------------------------


def _after(doc: _Doc, cand: _Candidate, last_char: str, hi: int) -> _Attribution | None:
    """An attribution right after the closing mark: “…,” said X / “…,” X said / according to X."""
    if cand.close_pos is None:
        return None
    text = doc.text
    a = cand.close_pos + 1
    nxt_mark = next((i for i in range(a, hi) if text[i] in DOUBLE_MARKS), hi)
    b = _clause_end(text, a, nxt_mark)
    words = _words(text, a, b)
    if not words or not COMMA_GAP.fullmatch(text[a : words[0][0]] or " "):
        return None
    comma_first = "," in text[a : words[0][0]]
    in_sentence = last_char in ATTRIBUTION_ENDINGS or comma_first
    if not in_sentence and last_char not in TERMINALS:
        return None  # “crippled” by the move: the quote is a fragment inside a sentence
    first = _lower(text, words[0])
    if _is_verb(text, words, 0):
        return _Attribution(_forward_phrase(doc, words[1:], words[0][1]), first)
    if first == "according" and len(words) > 1 and _lower(text, words[1]) == "to":
        return _Attribution(_forward_phrase(doc, words[2:], words[1][1]), None)
    if first in CLAUSE_STOP:
        return None  # “…,” which …: not an attribution
    in_relative = False  # inside ", who asked not to be named," between speaker and verb
    for k in range(1, min(len(words), 16)):
        gap = text[words[k - 1][1] : words[k][0]]
        if not COMMA_GAP.fullmatch(gap):
            return None
        w = _lower(text, words[k])
        if gap.strip():  # a comma or dash starts a new group
            in_relative = w in RELATIVE_PRONOUNS
        if in_relative:
            continue
        if w in CLAUSE_STOP:
            return None
        if not _is_verb(text, words, k):
            continue
        # A new sentence after “….” is an attribution only when it is short ("Kirby said.") or
        # continues in lowercase ("he said"); "Kirby said the move …" is reported speech.
        if not in_sentence and text[words[0][0]].isupper() and len(words) - k - 1 > 3:
            return None
        speaker = _pick_after(doc, _backward_groups(doc, a, words[k]))
        return _Attribution(speaker, text[words[k][0] : words[k][1]])
    return None


def _pick_after(doc: _Doc, groups: list[_Group]) -> tuple[int, int] | None:
    """Among the comma groups between quote and verb: the named one, else the nearest the quote."""
    ordered = [g.phrase for g in reversed(groups) if g.phrase is not None]  # nearest-to-verb first
    for g in ordered:
        if _has_person(doc, g):
            return g
    return ordered[0] if ordered else None


def _is_named(doc: _Doc, span: tuple[int, int]) -> bool:
    """True for a speaker phrase holding a PERSON mention or being a pronoun."""
    return _has_person(doc, span) or doc.text[span[0] : span[1]].lower() in PRONOUNS


def _ends_clause(text: str, pos: int, hi: int) -> bool:
    """True when a forward speaker phrase ending at pos closes its clause: "said Mr Jain." or
    "said Mr Jain on Monday", but not "said the channel offered …" (reported speech)."""
    rest = text[pos:hi].lstrip()
    if not rest or not rest[0].isalnum():
        return True
    m = WORD.match(rest)
    return m is not None and m.group().lower() in PREPOSITIONS | DATE_WORDS | RELATIVE_PRONOUNS


def _verb_search(doc: _Doc, lo: int, hi: int) -> _Attribution | None:
    """The speech verb nearest hi in [lo, hi) with a speaker before it: "X said, “", "X called"."""
    text = doc.text
    words = _words(text, lo, hi)
    for k in range(len(words) - 1, -1, -1):
        if not _is_verb(text, words, k):
            continue
        verb = text[words[k][0] : words[k][1]]
        speaker = _pick_group(doc, _backward_groups(doc, lo, words[k]))
        if speaker is not None and _is_named(doc, speaker):
            return _Attribution(speaker, verb)
        gap_before = text[words[k - 1][1] : words[k][0]] if k > 0 else ","
        if "," in gap_before and verb not in OBJECT_VERBS:
            # Inverted, as in a lead-in sentence: "…, said Mr Jain."
            inverted = _forward_phrase(doc, words[k + 1 :], words[k][1])
            if inverted is not None and _ends_clause(text, inverted[1], hi):
                return _Attribution(inverted, verb)
        if speaker is not None:
            return _Attribution(speaker, verb)
    # No verb, but a named person right before a colon: "Southampton boss Harry Redknapp: “…”".
    colon = len(text[lo:hi].rstrip()) + lo - 1
    if colon >= lo and text[colon] == ":":
        groups = _backward_groups(doc, lo, (colon, colon + 1))
        if groups and groups[0].phrase is not None and _has_person(doc, groups[0].phrase):
            return _Attribution(groups[0].phrase, None)
    return None


def _verb_nearby(doc: _Doc, lo: int, hi: int, n: int = 4) -> bool:
    """True when one of the last n words before hi is a speech verb that is not a naming verb."""
    text = doc.text
    words = _words(text, lo, hi)
    return any(
        _is_verb(text, words, k) and _lower(text, words[k]) not in NAMING_VERBS
        for k in range(max(0, len(words) - n), len(words))
    )


def _resolve(doc: _Doc, speaker: tuple[int, int] | None, before: int) -> str | None:
    """The entity_key for a speaker phrase; he/she resolve to the nearest PERSON before `before`."""
    if speaker is None:
        return None
    said = doc.text[speaker[0] : speaker[1]]
    if said.lower() in PRONOUNS:
        if said.lower() not in RESOLVABLE_PRONOUNS:
            return None
        for m in reversed(doc.mentions):
            if m.label != "PERSON" or m.char_end > before:
                continue
            if any(qs <= m.char_start and m.char_end <= qe for qs, qe in doc.quote_ranges):
                continue  # people named inside a quotation are rarely its speaker
            return m.entity_key
        return None
    inside = _mentions_in(doc, *speaker)
    for label in SPEAKER_LABELS:
        hits = [m for m in inside if m.label == label]
        if hits:
            return hits[-1].entity_key  # the name nearest the verb: "Pentagon … John Kirby"
    # NER may have missed this occurrence: match the surface form against other mentions.
    bare = " ".join(w for w in said.split() if w.lower().rstrip(".") not in HONORIFICS)
    for label in SPEAKER_LABELS:
        for m in doc.mentions:
            if m.label == label and bare and bare in (m.text, m.canonical_name):
                return m.entity_key
    return None


def _lead_in(
    doc: _Doc, paras: list[tuple[int, int]], p: int, lo: int, open_pos: int
) -> _Attribution | None:
    """The speaker of the sentence before an unattributed quote: "Kirby said:", "She added that"."""
    text = doc.text
    p_lo = paras[p][0]
    j = open_pos - 1
    while j >= lo and text[j].isspace():
        j -= 1
    if j < lo and lo == p_lo and p > 0:
        # The quote opens its paragraph: only a colon lead-in carries over a paragraph break.
        q_lo, q_hi = paras[p - 1]
        k = q_hi - 1
        while k >= q_lo and text[k].isspace():
            k -= 1
        if k < q_lo or text[k] != ":":
            return None
        start = _clause_start(text, q_lo, k)
        return _verb_search(doc, start, k)
    if j < lo:
        return None
    # Same paragraph: the sentence ending right before the quote (colon or full stop).
    start = _clause_start(text, lo, j)
    return _verb_search(doc, start, j + 1)


# --- the extractor --------------------------------------------------------------------------------


def _paragraph_bounds(text: str, paragraphs: Sequence[Paragraph]) -> list[tuple[int, int]]:
    """Paragraph (start, end) pairs clipped to the text; the whole text when none are given."""
    n = len(text)
    if not paragraphs:
        return [(0, n)] if n else []
    bounds = sorted((max(0, p.char_start), min(n, p.char_end)) for p in paragraphs)
    return [(s, e) for s, e in bounds if e > s]


def extract_quotes(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    doc_id: str,
) -> list[Quote]:
    """Direct quotations of one document with their speakers, in text order."""
    paras = _paragraph_bounds(text, paragraphs)
    para_starts = [s for s, _ in paras]
    cands = [(c, _content(text, c)) for c in _pair_marks(text, paras)]
    cands = [(c, segs) for c, segs in cands if segs]
    doc = _Doc(
        text=text,
        mentions=tuple(sorted(mentions, key=lambda m: (m.char_start, m.char_end))),
        quote_ranges=tuple((segs[0][0], segs[-1][1]) for _, segs in cands),
    )

    def para_of(pos: int) -> int:
        return max(bisect_right(para_starts, pos) - 1, 0)

    # (start, end, joined_text, speaker_text, speaker_key, verb) per kept quote.
    rows: list[tuple[int, int, str, str | None, str | None, str | None]] = []
    prev_speaker: tuple[str | None, str | None, str | None] | None = None
    prev_close_para = -2
    prev_close = -1
    for cand, segs in cands:
        start, end = segs[0][0], segs[-1][1]
        p = para_of(cand.open_pos)
        p_lo = paras[p][0]
        last_p_hi = paras[para_of(end - 1)][1]
        lo = max(p_lo, prev_close + 1)  # never search inside the previous quote
        before_lo = _clause_start(text, lo, cand.open_pos)
        joined = " ".join(text[s:e] for s, e in segs)

        # The punctuation just inside the closing mark (the comma already cut from the text;
        # sloppy sources put a space before the mark: `technology. " said Lee Rainie`).
        # A closing single mark hides it too: `… sending?'" he said`.
        inner = text[start : cand.close_pos] if cand.close_pos is not None else ""
        inner = inner.rstrip().rstrip("'’").rstrip()
        last_char = inner[-1] if inner else text[end - 1]
        attr = _after(doc, cand, last_char, last_p_hi)
        own = attr or _verb_search(doc, before_lo, cand.open_pos)

        # Scare quotes and names: short, not a sentence, and nobody next to it speaks.
        n_words = len(joined.split())
        if n_words <= 3 and joined[-1] not in TERMINALS:
            capitalised = all(w[0].isupper() or not w[0].isalpha() for w in joined.split())
            nearby = attr is not None or _verb_nearby(doc, before_lo, cand.open_pos)
            if (capitalised and not nearby) or (not capitalised and own is None):
                continue

        if own is None and not text[before_lo : cand.open_pos].strip():
            own = _lead_in(doc, paras, p, lo, cand.open_pos)
        speaker: tuple[str | None, str | None, str | None] = (None, None, None)
        if own is not None:
            span = own.speaker
            said = text[span[0] : span[1]] if span else None
            speaker = (said, _resolve(doc, span, start), own.verb)
        elif prev_speaker is not None and (
            para_of(prev_close) == p or (prev_close_para == p - 1 and cand.open_pos == p_lo)
        ):
            speaker = prev_speaker  # “A,” he said. “B.” / a paragraph resuming the last speaker
        rows.append((start, end, joined, *speaker))
        prev_speaker = speaker
        prev_close = cand.close_pos if cand.close_pos is not None else end
        prev_close_para = para_of(prev_close)

    quotes: list[Quote] = []
    for idx, (start, end, joined, said, key, verb) in enumerate(rows):
        quotes.append(
            Quote(
                doc_id=doc_id,
                quote_idx=idx,
                sentence_idx=index_at(sentences, start) if sentences else 0,
                char_start=start,
                char_end=end,
                text=text[start:end],
                joined_text=joined,
                speaker_text=said,
                speaker_key=key,
                verb=verb,
            )
        )
    return quotes
