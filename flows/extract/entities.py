"""Entity mentions: spaCy NER spans -> name-only mention rows with in-document name matching.

The span is the name only (no leading "the", possessive or title), hyphenated compounds of places
are split, and every mention of one entity in a document gets the same label, canonical name (its
fullest form) and key ("Kirby" -> John Kirby). No I/O; the spaCy Doc comes in from the caller.

The small NER model misses repeated names and mislabels many, so cheap document-level rules
correct it (word lists in flows.extract.names):

- boundaries: cut at " - " and before a lower-case clause, split lists ("A, B") and "X (Y)";
- acronyms defined in brackets ("International Energy Agency (IEA)") give two mentions of one
  entity, named by the expansion;
- a name found once is found again wherever it recurs (also a person's surname alone);
- a name's type from its last word ("... Declaration" LAW), its context ("oil giant Yukos" ORG,
  "Blackburn have" ORG), its first word being a given name ("Adam Neumann" PERSON, whatever the
  model said, unless the text writes it as a firm's: flows.extract.given_names) and the other
  names of a list ("A, B and C");
- evidence from outside the model (issue 15): the gazetteer (flows.geo) and place nouns ("the
  Rukban camp", "in Woking", "Kyiv"), "its" and organisation appositives ("ChemLawn said its
  board", "Hipcricket, a mobile marketing company"), a team's or firm's noun ("Wild coach"),
  firm words ("... Airlines"), group words ("Democrats" is a NORP), stock tickers ("<CHL>") and
  a product's own words ("MacBook Pro", "Disney+", "BMW X5", "the 16-inch ...");
- evidence against the model's place: a GPE the gazetteer does not know and the document never
  writes as a place is a person by its shape, a demonym or an organisation ("Netflix",
  "Weibo"); a plural name after "the" is a team ("the Lakers"); a country or capital the model
  called an organisation is a GPE ("South Korea’s Ministry", "Moscow said");
- organisations the model missed: tickers, a name after an organisation noun ("beauty company
  Coty"), a name tagged whole once found whole where the model tagged a part ("Islamic State"),
  a US legislator's party and state ("D-Minn.");
- one label per entity: a rule on the name decides (an honorific, the last word, an acronym's
  expansion); else the evidence above, which no number of the model's labels outvotes (a
  repeated guess is one mistake repeated); else weighted votes, a context cue outweighing a
  few NER labels; ties go to the first mention.
Names found again cast no vote. Cost: linear in the text apart from sorting; no spaCy pass.

Measured and not done: giving each mention the model's own label when nothing but the model
supports the entity's label (so that a vote never copies a label onto mentions the model
labelled otherwise) lowered the dev gold's typed F1 from 0.903 to 0.894: the model's labels
of one name disagree more often by mistake than by meaning. Measured again with the third dev
batch (issue 15, branch ent4): dev 0.925 -> 0.916, the third batch 0.821 -> 0.815.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from flows import geo
from flows.extract import given_names
from flows.extract import names as lex
from flows.lexicon import HONORIFICS, MONTHS, NEWS_AGENCIES, RELATIVE_DAYS, WEEKDAYS
from flows.schema import Mention, Sentence

#: NER labels that are names (the rest, numeric and temporal, feed numbers and dates).
ENTITY_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART LANGUAGE".split()
)

_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_TITLE_PREFIX = re.compile(r"([\w.-]+)\s+(?=\S)")
_AFFIX = re.compile(r"^(?:pro|anti|non|ex|post|pre|neo)-", re.I)
_AFFIX_BEFORE = re.compile(r"(?:^|[^\w])(?:pro|anti|non|ex|post|pre|neo)-$", re.I)
# Places and groups joined by a hyphen are two names ("Ukraine-Russia border"); people are not
# ("Jean-Pierre"), and neither are lower-case affixes handled above.
_SPLIT_LABELS = frozenset({"GPE", "LOC", "NORP"})
_SLUG = re.compile(r"[^0-9a-z]+")
# A dash between spaces, or a comma, followed by a lower-case word ends a name: "All Shook Up -
# failed to sell" (the NER ran on into the clause).
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")
_CLAUSE_BREAK = re.compile(r"\s+[-–—]\s+|,\s+(?=[a-z])")
# Auxiliary and copular verbs written capitalised, as title-case headings write every word.
_TITLE_CASE_VERB = re.compile(
    r"\s+(?:Is|Are|Was|Were|Be|Been|Has|Have|Had|Would|Could|Should|Does|Did|Isn['’]t|"
    r"Aren['’]t|Doesn['’]t|Don['’]t|Won['’]t|Can['’]t|Seems)(?![\w'’-])"
)
# "A, B" inside one span is a list of names ("The Next Generation, Deep Space Nine"); places keep
# their commas ("Los Angeles, California" is one place name).
_LIST_COMMA = re.compile(r",\s+(?=[A-Z])")
_LIST_LABELS = frozenset({"WORK_OF_ART", "ORG", "PRODUCT", "EVENT", "PERSON", "FAC", "LAW"})
# "the Minsk agreements": a place or group name followed by a lower-case agreement word is a LAW.
_AGREEMENT_AFTER = re.compile(r"\s+(?:agreements?|accords?|treaty|protocol)\b")
# "War on Want", "Friends of the Earth": a name going on after a preposition.
_OF_NAME_AFTER = re.compile(r" (?:on|of|for) (?:the )?([A-Z][a-z]+)(?: [A-Z][a-z]+)*(?![\w-])")
# A dateline: a place in capitals, its region or country, the agency, then a dash or colon.
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)"
    r"(?:, (?P<region>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3}))?"
    r"(?: \((?P<agency>[A-Za-z][A-Za-z.& ]{1,30})\))?"
    r"(?: ?[—–:]| -{1,2}) "
)
# Lower-case words (and, for people, numbers) that end a span: no part of the name.
_LOWER_HEAD = re.compile(r"([a-z]+)\s+(?=[A-Z0-9])")
_LOWER_TAIL = re.compile(r"\s+[a-z][a-z'’-]*$")
# A match report's score after a player's name ("Roddick 6-2 7-6", "Kevin Kim 3-6") goes too.
_PERSON_TAIL = re.compile(r"\s+(?:[a-z][a-z'’-]*|\d+(?:[-–]\d+)?)$")
# A possessive inside a span, before a capitalised word or a number (or opening it: "’s Hoa Lo").
_INNER_POSSESSIVE = re.compile(r"['’]s (?=[A-Z0-9])")
_WHOLE_TITLES = frozenset({"WORK_OF_ART", "LAW", "PRODUCT"})
# A bracketed acronym after a name: "(IEA)", "(Gavi)".
_BRACKETED = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
# Between two names of one list: ", ", " and ", ", and the ", " or ".
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?$")
_WORD = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")

# Evidence for a label, weakest first: the NER's own label, agreement with the other names of a
# list, the words around a mention, the name's own last word, a bracketed acronym's expansion or
# an honorific ("Mr").
# A name found again by _recurring (a copy) has its label from the other mentions, so it casts no
# vote of its own. A person's name that begins with a given name (_GIVEN) weighs as a context cue.
# Evidence from outside the model about what kind of thing the name is (_EVIDENCE: the gazetteer,
# a place noun after it, a ticker after it) decides over any number of the model's labels: its
# repeated guess is one mistake repeated, not more evidence.
_COPY, _NER, _LIST, _GIVEN, _CONTEXT, _EVIDENCE, _RULE = range(7)
_WEIGHT = {
    _COPY: 0.0,
    _NER: 1.0,
    _LIST: 2.0,
    _GIVEN: 3.0,
    _CONTEXT: 3.0,
    _EVIDENCE: 1.0,
    _RULE: 1.0,
}


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    label: str
    tier: int = _NER  # how strong the evidence for `label` is


def _strip_name(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Shrink a name span: leading "the", titles, affixes such as "pro-", a trailing possessive."""
    while start < end and text[start] in " @":
        start += 1  # after an "@" cut (_pieces): "NC @ The Forum"
    m = _LEADING_THE.match(text[start:end])
    if m:
        start += m.end()
    # Titles only precede people: "State Department" or "General Motors" keep their first word,
    # but an honorific goes whatever the label ("Mr Cable" taken for an organisation).
    titles = lex.TITLE_WORDS if label == "PERSON" else HONORIFICS
    while True:
        m = _TITLE_PREFIX.match(text[start:end])
        if not m or m.group(1).lower().rstrip(".") not in titles:
            break
        start += m.end()
    if label != "WORK_OF_ART":
        # Lower-case words before the name are no part of it: "the later Retina MacBook Pro",
        # "this Six Nations" (particles stay: "de Marigny", "al-Tanf").
        while (m := _LOWER_HEAD.match(text, start, end)) and m.group(1) not in lex.NAME_PARTICLES:
            start += m.end() - start
    m = _AFFIX.match(text[start:end]) if label in _SPLIT_LABELS else None
    if m:
        start += m.end()
    if label != "WORK_OF_ART":
        # A name ends with a name word: the model runs on into the clause ("Associated Press
        # that", "iPad Pro and", "Zabul province"); a person's span into a match report's
        # figures ("Greg Rusedski 4", "Aiden Haig 1 goal"). Titles may end in any word.
        tail = _PERSON_TAIL if label == "PERSON" else _LOWER_TAIL
        while (m := tail.search(text, start, end)) and m.start() > start:
            end = m.start()
    m = _POSSESSIVE.search(text[start:end])
    if m:
        end = start + m.start()
    while end > start and text[end - 1] in " ,;:-'’\"”(&>@":
        end -= 1
    while start < end and text[start] in " ,;:-'‘\"“(<@":
        start += 1
    return start, end


