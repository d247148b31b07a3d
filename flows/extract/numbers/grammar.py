"""The grammar of one number expression, as regexes: [currency] [sign] number [scale] [percent |
currency | unit] (`PART_RE`), the candidate patterns that find digits and number words in a text,
and the patterns of what stands around a number (hedges, range gaps, ages, hyphenated counts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from flows.extract.numbers.words import (
    COMPOUND_DENOMINATORS,
    CURRENCY_SIGNS_AFTER,
    CURRENCY_WORDS,
    DOZENS,
    ISO_CODES,
    LONG_SCALES,
    ORDINALS,
    QUALIFIERS,
    UNIT_NAMES,
)
from flows.lexicon import NUMBER_TENS, NUMBER_UNITS


def alternation(words: Sequence[str]) -> str:
    """A regex alternation that tries longer phrases first, spaces matching any whitespace."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NUM_WORDS = [
    *NUMBER_UNITS,
    *NUMBER_TENS,
    "hundred",
    *LONG_SCALES,
    *DOZENS,
    *COMPOUND_DENOMINATORS,
]
_NUM_WORDS += [*ORDINALS]
# The first two letters, tried first: Python's re tries a long alternation word by word.
_WORD_STARTS = "|".join(sorted({w[:2] for w in _NUM_WORDS}))
WORD = rf"(?={_WORD_STARTS})(?:{alternation(sorted(set(_NUM_WORDS)))})(?![a-z])"
# Digits: "1,234.5", "1 234 567" (thin or plain spaces between groups of three), "1.3e6", "1.1^23".
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
    r"(?<!\d\s)[1-9]\d{0,2}(?:[ \u202f\u00a0]\d{3})+(?![\d,\-\w])(?:\.\d+)?|"
    r"\d+(?:\.\d+)?(?:[eE][+-]?\d+|\^[+-]*\d+)(?!\w)|\d+(?:\.\d+)?|\.\d+"
)
# A digit fraction, with a whole part before it or not: "3/4", "10 1/2".
_DIGIT_FRACTION = r"(?:\d+\s+)?\d+/\d+(?![\d/])"
_TOKEN = rf"(?:{WORD}|{_DIGIT_FRACTION}|{_DIGITS})"
# Between the words of one number: "twenty-five", "one hundred and six", "two and a half", "half a
# dozen", "two thirds of a million", "two point five", "one over three", "4 thousand 3 hundred".
_SEP = (
    rf"(?:\s*-\s*|\s+(?:and\s+(?:an?\s+)?|an?\s+|of\s+an?\s+(?=(?:hundred|{'|'.join(LONG_SCALES)}"
    rf"|dozen)\b)|point\s+|over\s+)?)"
)
# A number in words, or digits followed by more number words ("3 hundred and 21", "13 lakh").
_PHRASE = (
    rf"(?:(?:a|an)[\s-]+)?{WORD}(?:{_SEP}(?={_TOKEN}){_TOKEN})*|"
    rf"(?:{_DIGIT_FRACTION}|{_DIGITS})(?:{_SEP}(?={_TOKEN}){_TOKEN})*{_SEP}(?={WORD}){WORD}"
    rf"(?:{_SEP}(?={_TOKEN}){_TOKEN})*|"
    rf"(?:{_DIGITS})\s+over\s+(?:{_DIGITS})(?![\d,.])"
)
# "#36;" is the dollar sign of AG News's scraped text ("US #36;75 million"), an HTML entity that
# lost its ampersand.
CUR_PREFIX = (
    r"(?:(?i:us|u\.s\.?|au|ca|c|nz|hk|mex)\s?(?:\$|#36;)\s?|(?i:a|s|r)?(?:\$|#36;)\s?|"
    r"[£€¥₹₩₽₡₾₭]\s?|(?i:rs\.?)\s?|"
    rf"(?:{'|'.join(ISO_CODES)})\s?)"
)
_SCALE = (
    r"(?:\s?(?:bn|bln|mn|mln|tn|trn|tln)|mil|[mkb])(?![A-Za-z0-9])|\s(?-i:k)(?![\w.,])|"
    r"\s+(?:hundred|thousand|million|billion|trillion|dozen)(?:\s+(?:million|billion))?\b"
)
_PERCENT = r"\s?%|\s?(?:per\s?cents?|percents?|pc|pct)\b|\s+percentage\s+points?\b|\s+percentage\b"
# Codes are case-sensitive: "a second try" is no Turkish lira.
_CUR_WORD = (
    rf"(?:\s+|-)(?:{alternation(list(CURRENCY_WORDS))})\b|\s?(?-i:{'|'.join(ISO_CODES)})\b|"
    rf"\s?(?:{'|'.join(CURRENCY_SIGNS_AFTER)})"
)
_SUBUNIT = r"p\b|\s+(?:pence|(?:euro\s+)?cents?|cts?)\b"
_UNIT_ALTERNATION = alternation(list(UNIT_NAMES))
# "20 kg", "a 45-acre farm", and in tables a bracketed unit: "20 (kg)", "20 [kg]".
_UNIT = (
    rf"[\s-]?(?:{_UNIT_ALTERNATION})(?![\w/])|"
    rf"\s?(?:\((?:{_UNIT_ALTERNATION})\)|\[(?:{_UNIT_ALTERNATION})\]|"
    rf"\{{(?:{_UNIT_ALTERNATION})\}}|<(?:{_UNIT_ALTERNATION})>)"
)
# One number expression: [currency] [sign] number [ordinal suffix] [scale] [+] [percent|currency|
# unit]. A sign is a minus glued to the digits or the word "minus"/"negative".
PART_RE = re.compile(
    rf"(?<![\w$£€¥])(?P<cur>{CUR_PREFIX})?(?P<neg>(?<!\d\s)[-−](?=[\d.])|(?i:minus|negative)\s+)?"
    rf"(?:(?i:(?P<words>{_PHRASE}))|(?P<digits>{_DIGIT_FRACTION}|{_DIGITS})(?P<ord>st|nd|rd|th)?"
    rf"|(?P<vulgar>[½¼¾⅓⅔]))"
    rf"(?i:(?P<scale>{_SCALE}))?(?P<plus>\+)?"
    rf"(?i:(?P<pct>{_PERCENT})|(?P<sub>{_SUBUNIT})|(?P<curword>{_CUR_WORD})|(?P<unit>{_UNIT}))?"
)
# Digit forms spaCy misses or cuts: "£600m", "$1.13bn", "5 per cent", "230p", "40-year-old".
# Scanned with digit_candidates, not finditer.
DIGIT_CANDIDATE_RE = re.compile(
    rf"(?:{CUR_PREFIX})?(?:{_DIGIT_FRACTION}|{_DIGITS})(?:st|nd|rd|th)?(?i:{_SCALE})?"
    rf"(?i:{_PERCENT}|{_SUBUNIT})?"
)
_ANY_DIGIT_RE = re.compile(r"\d")
# A match of DIGIT_CANDIDATE_RE has a digit within its first 9 characters: at most 7 of currency
# prefix ("u.s. $ "), then a digit or "." and a digit.
_DIGIT_REACH = 8


