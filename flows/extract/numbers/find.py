"""The finder: the number expressions of a text with kind, value, unit and hedge, before their
counted objects.

Candidates come from spaCy's number entities and from a regex pass over the text for the digit
forms that the small model misses or cuts short ("£600m" comes back as MONEY '600', "A$2.5bn" as
'2.5bn', "230p" not at all). Within each candidate one grammar (`grammar.PART_RE`) finds the number
expressions, so that kind, value and unit come from the words as written, not from spaCy's label
("5 per cent" is labelled MONEY).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from spacy.tokens import Doc

from flows.extract.addresses import ADDRESS_AFTER_RE, STREET_TYPE_AFTER_RE
from flows.extract.numbers.grammar import (
    AGE_RE,
    CONVERSION_GAP_RE,
    CUR_PREFIX,
    HEDGE_RE,
    HYPHEN_NOUN_RE,
    HYPHENATED_COUNT_RE,
    PART_RE,
    PERCENT_OF_RE,
    RANGE_GAP_RE,
    WORD,
    WORD_CANDIDATE_RE,
    alternation,
    digit_candidates,
)
from flows.extract.numbers.parse import parse, parse_number
from flows.extract.numbers.words import (
    AMBIGUOUS_UNITS,
    COMPOUND_DENOMINATORS,
    CURRENCY_SIGNS_AFTER,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOZENS,
    FRACTIONS,
    LONG_SCALES,
    NATIONAL_CURRENCIES,
    NATIONAL_CURRENCY_WORDS,
    ORDINALS,
    QUALIFIERS,
    SCALED_CURRENCIES,
    SUBUNITS,
    UNIT_NAMES,
)
from flows.lexicon import NUMBER_TENS, NUMBER_UNITS, TIME_UNITS
from flows.schema import Sentence

_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# Entities whose digits belong to a name ("Boeing 737", "Windows 10", "Route 66").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
# Single words too common in other senses to be taken without spaCy's say-so: "the one you
# mentioned", "first of all", "a second", "half-time", "the third quarter", "come to naught".
_NOT_ALONE = frozenset({"one", "first", "second", "half", "quarter", "quarters", "halves"}) | {
    "zero",
    "nought",
    "naught",
    *DOZENS,
    *LONG_SCALES,
    "hundred",
}
# "one of the most difficult issues", "one of the region's most vocal critics": one of a set the
# text names is a count (tests/gold/README.md), whether or not spaCy tags it.
_ONE_OF_RE = re.compile(
    r"\s+of\s+(?:the|his|her|its|their|our|my|your|these|those|[A-Z][\w.-]*['’]s)\b"
)
_AFTER_ORDINAL_RE = re.compile(rf"(?i)\b(?:{alternation(list(ORDINALS))})[\s-]+$")
# A count in words right before a unit of time is a duration, which the guidelines leave to dates.
_DURATION_AFTER_RE = re.compile(rf"(?i)[\s-]+(?:(?:{'|'.join(TIME_UNITS)})s?|centuries)\b")
# A number word hyphenated to another word is a compound, not a count: "third-party", "half-time",
# "one-off", "second-hand" (BBC sport reports are full of "half-time"); also "third party".
_NOT_NUMBER_RE = re.compile(r"(?i)^(?:-[a-z]|\s(?:party|parties)\b)")
# Capitalised words that often precede a number at a sentence start without naming anything.
_NOT_NAME_WORDS = frozenset(
    "a an the in of on at by for from to with and but or as some about around nearly almost "
    "over under up more less fewer than only just all about its their his her our roughly "
    "approximately another".split()
)
_COUNTED_AFTER_RE = re.compile(r"[ \t]+(?!(?:cents?|penny|pence|pennies)\b)[a-z]")
_VAGUE_BEFORE_RE = re.compile(r"(?i)\b(?:few|several|many)\s+$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:][\"”’')]?\s+|\n\s*|[\"“‘(]\s*)$")


@dataclass(frozen=True, slots=True)
class Part:
    """One number expression before the counted object is known."""

    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    qualifier: str | None
    scale: float
    is_age: bool = False


@dataclass(slots=True)
class FoundNumbers:
    """One document's numbers before their counted objects: the text windows still to be tagged.

    Split from `finish_numbers` so that a caller can tag the windows of many documents in one
    tagger call (each `nlp.pipe` call has a fixed cost that a document's few windows do not
    amortise)."""

    text: str
    sentences: Sequence[Sentence]
    doc_id: str
    parts: list[Part]
    temporal: list[tuple[int, int]]
    wanted: list[tuple[int, int]]  # (index in parts, end whose object is wanted)
    windows: list[tuple[int, int, bool]]  # from objects.object_windows

    def window_texts(self) -> list[str]:
        """The texts to POS-tag, in order; their Docs go to `finish_numbers`."""
        return [self.text[a:b] for a, b, _ in self.windows]


def find_parts(doc: Doc, text: str, temporal: Sequence[tuple[int, int]]) -> list[Part]:
    """The number expressions of `text` (`doc.text`) outside the dates and times `temporal`, in
    order, with their ranges linked and their hedges."""
    parts: list[Part] = []
    currency: str | None = None
    for start, end, label in _candidate_spans(doc, text, temporal):
        found = [
            p
            for p in _parts_in(text, start, end, label, currency, temporal)
            if not overlaps(p.start, p.end, temporal)
        ]
        for p in found:
            if p.kind == "money" and p.unit:
                currency = p.unit  # context for a later amount without a sign ("between $3 and 4m")
            if not parts or p.start >= parts[-1].end:  # widened spans may reach a neighbour
                parts.append(p)
    parts = [p for p in parts if not _is_list_marker(text, p)]
    parts = _join_subunits(text, sorted(parts, key=lambda p: p.start))
    parts = _link_ranges(text, parts)
    parts = _with_hedges(text, parts)
    return [_marked_age(text, p) for p in parts]


# An age written out: "the 47 year old", "women 20 to 54 years of age" (a hyphenated one,
# "40-year-old", is a candidate of its own: grammar.AGE_RE).
_AGE_AFTER_RE = re.compile(
    r"(?i)(?:\s*(?:to|or|and|-|–)\s*\d{1,3})?[\s-]+years?[\s-]+(?:old|of\s+age)\b"
)


def _marked_age(text: str, part: Part) -> Part:
    """The part as an age when the words after it make it one: it counts no object."""
    if part.kind != "cardinal" or part.is_age or not _AGE_AFTER_RE.match(text, part.end):
        return part
    return replace(part, is_age=True)


# The number of an item in a numbered list: "2. Never urged Ukraine ...", "3) Drink water", at the
# start of a line (a paragraph of its own in the cleaned text).
_LIST_MARKER_RE = re.compile(r"\d{1,2}(?=[.)][ \t]+\S)")


def _is_list_marker(text: str, part: Part) -> bool:
    """Whether `part` numbers a list item, which is no count (it is not annotated)."""
    line_start = text.rfind("\n", 0, part.start) + 1
    m = _LIST_MARKER_RE.match(text, part.start)
    return (
        m is not None
        and m.end() == part.end
        and part.kind == "cardinal"
        and not text[line_start : part.start].strip()
    )


def _hedge_before(text: str, start: int) -> tuple[int, str | None]:
    """The start of a hedge phrase ending right before `start` and its qualifier, if any."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start > 0 and not text[line_start:start].strip():
        # a number opening a line of a hard-wrapped story takes the hedge that ends the line
        # before ("turned away some\n100,000 pairs", Reuters): no paragraph ends in a hedge
        line_start = text.rfind("\n", 0, line_start - 1) + 1
    window_start = max(line_start, start - 40)
    m = HEDGE_RE.search(text, window_start, start)
    if m is None:
        return start, None
    hedge = re.sub(r"\s+", " ", m.group("hedge").lower())
    return m.start(), QUALIFIERS[hedge]