def _split_hyphenated(text: str, span: _Span) -> list[_Span]:
    """ "Ukraine-Russia" -> Ukraine, Russia (places and groups only)."""
    if span.label not in _SPLIT_LABELS or "-" not in text[span.start : span.end]:
        return [span]
    parts: list[_Span] = []
    pos = span.start
    for piece in text[span.start : span.end].split("-"):
        if piece[:1].isupper():
            parts.append(_Span(pos, pos + len(piece), span.label))
        pos += len(piece) + 1
    return parts or [span]


def _pieces(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """One NER span -> the name spans in it: cut at a paragraph break and before a clause, split
    lists and "X (Y)"."""
    m = _PARAGRAPH_BREAK.search(text, start, end)
    if m:
        # No name crosses a paragraph break ("MacBook Pro\n\nApple resellers", a web page's
        # "See it now: Amazon\n\nThe Mavic Mini"): the name is the part before it, or the part
        # after it when nothing name-like precedes it ("🙂\n\nJeongdong Theater").
        if _NAME_CHAR.search(text, start, m.start()):
            end = m.start()
        else:
            start = m.end()
    m = _CLAUSE_BREAK.search(text, start, end)
    if m:
        end = m.start()
    if label not in _WHOLE_TITLES:
        # A web page's title-case heading ("Stadia Is Essentially A Beta Version"): a name has no
        # capitalised verb inside it; the name is the part before one.
        m = _TITLE_CASE_VERB.search(text, start, end)
        if m:
            end = m.start()
    cuts = [start]
    if label in _LIST_LABELS:
        cuts += [m.end() for m in _LIST_COMMA.finditer(text, start, end)]
    # "the Global Alliance for Vaccines and Immunisation (Gavi": the acronym is its own mention;
    # "Charlotte, NC @ PNC Music Pavilion" (a tour's dates): an "@" parts a place and a venue.
    cuts += [i + 1 for i in range(start, end) if text[i] == "(" or text[i] == "@"]
    if label not in _WHOLE_TITLES:
        # "Vietnam’s Communist Party", "Tufts University’s Feinstein International Center": two
        # names (the guidelines' "NATO's National Response Force"); the model's spans run across
        # a curly possessive more often than a straight one. Titles keep theirs ("Gulliver's
        # Travels").
        cuts += [
            m.end()
            for m in _INNER_POSSESSIVE.finditer(text, start, end)
            if m.start() == start
            or text[m.end()].isdigit()  # "Holcomb’s 2016 campaign": no name after it
            or _named_alone(text, _LEADING_THE.sub("", text[start : m.start()]).strip(), m.start())
        ]
    cuts = [*sorted(set(cuts)), end + 1]
    return [(a, min(b - 1, end)) for a, b in pairwise(cuts)]


_OWNER_HEADS = lex.ORG_HEADS | lex.INSTITUTION_WORDS


def _named_alone(text: str, owner: str, at: int) -> bool:
    """The possessor of "X’s Y" is a name of its own: an acronym ("NASA’s Office of …") or a name
    the article writes elsewhere without the possessive ("Apple", "Jeff Bezos"), one ending in
    an organisation's word or a prominent place. "Martha’s Vineyard", "People’s Daily",
    "Founder’s Edition" are one name."""
    if not owner or not owner[:1].isupper():
        return False
    if owner.isupper() and len(owner) >= 2:
        return True
    # An organisation's last word or a country's or big city's name says the owner is a name of
    # its own: "Tufts University’s Feinstein International Center", "Vox Media’s Code Media",
    # "China’s Inner Mongolia".
    if owner.split()[-1] in _OWNER_HEADS or geo.prominent_place(owner):
        return True
    for m in re.finditer(r"(?<![\w'’-])" + re.escape(owner) + r"(?![\w'’-])", text):
        if m.start() != at - len(owner) and not _after_sentence_end(text, m.start()):
            return True
    return False


def _is_name(name: str, label: str = "") -> bool:
    """Something name-like is left: two characters or more with a capital letter ("G8", "O2";
    not "1990" or "a"), and not a title alone ("the Cardinal said", "the President"), unless the
    NER calls it a person (the surnames Major, King)."""
    if len(name) < 2 or not any(ch.isupper() for ch in name):
        return False
    return label == "PERSON" or name.lower().rstrip(".") not in lex.TITLE_WORDS


def _ner_spans(doc: Doc, text: str) -> list[_Span]:
    """Name spans from the NER, trimmed to the name and split, in text order (`text`: doc.text)."""
    ents = doc.ents
    covered = [(e.start_char, e.end_char) for e in ents]
    spans: list[_Span] = []
    lower_words: set[str] | None = None  # the text's lower-case words, when first needed
    for ent in ents:
        label, ent_start = ent.label_, ent.start_char
        if label not in ENTITY_LABELS:
            # "Australian Timothy Weeks" with "Weeks" DATE: a given name and a capitalised word
            # the model took for a time or a quantity make a person's name.
            ent_start = _misread_person(text, ent.start_char, ent.end_char)
            if ent_start is None:
                continue
            label = "PERSON"
        for a, b in _pieces(text, ent_start, ent.end_char, label):
            start, end = _strip_name(text, a, b, label)
            if end <= start or not _is_name(text[start:end], label):
                continue  # nothing name-like left ("the president" -> "president")
            if text[start].islower() and _AFTER_NUMBER.search(text, max(0, start - 3), start):
                continue  # a unit after a number ("230 kW" GPE), no name
            if _common_word_opening(text, start, end):
                if lower_words is None:
                    lower_words = set(_LOWER_WORD.findall(text))
                word = text[start:end]
                if word.lower() in lower_words and not _named_inside(text, word):
                    continue
            if label in ("ORG", "WORK_OF_ART") and end == ent.end_char:
                end = _extend_of_name(text, end, covered)
            if label == "PERSON":
                start = _person_start(text, start, end)
            span = _Span(start, end, label)
            m = _AGREEMENT_AFTER.match(text, end)
            if m and label in ("GPE", "ORG", "NORP", "LOC"):
                span = _Span(start, m.end(), "LAW", _RULE)  # "the Minsk agreements"
            spans.extend(_split_hyphenated(text, span))
    return _dedupe(spans)


_AFTER_NUMBER = re.compile(r"\d\s?$")


def _common_word_opening(text: str, start: int, end: int) -> bool:
    """A one-word span opening a sentence, a heading or a list item that is an English common
    word ("Fiber moves slowly", "Benchmark 10-year notes", "Download it here"): its capital
    proves nothing, and when the text also writes the word in lower case and never capitalised
    inside a sentence (the caller tests both) it is no name. "Yahoo, one of the net's most iconic
    companies" opens a sentence beside "the dictionary definition of a yahoo", but the text also
    writes "to fund Yahoo". Capitalised inside ("GenCorp") or in capitals ("FIRE") a word may be
    a name, and is left alone."""
    word = text[start:end]
    return (
        word[1:].islower()
        and word.isalpha()
        and _after_sentence_end(text, start)
        and given_names.is_common_word(word)
    )


_GIVEN_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) $")


def _named_inside(text: str, word: str) -> bool:
    """Whether the text writes `word` as it is (capitalised) somewhere inside a sentence."""
    for m in re.finditer(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w-])", text):
        if not _after_sentence_end(text, m.start()):
            return True
    return False


