"""Date and time expressions from a NER'd Doc: kind (date, time, duration) and the resolved day.

spaCy's DATE and TIME entities are the candidates, joined where spaCy splits one expression
("midnight" + "on" + "Monday"), plus what one cheap regex pass finds that spaCy's small model
misses (decades, centuries, seasons after a preposition, fixed-date holidays). The rules here
(GUIDELINES.md, "Dates"; tests/gold/README.md) trim them to the expression as annotated, split what
spaCy ran together ("the 12 months to 31 December"), drop what is not a date (ages, counts spaCy
misread, recurring days, frequencies, trading sessions), classify them, and resolve a calendar day
only when exactly one follows from the text and the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.extract.addresses import ADDRESS_AFTER_RE  # a house number is no year
from flows.extract.given_names import is_given_name
from flows.lexicon import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_TENS,
    NUMBER_UNITS,
    PERSONAL_PRONOUNS,
    TIME_UNITS,
    WEEKDAYS,
)
from flows.schema import DateMention, Sentence
from flows.spans import index_at, trim

_LABELS = ("DATE", "TIME")

# Month names and abbreviations -> month number; weekday -> datetime.weekday().
_MONTHS: dict[str, int] = {
    **{name: n for n, name in enumerate(MONTHS, start=1)},
    **MONTH_ABBREVIATIONS,
}
_WEEKDAYS: dict[str, int] = {name: n for n, name in enumerate(WEEKDAYS)}
# Counts in words for "three days ago", "a day later".
_SMALL: dict[str, int] = {"a": 1, "an": 1, **NUMBER_UNITS, **NUMBER_TENS}
_SMALL_WORDS = "|".join(_SMALL)

# The names of _MONTHS as one compact pattern; forgiving on purpose: "sept?(?:ember)?" also takes
# "Sepember" (seen in Reuters), which _calendar_date reads by its first three letters.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = f"(?:{'|'.join(WEEKDAYS)})"
_UNIT = f"(?:{'|'.join(TIME_UNITS)}|centuries)"
_COUNT = (
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|few|a few|several|many|some|"
    r"couple(?: of)?|a couple(?: of)?|a lot of|lots of|a number of|a matter of|countless|half an?|"
    r"\w+ and a half)"
)
_TIME_OF_DAY = (
    r"(?:morning|afternoon|evening|night|tonight|overnight|noon|midday|midnight|dawn|dusk|"
    r"daybreak|lunchtime)"
)
# A clock time: "10am", "3.30pm", "10:15", "9 p.m.".
_CLOCK = r"(?:\d{1,2}(?:[:.]\d\d)?\s?(?:[ap]\.?m\b\.?)|\d{1,2}:\d\d)"
# A clock time with no a.m./p.m.: hours and minutes, nothing more of a number around it.
_BARE_CLOCK_RE = re.compile(r"(?<![\d:.,/])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:,/]|\.\d)")
# A time of day around a day leaves it one day: "midnight on Monday", "10am today", "Monday at 3pm".
_TIME_BEFORE = rf"(?:(?:{_CLOCK}|{_TIME_OF_DAY})\s+(?:on\s+)?)?"
_TIME_AFTER = rf"(?:\s+{_TIME_OF_DAY})?(?:,?\s+(?:at\s+)?{_CLOCK})?"

# Anything spaCy calls DATE/TIME without one of these words is not a date: "Smith, 40," and "aged
# 40" come back as DATE '40', and "Between 10 and 20 people" as DATE; the numbers module keeps them.
DATE_WORD_RE = re.compile(
    rf"(?i)\b(?:{_MONTH}\.?|{_WEEKDAY}s?|{_UNIT}s?|quarters?|half|today|tomorrow|yesterday|"
    rf"{_TIME_OF_DAY}|ago|now|recently|spring|summer|autumn|fall|winter|christmas|easter|"
    r"ramadan|eid|new year|season|term|era|period|(?:1[5-9]|20)\d\d|\d{1,3}0s|'\d0s|"
    r"\d{1,2}:\d\d|\d{1,2}(?:st|nd|rd|th)|"
    r"\d{1,2}\s?(?:a\.?m\.?|p\.?m\.?)|a\.m\.|p\.m\.|o'clock|q[1-4]|fy\d+|h[12]|"
    r"(?:long|short|little)\s+(?:time|while)|"
    # a 24-hour clock with its zone: "0100 GMT", "0930 hrs"
    r"(?:[01]\d|2[0-3])[0-5]\d\s+(?:gmt|utc|bst|hrs|[ecmp][sd]t))(?!\w)"
)
# Ages are numbers (GUIDELINES: cardinal covers ages), though spaCy labels "40-year-old" a DATE.
AGE_RE = re.compile(r"(?i)^(?:\w+[-\s])+(?:year|month|week|day)s?(?:[-\s]old|\s+of\s+age)$")
# Words the annotation leaves out of a date's span: focus words and bounds ("just three days",
# "until at least 2021", "up to 10 years" -> "three days", "2021", "10 years"), prepositions, and
# the noun of an age spaCy ran in ("above age 6 months" -> "6 months").
# Approximations of the amount stay in it, as in the gold of six publishers ("about three years",
# "less than 100 days", "almost two weeks", "about 4:30 a.m.").
_LEAD_RE = re.compile(
    r"(?i)^(?:just|only|barely|merely|some|over|under|at least|at most|up to|as early as|"
    r"as late as|as recently as|as long as|as of|until|since|by|from|on|in|age(?:\s+of)?|aged|"
    # the pronoun "one" before a date spaCy ran into it: "including one last month"
    r"one(?=\s+(?:last|this|next)\s))\s+"
)
# "about", "around" before a named day is the preposition of the verb ("asked about Thursday
# night's fight"), not an approximation, which qualifies an amount or a clock time.
_ABOUT_DAY_RE = re.compile(
    r"(?i)^(?:about|around)\s+(?=(?:(?:last|this|next)\s+)?(?:"
    + "|".join(WEEKDAYS)
    + r")\b|(?:yesterday|today|tonight|tomorrow|last\s+night)\b)"
)
_APPROXIMATION_RE = re.compile(
    r"(?i)^(?:about|around|roughly|nearly|almost|approximately|more than|less than|fewer than)\s+"
)
_POSSESSIVE_RE = re.compile(r"[’']s$")
_DANGLING_OF_RE = re.compile(r"(?i)\s+of$")
_YEAR_AFTER_OF_RE = re.compile(r"\s+(?:1[89]|20)\d\d(?![\w%/-]|[.,]\d)")
# An article before a month or weekday ("a Nov. 5 letter", "a Tuesday meeting"). (Not a
# capitalised word: "Black Friday", "Super Tuesday" are days of their own.)
_BEFORE_NAMED_DAY_RE = re.compile(rf"(?i)an?\s+(?={_MONTH}\b|{_WEEKDAY})")
# An expression that ends in an abbreviation whose period the trim took: "p.m", "Nov".
_ABBREVIATION_END_RE = re.compile(rf"(?i)(?:\b[ap]\.m|\b(?:{'|'.join(MONTH_ABBREVIATIONS)}))$")
# Recurring days and frequencies are not annotated ("every week", "annually", "on Sundays").
_RECURRING_RE = re.compile(
    rf"(?i)^(?:every|each|per)\b|\b(?:annually|daily|weekly|monthly|yearly|quarterly|nightly|"
    rf"hourly|fortnightly|biannually|biweekly)\b|^{_WEEKDAY}s$"
)
# "a day" after a count or amount is a rate ("500,000 barrels a day", "twice a year"), but after a
# preposition it is a duration ("for a year").
_RATE_RE = re.compile(rf"(?i)^(?:a|an|per)\s+{_UNIT}$")
_DURATION_PREPOSITIONS = frozenset(
    "for in within over after about nearly almost than least past last next first barely merely "
    "just only".split()
)
_TIME_RE = re.compile(
    rf"(?i)\b(?:{_TIME_OF_DAY}|a\.m\.?|p\.m\.?|o'clock|gmt|bst|utc|hrs|[ecmp][sd]t)(?!\w)|"
    r"\d{1,2}:\d\d|\b\d{1,2}\s?(?:am|pm)\b"
)
# A range of counts is one stretch: "20–30 minutes", "three to five years", "two or three days".
_COUNTS = rf"(?:{_COUNT}(?:\s*[-–—]\s*|\s+(?:to|or)\s+)(?={_COUNT}[\s-]))?{_COUNT}"
# "three days", "the past few years", "24 hours", "a two-year", "decades": a stretch of time; so
# is a sum of units ("4 minutes and 15 seconds", "the weeks and months") and a stretch stressed
# as whole ("a full two seconds").
_STRETCH = (
    rf"(?:an?\s+full\s+)?(?:{_COUNTS}[\s-]+){{0,3}}(?:more\s+|full\s+|straight\s+|consecutive\s+)?"
    rf"{_UNIT}s?"
)
_DURATION_RE = re.compile(
    rf"(?i)^(?:the\s+|(?:all\s+)?(?:those|these)\s+(?=(?:week|month|year|decade)s\b))?(?:(?:past|last|next|coming|previous|following|remaining|recent)\s+|"
    rf"(?:first|final|opening)\s+(?={_COUNT}[\s-]))?{_STRETCH}"
    rf"(?:,?\s+and\s+(?:the\s+)?{_STRETCH})?(?:[\s-]long)?$"
)
# "the past week", "the last three years", "past 24 hours" are stretches; "last week" is a date.
_ANCHORED_RE = re.compile(
    rf"(?i)^(?:the\s+(?:past|last|next|coming|previous|following)\s+(?:{_COUNTS}[\s-]+)*|"
    rf"(?:past|last|next|coming)\s+(?:{_COUNTS}[\s-]+)+){_UNIT}"
)
# A year's number before a singular "year" names that year ("the 2005 year", "the 2004 financial
# year"); it is not a count of years as in "2,000 years".
_NAMED_YEAR_RE = re.compile(
    r"(?i)\b(?:1[5-9]|20)\d\d\s+(?:financial\s+|fiscal\s+|tax\s+|calendar\s+)?year\b"
)
_REFERENCE_DAY_RE = re.compile(
    r"(?i)^(?:the|that)\s+(?:(?P<rel>same|previous|next|following)\s+)?day"
    r"(?:\s+(?P<dir>before|after))?$"
)
_RELATIVE_DAY_RE = re.compile(
    rf"(?i)^{_TIME_BEFORE}(?:(?:early|late)\s+)?(?P<word>yesterday|today|tonight|tomorrow|"
    rf"last night|this (?:morning|afternoon|evening)|the day before yesterday|"
    rf"the day after tomorrow)(?:[’']s)?{_TIME_AFTER}$"
)
_AGO_RE = re.compile(r"(?i)^(?P<n>\d+|[a-z]+)\s+days?\s+ago$")
_WEEKDAY_RE = re.compile(
    rf"(?i)^{_TIME_BEFORE}(?:(?:early|late)\s+)?(?:on\s+)?(?:(?P<rel>last|this|next|past)\s+)?"
    rf"(?P<day>{_WEEKDAY})(?:[’']s)?{_TIME_AFTER}$"
)
# Calendar dates written out: "Jan. 24", "24 January 2022", "March 3, 2021", "2021-03-03".
_MONTH_DAY_RE = re.compile(
    rf"(?i)\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_DAY_MONTH_RE = re.compile(
    rf"(?i)\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b\.?"
    rf"(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_ISO_RE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
# What may surround a written-out date without making it more than one day ("Monday, Jan. 24",
# "10am on Jan. 24").
_FILLER_RE = re.compile(
    rf"(?i)^(?:\W|on|at|the|of|{_WEEKDAY}|{_TIME_OF_DAY}|{_CLOCK}|early|late)*$"
)
# Days with a fixed place in the calendar, resolved like a month-day written without a year.
_HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "halloween": (10, 31), "hallowe'en": (10, 31),
}  # fmt: skip
_HOLIDAY_NAME = (
    r"(?:christmas (?:day|eve)|boxing day|new year[’']s (?:day|eve)|valentine[’']s day|"
    r"hallowe[’']?en)"
)
_HOLIDAY_RE = re.compile(
    rf"(?i)^(?:(?:on|at)\s+)?(?P<name>{_HOLIDAY_NAME})(?:,?\s+(?P<year>\d{{4}}))?$"
)
# spaCy labels some of them EVENT ("New Year's Eve") or PERSON ("Valentine"): found by regex too.
_HOLIDAY_SCAN_RE = re.compile(rf"(?<!\w)(?P<expr>{_HOLIDAY_NAME})(?!\w)", re.IGNORECASE)
# "four days later", "a day earlier": counted from the day the text last named.
_DAYS_FROM_ANCHOR_RE = re.compile(
    rf"(?i)^(?P<n>\d+|{_SMALL_WORDS})\s+days?\s+(?P<dir>later|earlier|after|before)$"
)

# Expressions spaCy's small model often leaves unlabelled (or calls ORDINAL), found with a regex
# over the text: decades ("the 1960s", "mid-1990s"), centuries ("the 18th Century") and seasons
# after a preposition ("in the autumn"). "the" is captured separately: it belongs to the expression
# only when the expression is the head of its noun phrase (see _adjusted).
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\w+teenth|twentieth|twenty-first|twenty-second)"
)
# A rank among the parts of a game, a show or an office is an ordinal and its object, no date:
# "the third period", "the 74th minute", "the third season", "his second term" (tests/gold: the
# numbers of twincities_264dc3ae and washingtonpost_87bf6057, dev).
_RANKED_PART_RE = re.compile(
    rf"(?i)^(?:(?:the|his|her|its|their)\s+)?(?:\d{{1,3}}(?:st|nd|rd|th)|{_ORDINAL_WORD})\s+"
    r"(?:minute|period|season|term|inning|innings)s?$|"
    # a year of a career or a life: "in his 17th year", "now in its 10th year"
    rf"^(?i:his|her|its|their)\s+(?:\d{{1,3}}(?:st|nd|rd|th)|{_ORDINAL_WORD})\s+(?i:year)$"
)
# The quarters and halves of a match in a game report ("left the court in the second quarter",
# "a phenomenal first half"; the ordinal and its object, as "the third period"), where a business
# story's "the third quarter" is a date. A game report is told by its words: two of these.
_GAME_PART_RE = re.compile(
    r"(?i)^(?:(?:the|a|an)\s+)?(?:[a-z]+\s+)?(?:first|second|third|fourth|final)\s+(?:quarter|half)$"
)
_GAME_WORDS_RE = re.compile(
    r"(?i)\b(?:half-?time|overtime|free throws?|rebounds|assists|touchdowns?|field goals?|"
    r"(?:3|three)-pointers?|innings|wickets?|goalkeeper|goalie|striker|midfielder|quarterback|"
    r"scored|equali[sz]er|penalty kick|power play|hat-trick|kick-?off)\b"
)
_SEASON = r"(?:spring|summer|autumn|winter)"
_PERIOD_RE = re.compile(
    rf"(?i)\b(?P<det>the\s+)?(?P<expr>(?:(?:early|mid|late)[\s-]+)?"
    rf"(?:(?:1\d|20)\d0s|(?:\d{{1,2}}(?:st|nd|rd|th)|{_ORDINAL_WORD})[\s-]+century))(?!\w)"
)
_SEASON_AFTER_PREP_RE = re.compile(
    rf"(?i)\b(?:in|during|by|since|until|over|through|throughout|from|before|after)\s+"
    rf"(?P<det>the\s+)?(?P<expr>(?:(?:early|late|mid)[\s-]+)?{_SEASON})(?!\w)"
)
# A year written alone, or a fiscal or crop year ("1986/87", "2004/05"), which spaCy's small model
# leaves unlabelled after a possessive ("Holcomb’s 2016 election campaign") or calls a count
# ("until at least 2021"). Not part of a longer number, an amount or a code ("2,016", "$2016",
# "2016-17" is a range spaCy sees), nor a time on a 24-hour clock ("from 1800 to 2100 hrs").
_YEAR_RE = re.compile(
    r"(?<![\w.,$£€/-])(?:1[89]|20)\d\d(?:/(?:\d\d|(?:1[89]|20)\d\d))?(?![\w%/-]|[.,]\d)"
    r"(?!\s*(?i:hrs|hours|gmt|bst|utc|local)\b)"
)
# A time on the 24-hour clock with its zone, Reuters' "at 1630 gmt", "from 1800 hrs": one time.
_ZONE_WORDS = r"(?i:gmt|utc|bst|hrs|[ecmp][sd]t|local\s+time)"
_CLOCK_24_RE = re.compile(rf"(?<![\w.,$£€/:-])(?:[01]\d|2[0-3])[0-5]\d\s+{_ZONE_WORDS}(?!\w)")
_ZONE_24_AFTER_RE = re.compile(rf"\s+{_ZONE_WORDS}(?!\w)")
# A quarter of a (fiscal) year in the business pages' shorthand: "Q3", "Q4 2019", which spaCy's
# small model does not label. Capital Q only ("q3" is no quarter in running text).
_QUARTER_RE = re.compile(r"(?<![\w-])Q[1-4](?:\s+(?:19|20)\d\d)?(?![\w-])")
# A name that spaCy ran on into the year after its possessive: "Holcomb’s 2016" (PERSON).
_POSSESSIVE_BEFORE_RE = re.compile(r"[’']s\s+$")
_POSSESSIVE_AFTER_RE = re.compile(r"[’']s\b")
# A count spaCy made of a year: the year after a preposition of time, hedged or not ("until at
# least 2021", "by 2030"), which the numbers stage would otherwise read as 2021 of something.
_YEAR_AS_COUNT_RE = re.compile(
    r"(?i)\b(?:in|by|since|until|till|before|after|from|through|during|to)\s+"
    r"(?:(?:at\s+least|as\s+early\s+as|as\s+late\s+as|early|late|mid)[\s-]+)?$"
)
# A small grammar of the temporal expressions spaCy's small model leaves unlabelled in news text
# of every publisher (BBC, Reuters, web pages): a stretch told by its length alone ("for a long
# time", "a little while", "in a fortnight", "several quarters of growth"), a part of the day the
# text has set ("that night", "later in the day") and a time the whole night took ("overnight").
_SPAN_WORDS = r"(?:day|week|weekend|month|year|season|morning|afternoon|evening)"
_GRAMMAR_RE = re.compile(
    r"(?i)(?<![\w-])(?:"
    rf"(?:earlier|later)\s+(?:in\s+the|this|that)\s+{_SPAN_WORDS}"
    rf"|that\s+{_TIME_OF_DAY}"
    r"|(?:this|last|next)\s+(?:season|weekend|week|month|year|quarter)"
    r"|an?\s+(?:(?:very\s+)?(?:long|short|little)\s+)(?:time|while)"
    r"|an?\s+fortnight"
    r"|(?:several|many|a\s+few)\s+(?:(?:consecutive|straight)\s+)?quarters(?!\s+of\b)"
    r")(?![\w-])"
)
_COPULA_BEFORE_RE = re.compile(r"(?i)(?:\b(?:is|are|was|were|be|been|being)|[’']s)\s+$")
_OWNER_BEFORE_RE = re.compile(r"(?i)\b(?:the|his|her|their|its|my|our|your)\s+$")
_GRAMMAR_KEYS = (
    "earlier", "later", "that", "time", "while", "fortnight", "quarters", "this", "last", "next",
)  # fmt: skip
# "overnight" as an adverb: "shot dead overnight", "Overnight, ..."; not the adjective of a noun
# ("the overnight rate", "an overnight stay"), which a determiner before it or a content word
# after it shows.
_OVERNIGHT_RE = re.compile(r"(?i)(?<![\w-])overnight(?![\w-])")
_DETERMINER_BEFORE_RE = re.compile(r"(?i)\b(?:the|an?|another|this|that|its|their|his|her|our)\s+$")
# Substrings without which a pattern cannot match (checked on the lower-cased text first).
_HOLIDAY_KEYS = ("christmas", "boxing day", "new year", "valentine", "hallowe")
_PERIOD_KEYS = ("0s", "centur")
_SEASON_KEYS = ("spring", "summer", "autumn", "winter")
_ZONE_KEYS = ("gmt", "utc", "bst", "hrs", "st ", "dt ", "local time")
# Entity labels a regex candidate may overlap: spaCy reads "18th" in "18th Century" as ORDINAL.
_OVERRIDABLE = frozenset({"CARDINAL", "ORDINAL"})
# A bare season, decade or century that premodifies a noun ("the winter transfer window", "the
# 1960s Star Trek series"): the determiner before it belongs to the noun. A following word in this
# list leaves the expression the head of its phrase ("in the autumn and ...", "the 1990s when").
_FUNCTION_WORDS = frozenset(
    "of and or but nor when while as to in on at for with by from after before that which who "
    "is was were are will would could should may might can has had have be been being the a an "
    "this it he she they we i you there until than so if into its his her their our across "
    "against along among around behind below beneath beside between beyond despite down inside "
    "near off onto out outside over past since through throughout toward towards under unlike up "
    "upon via within without instead too also again already still yet ago now then though "
    "however alone only even just ahead away back here where".split()
)
_BARE_PERIOD_RE = re.compile(
    rf"(?i)^(?:(?:early|late|mid)[\s-]+)?(?:{_SEASON}|(?:1\d|20)\d0s|"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_ORDINAL_WORD})[\s-]+century)$"
)
_BARE_SEASON_RE = re.compile(rf"(?i)^(?:(?:early|late|mid)[\s-]+)?{_SEASON}$")
# Trading sessions and opening hours are not points in time ("after-hours trade").
_SESSION_RE = re.compile(r"(?i)^(?:after|out-of|off|pre|post)-(?:hours|market)$")
# Quantifiers spaCy leaves out of a bare plural unit: "a lot of years", "lots of hours".
_QUANTIFIER_BEFORE_RE = re.compile(
    r"(?i)\b(?:a lot of|lots of|a couple of|a number of|a matter of|a few|several|many|"
    r"countless)\s+$"
)
# The part of a period a date names, which spaCy sometimes leaves out ("the start of the week";
# it keeps it in "the end of last year"): one expression, determiners kept.
_PART_OF_RE = re.compile(
    r"(?i)\bthe\s+(?:start|end|beginning|middle|rest|remainder|balance|turn)\s+of\s+$"
)
# "the rest of the season", "the balance of the year": what is left of a period, a stretch.
# "all night", "all week long": the whole of a period, a stretch.
_ALL_OF_RE = re.compile(
    r"(?i)^all\s+(?:night|day|week|weekend|month|year|season|morning|afternoon|evening|summer|"
    r"winter|spring|autumn)(?:\s+long)?$"
)
_REST_OF_RE = re.compile(r"(?i)^the\s+(?:rest|remainder|balance)\s+of\b")
# A vague length of time: "a long time", "a little while", "several quarters".
_VAGUE_STRETCH_RE = re.compile(
    r"(?i)^an?\s+(?:very\s+)?(?:long|short|little)\s+(?:time|while)$|"
    r"^(?:several|many|a\s+few)\s+(?:(?:consecutive|straight)\s+)?quarters$"
)
# A part of a named day before it: "late on Monday", "early Tuesday" (a time of that day); and
# "earlier in" before the period it is part of: "earlier in the week", "later in the day".
_DAY_PART_BEFORE_RE = re.compile(r"(?i)\b(?:early|late)\s+(?:on\s+)?$")
_STARTS_WITH_WEEKDAY_RE = re.compile(rf"(?i)^{_WEEKDAY}\b")
_IN_THE_BEFORE_RE = re.compile(r"(?i)\b(?:earlier|later)\s+in\s+$")
_THE_SPAN_RE = re.compile(rf"(?i)^the\s+{_SPAN_WORDS}$")
# A time of the day by its part or its place in the day: "late on Monday", "early Tuesday",
# "later in the day", "later that evening".
_DAY_TIME_RE = re.compile(
    rf"(?i)^(?:early|late)\s+(?:on\s+)?{_WEEKDAY}\b|"
    rf"^(?:earlier|later)\s+(?:in\s+the\s+day|(?:this|that)\s+{_TIME_OF_DAY})$"
)
# "earlier in the day" looks back from the time of writing to the day of the news; "later in the
# day" looks forward from a day the story tells (or from none: "binge eating later in the day").
_EARLIER_IN_THE_DAY_RE = re.compile(r"(?i)^earlier\s+in\s+the\s+day$")
# A clock time's zone after it: "9 a.m. ET", "14:05 GMT" (capitals only: "9 am et al").
_ZONE_AFTER_RE = re.compile(
    r"[ \t]+(?:[ECMP][SD]?T|GMT|BST|UTC|CES?T|IST|JST|AEST|AEDT|HKT|SGT|local\s+time)(?![\w-])"
)
# An approximation before a clock time that spaCy labels apart ("close to" + "2 a.m."): it stays
# in the span, as "about 4:30 a.m." does.
_CLOCK_APPROXIMATION_BEFORE_RE = re.compile(
    r"(?i)\b(?:close\s+to|about|around|nearly|almost|roughly|approximately)\s+$"
)
_CLOCK_END_RE = re.compile(rf"(?i)(?:{_CLOCK}|\d{{1,2}}\s?[ap]\.m)$")
# A stretch as an adjective: "the decades-long conflict", "a years-long feud".
_LONG_AFTER_RE = re.compile(r"-long\b")
_STRETCH_PREPOSITIONS = frozenset("for to within during over throughout".split())
_BARE_UNITS_RE = re.compile(rf"(?i)^{_UNIT}s$")
_DEICTIC_BEFORE_RE = re.compile(r"(?i)\b(?:this|last|next|that)\s$")
# "a year earlier", "two days later"; "a year before" only when a clause or the sentence end
# follows ("a year before he was appointed": a subject pronoun opens it), not a noun phrase ("three
# days after the meeting", where "after the meeting" is a separate prepositional phrase and the
# span stays "three days").
_CLAUSE_SUBJECTS = "|".join(sorted(PERSONAL_PRONOUNS | {"there"}))
_AFTER_DURATION_RE = re.compile(
    r"(?i)\s+(?:earlier|later|(?:before|after)(?=\s*(?:[.,;:!?)]|$)|"
    rf"\s+(?:{_CLAUSE_SUBJECTS})\b))"
)
# "the 12 months to 31 December", "the nine months ended March 31" (Reuters): a stretch of time and
# the day it ends are two expressions.
_DURATION_TO_DATE_RE = re.compile(r"(?i)^(?P<a>.+?)\s+(?:to|ending|ended)\s+(?P<b>.+)$")
# What may follow a comma inside one date ("Monday, Jan. 24", "Jan. 24, 2022"); anything else
# after a comma ("last Friday, days after ...") is a separate expression spaCy ran together.
_CALENDAR_START_RE = re.compile(rf"(?i)(?:\d|{_MONTH}\b|{_WEEKDAY}|{_CLOCK})")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def temporal_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Char spans of the date candidates that are temporal, for the numbers module to skip.

    The regex pass's candidates are included ("18th" of "18th Century" is no ordinal). Recurring
    days and frequencies are included (they hold no numbers to annotate either); ages and
    counts that spaCy mislabelled as DATE are not. `text`: doc.text, when the caller has it
    (spaCy rebuilds Doc.text from its tokens, making a Token object each, on every access).
    """
    if text is None:
        text = doc.text
    game = _is_game_report(text)
    return [
        (s.start, s.end)
        for s in _candidates(doc, text)
        if _is_temporal(text[s.start : s.end])
        and not (game and _is_game_part(text, s.start, s.end))
    ]


