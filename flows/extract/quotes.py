"""Direct quotations: documents.text + paragraphs + sentences + mentions -> `quotes` rows.

A pure, rule-based extractor: no spaCy, no I/O. It works in four passes.

1. Pairing. Double quotation marks (curly “ ” and straight ") are classified as opening or closing
   from the characters around them (the glyph decides only when the context does not), then paired
   paragraph by paragraph. A paragraph that ends inside a quote and a next paragraph that opens
   with a new mark make one multi-paragraph quote. A lone closing mark ending a sentence right
   after a short attribution (“A,” he said. B.”) closes a quote whose opening mark was lost.
   Single marks (‘ ’ ') are paired apart, outside double-mark quotes only (nested ones belong to
   the outer quote): an opening mark after a space and before a letter, a closing one not between
   letters and before punctuation or the paragraph end, so apostrophes (don’t, Russia’s, the
   players' wages, ’90s) do not pair. A single-mark quote is kept only with a named attribution
   and more than three words (headline scare quotes such as Voters 'reject EU' are not quotes).
2. Filtering. A fragment (no final . ? !) is a name, term or slogan rather than a quotation when
   nobody next to it is said to utter it: up to 3 words with no speech verb or speaker, a Title
   Case name up to 8 words unless a non-naming speech verb is next to it, marks after a naming
   noun ("the term “…”", "a culture of “…”"), or a lowercase phrase of up to 6 words in a
   sentence without any speech verb. A second fragment of an attributed sentence is kept.
3. Attribution, nearest evidence first: the clause right after the closing mark (`“…,” said X`,
   `“…,” X said`, `X was quoted as saying`; a following `He added: “…”` belongs to the next quote),
   for a fragment the end of its sentence (`…, he said.`, `…, according to X.`), then the clause
   before the opening mark (`X said, “…”`, `X called it “…”`, `Said X: “…”`, `with boss X
   claiming “…”`, `X left, saying: “…”`, `X went on to claim that “…”`), then a lead-in sentence
   ending in a colon, then the sentence just before (also across a paragraph break when it names
   its speaker: `X said the rules were clear.¶“…”`), then the previous quote.
4. Resolution to an entity key: a name through the mentions inside the speaker phrase; he/she to
   the last quote's speaker when the nearest person's sentence names it, else that sentence's
   subject, else the nearest person, skipping names after a preposition, possessives, modifiers
   ("Canada-based") and names inside quotations; "it" and "the company"-like descriptions to an
   organisation found the same way; "his son", "the judge" to the person introduced with that
   role ("Mr Nogar's son Stephen"), never across a modifier ("Deputy Prime Minister").

Documented behaviour for unbalanced marks: a quote whose paragraph ends without a closing mark (and
the next paragraph does not reopen) runs to the end of that paragraph; a closing-looking mark
outside any quote (inch marks: 6' 2") is ignored unless it closes a lost opening (see 1).
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

#: Bare forms that are also nouns: verbs only after "to" or a modal ("went on to claim that").
BARE_SPEECH_VERBS = frozenset("claim insist warn argue admit deny urge stress predict".split())
BARE_VERB_MARKERS = frozenset("to will would could should might may must did does do not".split())

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

#: Nouns after which quotation marks enclose a name, term or slogan rather than speech.
NAMING_NOUNS = frozenset(
    """
    term terms word words phrase slogan slogans motto mottos catchphrase mantra credo maxim
    nickname moniker label banner title headline name brand culture ethos philosophy so-called
    """.split()
)

#: Words allowed between a speaker and its verb: "Kirby again reiterated", "he has said".
ADVERBS = frozenset(
    """
    also again later then earlier previously further once recently reportedly repeatedly simply
    just has had have would will could might may did does do not never always often first last
    still even only all both too himself herself themselves afterwards
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

#: -ing forms of speech verbs. They attribute only in three shapes: "was quoted as saying",
#: right after a name ("with boss Mark Hughes claiming it was “…”") and, when the sentence has
#: no finite speech verb, after a comma or colon ("Stallone left the house saying: “…”"), where
#: the speaker is the clause's subject.
SPEECH_ING = frozenset(
    """
    saying adding telling claiming insisting arguing warning explaining noting stating admitting
    suggesting declaring writing describing calling urging stressing predicting promising
    accusing branding labelling hailing condemning criticising criticizing dismissing praising
    """.split()
)
#: "X was quoted as saying", "X is reported as saying".
QUOTED_VERBS = frozenset({"quoted", "reported"})
AUXILIARIES = frozenset("was is were are been being has had have".split())