def _misread_person(text: str, start: int, end: int) -> int | None:
    """Where a person's name begins that the model read as a date or a number ("Timothy Weeks",
    with "Weeks" DATE), else None: a given name before a capitalised word, or a person-shaped
    span of its own. No digits, months or weekdays ("June 5", "Friday")."""
    name = text[start:end]
    if any(ch.isdigit() for ch in name) or not name[:1].isupper():
        return None
    if any(w in _CALENDAR or w.lower() in lex.TITLE_WORDS for w in name.split()):
        return None
    if _person_shaped(name):
        return start
    m = _GIVEN_BEFORE.search(text, max(0, start - 20), start)
    if " " not in name and m and _person_shaped(f"{m.group(1)} {name}"):
        return m.start(1)
    return None


def _dateline(text: str, spans: list[_Span]) -> list[_Span]:
    """A wire-style dateline opening the text ("HANOI, Vietnam (AP) — ", "BUFFALO, N.Y. — ",
    "NEW DELHI: ", "AFP - "): its place names are GPEs and its agency an ORG, whatever the model
    made of words in capitals."""
    m = _DATELINE.match(text)
    if m is None:
        return spans
    city, region, agency = m.group("city"), m.group("region"), m.group("agency")
    found: list[_Span] = []
    if city.lower() in NEWS_AGENCIES and not region and not agency:
        found.append(_Span(m.start("city"), m.end("city"), "ORG", _RULE))  # "AFP - …"
    elif city in lex.KICKERS or (not region and not agency and len(city) < 4):
        return spans
    else:
        found.append(_Span(m.start("city"), m.end("city"), "GPE", _RULE))
        if region:
            found.append(_Span(m.start("region"), m.end("region"), "GPE", _RULE))
        if agency and agency.lower() in NEWS_AGENCIES:
            found.append(_Span(m.start("agency"), m.end("agency"), "ORG", _RULE))
    end = m.end()
    return found + [s for s in spans if s.start >= end]


_FIRST_WORD = re.compile(r"(\S+) (?=[A-Z])")


def _leading_qualifier(text: str, spans: list[_Span]) -> list[_Span]:
    """A person's span that opens with a nationality or a country holds two names: "while
    Russian Korzhanenko tested positive" (the text writes "Russian" alone as a NORP elsewhere),
    "ambassador to Ukraine Marie Yovanovitch" (a country in the gazetteer before a person's
    full name). Never a given name ("Christian Bale", "Jordan Henderson")."""
    groups = {text[s.start : s.end] for s in spans if s.label == "NORP"}
    out: list[_Span] = []
    for s in spans:
        m = _FIRST_WORD.match(text, s.start, s.end) if s.label == "PERSON" else None
        first = m.group(1) if m else ""
        if not m or not first[:1].isupper() or given_names.is_given_name(first):
            out.append(s)
            continue
        rest = text[m.end() : s.end]
        if first in groups:
            out += [
                _Span(s.start, s.start + len(first), "NORP"),
                _Span(m.end(), s.end, "PERSON"),
            ]
            continue
        place = geo.resolve_place(first, "GPE")
        if place is not None and place.kind == "country" and _person_shaped(rest):
            out += [
                _Span(s.start, s.start + len(first), "GPE", _EVIDENCE),
                _Span(m.end(), s.end, "PERSON"),
            ]
            continue
        out.append(s)
    return out


_POSITION = re.compile(r"^[A-Z]{2,3}$")


def _person_start(text: str, start: int, end: int) -> int:
    """Where a person's name in an NER span begins: after a lower-case word inside it (a role
    between a show and a name: "Only Fools and Horses star David Jason"; not a particle, "Luigi
    del Neri"), and after a capitalised -ing word opening a sentence or a heading ("Questioning
    Vindman's judgment")."""
    words = list(_WORD.finditer(text, start, end))
    for w in reversed(words[1:-1]):
        if w.group().islower() and w.group() not in lex.NAME_PARTICLES:
            return words[words.index(w) + 1].start()
    for k, w in enumerate(words[:-2]):
        # A position in capitals before a player's name: "Browns DL Sheldon Richardson", "QB
        # Baker Mayfield" (a team's name before it is found again on its own).
        if _POSITION.match(w.group()) and _person_shaped(text[words[k + 1].start() : end]):
            return words[k + 1].start()
    if len(words) >= 2 and (start == 0 or _after_sentence_end(text, start)):
        first = words[0].group()
        if first.endswith("ing") and not given_names.is_given_name(first):
            return words[1].start()
    return start


def _extend_of_name(text: str, end: int, covered: list[tuple[int, int]]) -> int:
    """Carry an organisation's or a work's name over "on/of/for" and capitalised words the NER
    left out ("War" + "on Want" -> War on Want). Not over anything the NER tagged itself ("Rangers
    for Scotland", "Sony on Monday"), nor over common words. `covered`: the NER's spans, in text
    order (they do not overlap)."""
    m = _OF_NAME_AFTER.match(text, end)
    if not m or m.group(1).lower() in STOP_WORDS:
        return end
    i = bisect_right(covered, (m.start(1), m.start(1)))  # the first span starting after it ...
    if i and covered[i - 1][1] > m.start(1):
        return end  # ... or one starting before it and running into it
    if i < len(covered) and covered[i][0] < m.end():
        return end
    return m.end()


