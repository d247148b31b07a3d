"""Datelines: the publication day a news text states at its top, for inputs whose metadata has none.

Wire copy opens with a dateline ("LONDON, Jan 5 (Reuters) - ", "SAN FRANCISCO, March 3 - ",
"NEW YORK, Dec. 4, 2025 /PRNewswire/ -- "); newspaper and broadcast pages put a dated line near
the top ("Monday 5 January 2026", "Published: 10:32 AM EST, Jan 5, 2026", "Updated …",
"By Jane Roe | Jan. 5, 2026"). `read_dateline` finds them (text in, a `Dateline` out) and
`publication` decides a document's `published_at` and its source (metadata, dateline, none).

What counts, and why (a wrong date is worse than none):

- A wire dateline opens the text, or one of its first few blank-line separated blocks (a web page
  may repeat the headline first): a place, its region, a date, an optional agency, then a dash
  or colon. "WASHINGTON, which …" is no dateline, nor is one deep in the article; "WASHINGTON (AP)
  —" is one without a date, so it gives none.
- A dated line is a line of its own among the first few that holds a date (or a Published and
  an Updated one) and little else: a label (Published, Posted, Filed, Updated), a weekday, a
  clock time and its zone, a byline ("by Jane Roe", or a name after a separator). A sentence
  that names a date ("In a joint statement published Oct. 25, …") is none, nor is "Pay April
  10" in a wire table. Without a label it needs a year: a line "Tuesday, 1 March" opens BBC
  Sport's match previews, the match's day.
- Published beats the wire dateline, which beats a plain dated line, which beats Updated (the
  day of a later edit, taken only when nothing else dates the text).
- Numeric dates only when they cannot be misread: 2026-01-05, 11/19/2019 (19 is no month);
  05/10/2018 (May or October) gives nothing.
- The year: a month and day without one (every Reuters dateline of 1987) become a day only with
  evidence of the year: stated in the dateline or dated line itself, or in the document's URL
  (`/2026/01/05/` or `/2026/01/`: the year that puts the day within a week of the URL's day, or
  of its month). A year elsewhere in the article is no evidence ("TOKYO, March 3 - Japan's 1986
  trade surplus …"), nor a URL's year alone ("/2020/" may name an election), and ingest records
  no file modification time, so none is used. Without evidence `published_at` stays null.
- A clock time with a zone whose offset is known (EST, PDT, GMT, CET, ET …) makes the time of
  day, in UTC; otherwise the day is taken at midnight UTC, as flows.formats.html does for a date
  alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.lexicon import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

__all__ = [
    "DATELINE",
    "METADATA",
    "NONE",
    "Dateline",
    "is_dated_line",
    "publication",
    "read_dateline",
    "url_date",
]

#: documents.published_at_source: the input's metadata gave the time (JSONL published_at, the
#: page's own markup), the text's dateline or dated line did, or nothing did.
METADATA = "metadata"
DATELINE = "dateline"
NONE = "none"

#: How far down a text a dateline or dated line may be: blocks (blank-line separated) for a wire
#: dateline, lines for a dated line. Web pages put a headline, a standfirst and a byline first.
_WIRE_BLOCKS = 3
_HEAD_LINES = 6
#: A dated line is short: a date, a time, a label, a name.
_MAX_LINE_CHARS = 120
#: Capitalised words allowed beside a date on a dated line (a byline's name).
_MAX_NAME_WORDS = 4

_MONTH_NUMBERS: dict[str, int] = {
    **{name: n for n, name in enumerate(MONTHS, start=1)},
    **MONTH_ABBREVIATIONS,
}
# Longest first, so that "March" is not read as "Mar" followed by "ch".
_MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + ")"
_WEEKDAY = (
    "(?:" + "|".join(WEEKDAYS) + r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?)"
)  # "Mon", "Thurs." on web pages
_YEAR = r"(?:19|20)\d\d"
# "Jan. 5", "March 3rd", "5 January", "5th of January": a month and day, with the year when given.
_MONTH_DAY = (
    rf"(?P<month>{_MONTH})\.?[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"(?:,?[ \t]+(?P<year>{_YEAR})(?!\d))?"
)
_DAY_MONTH = (
    rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<month2>{_MONTH})\b\.?"
    rf"(?:,?[ \t]+(?P<year2>{_YEAR})(?!\d))?"
)
_ISO = rf"(?P<iso>(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d))(?![\d-])"
# 11/19/2019 or 19/11/2019: read only when one of the two cannot be a month.
_SLASHED = rf"(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<sy>{_YEAR})(?![\d/])"
_DATE = rf"(?:{_MONTH_DAY}|{_DAY_MONTH}|{_ISO}|{_SLASHED})"
_DATE_RE = re.compile(rf"(?i)(?<![\w.]){_DATE}")

# A clock time and its zone: "10:32 AM EST", "5:45 AM PST", "11:28 AMT", "9 p.m. ET", "14:05 GMT".
_CLOCK = (
    r"(?P<hour>\d{1,2})(?::(?P<minute>[0-5]\d))?[ \t]*(?P<ampm>[ap])\.?[ \t]?m\b\.?|"
    r"(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?!\d)"
)
_TIME_RE = re.compile(
    rf"(?i)(?<![\w:])(?:{_CLOCK})(?:[ \t]*\(?(?P<zone>(?-i:[A-Z]{{2,5}}))\)?(?![\w]))?"
)
# UTC offsets of the zones news pages print; ET, CT, MT, PT depend on the date (daylight time).
# Not CST (US Central or China Standard) nor IST (India, Ireland, Israel): for those the day as
# written is kept, at midnight UTC, rather than a time shifted by a guessed offset.
_FIXED_ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_US_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}

Label = Literal["published", "updated", None]
# Not "date" ("Record date - March 20, 1987") nor "released" (a film's release in its box).
_PUBLISHED_LABEL = r"(?:(?:first|originally)[ \t]+)?(?:published|posted|filed)"
_UPDATED_LABEL = r"(?:last[ \t]+)?(?:updated|modified|edited)"
_LABEL_RE = re.compile(
    rf"(?i)\b(?:(?P<published>{_PUBLISHED_LABEL})|(?P<updated>{_UPDATED_LABEL}))\b"
    r"(?:[ \t]+(?:on|at))?[ \t]*:?"
)
# What else a dated line may hold: weekdays, "on"/"at", separators and brackets.
_FURNITURE_RE = re.compile(rf"(?i)\b{_WEEKDAY}(?!\w),?|\b(?:on|at)\b|[|•·,;:/()\[\]–—-]+")
_SEPARATOR_RE = re.compile(r"[|•·–—]|\s-\s|^\s*-|-\s*$")
# A label this module does not know, on a line it reads ("Released:", "Deadline:").
_OTHER_LABEL_RE = re.compile(r"[A-Za-z][ \t]*:")
_NAME_WORD = r"(?-i:[A-Z])[\w'’.-]*"
_BYLINE_RE = re.compile(
    rf"(?i)\bby[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}"
    rf"(?:(?:,[ \t]*|[ \t]+and[ \t]+){_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})*"
)

# A wire dateline: place, region, date, agency, then a dash or a colon. The place is capitalised
# words ("Mexico city" as Reuters wrote it; "DALLAS/FORT WORTH"); a comma follows it or its
# region ("WASHINGTON, D.C. March 18"), unless it is in capitals ("JOHANNESBURG March 13"):
# "In March 3 - …" is no dateline. Reuters' "****" flag before urgent stories is skipped.
_PLACE_WORD = r"[A-Z][A-Za-z'’.&/-]*"
_PLACE = rf"{_PLACE_WORD}(?:[ \t]+[A-Za-z][A-Za-z'’.&/-]*){{0,3}}"
_REGION = rf"(?:the[ \t]+)?{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,3}}"
_CAPS_PLACE = r"[A-Z][A-Z'’.&/-]{2,}(?:[ \t]+[A-Z][A-Z'’.&/-]+){0,3}"
_WIRE_RE = re.compile(
    rf"\**(?:{_PLACE}(?:[ \t]*,[ \t]*{_REGION}){{1,2}}[ \t]*,?|{_PLACE}[ \t]*,|{_CAPS_PLACE})"
    rf"[ \t]*(?:(?i:{_WEEKDAY}),?[ \t]+)?(?P<date>(?i:{_MONTH_DAY}|{_DAY_MONTH}))"
    r",?[ \t]*(?:\([^()\n]{1,40}\)|/[^/\n]{2,40}/|Reuters?\b)?,?[ \t]*"
    r"(?:-{1,3}|[—–]|:)(?=\s|$)"
)

Kind = Literal["wire", "line"]


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date stated at the top of a text: a wire dateline or a dated line."""

    #: The date expression's offsets in the text read, and the expression.
    start: int
    end: int
    text: str
    kind: Kind
    month: int
    day: int
    #: None when the text states no year (then `published_at` needs evidence of it).
    year: int | None
    #: The time of day as written, and its zone as written ("EST").
    time: dt.time | None = None
    zone: str | None = None
    #: The line's label: "published" (Published, Posted, Filed), "updated", or None.
    label: Label = None

    def published_at(self, year: int | None = None) -> dt.datetime | None:
        """The moment it states, in UTC; `year` fills in a missing one. None without a year, or
        when the day does not exist (Feb 30, "March 119")."""
        year = self.year or year
        if year is None:
            return None
        try:
            day = dt.date(year, self.month, self.day)
        except ValueError:
            return None
        offset = _utc_offset(self.zone, day) if self.time is not None else None
        if self.time is None or offset is None:
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        local = dt.datetime.combine(day, self.time, tzinfo=dt.timezone(offset))
        return local.astimezone(dt.UTC)


