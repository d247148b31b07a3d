"""Numeric expressions (not dates) from a NER'd Doc: kind, value, unit, counted object and hedge.

Candidates come from spaCy's number entities and from a regex pass over the text for the digit
forms that the small model misses or cuts short ("£600m" comes back as MONEY '600', "A$2.5bn" as
'2.5bn', "230p" not at all). Within each candidate one grammar (`_PART_RE`) finds the number
expressions, so that kind, value and unit come from the words as written, not from spaCy's label
("5 per cent" is labelled MONEY). The counted object is found with part-of-speech tags from the
`tag` callable, run once per document over only the sentences that hold a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from spacy.tokens import Doc

from flows.extract.dates import temporal_spans
from flows.schema import Number, Sentence
from flows.spans import index_at

_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# Entities whose digits belong to a name ("Boeing 737", "Windows 10", "Route 66").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)

_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "bln": 10**9,
    "tn": 10**12, "trn": 10**12,
}  # fmt: skip
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 10**3, "millionth": 10**6,
}  # fmt: skip
# Denominators: "three quarters" = 0.75, "two-thirds", "a fifth of" (but "second" is never one).
_FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8,
    "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
_VULGAR: dict[str, Fraction] = {
    "½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
}  # fmt: skip

_CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "£": "GBP", "€": "EUR",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "rs": "INR", "rs.": "INR",
}  # fmt: skip
_ISO_CODES = (
    "USD GBP EUR JPY CHF CNY AUD CAD INR HKD SGD NZD SEK NOK DKK RUB BRL ZAR MXN KRW TRY".split()
)
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "american dollars": "USD", "australian dollars": "AUD", "canadian dollars": "CAD",
    "hong kong dollars": "HKD", "singapore dollars": "SGD", "new zealand dollars": "NZD",
    "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "quid": "GBP",
    "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "swiss francs": "CHF", "francs": "CHF", "won": "KRW", "rand": "ZAR",
    "pesos": "MXN", "lira": "TRY", "real": "BRL", "reais": "BRL",
}  # fmt: skip
# Pence and cents are hundredths of the currency: "230p" is 2.30 GBP, so that sums stay in one unit.
_SUBUNITS: dict[str, str] = {
    "p": "GBP", "pence": "GBP", "cents": "USD", "cent": "USD", "euro cents": "EUR",
    "euro cent": "EUR",
}  # fmt: skip
_UNIT_NAMES: dict[str, str] = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi", "m": "m", "metre": "m", "metres": "m", "meter": "m",
    "meters": "m", "cm": "cm", "centimetres": "cm", "centimeters": "cm", "mm": "mm",
    "millimetres": "mm", "millimeters": "mm", "ft": "ft", "foot": "ft", "feet": "ft",
    "inch": "in", "inches": "in", "yards": "yd", "yd": "yd", "kg": "kg", "kilogram": "kg",
    "kilograms": "kg", "kilos": "kg", "g": "g", "grams": "g", "grammes": "g", "mg": "mg",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "lb": "lb", "lbs": "lb",
    "oz": "oz", "ounces": "oz", "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "ml": "ml", "gallons": "gal", "barrel": "barrels", "barrels": "barrels", "acres": "acres",
    "hectares": "ha", "ha": "ha", "sq km": "km2", "km2": "km2", "square kilometres": "km2",
    "square kilometers": "km2", "square miles": "sq mi", "square feet": "sq ft", "sq ft": "sq ft",
    "square metres": "m2", "square meters": "m2", "mph": "mph", "km/h": "km/h", "kph": "km/h",
    "knots": "knots", "°c": "°C", "°f": "°F", "degrees": "degrees", "mw": "MW", "megawatts": "MW",
    "gw": "GW", "gigawatts": "GW", "kw": "kW", "kilowatts": "kW", "kwh": "kWh", "mwh": "MWh",
    "gb": "GB", "tb": "TB", "mb": "MB", "calories": "kcal", "cubic metres": "m3",
    "cubic meters": "m3", "bpd": "barrels/day",
}  # fmt: skip
# Unit abbreviations that are also common words or scale suffixes; taken only when spaCy says
# QUANTITY ("the 100m final") and otherwise read as a scale ("1.5m shares") or left alone.
_AMBIGUOUS_UNITS = frozenset({"m", "t", "g", "l"})

_QUALIFIERS: dict[str, str] = {
    "about": "approximate", "around": "approximate", "roughly": "approximate",
    "some": "approximate", "nearly": "approximate", "almost": "approximate",
    "approximately": "approximate", "an estimated": "approximate", "estimated": "approximate",
    "close to": "approximate", "circa": "approximate", "just about": "approximate",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "a minimum of": "at_least", "not less than": "at_least",
    "at most": "at_most", "up to": "at_most", "no more than": "at_most",
    "a maximum of": "at_most", "as many as": "at_most", "as much as": "at_most",
    "not more than": "at_most",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "above": "more_than", "in excess of": "more_than", "just over": "more_than",
    "well over": "more_than", "exceeding": "more_than",
    "less than": "less_than", "under": "less_than", "below": "less_than",
    "fewer than": "less_than", "just under": "less_than", "well under": "less_than",
    "just below": "less_than",
}  # fmt: skip


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation that tries longer phrases first, spaces matching any whitespace."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NUM_WORDS = [*_UNITS, *_TENS, "hundred", "thousand", "million", "billion", "trillion", "dozen"]
_NUM_WORDS += [*_ORDINALS, *_FRACTIONS]
_WORD = rf"(?:{_alternation(_NUM_WORDS)})(?![a-z])"
# "twenty-five", "one hundred and twenty", "two and a half", "half a million", "a third".
_WORDNUM = (
    rf"(?:(?:a|an)[\s-]+)?{_WORD}(?:(?:[\s-]+|\s+and\s+(?:a\s+)?|\s+a\s+)(?={_WORD}\b){_WORD})*"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_CUR_PREFIX = (
    rf"(?:(?i:us|u\.s\.|au|a|ca|c|nz|hk|s|r)?\$|[£€¥₹₩₽]|(?i:rs\.?)\s?|"
    rf"(?:{'|'.join(_ISO_CODES)})\s?)"
)
_SCALE = (
    r"(?:\s?(?:bn|bln|mn|mln|tn|trn)|[mkb])(?![A-Za-z])|"
    r"\s+(?:hundred|thousand|million|billion|trillion|dozen)(?:\s+(?:million|billion))?\b"
)
_PERCENT = r"\s?%|\s?(?:per\s?cent|percent|pc)\b|\s+percentage\s+points?\b"
# Codes are case-sensitive: "a second try" is no Turkish lira.
_CUR_WORD = rf"\s+(?:{_alternation(list(_CURRENCY_WORDS))})\b|\s?(?-i:{'|'.join(_ISO_CODES)})\b"
_SUBUNIT = r"p\b|\s+(?:pence|(?:euro\s+)?cents?)\b"
_UNIT = rf"[\s-]?(?:{_alternation(list(_UNIT_NAMES))})(?![\w/])"
# One number expression: [currency] number [ordinal suffix] [scale] [+] [percent|currency|unit].
_PART_RE = re.compile(
    rf"(?<![\w$£€¥])(?P<cur>{_CUR_PREFIX})?(?P<neg>[-−])?"
    rf"(?:(?P<digits>{_DIGITS})(?P<ord>st|nd|rd|th)?|(?P<vulgar>[½¼¾⅓⅔])|(?i:(?P<words>{_WORDNUM})))"
    rf"(?i:(?P<scale>{_SCALE}))?(?P<plus>\+)?"
    rf"(?i:(?P<pct>{_PERCENT})|(?P<sub>{_SUBUNIT})|(?P<curword>{_CUR_WORD})|(?P<unit>{_UNIT}))?"
)
# Digit forms spaCy misses or cuts: "£600m", "$1.13bn", "5 per cent", "230p", "40-year-old".
_DIGIT_CANDIDATE_RE = re.compile(
    rf"(?:{_CUR_PREFIX})?(?:{_DIGITS})(?:st|nd|rd|th)?(?i:{_SCALE})?(?i:{_PERCENT}|{_SUBUNIT})?"
)
_AGE_RE = re.compile(r"(?i)(?P<num>[a-z]+(?:-[a-z]+)?|\d+)-year-old\b")
# Hedges end right before the number; leftmost-longest so "no more than" beats "more than".
_HEDGE_RE = re.compile(rf"(?i)(?<![\w-])(?P<hedge>{_alternation(list(_QUALIFIERS))})\s+$")
# Between the ends of a range: "€3 to €4 million", "3-4 million", "10 and 20", "two or three".
_RANGE_GAP_RE = re.compile(r"(?i)^(?:\s*(?:-|–|—|to)\s*|\s+(?:and|or)\s+)$")
_CONVERSION_GAP_RE = re.compile(r"^\s*\($")
# A number word hyphenated to another word is a compound, not a count: "third-party", "half-time",
# "one-off", "second-hand" (BBC sport reports are full of "half-time"); also "third party".
_NOT_NUMBER_RE = re.compile(r"(?i)^(?:-[a-z]|\s(?:party|parties)\b)")
# Capitalised words that often precede a number at a sentence start without naming anything.
_NOT_NAME_WORDS = frozenset(
    "a an the in of on at by for from to with and but or as some about around nearly almost "
    "over under up more less fewer than only just all about its their his her our roughly "
    "approximately another".split()
)
_VAGUE_BEFORE_RE = re.compile(r"(?i)\b(?:few|several|many)\s+$")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:][\"”’')]?\s+|\n\s*|[\"“‘(]\s*)$")
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH"}) | _NOUN_TAGS
_DETERMINER_TAGS = frozenset({"DT", "PDT", "PRP$"})
_MAX_OBJECT_TOKENS = 4


@dataclass(frozen=True, slots=True)
class _Part:
    """One number expression before the counted object is known."""

    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    qualifier: str | None
    scale: float
    is_age: bool = False


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words, or None if `text` is not one number.

    Handles separators and decimals ("8,500", "1.2"), scale words and suffixes ("$1.2 billion",
    "1.2bn", "600m"), word numbers ("twenty-five", "a million", "two dozen"), fractions ("three
    quarters", "two and a half"), ordinals ("third", "21st"), a leading hedge ("some 8,500") and a
    percent sign. Vague plurals ("dozens", "thousands") are not numbers.
    """
    parsed = _parse(text)
    return None if parsed is None else parsed[0]