def _dedupe(spans: list[_Span]) -> list[_Span]:
    """Spans in text order without overlaps: where two overlap, the earlier (then longer) wins."""
    out: list[_Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def _acronyms(text: str, spans: list[_Span]) -> tuple[list[_Span], dict[str, str]]:
    """Bracketed acronyms after their expansion: both become mentions of one entity.

    "The International Energy Agency (IEA)" -> International Energy Agency, IEA; "Sony's new
    PlayStation Portable (PSP)" -> PlayStation Portable, PSP. The expansion is the shortest run of
    words before the bracket whose initials spell the acronym; its label is the NER's for either
    part (the expansion's first); when the NER tagged neither part, neither is taken.
    Returns the new spans and acronym -> expansion.
    """
    expansions: dict[str, str] = {}
    ends = [s.end for s in spans]  # sorted: the spans are in text order and do not overlap
    removed: set[int] = set()
    added: list[_Span] = []

    def overlapping(a: int, b: int) -> list[int]:
        i, out = bisect_right(ends, a), []
        while i < len(spans) and spans[i].start < b:
            if i not in removed:
                out.append(i)
            i += 1
        return out

    for m in _BRACKETED.finditer(text):
        acronym = m.group(1)
        a_start, a_end = m.start(1), m.end(1)
        words = list(_WORD.finditer(text, max(0, m.start() - 200), m.start()))
        found = None
        for k in range(1, min(len(words), 2 * len(acronym) + 2) + 1):
            run = words[-k:]
            if any(w.group().endswith((".", ",", ";", ":")) for w in run[:-1]):
                break  # the expansion does not cross a clause
            first = run[0].group()
            if first[:1].isupper() and lex.acronym_matches(acronym, [w.group() for w in run]):
                found = (run[0].start(), run[-1].end())
                break
        if found is None:
            continue
        e_start, e_end = _strip_name(text, found[0], found[1], "ORG")
        inside, on_acronym = overlapping(e_start, e_end), overlapping(a_start, a_end)
        if not inside and not on_acronym:
            continue  # the NER saw no name in either part: a term ("gross domestic product")
        label = spans[(inside or on_acronym)[0]].label
        # The expansion's last word still fixes its type ("African Growth and Opportunity Act").
        label = lex.head_label(text[e_start:e_end], label) or label
        removed.update(inside, on_acronym)
        added += [_Span(e_start, e_end, label, _RULE), _Span(a_start, a_end, label, _RULE)]
        expansions[acronym] = text[e_start:e_end]
    kept = [s for i, s in enumerate(spans) if i not in removed]
    return _dedupe(kept + added), expansions


def _named_after_org_noun(text: str, spans: list[_Span]) -> list[_Span]:
    """Organisations the model missed right after a noun that says what they are ("beauty
    company Coty is ...", names.NAMED_AFTER_ORG_NOUN): the name, if no span overlaps it and
    it is no title, month or weekday (then found again where it recurs)."""
    added: list[_Span] = []
    for m in lex.NAMED_AFTER_ORG_NOUN.finditer(text):
        start, end = m.span("name")
        end = start + len(_POSSESSIVE.sub("", text[start:end]))
        words = text[start:end].split()
        overlapping = [s for s in spans if s.start < end and start < s.end]
        # The model's span may be a part of the name ("Camp Closure" ORG in "group Doctors for
        # Camp Closure"): the whole replaces it when the model too said organisation.
        if not words or any(
            s.label != "ORG" or s.start < start or s.end > end for s in overlapping
        ):
            continue
        spans = [s for s in spans if s not in overlapping]
        if words[0].lower() in lex.TITLE_WORDS or words[0] in _CALENDAR:
            continue
        if words[0].lower() in STOP_WORDS:
            continue
        added.append(_Span(start, end, "ORG", _CONTEXT))
    return _dedupe(spans + added) if added else spans


def _party_states(text: str, spans: list[_Span]) -> list[_Span]:
    """ "(D-Minn.)", ", R-Texas,": the party letter a NORP, the state a GPE (names.PARTY_STATE),
    in place of whatever the model made of them."""
    found: list[_Span] = []
    for m in lex.PARTY_STATE.finditer(text):
        found.append(_Span(m.start("party"), m.end("party"), "NORP", _RULE))
        found.append(_Span(m.start("state"), m.end("state"), "GPE", _RULE))
    if not found:
        return spans
    kept = [s for s in spans if not any(f.start < s.end and s.start < f.end for f in found)]
    return _dedupe(kept + found)


_BEFORE_TICKER = re.compile(r"(?:['’]s)?\s*")


def _tickers(text: str, spans: list[_Span], expansions: dict[str, str]) -> list[_Span]:
    """Stock tickers after a company's name (names.TICKER): the ticker is an organisation's
    mention of its own, named by the company, and the name before it is an organisation's
    whatever the model said ("Chemical New York Corp <CHL>" with CHL PERSON, "Lowe’s (LOW)
    stock" with Lowe PERSON). `expansions` gains ticker -> company name."""
    out = list(spans)
    for m in lex.TICKER.finditer(text):
        group = next(g for g in ("angle", "listed", "bare") if m.group(g))
        t_start, t_end = m.start(group), m.end(group)
        before = [
            s
            for s in out
            if s.end <= m.start() and _BEFORE_TICKER.fullmatch(text, s.end, m.start())
        ]
        if group == "bare" and not before:
            continue  # "(LOW) stock" only after a name
        for s in before:
            s.label, s.tier = "ORG", _EVIDENCE
        inside = [s for s in out if s.start < t_end and t_start < s.end]
        out = [s for s in out if s not in inside]
        out.append(_Span(t_start, t_end, "ORG", _EVIDENCE))
        if before:
            expansions.setdefault(text[t_start:t_end], text[before[0].start : before[0].end])
    return _dedupe(out)


_AND_GAP = frozenset({" and ", " & "})


def _joined_by_and(text: str, spans: list[_Span]) -> list[_Span]:
    """Two organisation names that the NER cut at "and" are one when the text also writes the
    initials of the whole as a name: "Customs" + "Border Protection" with a "CBP" elsewhere ->
    Customs and Border Protection (the acronym then names it, see _refers_to)."""
    names = {text[s.start : s.end] for s in spans}
    joined: set[str] = set()
    for prev, s in pairwise(spans):
        if (
            prev.label == s.label == "ORG"
            and text[prev.end : s.start] in _AND_GAP
            and _initials(text[prev.start : s.end]) in names
        ):
            joined.add(text[prev.start : s.end])
    if not joined:
        return spans
    # Every occurrence, also where the NER tagged only the first part ("Customs and Border
    # Protection, part of …" -> "Customs").
    out: list[_Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue  # inside the name just extended
        whole = next((j for j in joined if text.startswith(j, s.start)), None)
        if s.label == "ORG" and whole and not _NAME_CHAR.match(text, s.start + len(whole)):
            s = _Span(s.start, s.start + len(whole), "ORG", s.tier)
        out.append(s)
    return out


def _sentence_starts(sentences: Sequence[Sentence]) -> set[int]:
    return {s.char_start for s in sentences}


def _recurring(
    text: str, spans: list[_Span], expansions: dict[str, str], starts: set[int]
) -> list[_Span]:
    """Find again, wherever it recurs, a name the NER found once (it often misses repeats).

    Known names: every span's text, the surname of a person's full name ("Lord Sainsbury" after
    "David Sainsbury"), the plural of a product acronym ("200,000 PSPs"), and the political and
    religious group words of names.GROUP_WORDS. A one-word name is not taken at the start of a
    sentence when it is also a common word ("Will", "May") or a group word ("Conservative").
    """
    known: dict[str, Counter[str]] = {}
    for s in spans:
        name = text[s.start : s.end]
        known.setdefault(name, Counter())[s.label] += 1
        words = name.split()
        if s.label == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3:
            known.setdefault(words[-1], Counter())["PERSON"] += 0
        if s.label == "WORK_OF_ART" and ": " in name:
            known.setdefault(name.split(": ", 1)[1], Counter())[s.label] += 0  # the subtitle
        if s.label == "PRODUCT" and name.isupper() and name.isalpha():
            known.setdefault(name + "s", Counter())["PRODUCT"] += 0
    for acronym in expansions:
        known.setdefault(acronym, Counter())
    for word in lex.GROUP_WORDS:
        known.setdefault(word, Counter())["NORP"] += 0
    candidates = [n for n in known if _is_name(n)]
    if not candidates:
        return spans
    # The spans do not overlap, so their ends are sorted like their starts; the occurrences do
    # not overlap either.
    ends = [s.end for s in spans]
    lower_words: set[str] | None = None  # the text's lower-case words, when first needed
    added: list[_Span] = []
    replaced: set[int] = set()
    for start, end in _occurrences(text, candidates):
        i = bisect_right(ends, start)
        if i < len(spans) and spans[i].start < end:
            # The model tagged part of a name it tagged whole elsewhere ("Islamic" NORP inside
            # "Islamic State", "Nintendo" inside "Nintendo DS"): the whole name, when it covers
            # every span it overlaps.
            inside = range(i, bisect_right(ends, end))
            if (
                not _clean_name(text[start:end])
                or (spans[i].start, spans[i].end) == (start, end)
                or spans[i].start < start
                or (inside.stop < len(spans) and spans[inside.stop].start < end)
            ):
                continue
            replaced.update(inside)
        hyphenated = start and text[start - 1] == "-"
        if hyphenated and not _AFFIX_BEFORE.search(text[max(0, start - 6) : start]):
            continue  # part of a hyphenated word ("Coca-Cola"), unless after "non-"
        name = text[start:end]
        if " " not in name and (start in starts or _after_sentence_end(text, start)):
            # A capital at a sentence start proves nothing: skip words also written in lower
            # case in this text ("Public sector ..." after "Public and Commercial Services").
            lower = name.lower()
            if lower_words is None:
                lower_words = set(_LOWER_WORD.findall(text))
            if lower in STOP_WORDS or name in lex.GROUP_WORDS or lower in lower_words:
                continue
        votes = known[name]
        label = votes.most_common(1)[0][0] if votes else "ORG"
        added.append(_Span(start, end, label, _COPY))
    return _dedupe([s for k, s in enumerate(spans) if k not in replaced] + added)


#: Words that open sentences before a name without being its first name ("Later Parise …").
_OPENERS = RELATIVE_DAYS | {"later", "earlier", "instead"}
#: A capitalised word right before a one-word person's name: perhaps its first name.
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)?) $")
_CALENDAR = frozenset((*WEEKDAYS, *MONTHS))


_ROLE_USE = re.compile(r"\b(?:the|a|an|his|her|its|their|our|as)\s+(?:[a-z]+\s+)?([a-z]+)\b")


_CONNECTORS = frozenset({"of", "the", "and", "for", "&"})


def _clean_name(name: str) -> bool:
    """A name of several words, each capitalised (or a number after the first: "Thunderbolt
    3"), bar connectors inside it: the model's spans run into clauses and across lines ("Pokemon
    Sword and", "Pre-Workout Meal\n\nEat"), and such a span must not swallow others."""
    words = name.split(" ")
    if len(words) < 2 or "\n" in name or not words[0][:1].isupper():
        return False
    if not (words[-1][:1].isupper() or words[-1].isdigit()):
        return False
    return all(w[:1].isupper() or w.isdigit() or w in _CONNECTORS for w in words[1:-1])


def _role_words(text: str, spans: list[_Span]) -> list[_Span]:
    """Drop from a person's name a first word that the text also uses as a common noun after a
    determiner ("NASA Administrator Bridenstine" ... "the administrator"; "Astronaut Jessica
    Meir" ... "an astronaut"): a role written as a title, which the fixed title list lacks."""
    roles = set(_ROLE_USE.findall(text))
    out: list[_Span] = []
    for s in spans:
        words = text[s.start : s.end].split(" ")
        first = words[0].rstrip(".").lower()
        if s.label == "PERSON" and len(words) >= 2 and words[1][:1].isupper() and first in roles:
            s = _Span(s.start + len(words[0]) + 1, s.end, s.label, s.tier)
        out.append(s)
    return out


