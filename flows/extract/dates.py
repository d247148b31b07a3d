"""Date and time expressions from a NER'd Doc: kind (date, time, duration) and the resolved day.

spaCy's DATE and TIME entities are the candidates. The rules here (GUIDELINES.md, "Dates") trim them
to the expression as annotated, drop what is not a date (ages, counts spaCy misread, recurring days,
frequencies), classify them, and resolve a calendar day only when exactly one follows from the text
and the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.schema import DateMention, Sentence
from flows.spans import index_at, trim

_LABELS = ("DATE", "TIME")

_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# Small counts for "three days ago"; the numbers module is not imported because it imports this one.
_SMALL: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "thirty": 30,
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_UNIT = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|century|centuries)"
)
_COUNT = (
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|few|a few|several|many|some|"
    r"couple(?: of)?|a couple(?: of)?|half an?|\w+ and a half)"
)
_TIME_OF_DAY = (
    r"(?:morning|afternoon|evening|night|tonight|overnight|noon|midday|midnight|dawn|dusk|"
    r"daybreak|lunchtime)"
)

# Anything spaCy calls DATE/TIME without one of these words is not a date: "Smith, 40," and "aged
# 40" come back as DATE '40', and "Between 10 and 20 people" as DATE; the numbers module keeps them.
DATE_WORD_RE = re.compile(
    rf"(?i)\b(?:{_MONTH}\.?|{_WEEKDAY}s?|{_UNIT}s?|quarters?|half|today|tomorrow|yesterday|"
    rf"{_TIME_OF_DAY}|ago|now|recently|spring|summer|autumn|fall|winter|christmas|easter|"
    r"ramadan|eid|new year|season|term|era|period|(?:1[5-9]|20)\d\d|\d{1,3}0s|'\d0s|"
    r"\d{1,2}:\d\d|\d{1,2}(?:st|nd|rd|th)|"
    r"\d{1,2}\s?(?:a\.?m\.?|p\.?m\.?)|a\.m\.|p\.m\.|o'clock|q[1-4]|fy\d+|h[12])(?!\w)"
)
# Ages are numbers (GUIDELINES: cardinal covers ages), though spaCy labels "40-year-old" a DATE.
AGE_RE = re.compile(r"(?i)^(?:\w+[-\s])+(?:year|month|week|day)s?[-\s]old$")
# Words the guidelines leave out of a date's span: "just three days" -> "three days".
_LEAD_RE = re.compile(
    r"(?i)^(?:just|only|about|around|roughly|nearly|almost|some|approximately|more than|"
    r"less than|over|under|at least|at most|up to|as early as|as late as|as recently as|"
    r"as long as|as of|until|since|by|from|on|in)\s+"
)
_POSSESSIVE_RE = re.compile(r"[’']s$")
# Recurring days and frequencies are not annotated ("every week", "annually", "on Sundays").
_RECURRING_RE = re.compile(
    rf"(?i)^(?:every|each|per)\b|\b(?:annually|daily|weekly|monthly|yearly|quarterly|nightly|"
    rf"hourly|fortnightly|biannually|biweekly)\b|^{_WEEKDAY}s$"
)
# "a day" after a count or amount is a rate ("500,000 barrels a day", "twice a year"), but after a
# preposition it is a duration ("for a year").
_RATE_RE = re.compile(rf"(?i)^(?:a|an|per)\s+{_UNIT}$")
_DURATION_PREPOSITIONS = frozenset(
    "for in within over after about nearly almost than least past last next first".split()
)
_TIME_RE = re.compile(
    rf"(?i)\b(?:{_TIME_OF_DAY}|a\.m\.?|p\.m\.?|o'clock|gmt|bst|utc|[ecmp][sd]t)(?!\w)|"
    r"\d{1,2}:\d\d|\b\d{1,2}\s?(?:am|pm)\b"
)
# "three days", "the past few years", "24 hours", "a two-year", "decades": a stretch of time.
_DURATION_RE = re.compile(
    rf"(?i)^(?:the\s+)?(?:(?:past|last|next|coming|previous|following|remaining|recent)\s+|"
    rf"(?:first|final|opening)\s+(?={_COUNT}[\s-]))?(?:{_COUNT}[\s-]+){{0,3}}(?:more\s+|full\s+|straight\s+|consecutive\s+)?"
    rf"{_UNIT}s?(?:[\s-]long)?$"
)
# "the past week", "the last three years", "past 24 hours" are stretches; "last week" is a date.
_ANCHORED_RE = re.compile(
    rf"(?i)^(?:the\s+(?:past|last|next|coming|previous|following)\s+(?:{_COUNT}[\s-]+)*|"
    rf"(?:past|last|next|coming)\s+(?:{_COUNT}[\s-]+)+){_UNIT}"
)
_REFERENCE_DAY_RE = re.compile(
    r"(?i)^(?:the|that)\s+(?:(?P<rel>same|previous|next|following)\s+)?day"
    r"(?:\s+(?P<dir>before|after))?$"
)
_RELATIVE_DAY_RE = re.compile(
    rf"(?i)^(?:(?:early|late)\s+)?(?P<word>yesterday|today|tonight|tomorrow|last night|"
    rf"this (?:morning|afternoon|evening)|the day before yesterday|the day after tomorrow)"
    rf"(?:[’']s)?(?:\s+{_TIME_OF_DAY})?$"
)
_AGO_RE = re.compile(r"(?i)^(?P<n>\d+|[a-z]+)\s+days?\s+ago$")
_WEEKDAY_RE = re.compile(
    rf"(?i)^(?:(?:on|early|late)\s+)?(?:(?P<rel>last|this|next|past)\s+)?(?P<day>{_WEEKDAY})"
    rf"(?:\s+{_TIME_OF_DAY})?$"
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
# What may surround a written-out date without making it more than one day ("Monday, Jan. 24").
_FILLER_RE = re.compile(rf"(?i)^(?:\W|on|the|of|{_WEEKDAY}|{_TIME_OF_DAY}|early|late)*$")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def temporal_spans(doc: Doc) -> list[tuple[int, int]]:
    """Char spans of the DATE/TIME entities that are temporal, for the numbers module to skip.

    Recurring days and frequencies are included (they hold no numbers to annotate either); ages and
    counts that spaCy mislabelled as DATE are not.
    """
    text = doc.text  # spaCy rebuilds Doc.text from its tokens on every access: read it once
    return [
        (s.start, s.end) for s in _merged_entities(doc, text) if _is_temporal(text[s.start : s.end])
    ]


def _is_temporal(text: str) -> bool:
    """Whether an entity's text is a date, time or duration rather than an age or a count."""
    return DATE_WORD_RE.search(text) is not None and AGE_RE.match(text.strip()) is None