def _parse(text: str) -> tuple[float, bool] | None:
    """(value, is_ordinal) of a number written in digits or words."""
    s = text.strip().lower().replace("−", "-").replace("–", "-")
    hedge = re.match(rf"(?:{_alternation(list(_QUALIFIERS))})\s+", s)
    if hedge:
        s = s[hedge.end() :]
    s = re.sub(r"^(?:[a-z.]{0,4}\$|[£€¥₹₩₽])", "", s)
    s = re.sub(r"\s*(?:%|per\s?cent|percent)$|\+$", "", s).strip()
    sign = 1.0
    if s.startswith(("-", "minus ")):
        sign, s = -1.0, s.removeprefix("minus ").removeprefix("-")
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\.\d+|[a-z]+|[½¼¾⅓⅔]|\S", s)
    parsed = _parse_tokens(tokens)
    return None if parsed is None else (sign * parsed[0], parsed[1])


def _parse_tokens(tokens: list[str]) -> tuple[float, bool] | None:
    """Fold number tokens left to right: units add, 'hundred' multiplies, scales close a group."""
    # Exact fractions, so that "4.1m" is 4100000 and not 4099999.9999999995.
    total = Fraction(0)
    current: Fraction | None = None
    ordinal = False
    seen = False
    prev = ""
    for i, tok in enumerate(tokens):
        after_and_a = tokens[max(0, i - 2) : i] == ["and", "a"]
        digits = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?|\.\d+)(st|nd|rd|th)?", tok)
        if digits:
            if current is not None or (seen and prev not in _SCALES):
                return None  # "1,2" or two numbers side by side
            if "," in digits.group(1) and not re.fullmatch(
                r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", tok[: digits.end(1)]
            ):
                return None
            current = Fraction(digits.group(1).replace(",", ""))
            ordinal = digits.group(2) is not None
        elif tok in _VULGAR:
            current = (current or 0) + _VULGAR[tok]
        elif tok in _UNITS or tok in _TENS:
            current = (current or 0) + Fraction(_UNITS.get(tok) or _TENS.get(tok, 0))
        elif tok == "hundred":
            current = (current if current is not None else Fraction(1)) * 100
        elif tok == "dozen":
            current = (current if current is not None else Fraction(1)) * 12
        elif tok in _SCALES:
            if current is None and (len(tok) <= 3 or not (seen or prev in ("a", "an"))):
                return None  # a bare "m" or "bn" is not a number
            total += (current if current is not None else 1) * _SCALES[tok]
            current = None
        elif tok in _FRACTIONS and not (tok in _ORDINALS and prev in _TENS):
            denominator = _FRACTIONS[tok]
            if tok in _ORDINALS and not seen and prev not in ("a", "an"):
                current, ordinal = Fraction(_ORDINALS[tok]), True  # a bare "third" is a rank
            elif current is None or after_and_a:
                current = (current or 0) + Fraction(1, denominator)  # "a half", "two and a quarter"
            else:
                current = current / denominator  # "three quarters", "two-thirds"
        elif tok in _ORDINALS:
            current = (current or 0) + _ORDINALS[tok]  # "twenty-first"
            ordinal = True
        elif tok in ("a", "an", "and", "-"):
            prev = tok
            continue
        else:
            return None
        seen = True
        prev = tok
    if not seen:
        return None
    return float(total + (current or 0)), ordinal


