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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from spacy.tokens import Doc

from flows.extract.dates import temporal_spans
from flows.lexicon import NUMBER_TENS, NUMBER_UNITS, TIME_UNITS
from flows.schema import Number, Sentence
from flows.spans import index_at

_NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
# Entities whose digits belong to a name ("Boeing 737", "Windows 10", "Route 66").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)

# Scales close a group ("two million three hundred"); Indian English counts in lakhs and crores.
_SCALES: dict[str, int] = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7,
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "mil": 10**6, "b": 10**9, "bn": 10**9,
    "bln": 10**9, "tn": 10**12, "trn": 10**12, "tln": 10**12,
}  # fmt: skip
_DOZENS = frozenset({"dozen", "dozens", "dz", "dzs", "doz", "dozs"})
_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "nineth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 10**3, "millionth": 10**6, "billionth": 10**9,
    "trillionth": 10**12,
}  # fmt: skip
# The cardinal an ordinal word stands for inside a longer number: "two hundredth" is "two hundred"
# made a rank, "one hundred twenty-fifth" is "one hundred twenty-five".
_ORDINAL_AS_CARDINAL: dict[str, str] = {
    w: next((k for k, v in {**NUMBER_UNITS, **NUMBER_TENS}.items()
             if v == n and k not in ("nought", "naught")),
            w.removesuffix("th"))
    for w, n in _ORDINALS.items()
}  # fmt: skip
# Denominators: "three quarters", "two-thirds", "a fifth of", "three twenty-firsts"; "first" and
# "second" only inside a compound ("twenty-first"), since "two seconds" is a duration.
_FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "quarter": 4, "quarters": 4,
    **{w: n for w, n in _ORDINALS.items() if n > 2},
    **{w + "s": n for w, n in _ORDINALS.items() if n > 2},
}  # fmt: skip
_COMPOUND_DENOMINATORS: dict[str, int] = {
    "first": 1,
    "firsts": 1,
    "second": 2,
    "seconds": 2,
    **_FRACTIONS,
}
_VULGAR: dict[str, Fraction] = {
    "½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3),
    "⅔": Fraction(2, 3),
}  # fmt: skip
# Denominators a digit fraction may have: "1/2", "3/4", "10 1/2 miles"; "9/11" is a date.
_DIGIT_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 16, 32, 64})

_CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "u.s$": "USD", "a$": "AUD", "au$": "AUD",
    "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
    "mex$": "MXN", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "rs": "INR", "rs.": "INR", "₡": "CRC", "₾": "GEL", "₭": "LAK", "元": "CNY", "ரூ": "LKR",
}  # fmt: skip
_ISO_CODES = (
    "USD GBP EUR JPY CHF CNY AUD CAD INR HKD SGD NZD SEK NOK DKK RUB BRL ZAR MXN KRW TRY".split()
)
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "us dollar": "USD", "u.s. dollar": "USD", "american dollars": "USD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "hong kong dollars": "HKD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "quid": "GBP", "euro": "EUR", "euros": "EUR",
    "yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "swiss francs": "CHF", "francs": "CHF", "won": "KRW", "rand": "ZAR",
    "pesos": "MXN", "lira": "TRY", "real": "BRL", "reais": "BRL", "finnish markka": "FIM",
    "markka": "FIM", "markkaa": "FIM", "taiwan dollars": "TWD",
    # Wire abbreviations (Reuters): "15 mln dlrs", "eight billion Taiwan dlrs".
    "dlrs": "USD", "dlr": "USD", "us dlrs": "USD", "u.s. dlrs": "USD", "taiwan dlrs": "TWD",
    "canadian dlrs": "CAD", "australian dlrs": "AUD", "hong kong dlrs": "HKD",
    "singapore dlrs": "SGD", "new zealand dlrs": "NZD", "n.z. dlrs": "NZD",
}  # fmt: skip
# Currency signs written after the amount: "100 ₡", "100元".
_CURRENCY_SIGNS_AFTER = ["₡", "₾", "₭", "元", "ரூ"]
# Pence and cents are hundredths of the currency: "230p" is 2.30 GBP, so that sums stay in one unit.
_SUBUNITS: dict[str, str] = {
    "p": "GBP", "pence": "GBP", "cents": "USD", "cent": "USD", "euro cents": "EUR",
    "euro cent": "EUR", "cts": "USD", "ct": "USD",
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
    "cubic meters": "m3", "bpd": "barrels/day", "ounce": "oz", "acre": "acres",
    "dwt": "dwt", "teu": "teu",
    "gallon": "gal", "bit": "bit", "metric tons": "t", "metric tonnes": "t", "cubic feet": "cu ft",
    "cubic foot": "cu ft", "dm": "dm", "decimetre": "dm", "decimetres": "dm", "decimeter": "dm",
    "decimeters": "dm", "picometre": "pm", "picometres": "pm", "picometer": "pm",
    "picometers": "pm", "microgram": "µg", "micrograms": "µg", "microgramme": "µg",
    "microgrammes": "µg", "μg": "µg", "µg": "µg", "mcg": "µg", "kmph": "km/h", "km/hr": "km/h",
    "m2": "m2", "km²": "km2", "m²": "m2",
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


_LONG_SCALES = [w for w in _SCALES if len(w) > 3]
_NUM_WORDS = [
    *NUMBER_UNITS,
    *NUMBER_TENS,
    "hundred",
    *_LONG_SCALES,
    *_DOZENS,
    *_COMPOUND_DENOMINATORS,
]
_NUM_WORDS += [*_ORDINALS]
# The first two letters, tried first: Python's re tries a long alternation word by word.
_WORD_STARTS = "|".join(sorted({w[:2] for w in _NUM_WORDS}))
_WORD = rf"(?={_WORD_STARTS})(?:{_alternation(sorted(set(_NUM_WORDS)))})(?![a-z])"
# Digits: "1,234.5", "1 234 567" (thin or plain spaces between groups of three), "1.3e6", "1.1^23".
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
    r"(?<!\d\s)[1-9]\d{0,2}(?:[ \u202f\u00a0]\d{3})+(?![\d,\-\w])(?:\.\d+)?|"
    r"\d+(?:\.\d+)?(?:[eE][+-]?\d+|\^[+-]*\d+)(?!\w)|\d+(?:\.\d+)?|\.\d+"
)
# A digit fraction, with a whole part before it or not: "3/4", "10 1/2".
_DIGIT_FRACTION = r"(?:\d+\s+)?\d+/\d+(?![\d/])"
_TOKEN = rf"(?:{_WORD}|{_DIGIT_FRACTION}|{_DIGITS})"
# Between the words of one number: "twenty-five", "one hundred and six", "two and a half", "half a
# dozen", "two thirds of a million", "two point five", "one over three", "4 thousand 3 hundred".
_SEP = (
    rf"(?:\s*-\s*|\s+(?:and\s+(?:an?\s+)?|an?\s+|of\s+an?\s+(?=(?:hundred|{'|'.join(_LONG_SCALES)}"
    rf"|dozen)\b)|point\s+|over\s+)?)"
)
# A number in words, or digits followed by more number words ("3 hundred and 21", "13 lakh").
_PHRASE = (
    rf"(?:(?:a|an)[\s-]+)?{_WORD}(?:{_SEP}(?={_TOKEN}){_TOKEN})*|"
    rf"(?:{_DIGIT_FRACTION}|{_DIGITS})(?:{_SEP}(?={_TOKEN}){_TOKEN})*{_SEP}(?={_WORD}){_WORD}"
    rf"(?:{_SEP}(?={_TOKEN}){_TOKEN})*|"
    rf"(?:{_DIGITS})\s+over\s+(?:{_DIGITS})(?![\d,.])"
)
_CUR_PREFIX = (
    r"(?:(?i:us|u\.s\.?|au|ca|c|nz|hk|mex)\s?\$\s?|(?i:a|s|r)?\$\s?|[£€¥₹₩₽₡₾₭]\s?|(?i:rs\.?)\s?|"
    rf"(?:{'|'.join(_ISO_CODES)})\s?)"
)
_SCALE = (
    r"(?:\s?(?:bn|bln|mn|mln|tn|trn|tln)|mil|[mkb])(?![A-Za-z0-9])|\s(?-i:k)(?![\w.,])|"
    r"\s+(?:hundred|thousand|million|billion|trillion|dozen)(?:\s+(?:million|billion))?\b"
)
_PERCENT = r"\s?%|\s?(?:per\s?cents?|percents?|pc|pct)\b|\s+percentage\s+points?\b|\s+percentage\b"
# Codes are case-sensitive: "a second try" is no Turkish lira.
_CUR_WORD = (
    rf"(?:\s+|-)(?:{_alternation(list(_CURRENCY_WORDS))})\b|\s?(?-i:{'|'.join(_ISO_CODES)})\b|"
    rf"\s?(?:{'|'.join(_CURRENCY_SIGNS_AFTER)})"
)
_SUBUNIT = r"p\b|\s+(?:pence|(?:euro\s+)?cents?|cts?)\b"
_UNIT_ALTERNATION = _alternation(list(_UNIT_NAMES))
# "20 kg", "a 45-acre farm", and in tables a bracketed unit: "20 (kg)", "20 [kg]".
_UNIT = (
    rf"[\s-]?(?:{_UNIT_ALTERNATION})(?![\w/])|"
    rf"\s?(?:\((?:{_UNIT_ALTERNATION})\)|\[(?:{_UNIT_ALTERNATION})\]|"
    rf"\{{(?:{_UNIT_ALTERNATION})\}}|<(?:{_UNIT_ALTERNATION})>)"
)
# One number expression: [currency] [sign] number [ordinal suffix] [scale] [+] [percent|currency|
# unit]. A sign is a minus glued to the digits or the word "minus"/"negative".
_PART_RE = re.compile(
    rf"(?<![\w$£€¥])(?P<cur>{_CUR_PREFIX})?(?P<neg>(?<!\d\s)[-−](?=[\d.])|(?i:minus|negative)\s+)?"
    rf"(?:(?i:(?P<words>{_PHRASE}))|(?P<digits>{_DIGIT_FRACTION}|{_DIGITS})(?P<ord>st|nd|rd|th)?"
    rf"|(?P<vulgar>[½¼¾⅓⅔]))"
    rf"(?i:(?P<scale>{_SCALE}))?(?P<plus>\+)?"
    rf"(?i:(?P<pct>{_PERCENT})|(?P<sub>{_SUBUNIT})|(?P<curword>{_CUR_WORD})|(?P<unit>{_UNIT}))?"
)
# Digit forms spaCy misses or cuts: "£600m", "$1.13bn", "5 per cent", "230p", "40-year-old".
# Scanned with _digit_candidates, not finditer.
_DIGIT_CANDIDATE_RE = re.compile(
    rf"(?:{_CUR_PREFIX})?(?:{_DIGIT_FRACTION}|{_DIGITS})(?:st|nd|rd|th)?(?i:{_SCALE})?"
    rf"(?i:{_PERCENT}|{_SUBUNIT})?"
)
_ANY_DIGIT_RE = re.compile(r"\d")
# A match of _DIGIT_CANDIDATE_RE has a digit within its first 9 characters: at most 7 of currency
# prefix ("u.s. $ "), then a digit or "." and a digit.
_DIGIT_REACH = 8
# Numbers in words spaCy does not tag ("three quarters", "one and a half", "twenty-fifth").
_WORD_CANDIDATE_RE = re.compile(rf"(?i)(?<![\w-])(?:{_PHRASE})")
# Single words too common in other senses to be taken without spaCy's say-so: "the one you
# mentioned", "first of all", "a second", "half-time", "the third quarter", "come to naught".
_NOT_ALONE = frozenset({"one", "first", "second", "half", "quarter", "quarters", "halves"}) | {
    "zero",
    "nought",
    "naught",
    *_DOZENS,
    *_LONG_SCALES,
    "hundred",
}
# "per cent of 210": a percentage named before its number (no number before "per cent").
_PERCENT_OF_RE = re.compile(r"(?i)(?<![\w%])(?:per\s?cents?|percents?)\s+of\s+(?=\w)")
_AFTER_ORDINAL_RE = re.compile(rf"(?i)\b(?:{_alternation(list(_ORDINALS))})[\s-]+$")
# A count in words right before a unit of time is a duration, which the guidelines leave to dates.
_DURATION_AFTER_RE = re.compile(rf"(?i)[\s-]+(?:(?:{'|'.join(TIME_UNITS)})s?|centuries)\b")
_AGE_RE = re.compile(r"(?i)(?P<num>[a-z]+(?:-[a-z]+)?|\d+)-year-old\b")
# Hedges end right before the number; leftmost-longest so "no more than" beats "more than".
_HEDGE_RE = re.compile(rf"(?i)(?<![\w-])(?P<hedge>{_alternation(list(_QUALIFIERS))})\s+$")
# Between the ends of a range: "€3 to €4 million", "3-4 million", "10 and 20", "two or three".
_RANGE_GAP_RE = re.compile(r"(?i)^(?:\s*(?:-|–|—|to)\s*|\s+(?:and|or)\s+)$")
_CONVERSION_GAP_RE = re.compile(r"^\s*\($")
# A number word hyphenated to another word is a compound, not a count: "third-party", "half-time",
# "one-off", "second-hand" (BBC sport reports are full of "half-time"); also "third party".
_NOT_NUMBER_RE = re.compile(r"(?i)^(?:-[a-z]|\s(?:party|parties)\b)")
# A cardinal of two or more hyphenated to a noun counts it: "a three-party struggle", "a
# five-point plan", "a seven-seat car" (the idioms are one, half, quarter and ordinals).
_HYPHENATED_COUNT_RE = re.compile(
    r"(?i)^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred)$"
)
# Its counted noun: the word after the hyphen, the compound modifying a common noun ("a
# five-point plan"; not "two-bit Tories", an idiom before a name).
_HYPHEN_NOUN_RE = re.compile(r"-([a-z]+)(?= [a-z])")
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

    Handles separators and decimals ("8,500", "1.2", "1 234 567", "1.3e6"), scale words and
    suffixes ("$1.2 billion", "1.2bn", "600m", "13 lakh"), word numbers ("twenty-five", "a
    million", "two dozen", "3 hundred and 21", "two point five"), fractions ("three quarters", "two
    and a half", "3/4", "one over three", "half a million"), ordinals ("third", "21st", "two
    hundredth"), a sign ("-5", "minus five"), a leading hedge ("some 8,500") and a percent sign.
    Vague plurals ("dozens", "thousands") are not numbers.
    """
    parsed = _parse(text)
    return None if parsed is None else parsed[0]


_HEDGE_PREFIX_RE = re.compile(rf"(?:{_alternation(list(_QUALIFIERS))})\s+")
_TOKEN_RE = re.compile(
    r"\d+/\d+|\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\.\d+|[a-z]+|[½¼¾⅓⅔]|\S", re.IGNORECASE
)


# Pure in `text`, and the same few strings ("two", "5", "£1m") come back within and across
# documents: cached, as parsing runs a dozen regexes and Fraction arithmetic.
@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[float, bool] | None:
    """(value, is_ordinal) of a number written in digits or words."""
    s = text.strip().lower().replace("−", "-").replace("–", "-")
    hedge = _HEDGE_PREFIX_RE.match(s)
    if hedge:
        s = s[hedge.end() :]
    s = re.sub(r"^(?:[a-z.]{0,4}\s?\$|[£€¥₹₩₽₡₾₭])\s?", "", s)
    s = re.sub(r"\s*(?:%|per\s?cents?|percents?)$|\+$", "", s).strip()
    sign = 1
    m = re.match(r"(?:-|minus\s+|negative\s+)(?=[\d.a-z])", s)
    if m:
        sign, s = -1, s[m.end() :]
    s = re.sub(  # "1 234 567": groups of three after a first group of one to three digits
        r"(?<![\d,.])\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?![\d,])",
        lambda m: re.sub(r"\D", "", m.group()),
        s,
    )
    power = re.fullmatch(r"(\d+(?:\.\d+)?)\^([+-]*)(\d+)", s)
    if power:  # "1.1^23", "2.5^-1"; an even number of minuses cancels out ("1.1^--23")
        exponent = int(power.group(3)) * (-1 if power.group(2).count("-") % 2 else 1)
        return sign * float(Fraction(power.group(1)) ** exponent), False
    if re.fullmatch(r"\d+(?:\.\d+)?e[+-]?\d+", s):
        return sign * float(Fraction(s)), False
    parsed = _parse_tokens(_TOKEN_RE.findall(s))
    return None if parsed is None else (sign * float(parsed[0]), parsed[1])


def _parse_tokens(tokens: list[str]) -> tuple[Fraction, bool] | None:
    """(value, is_ordinal) of a tokenised number: decimals and fractions first, then integers."""
    toks = [t for t in tokens if t != "-"]  # "twenty-five", "ninety - five"
    if not toks or toks[0] in ("and", "point", "over", "of") or toks[-1] in ("and", "a", "an"):
        return None
    if "over" in toks:  # "one over three", "2000 over 3"
        i = toks.index("over")
        num, den = _integer(toks[:i]), _integer(toks[i + 1 :])
        return (num / den, False) if num is not None and den else None
    if "point" in toks:  # "two hundred point zero three", "nought point eleven"
        i = toks.index("point")
        whole, decimals = _integer(toks[:i]), _decimal_digits(toks[i + 1 :])
        if whole is None or decimals is None:
            return None
        return whole + Fraction(int(decimals), 10 ** len(decimals)), False
    if "of" in toks:  # "two thirds of a million", "a quarter of a billion"
        i = toks.index("of")
        part, scale = _parse_tokens(toks[:i]), [t for t in toks[i + 1 :] if t not in ("a", "an")]
        if part is None or part[1] or len(scale) != 1 or scale[0] not in _SCALES:
            return None
        return part[0] * _SCALES[scale[0]], False
    if toks[-1] in _COMPOUND_DENOMINATORS or toks[-1] in _ORDINALS:
        return _with_denominator(toks)
    if len(toks) == 1 and re.fullmatch(r"\d+/\d+", toks[0]):
        return _digit_fraction(None, toks[0])
    if len(toks) == 2 and re.fullmatch(r"\d+/\d+", toks[1]) and toks[0].isdigit():
        return _digit_fraction(toks[0], toks[1])  # "10 1/2"
    value = _integer(toks)
    if value is None:
        ordinal = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)", toks[0])
        if len(toks) == 1 and ordinal:  # "21st", "the 1,000th number one"
            return Fraction(int(ordinal.group(1).replace(",", ""))), True
        return None
    return value, False


def _digit_fraction(whole: str | None, fraction: str) -> tuple[Fraction, bool] | None:
    """ "3/4", "10 1/2": a proper fraction over a usual denominator ("9/11", "24/7" are not)."""
    num, den = (int(x) for x in fraction.split("/"))
    if den not in _DIGIT_DENOMINATORS or not 0 < num < den:
        return None
    return (int(whole) if whole else 0) + Fraction(num, den), False


def _decimal_digits(tokens: list[str]) -> str | None:
    """The digits after "point", one word each ("zero three") or a tens compound ("seventy-one")."""
    digits = ""
    for tok in tokens:
        if tok in NUMBER_UNITS:
            digits += str(NUMBER_UNITS[tok])
        elif tok in NUMBER_TENS:
            digits += str(NUMBER_TENS[tok])[0] + ("0" if tok == tokens[-1] else "")
        elif tok.isdigit():
            digits += tok
        else:
            return None
    return digits or None


def _with_denominator(toks: list[str]) -> tuple[Fraction, bool] | None:
    """A number ending in an ordinal or fraction word: a rank ("twenty-first", "two hundredth") or
    a fraction ("three quarters", "a fifth", "one hundred and three and two thirds")."""
    last, head = toks[-1], toks[:-1]
    singular_ordinal = last in _ORDINALS
    if not head:
        if singular_ordinal:
            return Fraction(_ORDINALS[last]), True
        return (Fraction(1, 2), False) if last == "half" else None  # "half of the voters"
    if head[-1] == "and":  # "one hundred and fifth"
        head = head[:-1]
    if "and" in head:  # "one and a half", "twenty and three fifths", "3 million and a half"
        k = len(head) - 1 - head[::-1].index("and")
        if head[k - 1] == "hundred" and head[k + 1 : k + 2] and head[k + 1] in NUMBER_TENS:
            # "one hundred and thirty fifths" is 130/5: the "and" is the integer's own.
            numerator, den = _integer(head), _FRACTIONS.get(last)
            if singular_ordinal:  # "one hundred and twenty-fifth anniversary"
                rank = _integer([*head, _ORDINAL_AS_CARDINAL[last]])
                return (rank, True) if rank is not None else None
            if numerator is None or den is None:
                return None
            return numerator / den, False
        if singular_ordinal and head[k + 1 :] not in (["a"], ["an"], ["one"]):
            rank = _integer([*head, _ORDINAL_AS_CARDINAL[last]])  # "... and twenty second"
            return (rank, True) if rank is not None else None
        numerator, den = _numerator(head[k + 1 :]), _FRACTIONS.get(last)
        whole = _integer(head[:k])
        if numerator is None or den is None or whole is None:
            return None
        frac = numerator / den
        scale = _SCALES.get(head[k - 1], 1) if head[k - 1] in _LONG_SCALES else 1
        return whole + frac * scale, False  # "two million and a half" is 2,500,000
    if head in (["a"], ["an"], ["one"]) and last in _FRACTIONS:
        return Fraction(1, _FRACTIONS[last]), False  # "a fifth", "one third", "a hundredth"
    # Split numerator from denominator: a tens word before the ordinal belongs to it ("one hundred
    # thirty fifths" is 100/35, "three twenty-firsts" 3/21); then, if what is left is no number,
    # move words over until it is ("one one hundred fifth" is 1/105).
    cut = len(head) - 1 if len(head) > 1 and head[-1] in NUMBER_TENS else len(head)
    while cut > 0 and _numerator(head[:cut]) is None:
        cut -= 1
    if cut == 0:
        return None
    numerator = _numerator(head[:cut])
    den_words = [*head[cut:], last]
    is_one = head[:cut] in (["a"], ["an"], ["one"])
    if singular_ordinal and not is_one:
        # "one hundred twenty-fifth", "two hundredth", "three trillionth": a rank.
        value = _integer([*head, _ORDINAL_AS_CARDINAL[last]])
        return (value, True) if value is not None else None
    if last not in _COMPOUND_DENOMINATORS or (len(den_words) == 1 and last not in _FRACTIONS):
        return None
    if last in ("half", "quarter"):
        return None  # "three quarters" is 0.75, but a "three-quarter" is a rugby back
    if last.removesuffix("s") not in _ORDINAL_AS_CARDINAL and len(den_words) > 1:
        return None  # "twenty halves"
    if len(den_words) == 1:
        den: Fraction | None = Fraction(_COMPOUND_DENOMINATORS[last])
    else:
        den = _integer([*den_words[:-1], _ORDINAL_AS_CARDINAL[last.removesuffix("s")]])
    if not den or numerator is None:
        return None
    return numerator / den, False


def _numerator(tokens: list[str]) -> Fraction | None:
    """The count of a fraction: "a", "one", "three", "one hundred"."""
    if tokens in (["a"], ["an"]):
        return Fraction(1)
    return _integer(tokens)


def _integer(tokens: list[str]) -> Fraction | None:
    """A whole number (or one with a simple fraction: "two and a half million") in words and
    digits, folded left to right: units and tens fill a group, "hundred" multiplies it, a scale
    closes it ("four thousand three hundred and twenty-one", "3 hundred and 21", "13 lakh").
    Two numbers side by side ("three four", "2004 100") are not one number: None."""
    total = Fraction(0)
    hundreds: Fraction | None = None
    small: Fraction | None = None
    last_scale: int | None = None
    seen = False
    prev = ""
    toks = [t for t in tokens if t != "-"]
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        digits = re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+", tok)
        if digits:
            if small is not None or (seen and prev not in ("and", "hundred", *_SCALES)):
                return None  # "1,2" or two numbers side by side
            if prev in _SCALES and nxt not in ("hundred", *_SCALES, *_DOZENS):
                return None  # "£5 million 20 jobs": a new number, not 5,000,020
            if prev == "and" and not tok.isdigit():
                return None  # "3 hundred and 2.12 hundred" is two numbers
            small = Fraction(tok.replace(",", ""))
        elif tok in _VULGAR:
            small = (small or 0) + _VULGAR[tok]
        elif tok in NUMBER_UNITS:
            after_tens = prev in NUMBER_TENS or (
                prev == "and" and i > 1 and toks[i - 2] in NUMBER_TENS
            )
            if small is not None and not (small in _TENS_VALUES and after_tens):
                return None  # "three four", "twenty twenty"
            small = (small or 0) + NUMBER_UNITS[tok]
        elif tok in NUMBER_TENS:
            if small is not None:
                return None
            small = Fraction(NUMBER_TENS[tok])
        elif tok == "hundred":
            if hundreds is not None:
                return None  # "one hundred two hundred"
            hundreds, small = (small if small is not None else Fraction(1)) * 100, None
        elif tok in _DOZENS:
            if small is None and hundreds is None:
                if prev not in ("a", "an"):
                    return None  # a bare "dozens" is vague
                small = Fraction(1)  # "a dozen"
            if small is not None:
                small *= 12  # "three hundred and two dozens" is 300 + 24
            else:
                hundreds = (hundreds or 0) * 12
        elif tok in _SCALES:
            group = (hundreds or 0) + (small or 0)
            if prev in _SCALES and hundreds is None and small is None:
                total *= _SCALES[tok]  # "three lakh crore"
                last_scale = _SCALES[tok]
            else:
                if hundreds is None and small is None:
                    if len(tok) <= 3 or prev not in ("a", "an"):
                        return None  # a bare "m" or "million" is not a number
                    group = Fraction(1)
                if last_scale is not None and _SCALES[tok] >= last_scale:
                    return None  # "two million three million"
                total += group * _SCALES[tok]
                last_scale = _SCALES[tok]
            hundreds = small = None
        elif (
            tok in ("half", "quarter") and prev in ("a", "an") and "and" in toks[max(0, i - 2) : i]
        ):
            small = (small or 0) + Fraction(1, _FRACTIONS[tok])  # "two and a half million"
        elif tok in ("half", "quarter") and not seen:
            small = Fraction(1, _FRACTIONS[tok])  # "half a million", "quarter million"
        elif tok in ("a", "an"):
            if seen and prev not in ("and", "half", "quarter"):
                return None
        elif tok == "and":
            # English puts "and" after "hundred" ("one hundred and six"), after a tens word in old
            # style ("twenty and three"), or after a scale before a hundreds group or a fraction.
            ok = (
                (prev == "hundred" and nxt not in ("a", "an"))
                or (prev in NUMBER_TENS and nxt in NUMBER_UNITS)
                or (prev in _SCALES and "hundred" in toks[i:])
                or (prev == "thousand" and not set(toks[i:]) & {"hundred", *_SCALES})
                or (nxt in ("a", "an") and toks[i + 2 : i + 3] in (["half"], ["quarter"]))
            )
            if not ok:
                return None
        else:
            return None
        if tok not in ("a", "an", "and"):
            seen = True
        prev = tok
    if not seen:
        return None
    return total + (hundreds or 0) + (small or 0)


_TENS_VALUES = frozenset(NUMBER_TENS.values())


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
        cur = re.sub(r"\s+", "", m.group("cur").lower())
        return _CURRENCY_SYMBOLS.get(cur) or cur.upper()
    if m.group("curword"):
        word = re.sub(r"\s+", " ", m.group("curword").strip(" \t\n-").lower())
        return _CURRENCY_WORDS.get(word) or _CURRENCY_SYMBOLS.get(word) or word.upper()
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


def _digit_candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_DIGIT_CANDIDATE_RE.finditer(text)`, found without trying the pattern (and
    its many currency prefixes) at every character, which cost as much as the rest of the numbers
    stage: the next match starts at most _DIGIT_REACH before the next digit (it holds a digit that
    close to its start), and a match starts at that digit at the latest (its digits alone match),
    so a search from there tries at most _DIGIT_REACH + 1 positions."""
    pos = 0
    while (digit := _ANY_DIGIT_RE.search(text, pos)) is not None:
        m = _DIGIT_CANDIDATE_RE.search(text, max(pos, digit.start() - _DIGIT_REACH))
        if m is None:  # not reached (a digit alone is a match); kept for safety
            return
        yield m
        pos = m.end()


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
        if e.label_ in ("DATE", "TIME") and not _overlaps(e.start_char, e.end_char, temporal):
            spans.append((e.start_char, e.end_char, "CARDINAL"))
    for m in _digit_candidates(text):
        plain = re.fullmatch(r"[\d,.]+", m.group()) is not None
        if _overlaps(m.start(), m.end(), temporal):
            continue
        signed = re.search(r"(?:^|\s)[-−]$", text[max(0, m.start() - 2) : m.start()])
        if plain and not signed and _overlaps(m.start(), m.end(), names):
            continue  # digits in a name; a marked amount ("230p", spaCy: PRODUCT) is kept
        after = text[m.end() : m.end() + 2]
        if _looks_like_name(text, m.start()) or (
            re.match(r"\w|[.,]\d", after) and after[:1] not in _CURRENCY_SIGNS_AFTER
        ):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", m.group()):
            continue  # a bare year spaCy did not call a DATE is still more likely a year
        spans.append((m.start(), m.end(), ""))
    for m in _WORD_CANDIDATE_RE.finditer(text):
        start, end = m.span()
        if _overlaps(start, end, names) or _overlaps(start, start + 1, temporal):
            continue
        if _DURATION_AFTER_RE.match(text, end):
            continue  # "every three years": spaCy missed the duration
        cut = [s for s, _ in temporal if start < s < end]
        end = min([end, *cut])  # "five million two years ago": the number stops at the date
        words = re.findall(r"[a-z]+|\d\S*", text[start:end].lower())
        signed = re.search(r"(?i)\b(?:minus|negative)\s+$", text[max(0, start - 9) : start])
        core = [w for w in words if w not in ("a", "an")]
        counted = len(words) > 1 and core[0] in (*_DOZENS, "hundred", *_LONG_SCALES)
        if len(core) == 1 and core[0] in _NOT_ALONE and not (signed or counted):
            continue  # but "a dozen", "a million", "minus one" are numbers
        spans.append((start, end, ""))
    for m in _PERCENT_OF_RE.finditer(text):
        if not re.search(rf"(?i)(?:\d|{_WORD})[\s-]*$", text[max(0, m.start() - 30) : m.start()]):
            spans.append((m.start(), m.end(), "PERCENT_OF"))  # "per cent of 210"
    # Every age holds "-year-old" in some case: the regex's scan of each word only where one may be.
    if "-year-old" in text.lower():
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


def _parts_in(
    text: str,
    start: int,
    end: int,
    label: str,
    currency: str | None,
    temporal: Sequence[tuple[int, int]] = (),
) -> list[_Part]:
    """The number expressions inside one candidate span, ranges split into their ends."""
    if label == "AGE":
        # The span is the number alone, as the gold annotates ages ("the 74-year-old comedian"
        # -> 74): "-year-old" is the unit of the adjective, not part of the number.
        m = _AGE_RE.match(text, start, end)
        value = parse_number(m.group("num").replace("-", " ")) if m else None
        if m is None or value is None:
            return []
        return [_Part(m.start("num"), m.end("num"), "cardinal", value, None, None, 1.0, True)]
    if label == "PERCENT_OF":
        m = _PART_RE.match(text, end, min(len(text), end + 60))
        part = _part(text, m, "", currency) if m else None
        if part is None or part.kind != "cardinal":
            return []
        return [replace(part, start=start, kind="percent", unit="%")]
    # Widen to catch a currency sign, a minus or an article spaCy left outside: "A$" + "2.5bn",
    # "-5", "minus five", "A million people".
    left = start
    prefix = re.search(rf"{_CUR_PREFIX}$", text[max(0, start - 6) : start])
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
    parts: list[_Part] = []
    pos = left
    while pos < limit:
        m = _PART_RE.search(text, pos, limit)
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


def _longest_part(text: str, m: re.Match[str], label: str, currency: str | None) -> _Part | None:
    """The part of match `m`, or of its longest prefix ending at a word boundary that reads as one
    number: "4000 3 hundred" -> "4000", "first two" -> "first", "three-nought-four" -> "three"."""
    part = _part(text, m, label, currency)
    if part is not None:
        return part
    cuts = [b.start() for b in re.finditer(r"(?<=\S)[\s-]", text[m.start() : m.end()])]
    for cut in reversed(cuts):
        shorter = _PART_RE.match(text, m.start(), m.start() + cut)
        if shorter is not None and shorter.end() > shorter.start():
            part = _part(text, shorter, label, currency)
            if part is not None:
                return part
    return None


def _part(text: str, m: re.Match[str], label: str, currency: str | None) -> _Part | None:
    """One number expression from a `_PART_RE` match, or None when it is not one."""
    start, end = m.start(), m.end()
    if start > 0 and re.match(r"[\w.,]", text[start - 1]) and not m.group("cur"):
        return None  # the middle of a word or of a longer number
    if end < len(text) and re.match(r"\w", text[end]) and not m.group("pct"):
        return None
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
            denominators = _FRACTIONS if len(rest) == 1 else _COMPOUND_DENOMINATORS
            rank = rest[-1] in _ORDINALS and (
                re.match(r"\s+(?!of\b)[A-Za-z]", text[m.end("words") :])
                or rest[-1] not in denominators
            )
            count = rest[0] in NUMBER_UNITS or rest[0] in NUMBER_TENS
            if rank or (count and rest[-1] not in _COMPOUND_DENOMINATORS):
                start += article.end()
                words = words[article.end() :]
        if _NOT_NUMBER_RE.match(text[m.end() :]) and not (
            _HYPHENATED_COUNT_RE.match(words) and _HYPHEN_NOUN_RE.match(text, m.end())
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
    if unit_word in _AMBIGUOUS_UNITS and (
        (unit_word != "m" and label != "QUANTITY") or not m.group("unit").islower()
    ):
        # "5 t" outside a spaCy QUANTITY is too unsure, and "3G" is a phone network.
        if not m.group("unit")[0].isspace():
            return None
        end, unit_word = core_end, ""
    scale_text = m.group("scale") or ""
    if words is not None and not scale_text:
        last_word = re.findall(r"[a-z]+", words.lower())[-1:]
        if last_word and last_word[0] in _LONG_SCALES:
            scale_text = " " + last_word[0]  # "3 to 4 million": the scale the range shares
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


def _join_subunits(text: str, parts: list[_Part]) -> list[_Part]:
    """One amount from "3 dollars 50 cents", "thirteen dollars and forty-five cents" (13.45)."""
    out: list[_Part] = []
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


class _WindowTooShort(Exception):
    """The object search reached the end of a tagged window before the end of its sentence."""


def _find_object(
    tagged: Doc,
    offset: int,
    end: int,
    temporal: Sequence[tuple[int, int]],
    *,
    to_sentence_end: bool = True,
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
    if not exhausted(0) and tokens[0].lower_ == "of":
        # "30% of voters", "half of the 1,000 respondents", "one of Britain's biggest firms"
        i = 1
        while not exhausted(i) and (tokens[i].tag_ in _DETERMINER_TAGS or tokens[i].tag_ == "CD"):
            i += 1
        j = i
        while not exhausted(j) and tokens[j].tag_ in _MODIFIER_TAGS:
            j += 1
        if i < j and not exhausted(j) and tokens[j].tag_ == "POS":
            i = j + 1
    run = []
    while len(run) < _MAX_OBJECT_TOKENS and not exhausted(i) and tokens[i].tag_ in _MODIFIER_TAGS:
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
    text: str | None = None,
) -> list[Number]:
    """Numeric expressions of one document with kind, value, unit, counted object and hedge.
    `text`: doc.text, when the caller has it (spaCy rebuilds it from the tokens on each access)."""
    found = find_numbers(doc, sentences, doc_id=doc_id, text=text)
    windows = found.window_texts()
    return finish_numbers(found, tag(windows) if windows else [], tag=tag)


@dataclass(slots=True)
class FoundNumbers:
    """One document's numbers before their counted objects: the text windows still to be tagged.

    Split from `finish_numbers` so that a caller can tag the windows of many documents in one
    tagger call (each `nlp.pipe` call has a fixed cost that a document's few windows do not
    amortise)."""

    text: str
    sentences: Sequence[Sentence]
    doc_id: str
    parts: list[_Part]
    temporal: list[tuple[int, int]]
    wanted: list[tuple[int, int]]  # (index in parts, end whose object is wanted)
    windows: list[tuple[int, int, bool]]  # from _tag_windows

    def window_texts(self) -> list[str]:
        """The texts to POS-tag, in order; their Docs go to `finish_numbers`."""
        return [self.text[a:b] for a, b, _ in self.windows]


def find_numbers(
    doc: Doc, sentences: Sequence[Sentence], *, doc_id: str, text: str | None = None
) -> FoundNumbers:
    """Everything of extract_numbers bar the tagging: the numbers and the windows to tag."""
    if text is None:
        text = doc.text
    # A fraction in words is no date or duration, whatever spaCy says ("three quarters").
    temporal = [
        (s, e)
        for s, e in temporal_spans(doc, text)
        if not (
            re.fullmatch(r"[A-Za-z\s-]+", text[s:e])
            and (value := parse_number(text[s:e])) is not None
            and value != int(value)
        )
    ]
    parts: list[_Part] = []
    currency: str | None = None
    for start, end, label in _candidate_spans(doc, text, temporal):
        found = [
            p
            for p in _parts_in(text, start, end, label, currency, temporal)
            if not _overlaps(p.start, p.end, temporal)
        ]
        for p in found:
            if p.kind == "money" and p.unit:
                currency = p.unit  # context for a later amount without a sign ("between $3 and 4m")
            if not parts or p.start >= parts[-1].end:  # widened spans may reach a neighbour
                parts.append(p)
    parts = _join_subunits(text, sorted(parts, key=lambda p: p.start))
    parts = _link_ranges(text, parts)
    parts = _with_hedges(text, parts)
    wanted, windows = _object_windows(doc, text, parts, sentences)
    return FoundNumbers(text, sentences, doc_id, parts, temporal, wanted, windows)


def finish_numbers(
    found: FoundNumbers, tagged: Sequence[Doc], *, tag: Callable[[Sequence[str]], list[Doc]]
) -> list[Number]:
    """Number rows from `found` and the tagged Docs of its `window_texts()`; `tag` tags the rare
    whole sentence an object runs past its window in."""
    text, sentences, doc_id = found.text, found.sentences, found.doc_id
    objects = _objects(found, tagged, tag)
    for i, p in enumerate(found.parts):
        hyphen = _HYPHEN_NOUN_RE.match(text, p.end)
        if objects[i] is None and hyphen and _HYPHENATED_COUNT_RE.match(text[p.start : p.end]):
            objects[i] = (hyphen.start(1), hyphen.end(1), "NN")  # "three-party" counts parties
    parts = [_metres(text, p, obj) for p, obj in zip(found.parts, objects, strict=True)]
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
    if part.kind != "cardinal":
        return part
    measured = re.match(r"\s+(?:tall|long|high|wide|deep)\b", text[part.end :])  # "1.8m tall"
    if not measured and (obj is None or obj[2] not in ("NN", "NNP")):
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


def _object_windows(
    doc: Doc, text: str, parts: Sequence[_Part], sentences: Sequence[Sentence]
) -> tuple[list[tuple[int, int]], list[tuple[int, int, bool]]]:
    """The (index, end) of the numbers whose counted object is wanted, and the windows to tag.

    Only short windows around the numbers are tagged, all in one call: tagging every sentence would
    cost a fifth of the pipeline, and even the sentences that hold a number cost ~1.6 times what
    the windows do. The rare object that runs past its window is looked for again in its whole
    sentence (a second call, in `_objects`), so the objects are the ones whole sentences give.
    """
    if not parts or not sentences:
        return [], []
    # A range shares the object written after its last end ("between 10 and 20 people").
    ends = [p.end for p in parts]
    for i in range(len(parts) - 2, -1, -1):
        if _RANGE_GAP_RE.match(text[parts[i].end : parts[i + 1].start]):
            ends[i] = ends[i + 1]
    starts = doc.to_array("IDX").tolist()  # no Token objects: cheaper than [t.idx for t in doc]
    wanted = [
        (i, e)
        for i, (p, e) in enumerate(zip(parts, ends, strict=True))
        if not p.is_age  # an age ("the 40-year-old driver") counts years, not the noun after it
        and sentences[index_at(sentences, e)].char_start
        <= e
        <= sentences[index_at(sentences, e)].char_end
        and not _no_object_after(doc, starts, e)
    ]
    return wanted, _tag_windows(doc, text, sentences, starts, [e for _, e in wanted])


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


def _objects(
    found: FoundNumbers, tagged: Sequence[Doc], tag: Callable[[Sequence[str]], list[Doc]]
) -> list[tuple[int, int, str] | None]:
    """(start, end, head tag) of each number's counted object, from the tagged windows."""
    text, sentences, temporal, windows = found.text, found.sentences, found.temporal, found.windows
    objects: list[tuple[int, int, str] | None] = [None] * len(found.parts)
    retry: list[tuple[int, int]] = []
    for i, end in found.wanted:
        w = next(k for k, (a, b, _) in enumerate(windows) if a <= end <= b)
        start, _, whole = windows[w]
        try:
            objects[i] = _find_object(tagged[w], start, end, temporal, to_sentence_end=whole)
        except _WindowTooShort:
            retry.append((i, end))
    if retry:
        ks = sorted({index_at(sentences, e) for _, e in retry})
        docs = tag([text[sentences[k].char_start : sentences[k].char_end] for k in ks])
        by_sentence = dict(zip(ks, docs, strict=True))
        for i, end in retry:
            k = index_at(sentences, end)
            objects[i] = _find_object(by_sentence[k], sentences[k].char_start, end, temporal)
    return objects


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