def _utc_offset(zone: str | None, day: dt.date) -> dt.timedelta | None:
    if zone is None:
        return None
    if zone in _FIXED_ZONES:
        return dt.timedelta(hours=_FIXED_ZONES[zone])
    if zone in _US_ZONES:
        try:
            tz = ZoneInfo(_US_ZONES[zone])
        except ZoneInfoNotFoundError:  # no time zone database: the day alone is still right
            return None
        return dt.datetime.combine(day, dt.time(12), tzinfo=tz).utcoffset()
    return None


def _month_day_year(m: re.Match[str]) -> tuple[int, int, int | None] | None:
    """(month, day, year) of a _DATE match; None for a numeric date that could be read two ways
    or a day that no month has."""
    g = m.groupdict()
    if g.get("iso"):
        month, day, year = int(g["im"]), int(g["id"]), int(g["iy"])
    elif g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        if a > 12 >= b:
            month, day = b, a
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # 05/10/2018: May 10 or 5 October
        year = int(g["sy"])
    else:
        month_text = g.get("month") or g.get("month2") or ""
        month = _MONTH_NUMBERS[month_text.lower()]
        day = int(g.get("day") or g.get("day2") or 0)
        year_text = g.get("year") or g.get("year2")
        year = int(year_text) if year_text else None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day, year