def _is_game_report(text: str) -> bool:
    """Whether the document reports a game: two different words of play ("scored", "rebounds")."""
    return len({m.group().lower() for m in _GAME_WORDS_RE.finditer(text)}) >= 2


def _is_game_part(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a quarter or half of a match ("the second half"), not of a
    year or season ("the first half of the season")."""
    expr = text[start:end].strip()
    expr = re.sub(r"(?i)^(?:in|during|at|of)\s+", "", expr)
    return _GAME_PART_RE.match(expr) is not None and not _OF_PERIOD_AFTER_RE.match(text, end)


# "the first half of the season", "the second quarter of 2019": a part of a period, a date.
_OF_PERIOD_AFTER_RE = re.compile(
    r"(?i)\s+of\s+(?:(?:the|this|last|next|that|its|their|his|her)\s+)?(?:\d{4}|year|season|"
    rf"campaign|decade|century|fiscal|financial|month|week|{_MONTH}\b)"
)


def _is_temporal(text: str) -> bool:
    """Whether an entity's text is a date, time or duration rather than an age, a count or a
    rank."""
    return (
        DATE_WORD_RE.search(text) is not None
        and AGE_RE.match(text.strip()) is None
        and _RANKED_PART_RE.match(text.strip()) is None
    )


_WEEKDAY_ONLY_RE = re.compile(rf"(?i)^{_WEEKDAY}$")
_HAS_MONTH_RE = re.compile(rf"(?i)^{_MONTH}\b|\b{_MONTH}\.?$")
# The pieces "on" and "at" may join: a part of day or clock time, and one named day.
_ENDS_WITH_DAY_RE = re.compile(rf"(?i)\b(?:{_WEEKDAY}|yesterday|today|tomorrow)$")
_TIME_PIECE_RE = re.compile(rf"(?i)^(?:{_CLOCK}|{_TIME_OF_DAY})$")
_DAY_PIECE_RE = re.compile(
    rf"(?i)^(?:(?:last|this|next)\s+)?{_WEEKDAY}$|^(?:yesterday|today|tomorrow)$|"
    rf"^(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|^{_MONTH}\.?\s+\d"
)


# The ends of a range spaCy gives as two entities ("ran from 1971 to 1987"): years, months,
# month-years, joined by "to" or a dash.
_AND_END_RE = re.compile(r"(?i)\s(?:and|or)$")
_RANGE_GAP_RE = re.compile(r"^(?:\s+to\s+|\s*[-–—]\s*)$")
_RANGE_END_RE = re.compile(rf"(?i)^(?:{_MONTH}\.?(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d)$")


def _joined(prev: _Span, ent_label: str, gap: str, prev_text: str, ent_text: str) -> str | None:
    """The label of prev + gap + entity when they are one expression, else None.

    A day and its part of day: "Tuesday" + "afternoon", "midnight" + " on " + "Monday", "Monday" +
    " at " + "10am" (a time); a weekday and its calendar date: "Thursday" + ", " + "Feb. 3"."""
    if gap == " " and (
        prev.label != ent_label
        # both TIME after an earlier join: "8am on Friday" + "morning"
        or (_ENDS_WITH_DAY_RE.search(prev_text) and _TIME_PIECE_RE.match(ent_text))
    ):
        return "TIME"
    if prev.label == ent_label == "DATE" and gap == " " and _AND_END_RE.search(prev_text):
        return "DATE"  # "the weeks and" + "months": spaCy cut one stretch at its second noun
    if gap == " on " and _TIME_PIECE_RE.match(prev_text) and _DAY_PIECE_RE.match(ent_text):
        return "TIME"
    if gap == " at " and _DAY_PIECE_RE.match(prev_text) and _TIME_PIECE_RE.match(ent_text):
        return "TIME"
    if (
        prev.label == ent_label == "DATE"
        and gap == ", "
        and _WEEKDAY_ONLY_RE.match(prev_text)
        and _HAS_MONTH_RE.search(ent_text)
    ):
        return "DATE"
    if (
        prev.label == ent_label == "DATE"
        and _RANGE_GAP_RE.match(gap)
        and _RANGE_END_RE.match(prev_text)
        and _RANGE_END_RE.match(ent_text)
    ):
        return "DATE"  # a range of years or months is one date (GUIDELINES): "1971 to 1987"
    return None


# (start, end, label) of one entity: Doc.ents walks every token on each access, so it is read once.
_Ent = tuple[int, int, str]


def _merged_entities(ents: Sequence[_Ent], text: str) -> list[_Span]:
    """DATE/TIME entities, with the pieces of one expression joined (see _joined).

    `text` is doc.text, passed in because spaCy rebuilds it from the tokens on every access."""
    spans: list[_Span] = []
    for ent_start, ent_end, ent_label in ents:
        if ent_label not in _LABELS:
            continue
        prev = spans[-1] if spans else None
        label = None
        if prev is not None:
            gap = text[prev.end : ent_start]
            ent_text = text[ent_start:ent_end]
            label = _joined(prev, ent_label, gap, text[prev.start : prev.end], ent_text)
        if prev is not None and label is not None:
            spans[-1] = _Span(prev.start, ent_end, label)
        else:
            spans.append(_Span(ent_start, ent_end, ent_label))
    return spans


def _regex_candidates(ents: Sequence[_Ent], text: str) -> list[_Span]:
    """Decades, centuries and seasons that no DATE/TIME (or other name) entity covers, and
    fixed-date holidays that no DATE/TIME entity covers.

    A decade, century or season may overlap only a CARDINAL or ORDINAL entity (spaCy's "18th" of
    "18th Century"). Each pattern runs only when a plain substring test on the lower-cased text
    finds its key word, which keeps the pass at a fraction of a millisecond per document."""
    lower = text.lower()
    taken = [(s, e) for s, e, label in ents if label not in _OVERRIDABLE]
    temporal = [(s, e) for s, e, label in ents if label in _LABELS]
    found: list[_Span] = []
    if any(key in lower for key in _HOLIDAY_KEYS):
        for m in _HOLIDAY_SCAN_RE.finditer(text):
            start, end = m.span()
            if not any(s < end and start < e for s, e in temporal):
                found.append(_Span(start, end, "DATE"))
                taken.append((start, end))
    if ":" in text:
        # A clock time on its own, which spaCy seldom tags: a game clock ("at 19:56 of the
        # third period"), a timetable ("the 14:05 from Leeds").
        for m in _BARE_CLOCK_RE.finditer(text):
            start, end = m.span()
            if not any(s < end and start < e for s, e in taken):
                found.append(_Span(start, end, "TIME"))
                taken.append((start, end))
    if "Q" in text:
        # spaCy calls some "Q3" a PERSON: a name that is the quarter's shorthand and nothing more
        shorthand = {(s, e) for s, e, label in ents if label not in _LABELS}
        for m in _QUARTER_RE.finditer(text):
            start, end = m.span()
            if not any(s < end and start < e and (s, e) not in shorthand for s, e in taken):
                found.append(_Span(start, end, "DATE"))
                taken.append((start, end))
    if any(key in lower for key in _ZONE_KEYS):
        for m in _CLOCK_24_RE.finditer(text):
            start, end = m.span()
            if not any(s < end and start < e for s, e in temporal):
                found.append(_Span(start, end, "TIME"))
                taken.append((start, end))
    if any(key in lower for key in _GRAMMAR_KEYS):
        for m in _GRAMMAR_RE.finditer(text):
            start, end = m.span()
            if _VAGUE_STRETCH_RE.match(m.group()) and _COPULA_BEFORE_RE.search(
                text, max(0, start - 12), start
            ):
                continue  # "three years is a long time": a judgement of a length, no time named
            if _OWNER_BEFORE_RE.search(text, max(0, start - 7), start):
                continue  # "the last week" (a stretch), "her last season" (her final one)
            if not any(s < end and start < e for s, e in taken):
                found.append(_Span(start, end, "DATE"))
                taken.append((start, end))
    if "overnight" in lower:
        for m in _OVERNIGHT_RE.finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e in taken) or _is_modifier(text, start, end):
                continue
            found.append(_Span(start, end, "TIME"))
            taken.append((start, end))
    counts = [(s, e) for s, e, label in ents if label == "CARDINAL"]
    for m in _YEAR_RE.finditer(text):
        start, end = m.span()
        if any(
            s < end and start < e and not _POSSESSIVE_BEFORE_RE.search(text, s, start)
            for s, e in taken
        ):
            continue  # a DATE already, or a name ("the 1967 Six-Day War", "Windows 2000")
        if ADDRESS_AFTER_RE.match(text, end):
            continue
        count = next(((s, e) for s, e in counts if s < end and start < e), None)
        if count is not None and not (
            (count == (start, end) and "/" in m.group())  # "1986/87"
            or (count[1] == end and _YEAR_AS_COUNT_RE.search(text, max(0, count[0] - 40), start))
        ):
            continue  # a count spaCy saw, "2000 people", unless a year's preposition leads it
        found.append(_Span(start, end, "DATE"))
        taken.append((start, end))
    for pattern, keys in ((_PERIOD_RE, _PERIOD_KEYS), (_SEASON_AFTER_PREP_RE, _SEASON_KEYS)):
        if not any(key in lower for key in keys):
            continue
        for m in pattern.finditer(text):
            start = m.start("det") if m.group("det") else m.start("expr")
            end = m.end("expr")
            if not any(s < end and start < e for s, e in taken):
                found.append(_Span(start, end, "DATE"))
                taken.append((start, end))
    return found


def _determined(text: str, start: int) -> bool:
    """Whether a determiner stands right before text[start:]: "the overnight rate"."""
    return _DETERMINER_BEFORE_RE.search(text, max(0, start - 10), start) is not None


def _is_modifier(text: str, start: int, end: int) -> bool:
    """Whether the word text[start:end] premodifies a noun: a determiner before it ("the
    overnight rate") or a content word after it ("overnight trading"), by _FUNCTION_WORDS."""
    if _determined(text, start):
        return True
    following = re.match(r"[ \t]+([A-Za-z][\w-]*)", text[end : end + 40])
    word = following.group(1).lower() if following else ""
    return bool(word) and word not in _FUNCTION_WORDS and not word.endswith(("ly", "ed"))


#: Where a Doc keeps its date candidates once found (Doc.user_data is the Doc's own scratch space).
_CANDIDATES_KEY = "broadsheet.date_candidates"


def _candidates(doc: Doc, text: str) -> list[_Span]:
    """Every candidate expression in text order: spaCy's DATE/TIME entities, then what the regex
    pass adds. Found once per Doc: the numbers stage (temporal_spans) and the dates stage both
    ask for them, and the regex pass is the dearest part."""
    cached = doc.user_data.get(_CANDIDATES_KEY)
    if cached is not None:
        return cached
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    spans = _merged_entities(ents, text)
    extra = _regex_candidates(ents, text)
    found = sorted(spans + extra, key=lambda s: s.start) if extra else spans
    doc.user_data[_CANDIDATES_KEY] = found
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading hedges and prepositions, a trailing possessive and stray punctuation."""
    while True:
        start, end = trim(text, start, end, " \t\n,;:.-–—(\"“”'’")
        lead = _LEAD_RE.match(text[start:end]) or _ABOUT_DAY_RE.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
            continue
        poss = _POSSESSIVE_RE.search(text[start:end])
        if poss:
            end = start + poss.start()
            continue
        dangling = _DANGLING_OF_RE.search(text, start, end)
        if dangling and dangling.start() > start:
            year = _YEAR_AFTER_OF_RE.match(text, end)
            if year:
                return start, year.end()  # "the fall of" + "2020": one date
            end = dangling.start()  # "the first quarter of" + "Sunday's game": spaCy's cut
            continue
        if text[end : end + 1] == "." and _ABBREVIATION_END_RE.search(text, start, end):
            end += 1  # the abbreviation's own period: "10 p.m.", "Nov." (also at a sentence end)
        return start, end


def _previous_word(text: str, start: int) -> str:
    """The word just before `start`, lower-cased ('' if none)."""
    m = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _is_recurring(text: str, doc_text: str, start: int) -> bool:
    """Recurring days, frequencies and rates, which the guidelines leave out."""
    if _RECURRING_RE.search(text):
        return True
    unit = re.fullmatch(rf"(?i){_UNIT}", text)
    if unit and (
        re.search(rf"(?i)\b{text}[\s-]on[\s-]$", doc_text[max(0, start - 20) : start])
        or re.match(rf"(?i)[\s-]on[\s-]{text}\b", doc_text[start + len(text) :])
    ):
        return True  # "0.7% month on month", "a year-on-year rise": a basis of comparison
    prev = _previous_word(doc_text, start)
    if prev in ("every", "each", "per"):
        return True
    if not _RATE_RE.match(text) or prev in _DURATION_PREPOSITIONS:
        return False
    # A rate follows its amount directly ("500,000 barrels a day", "$5bn (£2.7bn) a year"); after
    # a comma or dash "a year" starts a new phrase ("in 1997, a year before ...").
    return not re.search(r"[,;:–—]\s*$", doc_text[max(0, start - 5) : start])


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split what spaCy ran together: "last Friday, days" at the comma (a comma inside one date is
    followed by a month, a day number, a year or a weekday), and "the 12 months to 31 December"
    into the stretch and the day it ends (a range of dates, "October to December", stays one)."""
    expr = text[start:end]
    clock = _BARE_CLOCK_RE.match(expr)
    if clock and expr[clock.end() :].startswith(" of "):
        return [(start, start + clock.end())]  # a game clock: "19:56 of the third period"
    for m in re.finditer(r",\s+", expr):
        if not _CALENDAR_START_RE.match(expr, m.end()):
            left = _trimmed(text, start, start + m.start())
            return [left, *_pieces(text, *_trimmed(text, start + m.end(), end))]
    m = _DURATION_TO_DATE_RE.match(expr)
    if (
        m
        and _is_stretch(m.group("a"))
        and _kind(m.group("b")) == "date"
        and DATE_WORD_RE.search(m.group("b"))
    ):
        return [
            _trimmed(text, start, start + m.end("a")),
            _trimmed(text, start + m.start("b"), end),
        ]
    return [(start, end)]


def _is_stretch(text: str) -> bool:
    """'three days', 'the 12 months', 'a year': a length of time (not 'the year', 'last week')."""
    return _DURATION_RE.match(text) is not None and not _is_deictic(text)


def _adjusted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen or narrow one expression to its annotated extent; None when it is no date.

    - a bare plural unit takes its quantifier: "a lot of years";
    - a stretch takes a following "earlier"/"later", and "before"/"after" used as an adverb or
      before a clause: "a year before he was appointed";
    - a season, decade or century premodifying a noun is not the head of its phrase: its "the"
      goes with the noun ("the 1960s Star Trek series" -> "1960s"), and a season so used names a
      recurring period ("the winter transfer window"), which is not annotated.
    """
    expr = text[start:end]
    if _DEICTIC_UNIT_RE.match(expr):
        deictic = _DEICTIC_BEFORE_RE.search(text, max(0, start - 6), start)
        if deictic:
            start = deictic.start()  # "this year's crop": spaCy labels "year" alone
    elif re.fullmatch(r"(?:[01]\d|2[0-3])[0-5]\d", expr) and (
        zone := _ZONE_24_AFTER_RE.match(text, end)
    ):
        end = zone.end()  # "1630 gmt"
    if _STARTS_WITH_WEEKDAY_RE.match(expr) and (
        part_of_day := _DAY_PART_BEFORE_RE.search(text, max(0, start - 12), start)
    ):
        start = part_of_day.start()  # "late on Monday": spaCy labels "Monday" alone
    elif _THE_SPAN_RE.match(expr) and (
        place := _IN_THE_BEFORE_RE.search(text, max(0, start - 14), start)
    ):
        start = place.start()  # "earlier in the week": spaCy labels "the week" alone
    if _BARE_UNITS_RE.match(expr):
        window = text[max(0, start - 20) : start]
        q = _QUANTIFIER_BEFORE_RE.search(window)
        if q:
            start -= len(window) - q.start()
    elif (
        _is_stretch(expr)
        and not expr.lower().startswith("the ")
        and _previous_word(text, start) not in _STRETCH_PREPOSITIONS
    ):
        # A definite stretch is a period the clause defines ("in the four years after it
        # closed"), and so is one after "for" ("for a week after I got nominated").
        after = _AFTER_DURATION_RE.match(text, end)
        if after:
            end = after.end()
    expr = text[start:end]
    if _is_stretch(expr) and _LONG_AFTER_RE.match(text, end):
        end += 5  # "decades-long"
    elif _CLOCK_END_RE.search(expr):
        if zone := _ZONE_AFTER_RE.match(text, end):
            end = zone.end()  # "9 a.m. ET", "2 a.m. local time"
        if approx := _CLOCK_APPROXIMATION_BEFORE_RE.search(text, max(0, start - 16), start):
            start = approx.start()
    elif _kind(expr) == "date" and not _POSSESSIVE_AFTER_RE.match(text, end):
        # (not a modifier's: "the rest of today’s sale" is the rest of the sale)
        part = _PART_OF_RE.search(text, max(0, start - 30), start)
        if part:
            start = part.start()  # "the start of the week"
    expr = text[start:end]
    det = re.match(r"(?i)the\s+", expr)
    core_start = start + (det.end() if det else 0)
    if _BARE_PERIOD_RE.match(text[core_start:end]):
        following = re.match(r"[ \t]+([A-Za-z][\w-]*)", text[end : end + 40])
        word = following.group(1).lower() if following else ""
        # (-ly adverbs and -ed verbs follow a head: "in the early 1980s blessed the ...")
        if word and word not in _FUNCTION_WORDS and not word.endswith(("ly", "ed")):
            if _BARE_SEASON_RE.match(text[core_start:end]):
                return None
            start = core_start
    return start, end


def _kind(text: str) -> str:
    """date, time or duration, from the words of the expression (an approximation aside:
    "less than 100 days" is a duration as "100 days" is)."""
    text = _APPROXIMATION_RE.sub("", text)
    if _REST_OF_RE.match(text) or _VAGUE_STRETCH_RE.match(text) or _ALL_OF_RE.match(text):
        return "duration"
    if _DAY_TIME_RE.match(text):
        return "time"
    if re.search(r"(?i)\b(?:ago|later|earlier|before|after|since)\b", text):
        return "date"
    if _REFERENCE_DAY_RE.match(text) or _NAMED_YEAR_RE.search(text):
        return "date"
    if _TIME_RE.search(text):
        # "two hours", "30 minutes" are stretches of time even when spaCy says TIME.
        # "last night" is a time of day, though "night" is also a unit.
        return "duration" if _DURATION_RE.match(text) and not _is_deictic(text) else "time"
    if _ANCHORED_RE.match(text) or (_DURATION_RE.match(text) and not _is_deictic(text)):
        return "duration"
    return "date"


# A weekday named inside a calendar date ("Tuesday, March 3"), which the year must agree with.
_WEEKDAY_IN_RE = re.compile(rf"(?i)\b{_WEEKDAY}\b")
# Between a weekday and the calendar date beside it, in either order: "Tuesday, March 3",
# "Tuesday (March 3)", "March 3 (Tuesday)", "Tuesday – March 3".
_BESIDE_GAP_RE = re.compile(r"^\s*(?:,|\(|\),?|[-–—])?\s*$")
# A year the text states before a month-day written without one: "in 2018", "March 2018".
_STATED_YEAR_RE = re.compile(
    rf"(?i)^(?:(?:early|late|mid)[\s-]+)?(?:(?P<month>{_MONTH})\.?\s+)?(?P<year>(?:19|20)\d\d)$"
)
# The tense of a sentence, for a weekday or month-day without a year: which side of the
# publication day it lies on. Future: modal and scheduling words ("will be sentenced on Feb. 14",
# "is scheduled for March 3"). Past: the past of "be", "have" and "do", and common irregular and
# "-ed" verbs right after a subject pronoun ("I boarded a flight on May 15"). The reporting verbs
# ("said", "told") are no evidence: they date the saying, not what is said.
_FUTURE_RE = re.compile(
    r"(?i)\b(?:will|won[’']t|shall|(?:is|are|be)\s+due|due\s+(?:on|back|out|for)|scheduled|"
    r"slated|set\s+to|(?:is|are)\s+to\s+be|plans?\s+to|planned\s+for|expected\s+to|"
    r"likely\s+to|upcoming|going\s+to|"
    # a modal of what is to come: "the weather should ease by Thursday morning"
    r"(?-i:should|may|might|must)\s+(?!have\b)(?:not\s+)?[a-z]+|"
    # the present of a scheduled event: "Lowe’s reports earnings Wednesday", "the council meets
    # on Thursday" (a past event takes the past: "met", "reported")
    r"(?:meets|begins|starts|opens|resumes|reports|hosts|visits|plays|faces|"
    r"kicks\s+off|takes\s+place|premieres|airs|expires|goes\s+on\s+sale))\b|[’']ll\b"
)
# An intention, an expectation or a deadline, which looks forward ("the union was planning to
# strike on Friday", "the report is expected on Thursday", "candidates have until Friday"), unless
# the past perfect puts it behind ("had planned to open on Thursday", "had set a deadline of").
_INTENDED_RE = re.compile(
    r"(?i)\b(?:plann(?:ed|ing)\s+(?:to|for)|hop(?:es|ing)\s+to|intend(?:s|ing)?\s+to|"
    r"aim(?:s|ing)\s+to|set\s+for|expected\s+(?:on|by|at|in)|(?:has|have)\s+until)\b"
)
_PAST_PERFECT_RE = re.compile(r"(?i)\bhad\b")
_PAST_RE = re.compile(
    r"(?i)\b(?:was|were|had|did|went|came|took|made|sent|gave|got|began|left|died|met|held|saw|"
    r"found|lost|fell|rose|flew|ran|spent|paid|bought|sold|wrote|became|arrived|happened)\b|"
    r"\b(?:i|he|she|we|they|who)\s+[a-z]+ed\b"
)


# Where a clause ends, for the tense of the clause a date stands in: "He said on Friday that
# he will resign" dates the saying, in the past.
_CLAUSE_BREAK_RE = re.compile(
    r"[,;:()\u2013\u2014]|\s-\s|\b(?:that|but|and|while|when|because|after|before|although|"
    r"whereas|which|who)\b",
    re.IGNORECASE,
)


def _clause(text: str, start: int, end: int, s0: int, s1: int) -> tuple[int, int]:
    """The clause of sentence text[s0:s1] that holds the expression text[start:end]."""
    before = list(_CLAUSE_BREAK_RE.finditer(text, s0, start))
    after = _CLAUSE_BREAK_RE.search(text, end, s1)
    return (before[-1].end() if before else s0, after.start() if after else s1)


def _tense(clause: str) -> str | None:
    """'future', 'past' or None (no evidence) for the clause a date stands in; the future wins,
    as its words mark it ("will be held", "was due to start")."""
    if _FUTURE_RE.search(clause) or (
        _INTENDED_RE.search(clause) and not _PAST_PERFECT_RE.search(clause)
    ):
        return "future"
    return "past" if _PAST_RE.search(clause) else None


def _against_tense(year: int, published: int, tense: str | None) -> bool:
    """Whether a year stated earlier contradicts the tense of a day's clause: a past clause in a
    later year than publication, or a future one in an earlier year."""
    return (tense == "past" and year > published) or (tense == "future" and year < published)


def _stated_year(
    text: str, expressions: Sequence[tuple[int, int]], k: int, s0: int, clause_start: int
) -> int | None:
    """The year the text states for expression k, a month-day without a year: that of the latest
    month-year of the same month before it in the document ("in March 2018 ... on March 21"), or
    of a bare year before it in its clause or opening its sentence ("In 2018, ... on March 21";
    not "The firm, founded in 1998, will meet on March 3")."""
    day = _MONTH_DAY_RE.search(text, *expressions[k]) or _DAY_MONTH_RE.search(text, *expressions[k])
    if day is None or day.group("year"):
        return None
    month = day.group("month").lower()[:3]
    for start, end in reversed(expressions[:k]):
        m = _STATED_YEAR_RE.match(text[start:end])
        if m is None:
            continue
        if m.group("month") is not None:
            if m.group("month").lower()[:3] == month:
                return int(m.group("year"))
        elif start >= clause_start or (
            start >= s0 and re.fullmatch(r"\W*(?:in|by|since|during)?\s*", text[s0:start], re.I)
        ):
            return int(m.group("year"))
    return None


def _beside_weekdays(text: str, expressions: Sequence[tuple[int, int]]) -> dict[int, int]:
    """For each bare weekday with a calendar date beside it ("Tuesday (March 3)", "on Tuesday,
    March 3" as two expressions), the index of that date, and for the date that of the weekday:
    the two name one day, which the weekday's agreement fixes."""
    pairs: dict[int, int] = {}
    for k in range(len(expressions) - 1):
        (a0, a1), (b0, b1) = expressions[k], expressions[k + 1]
        if not _BESIDE_GAP_RE.match(text[a1:b0]):
            continue
        first, second = text[a0:a1], text[b0:b1]
        for w, d in ((k, k + 1), (k + 1, k)):
            weekday, date = (first, second) if w == k else (second, first)
            m = _WEEKDAY_RE.match(weekday)
            if m is None or m.group("rel"):
                continue
            if len(_MONTH_DAY_RE.findall(date)) + len(_DAY_MONTH_RE.findall(date)) != 1:
                continue
            if _WEEKDAY_IN_RE.search(date):
                continue
            pairs[w], pairs[d] = d, w
    return pairs


# "the previous year", "the next day", "the following week": the one unit before or after a time
# the text has set, a date ("up from the previous year's 60.7 mln", "The next year, the Taliban
# released ..."); after a preposition of extent it is a stretch ("over the next year"). "the
# coming year" is a stretch (tests/gold/README.md), and so are "the past/last week".
_SEQUENCE_UNIT_RE = re.compile(rf"(?i)^the\s+(?:previous|next|following)\s+{_UNIT}$")
# "in the next month" is within it, a stretch; "in the previous year" names that year.
_NEXT_RE = re.compile(r"(?i)^the\s+next\b")


def _is_deictic(text: str) -> bool:
    """'this week', 'last year', 'the year', 'next month': a calendar period, not a stretch
    ('the years', 'the weeks and months' are)."""
    return re.match(rf"(?i)^(?:this|last|next|the|that|same)\s+{_UNIT}$", text) is not None


def _nearest_year(
    month: int, day: int, pub: dt.date, *, tense: str | None = None, weekday: int | None = None
) -> dt.date | None:
    """The month-day closest to the publication date (Dec 30 in a Jan 2 article: last year).

    Evidence narrows the years tried first: a weekday named with it ("Tuesday, March 3") keeps the
    years in which the day falls on that weekday; the tense of its sentence (`_tense`) keeps the
    days on or before publication ("he was arrested for the March 21 call") or on or after it
    ("sentencing is scheduled for Feb. 14"). Evidence that leaves no year is dropped.
    """
    options = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:  # Feb 29 outside a leap year
            continue
    if weekday is not None:
        options = [d for d in options if d.weekday() == weekday] or options
    if tense == "past":
        options = [d for d in options if d <= pub] or options
    elif tense == "future":
        options = [d for d in options if d >= pub] or options
    return min(options, key=lambda d: abs((d - pub).days)) if options else None


def _calendar_date(
    text: str, pub: dt.date | None, *, year: int | None = None, tense: str | None = None
) -> dt.date | None:
    """A written-out day ("Monday, Jan. 24", "3 March 2021"), if the text names exactly one.

    Without a year of its own it takes `year`, the one its context states, else the nearest
    year to `pub` that agrees with its weekday and `tense` (see _nearest_year)."""
    for pattern in (_ISO_RE, _MONTH_DAY_RE, _DAY_MONTH_RE):
        matches = list(pattern.finditer(text))
        if len(matches) != 1:
            continue
        m = matches[0]
        if not _FILLER_RE.match(text[: m.start()] + " " + text[m.end() :]):
            return None  # "March 3 to 5", "the week of March 3": more than one day
        month_text = m.group("month").lower()
        # By its first three letters, which tell the twelve apart: the month pattern also takes
        # misspellings it allows ("Sepember", seen in Reuters), which are no key of _MONTHS.
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3]]
        day = int(m.group("day"))
        if m.group("year"):
            try:
                return dt.date(int(m.group("year")), month, day)
            except ValueError:
                return None
        if not 1 <= month <= 12:
            return None
        if year is not None:
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
        if pub is None:
            return None
        named = _WEEKDAY_IN_RE.search(text)
        weekday = _WEEKDAYS[named.group().lower()] if named else None
        return _nearest_year(month, day, pub, tense=tense, weekday=weekday)
    return None


def _holiday(text: str, pub: dt.date | None) -> dt.date | None:
    """A fixed-date holiday ("Christmas Day", "New Year's Eve"), with its year or the nearest."""
    m = _HOLIDAY_RE.match(text)
    if m is None:
        return None
    month, day = _HOLIDAYS[m.group("name").lower().replace("’", "'")]
    if m.group("year"):
        return dt.date(int(m.group("year")), month, day)
    return _nearest_year(month, day, pub) if pub is not None else None


def _weekday_date(m: re.Match[str], pub: dt.date, tense: str | None = None) -> dt.date:
    """The day a weekday refers to: the latest on or before publication unless 'next'/'this' or
    its sentence speaks of the future ("the vote will be held on Wednesday")."""
    target = _WEEKDAYS[m.group("day").lower()]
    rel = (m.group("rel") or "").lower()
    back = (pub.weekday() - target) % 7
    if rel in ("last", "past"):
        # "last Friday" in a Friday article means a week ago, not the day of publication.
        return pub - dt.timedelta(days=back or 7)
    if rel == "next":
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
    if rel == "this" or (not rel and tense == "future"):
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7)
    return pub - dt.timedelta(days=back)