def _currency_of(m: re.Match[str]) -> str | None:
    """ISO 4217 code from a currency prefix or word."""
    if m.group("cur"):
        cur = re.sub(r"\s+", "", m.group("cur").lower()).replace("#36;", "$")
        return CURRENCY_SYMBOLS.get(cur) or cur.upper()
    if m.group("curword"):
        word = re.sub(r"\s+", " ", m.group("curword").strip(" \t\n-").lower())
        return CURRENCY_WORDS.get(word) or CURRENCY_SYMBOLS.get(word) or word.upper()
    return None


_WORDS_AFTER_RE = re.compile(r"[ \t-]+([A-Za-z][A-Za-z'’]*)")


def _national_currency(text: str, end: int, *, scaled: bool = False) -> tuple[int, str] | None:
    """(end, ISO code) of a national currency named right after an amount ending at `end`:
    "rupiah", "Indonesian rupiah", "Mexican pesos" (words.NATIONAL_CURRENCIES), the longest;
    after a scale word (`scaled`) also a word that is otherwise a common noun ("600 mln marks")."""
    words: list[tuple[int, str]] = []
    pos = end
    while len(words) < NATIONAL_CURRENCY_WORDS and (m := _WORDS_AFTER_RE.match(text, pos)):
        pos = m.end()
        words.append((pos, m.group(1).lower().replace("’", "'")))
    for n in range(len(words), 0, -1):
        phrase = " ".join(w for _, w in words[:n])
        code = NATIONAL_CURRENCIES.get(phrase) or (
            SCALED_CURRENCIES.get(phrase) if scaled else None
        )
        if code is not None:
            return words[n - 1][0], code
    return None


def overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of `spans`."""
    return any(s < end and start < e for s, e in spans)


# The rest of a score after a team's or player's name: "Goffin 6-4, 7-6", "Thunder 112-107". A
# model number has a longer second part ("Boeing 737-800"), so the score's is one to three digits
# not ending in "00".
_SCORE_AFTER_RE = re.compile(r"-(?!\d*00\b)\d{1,3}\b(?!-)")


def _looks_like_name(text: str, start: int) -> bool:
    """Digits glued to letters ("G7", "COVID-19") or after a capitalised word ("Route 66")."""
    before = text[max(0, start - 2) : start]
    if re.search(r"[A-Za-z]-?\Z", before):
        return True
    m = re.search(r"(^|[.!?][\"”’']?\s+|\n)?([A-Z][\w.]*)\s+$", text[max(0, start - 30) : start])
    if m is None or m.group(1) is not None:
        return False  # a capitalised first word of a sentence names nothing: "Between 10 and 20"
    return m.group(2).lower().rstrip(".") not in _NOT_NAME_WORDS


def _candidate_spans(
    doc: Doc, text: str, temporal: Sequence[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, spaCy label or '') of the stretches of `text` (`doc.text`, which spaCy
    rebuilds from the tokens on every access) that may hold numbers."""
    ents = doc.ents  # built from the tokens on every access: once
    names = [(e.start_char, e.end_char) for e in ents if e.label_ in _NAME_LABELS]
    spans = [(e.start_char, e.end_char, e.label_) for e in ents if e.label_ in _NUMBER_LABELS]
    for e in ents:
        # spaCy reads ages and some counts ("Smith, 40,", "between 10 and 20") as DATE.
        if e.label_ in ("DATE", "TIME") and not overlaps(e.start_char, e.end_char, temporal):
            spans.append((e.start_char, e.end_char, "CARDINAL"))
    for m in digit_candidates(text):
        plain = re.fullmatch(r"[\d,.]+", m.group()) is not None
        if overlaps(m.start(), m.end(), temporal):
            continue
        signed = re.search(r"(?:^|\s)[-−]$", text[max(0, m.start() - 2) : m.start()])
        if plain and not signed and overlaps(m.start(), m.end(), names):
            continue  # digits in a name; a marked amount ("230p", spaCy: PRODUCT) is kept
        after = text[m.end() : m.end() + 2]
        if _looks_like_name(text, m.start()) or (
            re.match(r"\w|[.,]\d", after) and after[:1] not in CURRENCY_SIGNS_AFTER
        ):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", m.group()):
            continue  # a bare year spaCy did not call a DATE is still more likely a year
        spans.append((m.start(), m.end(), ""))
    for m in WORD_CANDIDATE_RE.finditer(text):
        start, end = m.span()
        if overlaps(start, end, names) or overlaps(start, start + 1, temporal):
            continue
        if _DURATION_AFTER_RE.match(text, end):
            continue  # "every three years": spaCy missed the duration
        cut = [s for s, _ in temporal if start < s < end]
        end = min([end, *cut])  # "five million two years ago": the number stops at the date
        words = re.findall(r"[a-z]+|\d\S*", text[start:end].lower())
        signed = re.search(r"(?i)\b(?:minus|negative)\s+$", text[max(0, start - 9) : start])
        core = [w for w in words if w not in ("a", "an")]
        counted = len(words) > 1 and core[0] in (*DOZENS, "hundred", *LONG_SCALES)
        one_of = core == ["one"] and _ONE_OF_RE.match(text, end) is not None
        if len(core) == 1 and core[0] in _NOT_ALONE and not (signed or counted or one_of):
            continue  # but "a dozen", "a million", "minus one", "one of the ..." are numbers
        spans.append((start, end, ""))
    for m in PERCENT_OF_RE.finditer(text):
        if not re.search(rf"(?i)(?:\d|{WORD})[\s-]*$", text[max(0, m.start() - 30) : m.start()]):
            spans.append((m.start(), m.end(), "PERCENT_OF"))  # "per cent of 210"
    # Every age holds "-year-old" in some case: the regex's scan of each word only where one may be.
    if "-year-old" in text.lower():
        for m in AGE_RE.finditer(text):
            spans.append((m.start(), m.end(), "AGE"))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            prev_start, prev_end, prev_label = merged[-1]
            merged[-1] = (prev_start, max(end, prev_end), prev_label or label)
        else:
            merged.append((start, end, label))
    return merged