def _hedge_before(text: str, start: int) -> tuple[int, str | None]:
    """The start of a hedge phrase ending right before `start` and its qualifier, if any."""
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - 40)
    m = _HEDGE_RE.search(text, window_start, start)
    if m is None:
        return start, None
    hedge = re.sub(r"\s+", " ", m.group("hedge").lower())
    return m.start(), _QUALIFIERS[hedge]


def _currency_of(m: re.Match[str]) -> str | None:
    """ISO 4217 code from a currency prefix or word."""
    if m.group("cur"):
        cur = m.group("cur").strip().lower()
        return _CURRENCY_SYMBOLS.get(cur) or cur.upper()
    if m.group("curword"):
        word = re.sub(r"\s+", " ", m.group("curword").strip().lower())
        return _CURRENCY_WORDS.get(word) or word.upper()
    return None


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of `spans`."""
    return any(s < end and start < e for s, e in spans)


def _looks_like_name(text: str, start: int) -> bool:
    """Digits glued to letters ("G7", "COVID-19") or after a capitalised word ("Route 66")."""
    before = text[max(0, start - 2) : start]
    if re.search(r"[A-Za-z]-?$", before):
        return True
    m = re.search(r"(^|[.!?][\"”’']?\s+|\n)?([A-Z][\w.]*)\s+$", text[max(0, start - 30) : start])
    if m is None or m.group(1) is not None:
        return False  # a capitalised first word of a sentence names nothing: "Between 10 and 20"
    return m.group(2).lower().rstrip(".") not in _NOT_NAME_WORDS


def _candidate_spans(doc: Doc, temporal: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, spaCy label or '') of the stretches of text that may hold numbers."""
    text = doc.text
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
    spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in _NUMBER_LABELS]
    for e in doc.ents:
        # spaCy reads ages and some counts ("Smith, 40,", "between 10 and 20") as DATE.
        if e.label_ in ("DATE", "TIME") and not _overlaps(e.start_char, e.end_char, temporal):
            spans.append((e.start_char, e.end_char, "CARDINAL"))
    for m in _DIGIT_CANDIDATE_RE.finditer(text):
        plain = re.fullmatch(r"[\d,.]+", m.group()) is not None
        if _overlaps(m.start(), m.end(), temporal):
            continue
        if plain and _overlaps(m.start(), m.end(), names):
            continue  # digits in a name; a marked amount ("230p", spaCy: PRODUCT) is kept
        if _looks_like_name(text, m.start()) or re.match(r"\w|[.,]\d", text[m.end() : m.end() + 2]):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", m.group()):
            continue  # a bare year spaCy did not call a DATE is still more likely a year
        spans.append((m.start(), m.end(), ""))
    for m in _AGE_RE.finditer(text):
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