DETERMINERS = frozenset({"the", "a", "an"})
#: Speech verbs whose next word is a hearer, not an inverted speaker ("…, told researchers").
OBJECT_VERBS = frozenset({"told", "tells", "tell", "urged", "urges", "accused", "accuses"})
#: Verbs of reports and surveys that end a backward speaker phrase like a clause word does
#: ("… 24 companies reported …, says": the phrase is not "24 companies reported").
PHRASE_BREAKING_VERBS = frozenset(
    "reported reports showed shows found finds revealed reveals published suggests".split()
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "whose", "whom"})
#: Words that open a reported clause after a verb ("said it was", "said that"): the verb then
#: reports indirect speech of its own rather than attributing the quote before it.
COMPLEMENT_STARTERS = frozenset("that it he she they we there this the a an".split())
SUBORDINATORS = frozenset(
    "after before when while although though because since despite as if unless until".split()
)

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

#: Head nouns of a description that stands for an organisation named earlier ("the company
#: said", "the news and financial data seller said"). Institutions that are seldom the last named
#: organisation ("the government", "the police") are left out.
ORG_NOUNS = frozenset(
    """
    company firm group bank business corporation conglomerate giant maker manufacturer retailer
    seller provider operator carrier airline broadcaster network publisher studio label club
    insurer lender chain supplier developer producer exporter newspaper paper magazine website
    site charity organisation organization association federation union watchdog regulator
    """.split()
)

#: Words that make a title another role: a deputy prime minister is not "the prime minister".
ROLE_MODIFIERS = frozenset(
    "deputy vice assistant shadow former acting junior associate under ex".split()
)

#: Words that make a description indefinite: "a spokesman said" names nobody.
INDEFINITES = frozenset("a an one another some several many other two three".split())

#: Mention labels a speaker key may come from, most wanted first.
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")

# --- compiled patterns ---------------------------------------------------------------------------

#: Double quotation marks. Single marks are paired separately (see _pair_singles): ’ is also
#: the apostrophe in news text.
DOUBLE_MARKS = '"“”'
SINGLE_MARKS = "‘’'"
# The marks found by a regex scan rather than a Python loop over every character of the text.
_DOUBLE_MARK = re.compile(f"[{re.escape(DOUBLE_MARKS)}]")
_SINGLE_MARK = re.compile(f"[{re.escape(SINGLE_MARKS)}]")
_ANY_MARK = re.compile(f"[{re.escape(SINGLE_MARKS + DOUBLE_MARKS)}]")
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
    single: bool = False  # delimited by single marks: kept only when attributed


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


def _lost_opening(text: str, done: list[_Candidate], lo: int, i: int) -> _Candidate | None:
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
    ends = [m for m in ends if _is_sentence_end(text, prev_close + 1, m)]
    if not ends:
        return None
    start = ends[0].end()
    attribution = _words(text, prev_close + 1, ends[0].start())
    if not 0 < len(attribution) <= 6 or not any(
        _is_verb(text, attribution, k) for k in range(len(attribution))
    ):
        return None
    return _Candidate(open_pos=start, segments=[(start, i)], seg_start=start, close_pos=i)


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
        for mark in _DOUBLE_MARK.finditer(text, first, hi):
            i = mark.start()
            kind = _mark_kind(text, i, lo, hi)
            if cur is None:
                if kind != "close":  # a lone closing-looking mark (6' 2") is not a quote
                    cur = _Candidate(open_pos=i, seg_start=i + 1)
                else:
                    lost = _lost_opening(text, done, lo, i)
                    if lost is not None:
                        done.append(lost)
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


def _single_close(text: str, j: int, hi: int) -> bool:
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