def _parts_in(
    text: str,
    start: int,
    end: int,
    label: str,
    currency: str | None,
    temporal: Sequence[tuple[int, int]] = (),
) -> list[Part]:
    """The number expressions inside one candidate span, ranges split into their ends."""
    if label == "AGE":
        # The span is the number alone, as the gold annotates ages ("the 74-year-old comedian"
        # -> 74): "-year-old" is the unit of the adjective, not part of the number.
        m = AGE_RE.match(text, start, end)
        value = parse_number(m.group("num").replace("-", " ")) if m else None
        if m is None or value is None:
            return []
        return [Part(m.start("num"), m.end("num"), "cardinal", value, None, None, 1.0, True)]
    if label == "PERCENT_OF":
        m = PART_RE.match(text, end, min(len(text), end + 60))
        part = _part(text, m, "", currency) if m else None
        if part is None or part.kind != "cardinal":
            return []
        return [replace(part, start=start, kind="percent", unit="%")]
    # Widen to catch a currency sign, a minus or an article spaCy left outside: "A$" + "2.5bn",
    # "-5", "minus five", "A million people".
    left = start
    prefix = re.search(rf"{CUR_PREFIX}$", text[max(0, start - 6) : start])
    if prefix:
        left = start - len(prefix.group())
    sign = re.search(
        r"(?i)(?:(?<![\w\-−])[-−]|\b(?:minus|negative)\s+)$", text[max(0, left - 9) : left]
    )
    if sign and not re.search(
        r"\d\s*$", text[max(0, left - len(sign.group()) - 3) : left - len(sign.group())]
    ):
        left -= len(sign.group())  # but "75 -300mm" is a range, not minus 300
    article = re.search(r"(?i)(?<!\w)an?\s+$", text[max(0, left - 4) : left])
    if article:
        left -= len(article.group())
    limit = min(len(text), end + 25)
    # A number never runs into a date or duration: "£5 million two years ago".
    limit = min([limit, *(s for s, _ in temporal if start < s < limit)])
    parts: list[Part] = []
    pos = left
    while pos < limit:
        m = PART_RE.search(text, pos, limit)
        if m is None or m.start() >= end:
            break
        part = None
        if m.end() > start and m.end() > m.start():
            part = _longest_part(text, m, label, currency)
        if part is None:
            pos = max(m.end(), m.start() + 1)
            continue
        pos = part.end
        currency = part.unit if part.kind == "money" else currency
        parts.append(part)
    return parts