def resolve(
    text: str,
    *,
    published_at: dt.datetime | None,
    anchor: dt.date | None = None,
    year: int | None = None,
    tense: str | None = None,
) -> dt.date | None:
    """The calendar day a date expression means, or None when it is not exactly one day.

    `anchor` is the last day resolved earlier in the document, for "the same day", "the next day".
    `year` is the year the context states for a month-day written without one; `tense` ("past",
    "future" or None) that of its sentence, which picks the side of publication for a bare
    weekday or month-day.
    """
    pub = published_at.date() if published_at is not None else None
    explicit = _calendar_date(text, pub, year=year, tense=tense) or _holiday(text, pub)
    if explicit is not None or (pub is None and anchor is None):
        return explicit
    if _EARLIER_IN_THE_DAY_RE.match(text):
        return pub  # the day of the news
    counted = _DAYS_FROM_ANCHOR_RE.match(text)
    if counted:
        n = counted.group("n").lower()
        days = int(n) if n.isdigit() else _SMALL.get(n)
        if anchor is None or days is None:
            return None
        sign = -1 if counted.group("dir").lower() in ("earlier", "before") else 1
        return anchor + dt.timedelta(days=sign * days)
    ref = _REFERENCE_DAY_RE.match(text)
    if ref:
        if anchor is None:
            return None
        rel = (ref.group("rel") or "").lower()
        direction = (ref.group("dir") or "").lower()
        if rel == "previous" or direction == "before":
            return anchor - dt.timedelta(days=1)
        if rel in ("next", "following") or direction == "after":
            return anchor + dt.timedelta(days=1)
        return anchor
    if pub is None:
        return None
    rel_day = _RELATIVE_DAY_RE.match(text)
    if rel_day:
        offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}
        offsets["the day after tomorrow"] = 2
        return pub + dt.timedelta(days=offsets.get(rel_day.group("word").lower(), 0))
    ago = _AGO_RE.match(text)
    if ago:
        n = ago.group("n").lower()
        days = int(n) if n.isdigit() else _SMALL.get(n)
        return pub - dt.timedelta(days=days) if days is not None else None
    weekday = _WEEKDAY_RE.match(text)
    if weekday:
        return _weekday_date(weekday, pub, tense)
    return None


