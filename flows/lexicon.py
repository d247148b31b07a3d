"""English word lists that more than one module tests words against, each written once.

A list belongs here when two or more modules use it with the same meaning: the weekdays that the
date parser resolves, the sentence splitter lets follow "6 p.m." and the speaker finder stops at
are one list. A list that one module uses stays beside its code (the speech-only lists in
flows/extract/speech/lexicon.py, the naming ones in flows/extract/names.py), and so does a
module's own mixture of words ("words that open a sentence"), which it composes from these
(`frozenset(WEEKDAYS) | RELATIVE_DAYS | …`) rather than copying words out of them.

Every word is lower case, without a period: callers lower-case (and strip) what they look up.
Only closed classes live here (the few wire agencies that sign news are one), never open-ended
lists of names.
"""

from __future__ import annotations

from collections.abc import Mapping

# --- the calendar ---------------------------------------------------------------------------------

#: In calendar order: a weekday's index is its `datetime.date.weekday()`.
WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
#: In calendar order: a month's index plus one is its number.
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: Abbreviated month names ("Jan. 24", "Sept 3") and their month numbers. "may" is no
#: abbreviation (it is the month's name, in MONTHS); "sep" and "sept" are both written.
MONTH_ABBREVIATIONS: Mapping[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Units of time: a count before one is a duration ("three days", "two fortnights"), which dates
#: annotates and numbers therefore leaves alone. Plurals add "s" ("centuries" aside).
TIME_UNITS: tuple[str, ...] = (
    "second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month", "year",
    "decade", "century",
)  # fmt: skip
#: Days named relative to the day of writing.
RELATIVE_DAYS = frozenset({"today", "tonight", "tomorrow", "yesterday"})

# --- the news -------------------------------------------------------------------------------------

#: Wire services, by the names they sign with: in a dateline ("CHICAGO (Reuters) -", "AFP - A
#: French national …") and as a story's last line ("AP", "Xinhua").
NEWS_AGENCIES = frozenset(
    """
    ap afp reuters upi dpa ansa xinhua tass pti ians kyodo yonhap efe bernama ani cna
    """.split()
)

# --- numbers --------------------------------------------------------------------------------------

#: Number words below twenty and their values; with the tens, the words of every count below a
#: hundred ("twenty-five", "three days ago").
NUMBER_UNITS: Mapping[str, int] = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
NUMBER_TENS: Mapping[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

# --- people ---------------------------------------------------------------------------------------

#: Honorifics that only ever precede a person's name, with or without a period ("Mr Cable",
#: "Dr. Fauci"). "Miss" is not one: "Miss World", "Miss Saigon" are no people (the speaker
#: resolver, which knows its name is a person's, adds it; see speech/lexicon.COURTESY_TITLES).
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame"})

# --- abbreviations --------------------------------------------------------------------------------

#: Abbreviations that a name or noun always follows, so that their period never ends a sentence:
#: titles ("Dr.", "Gov.", "Messrs."), "St.", "Mt.", "vs.", "cf.", "approx.". Both sentence
#: splitters (segment, and speech for the sentences of a quotation) keep the period with the word.
NONFINAL_ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs dr prof sen sens rep reps gov gen lt col capt cpt sgt maj adm cmdr cdr rev fr
    hon pres supt cpl det insp st mt ft vs v cf approx ald atty brig
    """.split()
)

# --- function words -------------------------------------------------------------------------------

ARTICLES = frozenset({"the", "a", "an"})
#: Prepositions ("according" of "according to"): a phrase of place or time begins with one ("on
#: Monday", "at 5 a.m."), which is no part of a name before or after it. Not "around", "near",
#: "since", "until", "till": they also modify a number or open a clause ("around eight members
#: … were planning", "near the $27bn Russia says", "since the Law Commission dubbed them"),
#: where the speaker finder must not stop (segment adds them for its own test).
PREPOSITIONS = frozenset(
    """
    about according across after against amid among at before between by during for from in into
    of on onto outside over per through to toward towards under upon via with within without
    """.split()
)
#: Street types and their postal abbreviations: after one to three capitalised words they end a
#: street name ("1909 Jolinda Drive", "17th Street", "W. County Road"), whose digits are a house
#: number or part of the name, neither a year nor a count.
STREET_TYPES = frozenset(
    """
    street st avenue ave road rd drive dr lane ln boulevard blvd court ct way place pl terrace
    circle highway hwy parkway pkwy
    """.split()
)
#: Personal pronouns in their subject form: a clause's subject, never a name's word.
PERSONAL_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