def _first_names(text: str, spans: list[_Span], starts: set[int]) -> list[_Span]:
    """Extend a one-word person's name by the capitalised word right before it, when that word
    is no title, weekday, month, adverb or other common word (a word the text also writes in
    lower case): the model often tags only the surname of a name it sees once ("Hours before
    Zach Parise's two-goal game" -> "Zach Parise"; "Jim Bridenstine said" opening a sentence),
    and the canonical name should be the full one."""
    covered = [(s.start, s.end) for s in spans]
    lower_words: set[str] | None = None
    out: list[_Span] = []
    for s in spans:
        m = _WORD_BEFORE.search(text, max(0, s.start - 30), s.start)
        if s.label not in _PERSON_MISTAKEN_FOR or " " in text[s.start : s.end] or m is None:
            out.append(s)
            continue
        word, start = m.group(1), m.start(1)
        if s.label != "PERSON" and not given_names.is_given_name(word):
            # A surname the model took for a firm ("Volker" ORG): only a given name before it
            # makes it a person's full name, which _type_rules then labels PERSON.
            out.append(s)
            continue
        if not word[:1].isupper() or not word[1:].replace("-", "").islower():
            out.append(s)  # "José Ramírez" and "Jean-Claude" yes; "NASA" or "eBay" no
            continue
        if lower_words is None:
            lower_words = set(_LOWER_WORD.findall(text))
        low = word.lower()
        opening = start in starts or _after_sentence_end(text, start)
        if (
            low in lex.TITLE_WORDS
            or low in _CALENDAR
            or low in STOP_WORDS
            or low in lower_words
            or low in _OPENERS
            or (opening and (low.endswith(("ly", "ing")) or len(low) < 3))
            or any(a < s.start and start < b for a, b in covered)
        ):
            out.append(s)
            continue
        out.append(_Span(start, s.end, s.label, s.tier))
    return out


_NAME_CHAR = re.compile(r"[\w&]")


def _occurrences(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    r"""(start, end) of the non-overlapping whole-word occurrences of `names` in `text`: scanning
    left to right, the longest name at the first position where any occurs, then on after it.

    The matches of `re.finditer` with `(?<![\w&])(?:longest|...|shortest)(?![\w&])` over the
    names, but compiling that pattern cost more than all the rest of the entity rules
    (the names differ per document, so it cannot be cached); `str.find` per name is cheap.
    """
    longest: dict[int, int] = {}  # start -> length of the longest name found there
    n = len(text)
    for name in names:
        k = len(name)
        i = text.find(name)
        while i >= 0:
            j = i + k
            before_ok = i == 0 or not _NAME_CHAR.match(text, i - 1)
            if before_ok and (j == n or not _NAME_CHAR.match(text, j)) and longest.get(i, 0) < k:
                longest[i] = k
            i = text.find(name, i + 1)
    out: list[tuple[int, int]] = []
    pos = 0
    for i in sorted(longest):
        if i >= pos:
            pos = i + longest[i]
            out.append((i, pos))
    return out


def _after_sentence_end(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence or a quotation (only white space or marks before it)."""
    before = text[max(0, pos - 4) : pos].rstrip(" \"“‘'")
    return not before or before[-1] in ".!?\n"


def _list_labels(text: str, spans: list[_Span]) -> None:
    """Names in one list ("A, B and C", three or more) share a type: an odd one out whose label
    has no better evidence takes the label at least two of the others have."""
    chain: list[_Span] = [spans[0]] if spans else []
    for prev, cur in pairwise(spans):
        # "Intel, Samsung, the UK's Foreign Office": a possessive only modifies the list item.
        possessive = text.startswith(("'s", "’s"), prev.end)
        if _LIST_GAP.match(text[prev.end : cur.start]) and not possessive:
            chain.append(cur)
            continue
        _harmonise(chain)
        chain = [cur]
    _harmonise(chain)


# People in a list are often listed with teams or firms ("A Persico, Mauro Bergamasco, S Parisse"
# where the NER took the initials for organisations), group adjectives with the institutions
# they modify ("the Soros Foundation and the Kyrgyz government") and countries with continents
# ("Europe, Asia, South America and Canada"): none of these changes by list.
_UNLISTED = frozenset({"PERSON", "NORP", "GPE", "LOC"})


def _harmonise(chain: list[_Span]) -> None:
    if len(chain) < 3:
        return
    counts = Counter(s.label for s in chain)
    top, n = counts.most_common(1)[0]
    if n < 2 or 2 * n <= len(chain):
        return  # no clear majority: "Britain, France, Gavi and the Gates Foundation" is mixed
    if top in _UNLISTED:
        return
    for s in chain:
        if s.label != top and s.label not in _UNLISTED and s.tier <= _LIST:
            s.label, s.tier = top, _LIST


def _surname_like(words: Sequence[str]) -> bool:
    """A singular group word after a given name is a surname ("lawyer Louise Christian", two BBC
    politics articles found by comparing speakers with and without the label evidence); a plural
    one is the group ("Virginia Democrats", Virginia being a given name too)."""
    return len(words) >= 2 and not words[-1].endswith("s") and given_names.is_given_name(words[0])


def _type_rules(text: str, spans: list[_Span]) -> None:
    """Labels from a name's last word, the words around it (names.py) and the gazetteer."""
    surnames = _surnames(text, spans)
    for s in spans:
        if s.tier >= _RULE:
            continue
        if lex.after_honorific(text, s.start):
            s.label, s.tier = "PERSON", _RULE
            continue
        name = text[s.start : s.end]
        if text[s.start - 1 : s.start] == "<" and text[s.end : s.end + 1] == ">":
            # Reuters writes a company's name in angle brackets ("<Matra>", "<F and M
            # Distributors>"), as it does its ticker (_tickers): a firm whatever the model said.
            s.label, s.tier = "ORG", _EVIDENCE
            continue
        label = lex.head_label(name, s.label)
        if label:
            s.label, s.tier = label, _RULE
            continue
        if _us_state_code(name) and _PLACE_BEFORE_COMMA.search(text, max(0, s.start - 40), s.start):
            s.label, s.tier = "GPE", _EVIDENCE  # "Camden, NJ" with NJ ORG
            continue
        maker = s.label in _PRODUCT_MISTAKEN_FOR or (
            s.label == "PERSON" and not given_names.is_given_name(name.split()[0])
        )
        if maker and lex.product_cue(text, s.start, s.end):
            # "MacBook Pro" ORG, "Disney+" ORG, "BMW X5" ORG, "the 15-inch 2016 MacBook Pro"
            # EVENT: the small model calls most products by their maker's type.
            s.label, s.tier = "PRODUCT", _EVIDENCE
            continue
        words = name.split()
        if len(words) == 2 and words[0] in lex.PARTY_ADJECTIVES and words[1] in lex.GROUP_WORDS:
            s.label, s.tier = "ORG", _EVIDENCE  # "Liberal Democrats": a party
            continue
        if (name in lex.GROUP_WORDS and s.label in ("PERSON", "ORG", "GPE", "LOC")) or (
            words[-1] in lex.GROUP_WORDS and s.label == "PERSON" and not _surname_like(words)
        ):
            # "Democrats couldn’t wrap up impeachment" PERSON, "Virginia Democrats" PERSON: a
            # political or religious group word is a NORP (the guidelines), never a person.
            s.label, s.tier = "NORP", _EVIDENCE
            continue
        if (
            len(words) >= 2
            and words[-1] in lex.FIRM_HEADS
            and s.label in ("GPE", "LOC", "NORP", "PERSON")
            and not given_names.is_given_name(words[0])
            and geo.resolve_place(name, "GPE") is None
        ):
            # "Malaysia Airlines" GPE (its name begins with a country), "Balmond Studio" PERSON
            s.label, s.tier = "ORG", _EVIDENCE
            continue
        if s.label in ("GPE", "LOC") and len(words) == 1 and lex.team_cue(text, s.start, s.end):
            # "Newcastle are languishing", "Tottenham's manager": a town's team (British usage
            # takes plural verbs for teams, never for places). Not a country ("England are").
            place = geo.resolve_place(name, "GPE")
            if place is None or place.kind == "city":
                s.label, s.tier = "ORG", _EVIDENCE
                continue
        label = lex.context_label(text, s.start, s.end, s.label)
        if label == "ORG" and s.label == "GPE" and _country_or_capital(name):
            label = None  # "its neighbour and solar giant, South Korea": a country still
        if label:
            # A team's or a firm's noun after the name ("Wild coach Bruce Boudreau", "Jefferies
            # analyst") is evidence the model's repeated LOC cannot outvote.
            strong = label == "ORG" and lex.word_after(text, s.end) in lex.ORG_MODIFIED
            s.label, s.tier = label, _EVIDENCE if strong else _CONTEXT
        elif label := _place_label(text, s, name, surnames):
            s.label, s.tier = label, _EVIDENCE
        elif _organisation_evidence(text, s, name, surnames):
            s.label, s.tier = "ORG", _EVIDENCE
        elif s.label == "GPE" and (label := _unplaced_label(text, s, name, spans, surnames)):
            s.label, s.tier = label
        elif s.label == "ORG" and s.tier <= _NER and _country_or_capital(name):
            # "South Korea’s Ministry of Trade" ORG, "Moscow said": a country or a capital
            # standing for its government is a GPE (OntoNotes); a team's name has a cue above.
            s.label, s.tier = "GPE", _EVIDENCE
        elif s.label in ("PERSON", "PRODUCT", "LAW") and _team_plural(text, name, spans, surnames):
            s.label, s.tier = "ORG", _EVIDENCE
        elif (
            s.label in _PERSON_MISTAKEN_FOR
            and _person_shaped(name)
            and not _firm_elsewhere(text, name)
        ):
            s.label, s.tier = "PERSON", _GIVEN


# The labels the small model gives products (names.product_cue); not works ("Mission: Impossible
# 2"), and people only when their first word is no given name ("DJI Mavic Mini" PERSON; not the
# painter "Peter Max").
_PRODUCT_MISTAKEN_FOR = frozenset({"ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})

# The labels the small model gives places it does not know: "al-Tanf" PERSON, "the Rukban camp"
# ORG, "Kyiv" PERSON, "Kobe" PERSON in a list of ports.
_PLACE_MISTAKEN_FOR = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})


def _surnames(text: str, spans: list[_Span]) -> set[str]:
    """The last words of the document's multi-word person names ("Davenport" after "Lindsay
    Davenport"): such a word alone is that person, whatever a gazetteer says."""
    out: set[str] = set()
    for s in spans:
        words = text[s.start : s.end].split()
        if len(words) >= 2 and (s.label == "PERSON" or given_names.is_given_name(words[0])):
            out.add(words[-1])
    return out


def _place_label(text: str, s: _Span, name: str, surnames: set[str]) -> str | None:
    """GPE or LOC when the evidence says the name is a place's, else None.

    The evidence: a place noun after it or "-based" ("the Rukban camp", "an Amritsar-based
    agent"), a locative preposition before a name the model called a person ("in Woking"), and
    the gazetteer (flows.geo): a country or a big city named alone is a place ("Kyiv" PERSON,
    "Kobe" PERSON). Never a person's surname in this document, a given name ("Jordan", "Georgia")
    or a common family name ("Houston", "Jackson"); firms only with the gazetteer's word too
    and groups ("Amritsar-based" yes; "the Labour camp", "Turkish-based" no)."""
    if s.label not in _PLACE_MISTAKEN_FOR or name.islower():
        return None
    words = name.split()
    if name in surnames or given_names.is_given_name(words[0]):
        return None
    if len(words) == 1 and given_names.is_family_name(name):
        return None
    cue = lex.place_cue(text, s.start, s.end, s.label)
    known = geo.resolve_place(name, "GPE")
    if cue is None:
        if s.label == "PERSON" and geo.prominent_place(name):
            return "LOC" if known is not None and known.kind == "continent" else "GPE"
        return None
    if s.label in ("ORG", "NORP") and known is None:
        return None  # "the Labour camp", "Turkish-based"
    if cue == "GPE" and known is not None and known.kind == "continent":
        return "LOC"
    return cue


# A name the gazetteer does not know that the model called a place (issue 15: "Netflix" GPE,
# "Alibaba" GPE, "Dashlane" GPE, "Sheryl Crow" GPE) stays a place only when the document treats
# it as one somewhere: its last word is a kind of place ("Marin County", "Wichita Heights"), a
# compass word opens it ("West Michigan"), it is written as an abbreviation ("Calif.", "N.Y."),
# a locative preposition or "town of" comes before it ("in Greenville", "the town of Ziketan"), a
# place or a state's abbreviation follows it after a comma ("Bristow, VA"), or it follows one
# ("Wantagh, NY"). Otherwise the model's GPE has nothing for it and the name's own shape decides.
_PLACE_WORDS = frozenset(
    """County Parish Township Borough Province District City Village Town Heights Springs Beach
    Falls Valley Bay Island Islands Hills Harbor Harbour Lake Coast Area Region Territory State
    Republic Kingdom Strip Peninsula Mountains Canyon""".split()
)
_COMPASS_WORDS = frozenset(
    "North South East West Northern Southern Eastern Western Central Greater Upper Lower "
    "Inner Outer Northeast Northwest Southeast Southwest".split()
)
_LOCATIVE_BEFORE = re.compile(
    r"(?:^|[^\w])(?:in|near|outside|around|across|throughout|"
    r"(?:town|city|village|county|state|suburb|province|region|island|capital)\s+of)\s+$",
    re.I,
)
_COMMA_PLACE_AFTER = re.compile(r",\s+([A-Z][\w.]*(?: [A-Z][\w.]*)?)")
_STATE_ABBREVIATION = re.compile(r"^(?:[A-Z]{2}|[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.)$")
_PLACE_BEFORE_COMMA = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*){0,2}),\s+$")
_TOWN_BEFORE_COMMA = re.compile(
    r"(?:^|[^\w])(?:in|of|from|near)\s+[A-Z][\w.]*(?: [A-Z][\w.]*)?,\s+$"
)
_INITIAL_NAME = re.compile(r"^[A-Z]\.? [A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?$")
_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese", "ish")