def _pair_singles(
    text: str, paras: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> list[_Candidate]:
    """Quotations in single marks (‘…’ or '…') outside every double-mark quotation, within one
    paragraph. BBC copy uses them in headlines and now and then in the body; nested inside double
    marks they are part of the outer quote. An opening mark follows a space, bracket or dash and
    comes before a letter, which leaves out elisions ('90s) and word-internal apostrophes."""
    out: list[_Candidate] = []
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
                    if text[m.start()] in DOUBLE_MARKS or _single_close(text, m.start(), hi)
                ),
                None,
            )
            if j is None or text[j] in DOUBLE_MARKS or any(a <= j < b for a, b in taken):
                i += 1
                continue
            out.append(_Candidate(i, [(i + 1, j)], i + 1, j, single=True))
            i = j + 1
    return out


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
    prev = _lower(text, words[k - 1]) if k > 0 else ""
    if word in BARE_SPEECH_VERBS:
        return prev in BARE_VERB_MARKERS  # "went on to claim", "would insist"; not "the claim"
    if word not in SPEECH_VERBS:
        return False
    return not (word.endswith("s") and prev in NOUN_MARKERS)


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
    if all(_lower(text, w) in DATE_WORDS for w in words):
        return None  # "On Thursday, said": a day is not a speaker
    if len(words) > 1 and _lower(text, words[-1]) in PRONOUNS:
        # "After the Asian tsunami he said": an introductory phrase without its comma.
        return words[-1]
    if _has_person(doc, (words[0][0], words[-1][1])):
        while len(words) > 1 and not text[words[0][0]].isupper():
            words = words[1:]
    # "the Tories" is a name ("Tories"); "the Pew report" is a description and keeps "the".
    if (
        len(words) > 1
        and _lower(text, words[0]) in DETERMINERS
        and all(text[w[0]].isupper() or not text[w[0]].isalpha() for w in words[1:])
    ):
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
    while len(groups) < 5:  # skipped relative or adverbial clauses count too
        phrase: list[tuple[int, int]] = []
        head: tuple[int, int] | None = None  # the leftmost word walked in this group
        cut = False  # a preposition ended the phrase; keep walking to the comma
        stop = False
        # Only a clause set off by a comma from the verb can be an interjection to skip
        # ("X, after Y was sacked, admitted"); "as he said" is the attribution itself.
        set_off = bool(groups) or (i >= 0 and "," in text[words[i][1] : verb[0]])
        while i >= 0:
            gap = text[words[i][1] : right]
            # Quote marks are see-through: a dropped scare quote may sit in the subject
            # ("Barbara Follet, one of the so-called “Blair Babes” elected in 1997, told").
            if gap.strip(" \t\n" + DOUBLE_MARKS):
                break
            w = _lower(text, words[i])
            if w in ("and", "or") and phrase and all(text[x[0]].islower() for x in phrase):
                # "Theresa May, shadow work and pensions secretary, said": a coordinated title
                # inside an appositive, not a clause boundary; walk on to the comma.
                cut, head, right = True, words[i], words[i][0]
                i -= 1
                continue
            if w in CLAUSE_STOP or w in PHRASE_BREAKING_VERBS or _is_verb(text, words, i):
                rel = _relative_clause_head(text, words, i, adverbial=set_off)
                if rel is None:
                    stop = True
                    break
                # "one dealer, who asked not to be named, told": skip the relative clause.
                phrase, cut, head = [], True, words[rel]
                right = words[rel][0]
                i = rel - 1
                break
            if (
                w in PREPOSITIONS
                and not cut
                and phrase
                and all(_lower(text, x) in DATE_WORDS or text[x[0]].isdigit() for x in phrase)
            ):
                # "The Electoral Commission on Thursday said": the date is no speaker; the
                # phrase starts again before the preposition.
                phrase, head, right = [], words[i], words[i][0]
                i -= 1
                continue
            cut = cut or w in PREPOSITIONS
            if not cut:
                phrase.insert(0, words[i])
            # A determiner opens the noun phrase: "Mr Peston said the prime minister told" or
            # "In November the British Medical Association said" start the speaker there.
            cut = cut or (w in DETERMINERS and text[words[i][0]].islower())
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