_UNIT_WORD_RE = re.compile(rf"(?i)^{_UNIT}s?$")
# A unit spaCy labels without its "this", "last": "this season's opening", "this year's crop".
_DEICTIC_UNIT_RE = re.compile(rf"(?i)^(?:{_UNIT}|season|quarter)$")
_SURNAME_AFTER_RE = re.compile(rf"[ ]((?=[A-Z])(?i:{_UNIT})s?)\b")
_GIVEN_THEN_UNIT_RE = re.compile(rf"\b([A-Z][a-z]+) ((?=[A-Z])(?i:{_UNIT})s?)\b")


def _expressions(doc: Doc, text: str) -> list[tuple[int, int]]:
    """The (start, end) of every date, time and duration expression, in text order."""
    out: list[tuple[int, int]] = []
    # Surnames that are units of time ("Australian Timothy Weeks ... King and Weeks were
    # abducted"): where the document names a person so, the bare capitalised word is that person.
    surnames: set[str] = set()
    for e in doc.ents:
        if e.label_ != "PERSON":
            continue
        if " " in text[e.start_char : e.end_char].strip():
            surnames.add(text[e.start_char : e.end_char].split()[-1])
        # spaCy cuts "Timothy" + "Weeks" (DATE): a capitalised unit right after a person's name
        after = _SURNAME_AFTER_RE.match(text, e.end_char)
        if after:
            surnames.add(after.group(1))
    # or after a given name the model left unlabelled ("Australian Timothy Weeks")
    surnames.update(
        m.group(2) for m in _GIVEN_THEN_UNIT_RE.finditer(text) if is_given_name(m.group(1))
    )
    game = _is_game_report(text)
    for span in _candidates(doc, text):
        for piece in _pieces(text, *_trimmed(text, span.start, span.end)):
            adjusted = _adjusted(text, *piece)
            if adjusted is None:
                continue
            start, end = _balanced(text, *_named_day(text, *adjusted))
            expr = text[start:end]
            if (
                not expr
                or (out and start < out[-1][1])
                or not _is_temporal(expr)
                or _SESSION_RE.match(expr)
                or _is_recurring(expr, text, start)
                or (expr in surnames and _UNIT_WORD_RE.match(expr))
                or _is_title_word(text, start, expr)
                or (expr.isdigit() and ADDRESS_AFTER_RE.match(text, end))
                # "the overnight rate": a kind of loan, no time
                or (expr.lower() == "overnight" and _determined(text, start))
                or (game and _is_game_part(text, start, end))
            ):
                continue
            out.append((start, end))
    return out