def _place_support(text: str, name: str, starts: list[int]) -> bool:
    """Whether the document treats the name (at `starts`) as a place's (see _PLACE_WORDS)."""
    words = name.split()
    if any(w in _PLACE_WORDS for w in words) or (len(words) > 1 and words[0] in _COMPASS_WORDS):
        return True
    if "." in name:
        return True  # "Calif.", "N.Y.", "D.C."
    for start in starts:
        end = start + len(name)
        if text.startswith(("'s", "’s"), end):
            continue  # "in Eurogamer’s review": the possessive's noun is in the place
        if _LOCATIVE_BEFORE.search(text, max(0, start - 24), start):
            return True
        if lex.place_cue(text, start, end, "GPE"):
            return True
        m = _COMMA_PLACE_AFTER.match(text, end)
        if m and (_STATE_ABBREVIATION.match(m.group(1)) or geo.resolve_place(m.group(1), "GPE")):
            return True
        if _PLACE_BEFORE_COMMA.search(text, max(0, start - 40), start) and _us_state_code(name):
            return True  # "Wantagh, NY"
        if _TOWN_BEFORE_COMMA.search(text, max(0, start - 40), start):
            return True  # "Reebok International of Avon, Massachussetts,"
    return False


_PLURAL_NAME = re.compile(r"^[A-Z][a-z]{2,}[^s\W]s$")


def _team_plural(text: str, name: str, spans: list[_Span], surnames: set[str]) -> bool:
    """A one-word plural name that the text writes after "the" is a team's or a band's ("the
    Lakers", "the Browns'", "the Beatles"), which the model takes for people or products: not a
    family ("the Bidens" beside "Biden"; "Williams" is a family name itself), a group word
    ("Democrats"), a place ("the Philippines") or a product with inner capitals ("the AirPods").
    """
    if not _PLURAL_NAME.match(name) or name in lex.GROUP_WORDS or name in surnames:
        return False
    if given_names.is_family_name(name) or given_names.is_given_name(name):
        return False
    singular = name[:-1]
    if any(text[t.start : t.end].split()[-1] in (singular, name[:-2]) for t in spans):
        return False  # "the Bidens", "the Joneses" beside the person
    if geo.resolve_place(name, "GPE") is not None or _demonym(singular):
        return False
    return any(lex.after_the(text, t.start) for t in spans if text[t.start : t.end] == name)


def _country_or_capital(name: str) -> bool:
    """Whether the gazetteer knows `name` as a country or a national capital."""
    place = geo.resolve_place(name, "GPE")
    if place is None or place.kind not in ("country", "city"):
        return False
    return place.kind == "country" or geo.is_capital(place)


def _us_state_code(name: str) -> bool:
    """ "VA", "NY": a US state's postal code (ISO 3166-2 US-XX)."""
    return len(name) == 2 and name.isupper() and geo.is_subdivision_code(f"US-{name}")