def _relative_clause_head(
    text: str, words: list[tuple[int, int]], i: int, *, adverbial: bool = True
) -> int | None:
    """Index of the who/which opening the comma-delimited clause that holds words[i], if any."""
    j = i
    while j > 0 and not text[words[j - 1][1] : words[j][0]].strip():
        j -= 1
    # A relative clause ("one dealer, who asked not to be named, told") or an adverbial one
    # ("Dr Gibbons, on his first day after Jane Hutt was sacked, admitted").
    heads = RELATIVE_PRONOUNS | PREPOSITIONS | SUBORDINATORS if adverbial else RELATIVE_PRONOUNS
    if _lower(text, words[j]) not in heads:
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
    if groups[0].lowercase_head or (first is not None and text[first[0] : first[1]].islower()):
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
        if phrase and _is_adverb(w) and text[span[0]].islower():
            break  # "said Deputy Prime Minister Abdullatif Sener earlier this month"
        phrase.append(span)
        prev_end = span[1]
    return _tidy(doc, phrase)


# --- attribution ---------------------------------------------------------------------------------


def _after(doc: _Doc, cand: _Candidate, last_char: str, hi: int) -> _Attribution | None:
    """An attribution after the closing mark: right after it, or for a fragment a source named at
    the end of its sentence ("have done “everything in their powers” to …, according to X")."""
    return _after_adjacent(doc, cand, last_char, hi) or _according_to(doc, cand, last_char, hi)


def _according_to(doc: _Doc, cand: _Candidate, last_char: str, hi: int) -> _Attribution | None:
    """The attribution closing the sentence a fragment (no final . ? !) stands in, after its last
    comma: "was to “rebuild a sense of purpose” within the US, he said." / ", according to X."."""
    if cand.close_pos is None or last_char in TERMINALS:
        return None
    text = doc.text
    a = cand.close_pos + 1
    nxt_mark = next((i for i in range(a, hi) if text[i] in DOUBLE_MARKS), hi)
    b = _clause_end(text, a, nxt_mark)
    if b >= nxt_mark and nxt_mark < hi:
        return None  # another quotation follows in the same sentence
    comma = text.rfind(",", a, b)
    if comma < 0:
        return None
    words = _words(text, comma + 1, b)
    if not words or len(words) > 8 or text[words[-1][1] : b].strip(" .!?\n"):
        return None
    first = _lower(text, words[0])
    if first == "according" and len(words) > 2 and _lower(text, words[1]) == "to":
        return _Attribution(_forward_phrase(doc, words[2:], words[1][1]), None)
    if _is_verb(text, words, 0) and len(words) > 1:
        speaker = _forward_phrase(doc, words[1:], words[0][1])
        if speaker is not None and speaker[1] == words[-1][1]:
            return _Attribution(speaker, text[words[0][0] : words[0][1]])
        return None
    if _is_verb(text, words, len(words) - 1) and len(words) > 1:
        speaker = _tidy(doc, words[:-1])
        if speaker is not None and not any(_lower(text, w) in CLAUSE_STOP for w in words[:-1]):
            return _Attribution(speaker, text[words[-1][0] : words[-1][1]])
    return None


def _after_adjacent(doc: _Doc, cand: _Candidate, last_char: str, hi: int) -> _Attribution | None:
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
    if text[words[-1][1] : nxt_mark].strip().startswith(":"):
        return None  # “….” He added: “…”: a lead-in to the next quote, not this one's
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
        ing = _quoted_as(text, words, k)
        if ing is not None:  # “…,” the aid agency was quoted as saying
            speaker = _pick_after(doc, _backward_groups(doc, a, words[k]))
            return _Attribution(speaker, text[words[ing][0] : words[ing][1]])
        if w in CLAUSE_STOP:
            return None
        if not _is_verb(text, words, k):
            continue
        # A new sentence after “….” is an attribution only when it is short ("Kirby said.") or
        # continues in lowercase ("he said"); "Kirby said the move …" is reported speech.
        if not in_sentence and text[words[0][0]].isupper() and len(words) - k - 1 > 3:
            return None
        if (
            last_char in "?!"
            and not comma_first
            and text[words[0][0]].isupper()
            and k + 1 < len(words)
            and _lower(text, words[k + 1]) in COMPLEMENT_STARTERS
        ):
            return None  # “…?” The commission said it was satisfied: a sentence of its own
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