def _merged_entities(doc: Doc, text: str) -> list[_Span]:
    """DATE/TIME entities, with a day and its part of day joined: "Tuesday" + "afternoon".

    `text` is doc.text, passed in because spaCy rebuilds it from the tokens on every access."""
    spans: list[_Span] = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        prev = spans[-1] if spans else None
        gap = text[prev.end : ent.start_char] if prev else ""
        if prev and prev.label != ent.label_ and gap == " ":
            spans[-1] = _Span(prev.start, ent.end_char, "TIME")
        else:
            spans.append(_Span(ent.start_char, ent.end_char, ent.label_))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading hedges and prepositions, a trailing possessive and stray punctuation."""
    while True:
        start, end = trim(text, start, end, " \t\n,;:.-–—(\"“”'’")
        lead = _LEAD_RE.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
            continue
        poss = _POSSESSIVE_RE.search(text[start:end])
        if poss:
            end = start + poss.start()
            continue
        return start, end


def _previous_word(text: str, start: int) -> str:
    """The word just before `start`, lower-cased ('' if none)."""
    m = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _is_recurring(text: str, doc_text: str, start: int) -> bool:
    """Recurring days, frequencies and rates, which the guidelines leave out."""
    if _RECURRING_RE.search(text):
        return True
    prev = _previous_word(doc_text, start)
    if prev in ("every", "each", "per"):
        return True
    return bool(_RATE_RE.match(text)) and prev not in _DURATION_PREPOSITIONS


def _kind(text: str) -> str:
    """date, time or duration, from the words of the expression."""
    if re.search(r"(?i)\b(?:ago|later|earlier|before|after|since)\b", text):
        return "date"
    if _REFERENCE_DAY_RE.match(text):
        return "date"
    if _TIME_RE.search(text):
        # "two hours", "30 minutes" are stretches of time even when spaCy says TIME.
        # "last night" is a time of day, though "night" is also a unit.
        return "duration" if _DURATION_RE.match(text) and not _is_deictic(text) else "time"
    if _ANCHORED_RE.match(text) or (_DURATION_RE.match(text) and not _is_deictic(text)):
        return "duration"
    return "date"


def _is_deictic(text: str) -> bool:
    """'this week', 'last year', 'the year', 'next month': a calendar period, not a stretch."""
    return re.match(rf"(?i)^(?:this|last|next|the|that|same)\s+{_UNIT}s?$", text) is not None


def _nearest_year(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The month-day closest to the publication date (Dec 30 in a Jan 2 article: last year)."""
    options = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:  # Feb 29 outside a leap year
            continue
    return min(options, key=lambda d: abs((d - pub).days)) if options else None