def _blocks(text: str) -> list[int]:
    """Offsets where the first blocks (blank-line separated) start, past their indentation."""
    starts: list[int] = []
    for m in re.finditer(r"(?:\A|\n[ \t]*\n)\s*", text):
        if m.end() < len(text):
            starts.append(m.end())
        if len(starts) == _WIRE_BLOCKS:
            break
    return starts


def _lines(text: str) -> list[tuple[int, str]]:
    """The first non-blank lines, each with its offset."""
    out: list[tuple[int, str]] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            out.append((m.start(), m.group()))
            if len(out) == _HEAD_LINES:
                break
    return out


def _wire(text: str) -> Dateline | None:
    for start in _blocks(text):
        m = _WIRE_RE.match(text, start)
        if m is None:
            continue
        date = _DATE_RE.match(text, m.start("date"))
        parts = _month_day_year(date) if date else None
        if date is None or parts is None:
            continue
        month, day, year = parts
        return Dateline(
            date.start(), date.end(), date.group(), "wire", month, day, year, label=None
        )
    return None


def _dated_line(offset: int, line: str) -> list[Dateline]:
    """The dates of one line when it is a dated line (see the module docstring), else []."""
    if len(line.strip()) > _MAX_LINE_CHARS:
        return []
    dates = list(_DATE_RE.finditer(line))
    if not dates:
        return []
    labels = list(_LABEL_RE.finditer(line))
    times = list(_TIME_RE.finditer(line))
    # What is left once dates, labels, times, bylines and furniture are taken out.
    rest = line
    for m in [*dates, *labels, *times]:
        rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
    rest = _BYLINE_RE.sub(" ", rest)
    if _OTHER_LABEL_RE.search(rest):
        return []  # "Released: 12 May 2004", "Deadline: …": some other day's label
    separated = _SEPARATOR_RE.search(rest) is not None
    words = _FURNITURE_RE.sub(" ", rest).split()
    if words and not (
        separated and len(words) <= _MAX_NAME_WORDS and all(re.match(r"[A-Z]", w) for w in words)
    ):
        return []
    found: list[Dateline] = []
    for date in dates:
        parts = _month_day_year(date)
        if parts is None:
            continue
        month, day, year = parts
        # The label and the time that belong to this date: the nearest before it (a label) and
        # the nearest on either side not nearer another date (a time).
        label_m = next((lb for lb in reversed(labels) if lb.end() <= date.start()), None)
        label: Label = None
        if label_m is not None:
            label = "published" if label_m.group("published") else "updated"
        if label is None and year is None:
            continue  # "Pay April 10", "Tuesday, 1 March" (a match's day): no byline's
        clock = _nearest_time(times, dates, date)
        time, zone = _clock(clock) if clock else (None, None)
        found.append(
            Dateline(
                offset + date.start(),
                offset + date.end(),
                date.group(),
                "line",
                month,
                day,
                year,
                time,
                zone,
                label,
            )
        )
    return found