def digit_candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of `DIGIT_CANDIDATE_RE.finditer(text)`, found without trying the pattern (and
    its many currency prefixes) at every character, which cost as much as the rest of the numbers
    stage: the next match starts at most _DIGIT_REACH before the next digit (it holds a digit that
    close to its start), and a match starts at that digit at the latest (its digits alone match),
    so a search from there tries at most _DIGIT_REACH + 1 positions."""
    pos = 0
    while (digit := _ANY_DIGIT_RE.search(text, pos)) is not None:
        m = DIGIT_CANDIDATE_RE.search(text, max(pos, digit.start() - _DIGIT_REACH))
        if m is None:  # not reached (a digit alone is a match); kept for safety
            return
        yield m
        pos = m.end()


# Numbers in words spaCy does not tag ("three quarters", "one and a half", "twenty-fifth").
WORD_CANDIDATE_RE = re.compile(rf"(?i)(?<![\w-])(?:{_PHRASE})")
# "per cent of 210": a percentage named before its number (no number before "per cent").
PERCENT_OF_RE = re.compile(r"(?i)(?<![\w%])(?:per\s?cents?|percents?)\s+of\s+(?=\w)")
AGE_RE = re.compile(r"(?i)(?P<num>[a-z]+(?:-[a-z]+)?|\d+)-year-old\b")
# Hedges end right before the number; leftmost-longest so "no more than" beats "more than".
HEDGE_RE = re.compile(rf"(?i)(?<![\w-])(?P<hedge>{alternation(list(QUALIFIERS))})\s+$")
# Between the ends of a range: "€3 to €4 million", "3-4 million", "10 and 20", "two or three".
RANGE_GAP_RE = re.compile(r"(?i)^(?:\s*(?:-|–|—|to)\s*|\s+(?:and|or)\s+)$")
CONVERSION_GAP_RE = re.compile(r"^\s*\($")
# A cardinal of two or more hyphenated to a noun counts it: "a three-party struggle", "a
# five-point plan", "a seven-seat car", "the 25-state EU", "a 10-game streak" (the idioms are one,
# half, quarter and ordinals).
HYPHENATED_COUNT_RE = re.compile(
    r"(?i)^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|[2-9]|[1-9][\d,]*\d)$"
)
# Its counted noun: the word after the hyphen, the compound modifying a common noun ("a
# five-point plan"; not "two-bit Tories", an idiom before a name).
HYPHEN_NOUN_RE = re.compile(r"-([a-z]+)(?= [a-z])")