def _quoted_as(text: str, words: list[tuple[int, int]], k: int) -> int | None:
    """Index of the -ing verb when words[k:] read "was quoted (by Reuters) as saying", words[k]
    being the first auxiliary; None otherwise."""
    j = k
    while j < len(words) and _lower(text, words[j]) in AUXILIARIES:
        j += 1
    if j == k or j >= len(words) or _lower(text, words[j]) not in QUOTED_VERBS:
        return None
    for n in range(j + 1, min(j + 7, len(words))):
        if _lower(text, words[n]) in SPEECH_ING:
            return n
    return None


def _ing_attribution(
    doc: _Doc, lo: int, words: list[tuple[int, int]], k: int
) -> _Attribution | None:
    """The speaker of the -ing speech verb words[k] in its two safe shapes: after "was quoted
    as" (the subject before the auxiliary) and right after a named person ("Hughes claiming")."""
    text = doc.text
    verb = text[words[k][0] : words[k][1]]
    for j in range(k - 1, max(-1, k - 7), -1):
        if _lower(text, words[j]) in QUOTED_VERBS:
            aux = j
            while aux > 0 and _lower(text, words[aux - 1]) in AUXILIARIES:
                aux -= 1
            if aux < j and _quoted_as(text, words, aux) == k:
                return _Attribution(_pick_group(doc, _backward_groups(doc, lo, words[aux])), verb)
            break
    if k > 0 and text[words[k - 1][1] : words[k][0]] == " " and text[words[k - 1][0]].isupper():
        speaker = _pick_group(doc, _backward_groups(doc, lo, words[k]))
        if speaker is not None and _has_person(doc, speaker):
            return _Attribution(speaker, verb)
    return None