def _longest_part(text: str, m: re.Match[str], label: str, currency: str | None) -> Part | None:
    """The part of match `m`, or of its longest prefix ending at a word boundary that reads as one
    number: "4000 3 hundred" -> "4000", "first two" -> "first", "three-nought-four" -> "three"."""
    part = _part(text, m, label, currency)
    if part is not None:
        return part
    cuts = [b.start() for b in re.finditer(r"(?<=\S)[\s-]", text[m.start() : m.end()])]
    for cut in reversed(cuts):
        shorter = PART_RE.match(text, m.start(), m.start() + cut)
        if shorter is not None and shorter.end() > shorter.start():
            part = _part(text, shorter, label, currency)
            if part is not None:
                return part
    return None


def _part(text: str, m: re.Match[str], label: str, currency: str | None) -> Part | None:
    """One number expression from a `PART_RE` match, or None when it is not one."""
    start, end = m.start(), m.end()
    if start > 0 and re.match(r"[\w.,]", text[start - 1]) and not m.group("cur"):
        return None  # the middle of a word or of a longer number
    if end < len(text) and re.match(r"\w", text[end]) and not m.group("pct"):
        return None
    if text[start - 1 : start] == "#" and text[end : end + 1] == ";":
        return None  # an HTML entity that lost its ampersand: "United #39;s" (AG News)
    if re.match(r"-\d{1,2}/(?:32|64)\b", text[end : end + 7]) or (
        re.fullmatch(r"\d{1,2}/(?:32|64)", text[start:end])
        and re.fullmatch(r"\d-", text[max(0, start - 2) : start])
    ):
        return None  # a bond price in 32nds, "124-10/32" (Reuters): no count of anything
    if text[start - 1 : start] == "/" or re.match(r"/\d", text[end : end + 2]):
        return None  # "9/11", "2004/05": dates and fiscal years, not counts
    if re.match(r"0\d\d", m.group("digits") or ""):
        return None  # "0800 123 456": a phone number or a code, not a count
    words = m.group("words")
    if words is not None:
        lower = words.lower()
        # "a fifth consecutive year" is a rank; "a fifth of voters", "a fifth." a fraction.
        article = re.match(r"(?i)(?:a|an)[\s-]+", words)
        rest = re.findall(r"[a-z]+", words[article.end() :].lower()) if article else []
        if rest:
            # "a fifth consecutive year", "a twenty-first birthday", "chased a second" are ranks;
            # "a fifth of voters", "a fifth.", "a twenty-first" fractions; "a six-mile stretch" a
            # count: the article belongs to the number only when it is a fraction's "one".
            denominators = FRACTIONS if len(rest) == 1 else COMPOUND_DENOMINATORS
            rank = rest[-1] in ORDINALS and (
                re.match(r"\s+(?!of\b)[A-Za-z]", text[m.end("words") :])
                or rest[-1] not in denominators
            )
            count = rest[0] in NUMBER_UNITS or rest[0] in NUMBER_TENS
            if rank or (count and rest[-1] not in COMPOUND_DENOMINATORS):
                start += article.end()
                words = words[article.end() :]
        if _NOT_NUMBER_RE.match(text[m.end() :]) and not (
            HYPHENATED_COUNT_RE.match(words) and HYPHEN_NOUN_RE.match(text, m.end())
        ):
            return None  # "one-off", "third-party"; but "six-mile trip" has its unit
        scale_first = re.match(r"(?i)(?:hundred|thousand|million|billion|trillion|dozen)", words)
        if lower in ("half", "quarter", "one") and _AFTER_ORDINAL_RE.search(
            text, max(0, start - 14), start
        ):
            return None  # "the second half", "third quarter", "the first one": not amounts
        # "three quarters of voters" is a fraction; "six quarters", "two quarters ahead" count
        # periods of a year: the count alone is the number.
        if (
            re.search(r"\bquarters$", lower)
            and " and " not in lower
            and (
                re.match(r"\s+(?!of\b)[A-Za-z]", text[m.end() :]) or (parse_number(words) or 0) >= 1
            )
        ):
            return None
        if scale_first and _VAGUE_BEFORE_RE.search(text, max(0, start - 12), start):
            return None  # "a few hundred dollars", "several thousand fans": vague amounts
        if words[0].isupper() and not _SENTENCE_START_RE.search(text, 0, start):
            return None  # "Sunday's Six Nations clash": a capitalised number word mid-sentence
        if re.search(r"\sover\s", lower) and re.match(r"\s+[a-z]", text[m.end("words") :]):
            return None  # "$2000 over 3 years" is a hedge before a duration, not 2000/3
        if re.search(r"\spoint\s", lower) and re.search(
            r"(?i)\bat\s+$", text[max(0, start - 4) : start]
        ):
            return None  # "at one point two men ..."
    core_start = m.start("neg") if m.group("neg") else (m.end("cur") if m.group("cur") else start)
    suffix = next((g for g in ("pct", "sub", "curword", "unit") if m.group(g)), None)
    core_end = m.start(suffix) if suffix else end
    unit_word = (m.group("unit") or "").strip(" -\t\n()[]{}<>").lower()
    if unit_word == "bit" and words is not None:
        return None  # "16-bit" is a measure, "two-bit Tories" an idiom
    unit: str | None = None
    if unit_word in AMBIGUOUS_UNITS and (
        (unit_word != "m" and label != "QUANTITY") or not m.group("unit").islower()
    ):
        # "5 t" outside a spaCy QUANTITY is too unsure, and "3G" is a phone network.
        if not m.group("unit")[0].isspace():
            return None
        end, unit_word = core_end, ""
    scale_text = m.group("scale") or ""
    if words is not None and not scale_text:
        last_word = re.findall(r"[a-z]+", words.lower())[-1:]
        if last_word and last_word[0] in LONG_SCALES:
            scale_text = " " + last_word[0]  # "3 to 4 million": the scale the range shares
    if not suffix and scale_text.lower() == "m" and label == "QUANTITY":
        # spaCy read "the 100m final" as a measure: metres, not millions.
        unit_word, scale_text, core_end = "m", "", m.start("scale")
    parsed = parse(text[core_start:core_end])
    if parsed is None:
        return None
    value, is_ordinal = parsed
    core = text[core_start:core_end]
    if not scale_text and (
        (core.isdigit() and ADDRESS_AFTER_RE.match(text, core_end))
        or (
            re.fullmatch(r"\d+(?:st|nd|rd|th)", core) and STREET_TYPE_AFTER_RE.match(text, core_end)
        )
    ):
        return None  # a house number or a street's ordinal: "1119 Eighth St.", "17th Street"
    qualifier = "at_least" if m.group("plus") else None
    pct = (m.group("pct") or "").lower()
    # spaCy's MONEY or a scale word makes a common noun after the amount a currency ("nine marks")
    money_like = label == "MONEY" or bool(scale_text.strip())
    if pct:
        kind, unit = "percent", ("pp" if "point" in pct else "%")
    elif m.group("cur") or m.group("curword"):
        kind, unit = "money", _currency_of(m)
    elif not suffix and (national := _national_currency(text, end, scaled=money_like)) is not None:
        end, kind, unit = national[0], "money", national[1]  # "20 trillion rupiah"
    elif m.group("sub"):
        kind, unit = "money", SUBUNITS[re.sub(r"\s+", " ", m.group("sub").strip().lower())]
        if unit == "USD" and currency:
            unit = currency  # euro cents in a euro story
        value /= 100
    elif unit_word:
        kind = "quantity"
        unit = UNIT_NAMES.get(re.sub(r"\s+", " ", unit_word), unit_word)
    elif is_ordinal:
        kind = "ordinal"
    elif (
        m.group("digits")
        and not scale_text
        and _looks_like_name(text, start)
        and not _SCORE_AFTER_RE.match(text, end)
    ):
        return None  # "Windows 10", "Route 66": spaCy sometimes calls these CARDINAL
    elif label == "MONEY" and (currency or not _COUNTED_AFTER_RE.match(text, end)):
        # an amount with no currency of its own after one with ("$5 million ... 6 million");
        # with no currency anywhere before it and a word after it that is no coin ("one penny",
        # "12-cent-a-share"), spaCy's MONEY misread a count ("more than 20 billion particles")
        # or a measure whose unit its sentence gave before ("4.8 trillion cubic feet, from 5.2
        # trillion at the end of 1985"): a cardinal, which _implied_units may give that unit
        kind, unit = "money", currency
    elif label == "PERCENT":
        kind, unit = "percent", "%"
    else:
        kind = "cardinal"
    if label == "QUANTITY" and "pound" in (m.group("curword") or "").lower():
        kind, unit = "quantity", "lb"  # "5 pounds of sugar"
    scale = parse("1" + scale_text) if scale_text.strip() else None
    return Part(start, end, kind, value, unit, qualifier, scale[0] if scale else 1.0)