def _nearest_time(
    times: list[re.Match[str]], dates: list[re.Match[str]], date: re.Match[str]
) -> re.Match[str] | None:
    """The clock time written with `date`: the nearest one that no other date is nearer to."""

    def gap(a: re.Match[str], b: re.Match[str]) -> int:
        return max(a.start() - b.end(), b.start() - a.end(), 0)

    best = None
    for t in times:
        if min(dates, key=lambda d: gap(t, d)) is not date:
            continue
        if best is None or gap(t, date) < gap(best, date):
            best = t
    return best


def _clock(m: re.Match[str]) -> tuple[dt.time | None, str | None]:
    g = m.groupdict()
    if g["hour"] is not None:
        hour = int(g["hour"])
        if not 1 <= hour <= 12:
            return None, None
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
        minute = int(g["minute"] or 0)
    else:
        hour, minute = int(g["hour24"]), int(g["minute24"])
    return dt.time(hour, minute), g["zone"]


def is_dated_line(line: str) -> bool:
    """Whether one line is a dated line ("Monday 5 January 2026", "Published: 10:32 AM EST, Jan
    5, 2026"): ingest takes no such line for a headline."""
    return bool(_dated_line(0, line))


_PRIORITY = {("line", "published"): 0, ("wire", None): 1, ("line", None): 2}


def read_dateline(text: str) -> Dateline | None:
    """The date a text states at its top (see the module docstring), or None."""
    candidates: list[Dateline] = []
    wire = _wire(text)
    if wire is not None:
        candidates.append(wire)
    for offset, line in _lines(text):
        candidates.extend(_dated_line(offset, line))
    if not candidates:
        return None
    # Published first, then the wire dateline, a plain dated line, and Updated last; within one
    # rank, the first in the text.
    return min(candidates, key=lambda d: (_PRIORITY.get((d.kind, d.label), 3), d.start))


#: How far (days) a dateline's month and day may lie from a URL's day, or from the middle of its
#: month, for the URL to give its year: farther, the two disagree and neither is taken.
_URL_DAY_REACH = 7
_URL_MONTH_REACH = 46
_URL_DATE_RE = re.compile(
    rf"/(?P<year>{_YEAR})(?:/(?P<month>0?[1-9]|1[0-2])(?:/(?P<day>0?[1-9]|[12]\d|3[01]))?)?(?=/|$)"
)


def url_date(url: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from a URL's path (`/2026/01/05/slug`, `/2026/01/`, `/2026/`), when it
    names exactly one; month and day may be None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", url, flags=re.I).split("?", 1)[0]
    found = {
        (
            int(m.group("year")),
            int(m.group("month")) if m.group("month") else None,
            int(m.group("day")) if m.group("day") else None,
        )
        for m in _URL_DATE_RE.finditer(path)
    }
    return found.pop() if len(found) == 1 else None


def _year_from_url(found: Dateline, url: str | None) -> int | None:
    """The year of a month-day dateline, from the URL's date: the year that puts the dateline
    nearest the URL's day (a Dec 31 story under /2027/01/01/ is of 2026), when that is near
    enough to be the same publication (a week of the URL's day, or of its month). A year alone
    is no evidence: a path's "/2020/" may name an election as well as a publication year."""
    known = url_date(url)
    if known is None:
        return None
    year, month, day = known
    if month is None:
        return None
    try:
        anchor = dt.date(year, month, day or 15)
    except ValueError:  # /2026/02/31/
        return None
    reach = _URL_DAY_REACH if day else _URL_MONTH_REACH
    options = []
    for y in (year - 1, year, year + 1):
        try:
            options.append(dt.date(y, found.month, found.day))
        except ValueError:
            continue
    near = [d for d in options if abs((d - anchor).days) <= reach]
    return min(near, key=lambda d: abs((d - anchor).days)).year if near else None


def publication(
    body: str,
    *,
    published_at: dt.datetime | None,
    source: str | None = None,
    url: str | None = None,
) -> tuple[dt.datetime | None, str]:
    """A document's (published_at, published_at_source) from its input's metadata and its text.

    Metadata wins. Else the text's dateline, its year from the text or the URL. `source`
    DATELINE with a `published_at` is a stored document's earlier reading (run --reprocess):
    read again from its stored text, and kept when that text no longer shows it (the cleaner
    removes "Published: …" lines)."""
    if published_at is not None and source != DATELINE:
        return published_at, METADATA
    found = read_dateline(body)
    if found is not None:
        when = found.published_at(None if found.year else _year_from_url(found, url))
        if when is not None:
            return when, DATELINE
    if published_at is not None:
        return published_at, DATELINE
    return None, NONE