def _parts_in(text: str, start: int, end: int, label: str, currency: str | None) -> list[_Part]:
    """The number expressions inside one candidate span, ranges split into their ends."""
    if label == "AGE":
        m = _AGE_RE.match(text, start, end)
        value = parse_number(m.group("num").replace("-", " ")) if m else None
        return (
            [] if value is None else [_Part(start, end, "cardinal", value, None, None, 1.0, True)]
        )
    # Widen to catch a currency sign or unit spaCy left outside: "A$" + "2.5bn".
    left = start
    prefix = re.search(rf"{_CUR_PREFIX}$", text[max(0, start - 4) : start])
    if prefix:
        left = start - len(prefix.group())
    article = re.search(r"(?i)(?<!\w)an?\s+$", text[max(0, start - 4) : start])
    if article:
        left = start - len(article.group())  # spaCy tags "million" in "A million people"
    parts: list[_Part] = []
    for m in _PART_RE.finditer(text, left, min(len(text), end + 25)):
        if m.start() >= end or m.end() <= start or m.end() == m.start():
            continue
        part = _part(text, m, label, currency)
        if part is None:
            continue
        currency = part.unit if part.kind == "money" else currency
        parts.append(part)
    return parts


def _part(text: str, m: re.Match[str], label: str, currency: str | None) -> _Part | None:
    """One number expression from a `_PART_RE` match, or None when it is not one."""
    start, end = m.start(), m.end()
    if start > 0 and re.match(r"[\w.,]", text[start - 1]) and not m.group("cur"):
        return None  # the middle of a word or of a longer number
    if end < len(text) and re.match(r"\w", text[end]) and not m.group("pct"):
        return None
    if text[start - 1 : start] == "/" or re.match(r"/\d", text[end : end + 2]):
        return None  # "9/11", "2004/05": dates and fiscal years, not counts
    words = m.group("words")
    if words is not None:
        # "a fifth consecutive year" is a rank; "a fifth of voters" a fraction.
        bare = re.match(r"(?i)(?:a|an)[\s-]+(\w+)$", words)
        if bare and bare.group(1).lower() in _ORDINALS and not re.match(r"\s+of\b", text[end:]):
            start += len(words) - len(bare.group(1))
            words = bare.group(1)
        if _NOT_NUMBER_RE.match(text[end:]):
            return None
        scale_first = re.match(r"(?i)(?:hundred|thousand|million|billion|trillion|dozen)", words)
        if scale_first and _VAGUE_BEFORE_RE.search(text, max(0, start - 12), start):
            return None  # "a few hundred dollars", "several thousand fans": vague amounts
        if words[0].isupper() and not _SENTENCE_START_RE.search(text, 0, start):
            return None  # "Sunday's Six Nations clash": a capitalised number word mid-sentence
    core_start = m.end("cur") if m.group("cur") else start
    suffix = next((g for g in ("pct", "sub", "curword", "unit") if m.group(g)), None)
    core_end = m.start(suffix) if suffix else end
    unit_word = (m.group("unit") or "").strip(" -\t\n").lower()
    unit: str | None = None
    if unit_word in _AMBIGUOUS_UNITS and (
        (unit_word != "m" and label != "QUANTITY") or not m.group("unit").islower()
    ):
        # "5 t" outside a spaCy QUANTITY is too unsure, and "3G" is a phone network.
        if not m.group("unit")[0].isspace():
            return None
        end, unit_word = core_end, ""
    scale_text = m.group("scale") or ""
    if not suffix and scale_text.lower() == "m" and label == "QUANTITY":
        # spaCy read "the 100m final" as a measure: metres, not millions.
        unit_word, scale_text, core_end = "m", "", m.start("scale")
    parsed = _parse(text[core_start:core_end])
    if parsed is None:
        return None
    value, is_ordinal = parsed
    qualifier = "at_least" if m.group("plus") else None
    pct = (m.group("pct") or "").lower()
    if pct:
        kind, unit = "percent", ("pp" if "point" in pct else "%")
    elif m.group("cur") or m.group("curword"):
        kind, unit = "money", _currency_of(m)
    elif m.group("sub"):
        kind, unit = "money", _SUBUNITS[re.sub(r"\s+", " ", m.group("sub").strip().lower())]
        if unit == "USD" and currency:
            unit = currency  # euro cents in a euro story
        value /= 100
    elif unit_word:
        kind = "quantity"
        unit = _UNIT_NAMES.get(re.sub(r"\s+", " ", unit_word), unit_word)
    elif is_ordinal:
        kind = "ordinal"
    elif m.group("digits") and not scale_text and _looks_like_name(text, start):
        return None  # "Windows 10", "Route 66": spaCy sometimes calls these CARDINAL
    elif label == "MONEY":
        kind, unit = "money", currency
    elif label == "PERCENT":
        kind, unit = "percent", "%"
    else:
        kind = "cardinal"
    if kind == "money" and unit == "GBP" and unit_word == "" and label == "QUANTITY":
        kind, unit = "quantity", "lb"  # "5 pounds of sugar"
    scale = _parse("1" + scale_text) if scale_text.strip() else None
    return _Part(start, end, kind, value, unit, qualifier, scale[0] if scale else 1.0)


