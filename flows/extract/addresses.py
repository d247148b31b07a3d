"""Street addresses: the digits of a house number or of a street's name are neither a count nor a
year ("1119 Eighth St.", "of 1909 Jolinda Drive", "17th Street"), for the numbers and the dates.
"""

from __future__ import annotations

import re

from flows.lexicon import STREET_TYPES

__all__ = ["ADDRESS_AFTER_RE", "STREET_TYPE_AFTER_RE"]

# What follows a house number or the ordinal of a street name: an optional compass letter, one to
# three capitalised words or ordinals, then a street type ("1119 Eighth St.", "3170 W. County
# Road", "2134 Caldwell Place", "17th Street"), or "block" ("the 2000 block of Main Street").
_STREET = "|".join(sorted({w.capitalize() for w in STREET_TYPES}, key=len, reverse=True))
# White space inside one paragraph: a wire's hard wrap may fall inside a street name.
_WS = r"(?:[ \t]+\n?|\n)[ \t]*"
#: After a house number.
ADDRESS_AFTER_RE = re.compile(
    rf"{_WS}(?:block\b|(?:[NSEW]\.?{_WS})?(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th)){_WS}){{1,3}}"
    rf"(?:{_STREET})\b)"
)
#: After an ordinal that names a street ("17th Street", "5th Ave."): the street type itself.
STREET_TYPE_AFTER_RE = re.compile(rf"{_WS}(?:{_STREET})\b")