def _join_subunits(text: str, parts: list[Part]) -> list[Part]:
    """One amount from "3 dollars 50 cents", "thirteen dollars and forty-five cents" (13.45)."""
    out: list[Part] = []
    for p in parts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == p.kind == "money"
            and prev.unit == p.unit
            and re.search(r"(?i)(?:dollars?|pounds?|euros?)$", text[prev.start : prev.end])
            and re.search(r"(?i)(?:p|pence|cents?)$", text[p.start : p.end])
            and re.fullmatch(r"\s+(?:and\s+)?", text[prev.end : p.start])
            and p.value < 1
        ):
            value = float(Fraction(str(prev.value)) + Fraction(str(p.value)))
            out[-1] = replace(prev, end=p.end, value=value)
            continue
        out.append(p)
    return out


def _link_ranges(text: str, parts: list[Part]) -> list[Part]:
    """Share multiplier, currency and unit across the ends of a range ("from €3 to €4 million")."""
    out = list(parts)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if not RANGE_GAP_RE.match(text[a.end : b.start]):
            continue
        if a.kind == "cardinal" and b.kind in ("money", "percent", "quantity"):
            a = replace(a, kind=b.kind, unit=b.unit)
        if a.kind != b.kind or (a.unit and b.unit and a.unit != b.unit):
            continue
        if b.scale != 1.0 and a.scale == 1.0 and 0 < a.value < b.value / b.scale:
            value = float(Fraction(str(a.value)) * Fraction(b.scale))  # 3.3 * 1e6 exactly
            a = replace(a, value=value, scale=b.scale)
        if a.qualifier and not b.qualifier:
            b = replace(b, qualifier=a.qualifier)  # "about 3 to 4 million": both ends hedged
        out[i], out[i + 1] = a, b
    return out


def _with_hedges(text: str, parts: list[Part]) -> list[Part]:
    """Widen each number over a hedge just before it; a bracketed conversion inherits it."""
    out: list[Part] = []
    for p in parts:
        prev = out[-1] if out else None
        hedge_start, qualifier = _hedge_before(text, p.start)
        if qualifier and (prev is None or hedge_start >= prev.end):
            p = replace(p, start=hedge_start, qualifier=qualifier)
        elif (
            prev
            and prev.qualifier
            and not p.qualifier
            and CONVERSION_GAP_RE.match(text[prev.end : p.start])
        ):
            p = replace(p, qualifier=prev.qualifier)  # "about 8 km (5 mi)"
        out.append(p)
    return out