def _demonym(name: str) -> bool:
    """ "Kuwaiti", "Nigerian", "Iranian": a country's name with a demonym's ending."""
    for ending in _DEMONYM_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 2:
            for stem in (name[: -len(ending)], name[: -len(ending)] + "a"):
                place = geo.resolve_place(stem, "GPE")
                if place is not None and place.kind == "country":
                    return True
    return False


def _unplaced_label(
    text: str, s: _Span, name: str, spans: list[_Span], surnames: set[str]
) -> tuple[str, int] | None:
    """The label and tier for a name the model called a place that neither the gazetteer nor
    the document supports as one (_place_support), else None: a person's name by its shape
    ("Sheryl Crow", "G Jenkins") or as a family's plural ("the Bidens" beside "Biden"), a
    country's demonym ("Kuwaiti") NORP, and anything else an organisation's: the brands, sites
    and firms that the small model takes for towns ("Netflix", "Weibo", "Dashlane")."""
    if s.tier > _NER or name in surnames or geo.resolve_place(name, "GPE") is not None:
        return None
    words = name.split()
    if len(words) == 1 and _demonym(name):
        return "NORP", _EVIDENCE
    starts = [t.start for t in spans if text[t.start : t.end] == name]
    if _place_support(text, name, starts):
        return None
    if _person_shaped(name) or _INITIAL_NAME.match(name):
        return "PERSON", _GIVEN
    if len(words) == 1 and name.endswith("s"):
        people = {text[t.start : t.end].split()[-1] for t in spans if t.label == "PERSON"}
        if name[:-1] in surnames | people:
            return "PERSON", _GIVEN
    if len(words) > 1 or not name[:1].isupper() or any(ch.isdigit() for ch in name):
        return None  # "Galactic Republic", "Cloud City": no better label either
    return "ORG", _CONTEXT


def _organisation_evidence(text: str, s: _Span, name: str, surnames: set[str]) -> bool:
    """Whether the article's words say that a name the model called a person or a place is an
    organisation's (names.organisation_cue: "ChemLawn said its board", "Hipcricket, a mobile
    marketing company", "Alibaba shares", "Emirates President Tim Clark"). Never a person-shaped
    name or a surname of the document's people; never a place the gazetteer knows ("China said
    its economy")."""
    if s.label not in ("PERSON", "GPE") or name in surnames or _person_shaped(name):
        return False
    if s.label == "GPE" and geo.resolve_place(name, "GPE") is not None:
        return False
    if s.label == "PERSON":
        # A person may have "shares" or a title after the name ("Smith President"): only "its"
        # and an appositive count against one.
        return lex.referred_to_as_it(text, s.end) or lex.org_apposition(text, s.end)
    return lex.organisation_cue(text, s.start, s.end)


# The labels the small model gives people's full names in business and political stories
# ("Adam Neumann" ORG, "Helmut Panke" NORP). Not places: "Virginia Beach", "Santa Clara" and
# "Charlotte" begin with given names; not works, whose titles are often a person's name.
# A person-shaped name the model did call PERSON gains the same weight, so that its surname's
# ORG labels do not outvote it ("Adam Neumann" PERSON once, "Neumann" ORG four times).
_PERSON_MISTAKEN_FOR = frozenset({"PERSON", "ORG", "PRODUCT", "FAC", "EVENT", "NORP"})
# The other words of a person's name: capitalised words, initials, "Jr." (particles, "Ursula
# von der Leyen", are tested apart).
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.)$")
_NOT_NAME_WORDS = (
    lex.ORG_HEADS
    | lex.ORG_SUFFIXES
    | lex.GROUP_WORDS
    | lex.LAW_HEADS
    | lex.EVENT_HEADS
    | lex.FAC_HEADS
    | lex.INSTITUTION_WORDS
)
# A name that the text also writes as part of a firm's: "Morgan Stanley & Co", "Eli Lilly and
# Co", "Merrill Lynch Capital Markets".
_FIRM_AFTER = re.compile(r"\s*(?:&|and)\s+Co\b|\s+([A-Z][\w.]*)")


def _firm_elsewhere(text: str, name: str) -> bool:
    """Whether the text treats `name` as a firm's: some occurrence goes on as a firm's name, or
    the full name recurs while its last word never stands alone (news writes a person's full
    name once and the surname after it; a firm named after people, "Merrill Lynch", in full)."""
    full = 0
    i = text.find(name)
    while i >= 0:
        m = _FIRM_AFTER.match(text, i + len(name))
        if m and (m.group(1) is None or m.group(1) in _NOT_NAME_WORDS):
            return True
        full += 1
        i = text.find(name, i + 1)
    if full < 2:
        return False
    last = name.split()[-1]
    return text.count(last) == text.count(name)  # the surname never alone


def _person_shaped(name: str) -> bool:
    """A given name followed by one to three name words, none of them an organisation's,
    group's or structure's word: "Marcelo Claure", "Patrick W. Carlineo Jr.", not "Morgan
    Stanley & Co", "Victoria Park" or "Ben & Jerry's"."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not given_names.is_given_name(words[0]):
        return False
    rest = words[1:]
    if not rest[-1][:1].isupper():
        return False
    return all(
        (_NAME_WORD.match(w) or w in lex.NAME_PARTICLES) and w not in _NOT_NAME_WORDS for w in rest
    )


#: Generational suffixes that end a person's name but not its surname ("James P. Kennedy Jr."
#: is "Kennedy").
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _tokens(name: str) -> list[str]:
    return name.replace("’", "'").split()


def _surname_tokens(name: str) -> list[str]:
    """The tokens of a name without a generational suffix."""
    tokens = _tokens(name)
    while len(tokens) > 1 and tokens[-1].lower().rstrip(",") in _NAME_SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def _initials(name: str) -> str:
    return "".join(w[0] for w in _tokens(name) if w[:1].isupper())


def _refers_to(short: str, long: str, short_label: str, long_label: str) -> bool:
    """Whether name `short` is a shorter form of name `long` within one document."""
    if short == long:
        return True
    st, lt = _tokens(short), _tokens(long)
    if len(st) >= len(lt):
        return False
    if short in lex.GROUP_WORDS:
        return False  # "Democrats" is no surname of "Virginia Democrats"
    if (
        long_label == "ORG"
        and lt[-1] in lex.ORG_SUFFIXES
        and lt[: len(st)] == st
        and short_label in _FIRM_SHORT_MISTAKEN_FOR
        and geo.resolve_place(short, "GPE") is None
        and not (short_label == "PERSON" and given_names.is_family_name(short))
    ):
        # "Consul" (GPE) after "Consul Restaurant Corp", "Micron" (PERSON) after "Micron
        # Technology Inc": a firm's short name, whatever the model made of it alone. Not a
        # place ("Texas" after "Texas Instruments Inc"), nor a family name ("Ford").
        return True
    if long_label == "PERSON" or (short_label == "PERSON" and len(lt) <= 3):
        # A surname or the last names of a person ("Kirby" -> "John Kirby", "Kennedy" -> "James
        # P. Kennedy Jr."), whatever label the NER gave either form: names of people are the
        # most often mislabelled ("Mr Cable" after a "Vincent Cable" taken for an organisation).
        lt = _surname_tokens(long) if long_label == "PERSON" else lt
        return len(st) < len(lt) and lt[-len(st) :] == st
    if short_label != long_label:
        return False
    # "National Response Force" -> "NATO National Response Force"; one word is too ambiguous.
    if len(st) >= 2 and lt[-len(st) :] == st:
        return True
    # "Enterprise" -> "Star Trek: Enterprise": the subtitle of a work stands for it.
    if ": " in long and long.split(": ", 1)[1] == short:
        return True
    # "Labour" -> "Labour Party": the long form only adds a corporate or party suffix.
    if lt[: len(st)] == st and all(w in lex.ORG_SUFFIXES for w in lt[len(st) :]):
        return True
    # "Finance Ministry" -> "Ministry of Finance", "Energy Department" -> "Department of
    # Energy": the same institution, its name turned round.
    if len(lt) >= 3 and lt[1].lower() == "of" and st == [*lt[2:], lt[0]]:
        return True  # "Homeland Security Department" -> "Department of Homeland Security"
    # An acronym of the long form ("NATO" <- "North Atlantic Treaty Organization").
    return short.isupper() and len(short) >= 2 and short == _initials(long)


# The labels the model gives a firm's short name (not NORP: "American" is no short form of
# "American Express Bank Ltd").
_FIRM_SHORT_MISTAKEN_FOR = frozenset({"ORG", "GPE", "LOC", "PERSON", "PRODUCT", "FAC"})


def _variant_of(short: str, long: str) -> bool:
    """Spelling variants of one name: "EBay" (capitalised at a sentence start) and "eBay", or a
    plural acronym "PSPs" and "PSP"."""
    if short == long + "s" and long.isupper():
        return True
    return len(short) == len(long) and short[1:] == long[1:] and short[0] == long[0].upper()


def _first_word_of(
    name: str,
    index: dict[tuple[str, str], list[str]],
    tokens: dict[str, list[str]],
    label_of: dict[str, str],
) -> str | None:
    """The one longer person's name that a one-word person's name begins: a given name ("Joe"
    -> "Joe Biden", "the Gordon problem" -> "Gordon Sondland"), a surname written first ("Liu"
    -> "Liu Xiaming"). Only when exactly one longer name begins with it: "Joe" with a "Joe
    Biden" and a "Joe Smith" stays as written. Not organisations: "NATO" is not "NATO National
    Response Force"."""
    if len(tokens[name]) != 1 or label_of[name] not in ("PERSON", "ORG"):
        return None
    longer = [
        other
        for other in index.get(("first", tokens[name][0]), ())
        if len(tokens[other]) > 1
        and (
            # A given name alone that the model took for a firm ("for Jerzy" ORG after "Jerzy
            # Dudek"): a given name is evidence enough.
            (
                label_of[other] == "PERSON"
                and (label_of[name] == "PERSON" or given_names.is_given_name(name))
            )
            # A company's short name: "Evergreen" -> "Evergreen Marine Corp".
            or (
                label_of[other] == label_of[name] == "ORG" and tokens[other][-1] in lex.ORG_SUFFIXES
            )
        )
    ]
    return longer[0] if len(longer) == 1 else None