def _subject_person(doc: _Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """The first PERSON named in [lo, hi) as a clause subject (see _is_oblique)."""
    for m in _mentions_in(doc, lo, hi):
        if m.label == "PERSON" and not _is_oblique(doc.text, m):
            return m.char_start, m.char_end
    return None


def _verb_search(doc: _Doc, lo: int, hi: int) -> _Attribution | None:
    """The speech verb nearest hi in [lo, hi) with a speaker before it: "X said, “", "X called"."""
    text = doc.text
    words = _words(text, lo, hi)
    if len(words) > 1 and text[words[0][0]].isupper() and _lower(text, words[0]) in SPEECH_VERBS:
        # Inverted at the start of the sentence: "Said the Pew report: “…”".
        phrase = _forward_phrase(doc, words[1:], words[0][1])
        if phrase is not None and not text[phrase[1] : hi].strip(" :,\n"):
            return _Attribution(phrase, text[words[0][0] : words[0][1]])
    participle: int | None = None  # the -ing speech verb nearest hi, for the last resort
    for k in range(len(words) - 1, -1, -1):
        if _lower(text, words[k]) in SPEECH_ING and text[words[k][0]].islower():
            ing = _ing_attribution(doc, lo, words, k)
            if ing is not None:
                return ing
            participle = k if participle is None else participle
            continue
        if not _is_verb(text, words, k):
            continue
        verb = text[words[k][0] : words[k][1]]
        if k > 0 and _lower(text, words[k - 1]) == "to":
            # "Robinson went on to claim that …": the main clause's subject speaks.
            subject = _subject_person(doc, lo, words[k][0])
            if subject is not None:
                return _Attribution(subject, verb)
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
    if participle is not None:
        # "Ms Hutt defended her record, saying …": the subject of the clause speaks.
        gap = text[words[participle - 1][1] : words[participle][0]] if participle else ""
        subject = _subject_person(doc, lo, words[participle][0])
        if subject is not None and gap.strip() in (",", ""):
            return _Attribution(subject, text[words[participle][0] : words[participle][1]])
    return None


def _verb_nearby(doc: _Doc, lo: int, hi: int, n: int = 4) -> bool:
    """True when one of the last n words before hi is a speech verb that is not a naming verb."""
    text = doc.text
    words = _words(text, lo, hi)
    return any(
        (_is_verb(text, words, k) or _lower(text, words[k]) in SPEECH_ING)
        and _lower(text, words[k]) not in NAMING_VERBS
        for k in range(max(0, len(words) - n), len(words))
    )


def _after_naming_noun(doc: _Doc, lo: int, open_pos: int) -> bool:
    """True when the marks follow a noun that introduces a name or a saying: "the term “…”",
    "a slogan of “…”", "its culture of “work hard, play hard”", "the so-called “…”"."""
    text = doc.text
    words = _words(text, lo, open_pos)
    linked = bool(words) and _lower(text, words[-1]) in ("of", "as")
    if linked:
        words = words[:-1]
    if not words or _lower(text, words[-1]) not in NAMING_NOUNS:
        return False
    # "the term “…”" and "a culture of “…”", but not "the nine-year recommended term “…”".
    return linked or (len(words) > 1 and _lower(text, words[-2]) in NOUN_MARKERS)


def _is_oblique(text: str, m: Mention) -> bool:
    """True for a name that is not a clause subject: after a preposition ("a bid for Ferguson"),
    possessive ("Mr Nogar's son") or a modifier ("Canada-based"). Such names are seldom what a
    later "he said" or "the company said" points back to."""
    after = text[m.char_end : m.char_end + 2]
    if after in ("'s", "’s") or (after[:1] in ("'", "’") and m.text.endswith("s")):
        return True
    if after[:1] in ("-", "–") and after[1:].islower():
        return True  # "Canada-based", but not a name cut short ("Nadia Magnenat-Thalman")
    before = WORD.findall(text, max(0, m.char_start - 20), m.char_start)
    gap = text[m.char_start - 1 : m.char_start] if m.char_start else ""
    return bool(before) and gap == " " and before[-1].lower() in PREPOSITIONS


def _antecedent(doc: _Doc, label: str, before: int, last_speaker: str | None = None) -> str | None:
    """The nearest `label` mention ending before `before` that could be a speaker: not inside a
    quotation (people named there are rarely its speaker) and not oblique (see _is_oblique).
    When the last quote's speaker is named in that same sentence, it wins ("Howard accused Blair
    and Mr Brown of “…”. He told Sky News: …" continues with Howard); else the sentence's subject
    does, when it opens the sentence."""
    text = doc.text
    found: Mention | None = None
    subject: Mention | None = None
    sentence_lo = 0
    for m in reversed(doc.mentions):
        if m.label != label or m.char_end > before:
            continue
        if any(qs <= m.char_start and m.char_end <= qe for qs, qe in doc.quote_ranges):
            continue
        if found is not None and m.char_end <= sentence_lo:
            break
        if _is_oblique(text, m):
            continue
        if found is None:
            found = m
            sentence_lo = _clause_start(text, max(0, m.char_start - 600), m.char_start)
        elif m.entity_key == last_speaker:
            return last_speaker
        else:
            subject = m  # the earliest candidate of that sentence so far
    if found is None:
        return None
    if found.entity_key != last_speaker and subject is not None:
        # The subject of the sentence is more salient than a later object: "Orange sued Easy
        # on Monday. “…,” it said." The subject opens the sentence (after at most a title).
        lead = text[sentence_lo : subject.char_start]
        if "," not in lead and len(lead.split()) <= 3:
            return subject.entity_key
    return found.entity_key


def _role_antecedent(doc: _Doc, role: list[str], before: int) -> str | None:
    """The nearest PERSON introduced with a role noun, for "his son said" after "Mr Nogar's son
    Stephen" or "the judge said" after "Judge Letitia Clark" / "Jo Roe, a judge, said". The
    role (lowercase words) is the title right before the name or heads an appositive after it."""
    text = doc.text
    for m in reversed(doc.mentions):
        if m.label != "PERSON" or m.char_end > before or _is_oblique(text, m):
            continue
        if any(qs <= m.char_start and m.char_end <= qe for qs, qe in doc.quote_ranges):
            continue
        left = [w.lower() for w in WORD.findall(text, max(0, m.char_start - 40), m.char_start)]
        right = [w.lower() for w in WORD.findall(text, m.char_end, min(len(text), m.char_end + 40))]
        n = len(role)
        titled = left[-n:] == role and text[m.char_start - 1 : m.char_start] == " "
        # "the prime minister" is not the "Deputy Prime Minister John Prescott".
        if titled and not (len(left) > n and left[-n - 1] in ROLE_MODIFIERS):
            return m.entity_key
        appositive = text[m.char_end : m.char_end + 2] == ", " and right[:1] in (["the"], ["a"])
        if (appositive and role[-1] in right[1:4]) or role[-1] in m.text.lower().split():
            return m.entity_key
    return None


def _resolve(
    doc: _Doc, speaker: tuple[int, int] | None, before: int, last_speaker: str | None = None
) -> str | None:
    """The entity_key for a speaker phrase. A name is looked up among the mentions; he/she
    resolve to the nearest PERSON before `before`, "it" and "the company" to the nearest ORG, and
    "his son" / "the judge" to the nearest person introduced with that role."""
    if speaker is None:
        return None
    text = doc.text
    said = text[speaker[0] : speaker[1]]
    before = min(before, speaker[0])
    if said.lower() in PRONOUNS:
        if said.lower() in RESOLVABLE_PRONOUNS:
            return _antecedent(doc, "PERSON", before, last_speaker)
        if said.lower() == "it":
            return _antecedent(doc, "ORG", before)
        return None
    inside = [m for m in _mentions_in(doc, *speaker) if not _is_oblique(text, m)]
    for label in SPEAKER_LABELS:
        hits = [m for m in inside if m.label == label]
        if hits:
            return hits[-1].entity_key  # the name nearest the verb: "Pentagon … John Kirby"
    words = said.split()
    if (
        words
        and all(w.islower() for w in words[1:])
        and (words[0].islower() or words[0].lower() in NOUN_MARKERS)
    ):
        # A description: definite ("the company", "His son"), never "a spokesman".
        words = [w.lower() for w in words]
        if words[0] in INDEFINITES:
            return None
        head = words[-1]
        if head in ORG_NOUNS:
            return _antecedent(doc, "ORG", before)
        if len(words) > 1 and words[0] in NOUN_MARKERS:
            return _role_antecedent(doc, words[1:], before)
        return None
    # NER may have missed this occurrence: match the surface form against other mentions.
    bare = " ".join(w for w in words if w.lower().rstrip(".") not in HONORIFICS)
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
        if k < q_lo:
            return None
        start = _clause_start(text, q_lo, k)
        if text[k] == ":":
            return _verb_search(doc, start, k)
        # "Mr Thomas said the rules were clear.¶“If in doubt retain …”": a quote that opens a
        # paragraph without an attribution continues the reported speech just before it, when
        # that sentence names its speaker and holds no quotation of its own.
        if any(c in DOUBLE_MARKS for c in text[start:k]):
            return None
        found = _verb_search(doc, start, k + 1)
        if found is None or found.speaker is None or not _is_named(doc, found.speaker):
            return None
        return found
    if j < lo:
        return None
    # Same paragraph: the sentence ending right before the quote (colon or full stop).
    start = _clause_start(text, lo, j)
    return _verb_search(doc, start, j + 1)


# --- the extractor --------------------------------------------------------------------------------


def _pronoun_subject(doc: _Doc, lo: int, hi: int) -> _Attribution | None:
    """For a quote inside a sentence with no speech verb: the he/she the sentence is about, as in
    "he intends to go into the next parliament “on the front foot”" (no verb to report)."""
    for span in _words(doc.text, lo, hi):
        if doc.text[span[0] : span[1]].lower() in RESOLVABLE_PRONOUNS:
            return _Attribution(span, None)
    return None


def _same_sentence(text: str, a: int, b: int) -> bool:
    """True when no sentence ends in [a, b)."""
    return not any(_is_sentence_end(text, a, m) for m in SENTENCE_END.finditer(text, a, b))


def _is_scare_quote(
    doc: _Doc,
    joined: str,
    attr: _Attribution | None,
    own: _Attribution | None,
    clause_lo: int,
    open_pos: int,
) -> bool:
    """True for marks around a name, title, term or slogan rather than a quotation: a fragment
    (no final . ? !) that nobody next to it is said to utter. Short ones need a speaker or speech
    verb; a Title Case span is a name unless a non-naming speech verb or an attribution is next
    to it ("Originally dubbed “Jerry's Guide to the World Wide Web”"); a lowercase phrase of up to
    six words inside a sentence with no speech verb is a slogan ("its culture of “work hard, play
    hard” still remains")."""
    tokens = joined.split()
    if joined[-1] in TERMINALS:
        return False
    if attr is None and _after_naming_noun(doc, clause_lo, open_pos):
        return True
    nearby = attr is not None or _verb_nearby(doc, clause_lo, open_pos)
    if len(tokens) <= 3:
        capitalised = all(w[0].isupper() or not w[0].isalpha() for w in tokens)
        return (capitalised and not nearby) or (not capitalised and own is None)
    long_words = [w for w in tokens if len(w) > 3 and w[0].isalpha()]
    title_case = len(long_words) >= 2 and all(w[0].isupper() for w in long_words)
    if title_case and len(tokens) <= 8 and not nearby:
        return True
    inside = bool(doc.text[clause_lo:open_pos].strip())
    speech = _verb_nearby(doc, clause_lo, open_pos, n=100)
    return len(tokens) <= 6 and own is None and inside and not speech


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
    doubles = _pair_marks(text, paras)
    taken = [
        (c.open_pos, (c.close_pos if c.close_pos is not None else c.segments[-1][1]) + 1)
        for c in doubles
        if c.segments
    ]
    singles = _pair_singles(text, paras, taken)
    pairs = sorted(doubles + singles, key=lambda c: c.open_pos)
    cands = [(c, _content(text, c)) for c in pairs]
    cands = [(c, segs) for c, segs in cands if segs]
    doc = _Doc(
        text=text,
        mentions=tuple(sorted(mentions, key=lambda m: (m.char_start, m.char_end))),
        # Double-mark quotations only: a single-mark pair may be a misread apostrophe.
        quote_ranges=tuple((segs[0][0], segs[-1][1]) for c, segs in cands if not c.single),
    )

    def para_of(pos: int) -> int:
        return max(bisect_right(para_starts, pos) - 1, 0)

    # (start, end, joined_text, speaker_text, speaker_key, verb) per kept quote.
    rows: list[tuple[int, int, str, str | None, str | None, str | None]] = []
    prev_speaker: tuple[str | None, str | None, str | None] | None = None
    prev_fragment = False  # the previous quote ended without . ? ! (a fragment in a sentence)
    person_keys = {m.entity_key for m in mentions if m.label == "PERSON"}
    last_person: str | None = None  # the last quote's speaker, when a person
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

        # A second fragment of one sentence shares the first one's speaker: Whitman called 2004
        # an “outstanding success” that generated “tremendous momentum”.
        continues = (
            own is None
            and prev_speaker is not None
            and prev_speaker[2] is not None
            and para_of(prev_close) == p
            and prev_fragment
            and _same_sentence(text, prev_close + 1, cand.open_pos)
        )
        if not continues and _is_scare_quote(doc, joined, attr, own, before_lo, cand.open_pos):
            continue

        if own is None and not text[before_lo : cand.open_pos].strip():
            own = _lead_in(doc, paras, p, lo, cand.open_pos)
        if cand.single and (own is None or own.speaker is None or len(joined.split()) <= 3):
            # Single marks need a speaker ('reject EU' in a headline has none), and short ones
            # are names or terms far more often than words someone said ("agreed to create
            # 'Television Sur'", "in search of 'tranquillity.'").
            continue
        if own is None and not continues:
            own = _pronoun_subject(doc, before_lo, cand.open_pos)
        speaker: tuple[str | None, str | None, str | None] = (None, None, None)
        if own is not None:
            span = own.speaker
            said = text[span[0] : span[1]] if span else None
            speaker = (said, _resolve(doc, span, start, last_person), own.verb)
        elif prev_speaker is not None and (
            continues
            or (para_of(prev_close) == p and not text[before_lo : cand.open_pos].strip())
            or (prev_close_para == p - 1 and cand.open_pos == p_lo)
        ):
            # “A,” he said. “B.” / a paragraph resuming the last speaker. A quote inside a
            # sentence of its own ("The question is: “…”") does not inherit.
            speaker = prev_speaker
        rows.append((start, end, joined, *speaker))
        prev_speaker = speaker
        if speaker[1] is not None and speaker[1] in person_keys:
            last_person = speaker[1]
        prev_fragment = last_char not in TERMINALS
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