# A capitalised "Today" or "Tonight" inside a sentence is a name: BBC Radio 4's Today programme,
# USA Today (the day is written in lower case there).
_TITLE_WORDS = frozenset({"Today", "Tonight", "Tomorrow"})
_SENTENCE_OPENING_RE = re.compile(r"(?:^|[.!?:;\n\"“‘'(\[—–-])\s*$")


def _is_title_word(text: str, start: int, expr: str) -> bool:
    """Whether a lone capitalised Today/Tonight stands inside a sentence, as a title does."""
    if expr not in _TITLE_WORDS:
        return False
    return _SENTENCE_OPENING_RE.search(text, max(0, start - 3), start) is None


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A day with its date in brackets whose closing bracket spaCy left out: "Tuesday (March 3"
    -> "Tuesday (March 3)" (an unclosed bracket with no closing one after it is cut off)."""
    expr = text[start:end]
    if expr.count("(") <= expr.count(")"):
        return start, end
    if text[end : end + 1] == ")":
        return start, end + 1
    return start, start + len(expr[: expr.rfind("(")].rstrip())


def _named_day(text: str, start: int, end: int) -> tuple[int, int]:
    """A day with the article of the noun it modifies, which spaCy took into it: "a Nov. 5
    letter" -> "Nov. 5"."""
    m = _BEFORE_NAMED_DAY_RE.match(text, start, end)
    return (m.end(), end) if m else (start, end)