def entity_key(label: str, canonical: str) -> str:
    """Stable, readable key: label and the slug of the canonical name ("person:john_kirby")."""
    return f"{label.lower()}:{_SLUG.sub('_', canonical.lower()).strip('_')}"


def _best_label(spans: list[_Span]) -> str:
    """The label with the most weighted votes (ties: the first mention's among them). A rule on
    the name itself decides alone; a context cue outweighs a few NER labels but not a document
    full of them (one "the Ferguson-Wenger saga" does not make Ferguson an organisation)."""
    return _vote([(s, 1.0) for s in spans])


def _vote(weighted: list[tuple[_Span, float]]) -> str:
    ruled = [(s, w) for s, w in weighted if s.tier == _RULE]
    if not ruled:
        ruled = [(s, w) for s, w in weighted if s.tier == _EVIDENCE]
    votes: dict[str, float] = {}
    for s, w in ruled or weighted:
        votes[s.label] = votes.get(s.label, 0.0) + w * _WEIGHT[s.tier]
    most = max(votes.values())
    return next(s.label for s, _ in ruled or weighted if votes[s.label] == most)


def _entity_label(head: str, members: list[tuple[str, _Span]]) -> str:
    """One label for an entity from all its mentions (see _best_label).

    When the entity is a person's full name, the NER's place or product labels on the surname
    alone do not count ("Davenport" GPE after "Lindsay Davenport"): without the first name the
    model takes many surnames for places. Its organisation labels count half ("Mauresmo" ORG
    after "Amelie Mauresmo"), so that only many of them outvote the full name ("Rangers" ORG
    five times after a "Glasgow Rangers" taken for a person), unless the full name begins with
    a given name: then they do not count at all ("Kurt Volker", then "Volker" ORG eight times).
    """
    weighted = [(s, 1.0) for _, s in members]
    if len(_tokens(head)) >= 2 and any(n == head and s.label == "PERSON" for n, s in members):
        given = any(n == head and s.tier == _GIVEN for n, s in members)
        org_weight = 0.0 if given else 0.5
        weighted = [
            (s, org_weight if n != head and s.tier == _NER and s.label == "ORG" else 1.0)
            for n, s in members
            if n == head or s.tier != _NER or s.label in ("PERSON", "ORG")
        ] or weighted
    return _vote(weighted)


def _clusters(names: list[str], spans: list[_Span], expansions: dict[str, str]) -> dict[str, str]:
    """Each distinct name -> the name that heads its entity (the fullest form it refers to).

    A name attaches to one other: its acronym's expansion, its spelling variant, or else the
    first of the longer names it refers to (longest first). Only longer names sharing its first
    or last word or spelling it as initials are tried, so this stays fast on long texts.
    """
    by_name: dict[str, list[_Span]] = {}
    for name, s in zip(names, spans, strict=True):
        by_name.setdefault(name, []).append(s)
    label_of = {n: _best_label(ss) for n, ss in by_name.items()}
    tokens = {n: _tokens(n) for n in by_name}
    distinct = sorted(by_name, key=lambda n: (-len(tokens[n]), -len(n), n))
    order = {n: i for i, n in enumerate(distinct)}
    index: dict[tuple[str, str], list[str]] = {}
    for n in distinct:
        index.setdefault(("last", tokens[n][-1]), []).append(n)
        index.setdefault(("last", _surname_tokens(n)[-1]), []).append(n)
        index.setdefault(("first", tokens[n][0]), []).append(n)
        index.setdefault(("initials", _initials(n)), []).append(n)
    parent: dict[str, str] = {}
    for name in distinct:
        target = name
        expansion = expansions.get(name) or expansions.get(name[:-1] if name.endswith("s") else "")
        variants = [v for v in (name[:1].lower() + name[1:], name[:-1]) if v != name]
        if expansion in by_name:
            target = expansion
        elif any(v in by_name and _variant_of(name, v) and parent.get(v) != name for v in variants):
            target = next(v for v in variants if v in by_name and _variant_of(name, v))
        else:
            candidates = {
                *index.get(("last", tokens[name][-1]), ()),
                *index.get(("first", tokens[name][0]), ()),
                *index.get(("first", tokens[name][-1]), ()),  # "Finance Ministry"
                *index.get(("initials", name), ()),
            }
            for other in sorted(candidates, key=order.__getitem__):
                longer = len(tokens[other]) > len(tokens[name])
                if longer and _refers_to(name, other, label_of[name], label_of[other]):
                    target = other
                    break
            else:
                target = _first_word_of(name, index, tokens, label_of) or name
        parent[name] = target

    def root(n: str) -> str:
        seen = set()
        while parent[n] != n and n not in seen:
            seen.add(n)
            n = parent[n]
        return n

    return {n: root(n) for n in distinct}


def extract_mentions(
    doc: Doc, sentences: Sequence[Sentence], *, doc_id: str, text: str | None = None
) -> list[Mention]:
    """A document's NER output -> mention rows with label, canonical name and entity key.
    `text`: doc.text, when the caller has it (spaCy rebuilds it from the tokens on each access)."""
    if text is None:
        text = doc.text
    spans = _leading_qualifier(text, _ner_spans(doc, text))
    spans, expansions = _acronyms(text, _dateline(text, spans))
    spans = _party_states(text, _tickers(text, spans, expansions))
    spans = _named_after_org_noun(text, spans)
    spans = _joined_by_and(text, spans)
    starts = _sentence_starts(sentences)
    spans = _first_names(text, _recurring(text, spans, expansions, starts), starts)
    spans = _role_words(text, spans)
    _type_rules(text, spans)
    _list_labels(text, spans)
    names = [text[s.start : s.end] for s in spans]
    head = _clusters(names, spans, expansions)
    members: dict[str, list[tuple[str, _Span]]] = {}
    for name, s in zip(names, spans, strict=True):
        members.setdefault(head[name], []).append((name, s))
    labels = {h: _entity_label(h, ms) for h, ms in members.items()}

    sentence_starts = [s.char_start for s in sentences]  # as flows.spans.index_at, once
    mentions: list[Mention] = []
    for name, span in zip(names, spans, strict=True):
        hname = head[name]
        label = labels[hname]
        # A name wrapped over two lines (Reuters-21578 wraps at ~70 characters) keeps its
        # line break in `text`, as written; its canonical name is the name on one line.
        flat = " ".join(hname.split())
        canonical = lex.ALIASES.get(flat, flat)
        mentions.append(
            Mention(
                doc_id=doc_id,
                mention_idx=len(mentions),
                sentence_idx=max(bisect_right(sentence_starts, span.start) - 1, 0),
                char_start=span.start,
                char_end=span.end,
                text=name,
                label=label,
                entity_key=entity_key(label, canonical),
                canonical_name=canonical,
            )
        )
    return mentions