def _calendar_date(text: str, pub: dt.date | None) -> dt.date | None:
    """A written-out day ("Monday, Jan. 24", "3 March 2021"), if the text names exactly one."""
    for pattern in (_ISO_RE, _MONTH_DAY_RE, _DAY_MONTH_RE):
        matches = list(pattern.finditer(text))
        if len(matches) != 1:
            continue
        m = matches[0]
        if not _FILLER_RE.match(text[: m.start()] + " " + text[m.end() :]):
            return None  # "March 3 to 5", "the week of March 3": more than one day
        month_text = m.group("month").lower()
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
        day = int(m.group("day"))
        if m.group("year"):
            try:
                return dt.date(int(m.group("year")), month, day)
            except ValueError:
                return None
        if not 1 <= month <= 12 or pub is None:
            return None
        return _nearest_year(month, day, pub)
    return None


def _weekday_date(m: re.Match[str], pub: dt.date) -> dt.date:
    """The day a weekday refers to: the latest on or before publication unless 'next'/'this'."""
    target = _WEEKDAYS[m.group("day").lower()]
    rel = (m.group("rel") or "").lower()
    back = (pub.weekday() - target) % 7
    if rel in ("last", "past"):
        # "last Friday" in a Friday article means a week ago, not the day of publication.
        return pub - dt.timedelta(days=back or 7)
    if rel == "next":
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7)
    if rel == "this":
        return pub + dt.timedelta(days=(target - pub.weekday()) % 7)
    return pub - dt.timedelta(days=back)


def resolve(
    text: str, *, published_at: dt.datetime | None, anchor: dt.date | None = None
) -> dt.date | None:
    """The calendar day a date expression means, or None when it is not exactly one day.

    `anchor` is the last day resolved earlier in the document, for "the same day", "the next day".
    """
    pub = published_at.date() if published_at is not None else None
    explicit = _calendar_date(text, pub)
    if explicit is not None or (pub is None and anchor is None):
        return explicit
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
        return _weekday_date(weekday, pub)
    return None


def extract_dates(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    doc_id: str,
    published_at: dt.datetime | None,
) -> list[DateMention]:
    """Date, time and duration expressions of one document, resolved where one day follows."""
    text = doc.text
    rows: list[DateMention] = []
    anchor: dt.date | None = None
    for span in _merged_entities(doc, text):
        start, end = _trimmed(text, span.start, span.end)
        expr = text[start:end]
        if not expr or not _is_temporal(expr) or _is_recurring(expr, text, start):
            continue
        kind = _kind(expr)
        resolved = None
        if kind != "duration":
            resolved = resolve(expr, published_at=published_at, anchor=anchor)
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