def _link_ranges(text: str, parts: list[_Part]) -> list[_Part]:
    """Share multiplier, currency and unit across the ends of a range ("from €3 to €4 million")."""
    out = list(parts)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if not _RANGE_GAP_RE.match(text[a.end : b.start]):
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


def _find_object(
    tagged: Doc, offset: int, end: int, temporal: Sequence[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """(start, end, head tag) in doc.text of the noun phrase counted by a number ending at `end`.

    `tagged` is the number's sentence, starting at `offset` in doc.text. Words of a date or time
    ("€4 million next year") are never the object.
    """
    rel = end - offset
    if any(t.idx < rel < t.idx + len(t.text) for t in tagged):
        return None  # the tagger saw the number glued to more text ("£227bn;331bn")
    tokens = [t for t in tagged if t.idx >= rel]
    i = 0
    if tokens and tokens[0].lower_ == "of":
        # "30% of voters", "half of the 1,000 respondents", "one of Britain's biggest firms"
        i = 1
        while i < len(tokens) and (tokens[i].tag_ in _DETERMINER_TAGS or tokens[i].tag_ == "CD"):
            i += 1
        j = i
        while j < len(tokens) and tokens[j].tag_ in _MODIFIER_TAGS:
            j += 1
        if i < j < len(tokens) and tokens[j].tag_ == "POS":
            i = j + 1
    run = []
    while i < len(tokens) and tokens[i].tag_ in _MODIFIER_TAGS and len(run) < _MAX_OBJECT_TOKENS:
        start = tokens[i].idx + offset
        if _overlaps(start, start + 1, temporal):
            break
        run.append(tokens[i])
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
    return run[0].idx + offset, last.idx + len(last.text) + offset, last.tag_


def extract_numbers(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    doc_id: str,
    tag: Callable[[Sequence[str]], list[Doc]],
) -> list[Number]:
    """Numeric expressions of one document with kind, value, unit, counted object and hedge."""
    text = doc.text
    temporal = temporal_spans(doc)
    parts: list[_Part] = []
    currency: str | None = None
    for start, end, label in _candidate_spans(doc, temporal):
        found = [
            p
            for p in _parts_in(text, start, end, label, currency)
            if not _overlaps(p.start, p.end, temporal)
        ]
        for p in found:
            if p.kind == "money" and p.unit:
                currency = p.unit  # context for a later amount without a sign ("between $3 and 4m")
            if not parts or p.start >= parts[-1].end:  # widened spans may reach a neighbour
                parts.append(p)
    parts = _link_ranges(text, sorted(parts, key=lambda p: p.start))
    parts = _with_hedges(text, parts)
    objects = _objects(text, parts, sentences, tag, temporal)
    parts = [_metres(text, p, obj) for p, obj in zip(parts, objects, strict=True)]
    return [
        Number(
            doc_id=doc_id,
            number_idx=i,
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
        for i, p in enumerate(parts)
    ]


def _metres(text: str, part: _Part, obj: tuple[int, int, str] | None) -> _Part:
    """Read a glued 'm' as metres before a singular noun: "the 100m final", "our 10m line".

    Millions count plural things ("1.5m shares", "20m people") or money, which has a currency.
    """
    if part.kind != "cardinal" or obj is None or obj[2] not in ("NN", "NNP"):
        return part
    if not re.search(r"\dm$", text[part.start : part.end]) or part.value >= 1e10:
        return part
    return replace(part, kind="quantity", unit="m", value=part.value / 1e6, scale=1.0)


def _with_hedges(text: str, parts: list[_Part]) -> list[_Part]:
    """Widen each number over a hedge just before it; a bracketed conversion inherits it."""
    out: list[_Part] = []
    for p in parts:
        prev = out[-1] if out else None
        hedge_start, qualifier = _hedge_before(text, p.start)
        if qualifier and (prev is None or hedge_start >= prev.end):
            p = replace(p, start=hedge_start, qualifier=qualifier)
        elif (
            prev
            and prev.qualifier
            and not p.qualifier
            and _CONVERSION_GAP_RE.match(text[prev.end : p.start])
        ):
            p = replace(p, qualifier=prev.qualifier)  # "about 8 km (5 mi)"
        out.append(p)
    return out


def _objects(
    text: str,
    parts: Sequence[_Part],
    sentences: Sequence[Sentence],
    tag: Callable[[Sequence[str]], list[Doc]],
    temporal: Sequence[tuple[int, int]],
) -> list[tuple[int, int, str] | None]:
    """(start, end, head tag) of each number's counted object.

    Only the sentences that hold a number are tagged, in one call: tagging every sentence would cost
    a fifth of the pipeline.
    """
    if not parts or not sentences:
        return [None] * len(parts)
    # A range shares the object written after its last end ("between 10 and 20 people").
    ends = [p.end for p in parts]
    for i in range(len(parts) - 2, -1, -1):
        if _RANGE_GAP_RE.match(text[parts[i].end : parts[i + 1].start]):
            ends[i] = ends[i + 1]
    wanted = sorted({index_at(sentences, e) for e in ends})
    tagged = dict(
        zip(
            wanted,
            tag([text[sentences[k].char_start : sentences[k].char_end] for k in wanted]),
            strict=True,
        )
    )
    objects: list[tuple[int, int, str] | None] = []
    for p, end in zip(parts, ends, strict=True):
        k = index_at(sentences, end)
        sentence = sentences[k]
        found = None
        # An age ("the 40-year-old driver") counts years, not the noun after it.
        if sentence.char_start <= end <= sentence.char_end and not p.is_age:
            found = _find_object(tagged[k], sentence.char_start, end, temporal)
        objects.append(found)
    return objects
