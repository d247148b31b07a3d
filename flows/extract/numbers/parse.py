"""The value of a number written in digits or words: "8,500", "1.2bn", "twenty-five", "two and a
half million", "three quarters", "one hundred and twenty-fifth", "minus five"."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from flows.extract.numbers.grammar import alternation
from flows.extract.numbers.words import (
    COMPOUND_DENOMINATORS,
    DIGIT_DENOMINATORS,
    DOZENS,
    FRACTIONS,
    LONG_SCALES,
    ORDINAL_AS_CARDINAL,
    ORDINALS,
    QUALIFIERS,
    SCALES,
    VULGAR,
)
from flows.lexicon import NUMBER_TENS, NUMBER_UNITS


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words, or None if `text` is not one number.

    Handles separators and decimals ("8,500", "1.2", "1 234 567", "1.3e6"), scale words and
    suffixes ("$1.2 billion", "1.2bn", "600m", "13 lakh"), word numbers ("twenty-five", "a
    million", "two dozen", "3 hundred and 21", "two point five"), fractions ("three quarters", "two
    and a half", "3/4", "one over three", "half a million"), ordinals ("third", "21st", "two
    hundredth"), a sign ("-5", "minus five"), a leading hedge ("some 8,500") and a percent sign.
    Vague plurals ("dozens", "thousands") are not numbers.
    """
    parsed = parse(text)
    return None if parsed is None else parsed[0]


_HEDGE_PREFIX_RE = re.compile(rf"(?:{alternation(list(QUALIFIERS))})\s+")
_TOKEN_RE = re.compile(
    r"\d+/\d+|\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|\.\d+|[a-z]+|[½¼¾⅓⅔]|\S", re.IGNORECASE
)


# Pure in `text`, and the same few strings ("two", "5", "£1m") come back within and across
# documents: cached, as parsing runs a dozen regexes and Fraction arithmetic.
@lru_cache(maxsize=8192)
def parse(text: str) -> tuple[float, bool] | None:
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
        if part is None or part[1] or len(scale) != 1 or scale[0] not in SCALES:
            return None
        return part[0] * SCALES[scale[0]], False
    if toks[-1] in COMPOUND_DENOMINATORS or toks[-1] in ORDINALS:
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
    if den not in DIGIT_DENOMINATORS or not 0 < num < den:
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
    singular_ordinal = last in ORDINALS
    if not head:
        if singular_ordinal:
            return Fraction(ORDINALS[last]), True
        return (Fraction(1, 2), False) if last == "half" else None  # "half of the voters"
    if head[-1] == "and":  # "one hundred and fifth"
        head = head[:-1]
    if "and" in head:  # "one and a half", "twenty and three fifths", "3 million and a half"
        k = len(head) - 1 - head[::-1].index("and")
        if head[k - 1] == "hundred" and head[k + 1 : k + 2] and head[k + 1] in NUMBER_TENS:
            # "one hundred and thirty fifths" is 130/5: the "and" is the integer's own.
            numerator, den = _integer(head), FRACTIONS.get(last)
            if singular_ordinal:  # "one hundred and twenty-fifth anniversary"
                rank = _integer([*head, ORDINAL_AS_CARDINAL[last]])
                return (rank, True) if rank is not None else None
            if numerator is None or den is None:
                return None
            return numerator / den, False
        if singular_ordinal and head[k + 1 :] not in (["a"], ["an"], ["one"]):
            rank = _integer([*head, ORDINAL_AS_CARDINAL[last]])  # "... and twenty second"
            return (rank, True) if rank is not None else None
        numerator, den = _numerator(head[k + 1 :]), FRACTIONS.get(last)
        whole = _integer(head[:k])
        if numerator is None or den is None or whole is None:
            return None
        frac = numerator / den
        scale = SCALES.get(head[k - 1], 1) if head[k - 1] in LONG_SCALES else 1
        return whole + frac * scale, False  # "two million and a half" is 2,500,000
    if head in (["a"], ["an"], ["one"]) and last in FRACTIONS:
        return Fraction(1, FRACTIONS[last]), False  # "a fifth", "one third", "a hundredth"
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
        value = _integer([*head, ORDINAL_AS_CARDINAL[last]])
        return (value, True) if value is not None else None
    if last not in COMPOUND_DENOMINATORS or (len(den_words) == 1 and last not in FRACTIONS):
        return None
    if last in ("half", "quarter"):
        return None  # "three quarters" is 0.75, but a "three-quarter" is a rugby back
    if last.removesuffix("s") not in ORDINAL_AS_CARDINAL and len(den_words) > 1:
        return None  # "twenty halves"
    if len(den_words) == 1:
        den: Fraction | None = Fraction(COMPOUND_DENOMINATORS[last])
    else:
        den = _integer([*den_words[:-1], ORDINAL_AS_CARDINAL[last.removesuffix("s")]])
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
            if small is not None or (seen and prev not in ("and", "hundred", *SCALES)):
                return None  # "1,2" or two numbers side by side
            if prev in SCALES and nxt not in ("hundred", *SCALES, *DOZENS):
                return None  # "£5 million 20 jobs": a new number, not 5,000,020
            if prev == "and" and not tok.isdigit():
                return None  # "3 hundred and 2.12 hundred" is two numbers
            small = Fraction(tok.replace(",", ""))
        elif tok in VULGAR:
            small = (small or 0) + VULGAR[tok]
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
        elif tok in DOZENS:
            if small is None and hundreds is None:
                if prev not in ("a", "an"):
                    return None  # a bare "dozens" is vague
                small = Fraction(1)  # "a dozen"
            if small is not None:
                small *= 12  # "three hundred and two dozens" is 300 + 24
            else:
                hundreds = (hundreds or 0) * 12
        elif tok in SCALES:
            group = (hundreds or 0) + (small or 0)
            if prev in SCALES and hundreds is None and small is None:
                total *= SCALES[tok]  # "three lakh crore"
                last_scale = SCALES[tok]
            else:
                if hundreds is None and small is None:
                    if len(tok) <= 3 or prev not in ("a", "an"):
                        return None  # a bare "m" or "million" is not a number
                    group = Fraction(1)
                if last_scale is not None and SCALES[tok] >= last_scale:
                    return None  # "two million three million"
                total += group * SCALES[tok]
                last_scale = SCALES[tok]
            hundreds = small = None
        elif (
            tok in ("half", "quarter") and prev in ("a", "an") and "and" in toks[max(0, i - 2) : i]
        ):
            small = (small or 0) + Fraction(1, FRACTIONS[tok])  # "two and a half million"
        elif tok in ("half", "quarter") and not seen:
            small = Fraction(1, FRACTIONS[tok])  # "half a million", "quarter million"
        elif tok in ("a", "an"):
            if seen and prev not in ("and", "half", "quarter"):
                return None
        elif tok == "and":
            # English puts "and" after "hundred" ("one hundred and six"), after a tens word in old
            # style ("twenty and three"), or after a scale before a hundreds group or a fraction.
            ok = (
                (prev == "hundred" and nxt not in ("a", "an"))
                or (prev in NUMBER_TENS and nxt in NUMBER_UNITS)
                or (prev in SCALES and "hundred" in toks[i:])
                or (prev == "thousand" and not set(toks[i:]) & {"hundred", *SCALES})
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