def extract_dates(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    doc_id: str,
    published_at: dt.datetime | None,
    text: str | None = None,
) -> list[DateMention]:
    """Date, time and duration expressions of one document, resolved where one day follows.
    `text`: doc.text, when the caller has it (spaCy rebuilds it from the tokens on each access)."""
    if text is None:
        text = doc.text
    rows: list[DateMention] = []
    anchor: dt.date | None = None
    expressions = _expressions(doc, text)
    beside = _beside_weekdays(text, expressions)
    for k, (start, end) in enumerate(expressions):
        expr = text[start:end]
        kind = _kind(expr)
        if (
            kind == "duration"
            and _SEQUENCE_UNIT_RE.match(expr)
            and _previous_word(text, start) not in _STRETCH_PREPOSITIONS
            and not (_NEXT_RE.match(expr) and _previous_word(text, start) == "in")
        ):
            kind = "date"
        resolved = None
        if kind != "duration":
            sentence = sentences[index_at(sentences, start)] if sentences else None
            s0, s1 = (sentence.char_start, sentence.char_end) if sentence else (start, end)
            day, named = k, expr
            if k in beside:  # the weekday and its date, read as one: "Tuesday, March 3"
                w, day = (k, beside[k]) if _WEEKDAY_RE.match(expr) else (beside[k], k)
                named = f"{text[slice(*expressions[w])]}, {text[slice(*expressions[day])]}"
            c0, c1 = _clause(text, start, end, s0, s1)
            tense = _tense(text[c0:c1])
            year = _stated_year(text, expressions, day, s0, c0)
            if (
                year is not None
                and published_at is not None
                and _against_tense(year, published_at.year, tense)
            ):
                year = None  # "had until Nov. 1" is no day of the "November 2028" named before
            resolved = resolve(
                named, published_at=published_at, anchor=anchor, year=year, tense=tense
            )
        if resolved is not None:
            anchor = resolved
        rows.append(
            DateMention(
                doc_id=doc_id,
                date_idx=len(rows),
                sentence_idx=index_at(sentences, start),
                char_start=start,
                char_end=end,
                text=expr,
                kind=kind,
                resolved=resolved,
            )
        )
    return rows
