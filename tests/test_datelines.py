"""flows.extract.datelines: the date a text states at its top (wire datelines, dated lines) and
the published_at (and its source) a document gets from metadata or from it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys

import pytest

from flows.extract.datelines import (
    DATELINE,
    METADATA,
    NONE,
    publication,
    read_dateline,
    url_date,
)

from conftest import ROOT, SEED_FILE, SHARED

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# --- the formats, by hand --------------------------------------------------------------------

# (text, the date expression read, (month, day, year), what it means as published_at)
DATED = [
    # Wire datelines: Reuters as in Reuters-21578, with its agency, a press release's.
    ("LONDON, Jan 5 (Reuters) - Shares fell.", "Jan 5", (1, 5, None), None),
    ("    SAN FRANCISCO, March 3 - The company said", "March 3", (3, 3, None), None),
    (
        "NEW YORK, Dec. 4, 2025 /PRNewswire/ -- Acme Corp today announced",
        "Dec. 4, 2025",
        (12, 4, 2025),
        at(2025, 12, 4),
    ),
    ("TULSA, Okla., March 23 - Geodyne Resources Inc said", "March 23", (3, 23, None), None),
    ("WASHINGTON, D.C. March 18 - The Senate", "March 18", (3, 18, None), None),
    ("JOHANNESBURG March 13 - Shr 516 cts vs 347", "March 13", (3, 13, None), None),
    ("****RIO DE JANEIRO, March 5 - Brazil has no set target", "March 5", (3, 5, None), None),
    ("Mexico city, march 18 - mexico's proven reserves", "march 18", (3, 18, None), None),
    ("GRONINGEN, the Netherlands, March 31 - European countries", "March 31", (3, 31, None), None),
    (
        "LONDON, 5 January 2026 (AFP) - Ministers met.",
        "5 January 2026",
        (1, 5, 2026),
        at(2026, 1, 5),
    ),
    # A web page's headline first, then the dateline opening the second block.
    (
        "Cat found in New Mexico\n\nSANTA FE, N.M., Nov. 19, 2019 (AP) — A cat",
        "Nov. 19, 2019",
        (11, 19, 2019),
        at(2019, 11, 19),
    ),
    # Dated lines: bylines and Published/Updated lines near the top.
    ("Monday 5 January 2026\n\nThe minister said", "5 January 2026", (1, 5, 2026), at(2026, 1, 5)),
    ("Monday, November 18, 2019\n\nNASA said", "November 18, 2019", (11, 18, 2019), None),
    (
        "Published: 10:32 AM EST, Jan 5, 2026\n\nText.",
        "Jan 5, 2026",
        (1, 5, 2026),
        at(2026, 1, 5, 15, 32),
    ),
    ("By Jane Roe | Jan. 5, 2026\n\nText.", "Jan. 5, 2026", (1, 5, 2026), at(2026, 1, 5)),
    ("Jan. 5, 2026 | Jane Roe\n\nText.", "Jan. 5, 2026", (1, 5, 2026), at(2026, 1, 5)),
    # A zone without a known offset ("AMT") keeps the day, at midnight UTC.
    (
        "November 20, 2019 - 11:28 AMT\n\nText.",
        "November 20, 2019",
        (11, 20, 2019),
        at(2019, 11, 20),
    ),
    # US Pacific time, and 19 is no month: November 19.
    (
        "Stadia launch\n5:45 AM PST 11/19/2019 by Patrick Shanley\n\nText.",
        "11/19/2019",
        (11, 19, 2019),
        at(2019, 11, 19, 13, 45),
    ),
    # ET is daylight time in July: 4 hours behind UTC.
    (
        "Updated 9:15 PM ET, July 4, 2025\n\nText.",
        "July 4, 2025",
        (7, 4, 2025),
        at(2025, 7, 5, 1, 15),
    ),
    ("Posted on 2026-01-05 by Jane Roe\n\nText.", "2026-01-05", (1, 5, 2026), at(2026, 1, 5)),
    # CST is US Central or China Standard: the day as written, at midnight UTC.
    ("Published 11:30 PM CST, Jan 5, 2026\n\nText.", "Jan 5, 2026", (1, 5, 2026), at(2026, 1, 5)),
]


@pytest.mark.parametrize("text, expr, parts, when", DATED, ids=lambda v: str(v)[:30])
def test_dateline_formats(text, expr, parts, when):
    found = read_dateline(text)
    assert found is not None
    assert (found.text, (found.month, found.day, found.year)) == (expr, parts)
    assert text[found.start : found.end] == expr
    if when is not None:
        assert found.published_at() == when


# Texts that state no date at their top, or nothing that can be trusted to be one.
UNDATED = [
    # A place name opening a sentence is no dateline, nor is one deep in the article.
    "WASHINGTON, which has long opposed the plan, said on Jan 5 - it would not.",
    "The Senate voted.\n\nIt was late.\n\nMembers left.\n\nLONDON, Jan 5 (Reuters) - Shares fell.",
    "Shares fell sharply.\nLONDON, Jan 5 (Reuters) - Shares fell.",
    # A dateline without a date.
    "WASHINGTON (AP) — The Senate voted on Tuesday.",
    "BUFFALO, N.Y. — Hours before Zach Parise's two-goal performance Tuesday,",
    # No comma after a place in lower case: "In March 3 - …" is prose.
    "In March 3 - the first day - prices rose.",
    # A date inside a sentence, however near the top.
    "In a joint statement published Oct. 25, the Russian and Syrian defense ministries said.",
    "The Pentagon announced Monday, Jan. 24, that it ordered the readiness of troops.",
    # A wire table's "Pay April 10" and "Record March 20, 1987" are no bylines.
    "Qtly div 12 cts vs 12 cts prior\nPay April 10\nRecord March 20",
    "Shr 13 cts vs 15 cts\nRecord date March 20, 1987",
    "Qtly div 25 cts\nRecord date - March 20, 1987",
    # A film's box, not the article's date.
    "Released: 12 May 2004 | Universal\n\nThe film opens.",
    # A fixture's day opening a BBC Sport preview (sport/180.txt), not its publication's.
    "Brentford v Southampton\n\nGriffin Park\n\nTuesday, 1 March\n\n1945 GMT\n\nBarry Knight",
    # May 10 or 5 October: left, not guessed.
    "05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saude - Tags: sad",
    # A reader's note with a date is no byline either.
    "Photo gallery - Sunday, November 17, 2019\n\nText.",
    # Typos a reader cannot trust: no such month, no such day.
    "NEW YORK, Narch 2 - Qtr ended Jan 31",
    "BOSTON, March 187 - Eastern Utilities Associates said",
    "",
]


@pytest.mark.parametrize("text", UNDATED, ids=lambda v: v[:30])
def test_not_a_dateline(text):
    assert read_dateline(text) is None


def test_the_seed_article_has_no_dateline():
    assert read_dateline(SEED_FILE.read_text(encoding="utf-8")) is None


def test_published_beats_wire_beats_a_byline_beats_updated():
    updated_first = "Updated 11:00 AM EST, Jan 6, 2026\nPublished 10:32 AM EST, Jan 5, 2026\n\nX."
    assert read_dateline(updated_first).published_at() == at(2026, 1, 5, 15, 32)
    one_line = "Published 10:32 AM EST, Jan 5, 2026 | Updated 11:00 AM EST, Jan 6, 2026\n\nX."
    assert read_dateline(one_line).published_at() == at(2026, 1, 5, 15, 32)
    wire = "Updated Jan 7, 2026\n\nLONDON, Jan 5, 2026 (Reuters) - Shares fell."
    assert (read_dateline(wire).kind, read_dateline(wire).day) == ("wire", 5)
    only_updated = "Updated Jan 7, 2026\n\nShares fell."
    assert (read_dateline(only_updated).label, read_dateline(only_updated).day) == ("updated", 7)


def test_a_day_that_does_not_exist_dates_nothing():
    assert read_dateline("LONDON, Feb 30, 2026 - Shares fell.").published_at() is None


# --- the year: only from evidence -------------------------------------------------------------


def test_month_and_day_without_a_year_leave_published_at_null():
    text = "LONDON, Jan 5 (Reuters) - Shares fell in 2025, and again in 2026."
    assert read_dateline(text).published_at() is None
    assert publication(text, published_at=None) == (None, NONE)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.com/2026/01/05/markets.html", at(2026, 1, 5)),
        ("https://example.com/2026/01/markets", at(2026, 1, 5)),
        ("https://example.com/2026/01/06/markets", at(2026, 1, 5)),
        # A Jan 5 story filed under Dec 30: the year nearest the URL's day.
        ("https://example.com/2025/12/30/markets", at(2026, 1, 5)),
        # Too far from the URL's day to be its publication: neither is taken.
        ("https://example.com/2025/11/19/markets", None),
        # A year alone may be a topic ("/2020/" elections): no evidence.
        ("https://example.com/elections/2026/markets", None),
        ("https://example.com/markets-2026-01-05", None),
        (None, None),
    ],
)
def test_the_url_gives_the_year(url, expected):
    text = "LONDON, Jan 5 (Reuters) - Shares fell."
    got = publication(text, published_at=None, url=url)
    assert got == ((expected, DATELINE) if expected else (None, NONE))


def test_url_date():
    assert url_date("https://x.org/2019/11/18/a-story/") == (2019, 11, 18)
    assert url_date("s3://bucket/2019/11/file.jsonl") == (2019, 11, None)
    assert url_date("https://x.org/2019/11/18/a/2020/01/02/b") is None  # two dates: neither
    assert url_date("https://x.org/a?d=/2019/11/18/") is None  # the query is no path


# --- publication: metadata first ---------------------------------------------------------------


def test_metadata_wins_over_the_dateline():
    meta = at(2026, 1, 4, 23, 0)
    text = "LONDON, Jan 5, 2026 (Reuters) - Shares fell."
    assert publication(text, published_at=meta) == (meta, METADATA)
    assert publication(text, published_at=meta, source=METADATA) == (meta, METADATA)


def test_a_stored_dateline_date_is_read_again_and_kept_when_the_line_is_gone():
    """run --reprocess: a stored document's date that came from its dateline is no metadata; its
    cleaned text no longer holds a "Published: …" line, so the stored date stays."""
    stored = at(2026, 1, 5, 15, 32)
    assert publication("Shares fell.", published_at=stored, source=DATELINE) == (stored, DATELINE)
    again = publication("LONDON, Jan 6, 2026 - Shares fell.", published_at=stored, source=DATELINE)
    assert again == (at(2026, 1, 6), DATELINE)
    # A row written before datelines were read has no source: its date is metadata.
    assert publication("LONDON, Jan 6, 2026 - X.", published_at=stored) == (stored, METADATA)


# --- real text ----------------------------------------------------------------------------------

REUTERS = SHARED / "corpora" / "reuters21578"
HTML = SHARED / "corpora" / "html"
BBC = SHARED / "corpora" / "bbc"


@pytest.mark.shared
def test_bbc_files_state_no_publication_day():
    """BBC's 2,225 .txt files carry no date: none is read from them (the day their rows chart by
    is the ingestion day). Eight sport previews open with their match's day ("Tuesday, 1
    March"), which is no publication date."""
    if not BBC.is_dir():
        pytest.skip(f"needs the BBC corpus at {BBC} (../shared is absent)")
    paths = sorted(BBC.rglob("*.txt"))
    assert len(paths) == 2225
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths]
    assert [publication(t, published_at=None) for t in texts] == [(None, NONE)] * len(texts)


def _reuters(limit: int) -> list[dict]:
    if not REUTERS.is_dir():
        pytest.skip(f"needs Reuters-21578 at {REUTERS} (../shared is absent)")
    sys.path.insert(0, str(ROOT / "bench"))
    from corpora import reuters_stories

    out = []
    for _, record in reuters_stories(REUTERS):
        if record is not None:
            out.append(record)
        if len(out) == limit:
            break
    return out


@pytest.mark.shared
def test_reuters_wire_copy():
    """The first 1,000 Reuters stories with a body, their dateline put back before the body as
    the wire sent it: nearly every one is read, on the day of <DATE> or a day from it (measured:
    996 read, 946 on <DATE>'s day, 995 within a day: "TOKYO, Feb 27" stamped 26-FEB-1987
    22:22, the local day ahead of the stamp's), and none can be dated without metadata (the
    datelines state no year)."""
    stories = _reuters(1000)
    found = same = near = 0
    for r in stories:
        line = read_dateline(f"{r['dateline']} {r['text']}")
        if line is None:
            continue
        found += 1
        assert line.published_at() is None
        day = dt.date.fromisoformat(r["published_at"][:10])
        same += (line.month, line.day) == (day.month, day.day)
        near += abs((dt.date(day.year, line.month, line.day) - day).days) <= 1
    assert found >= 990
    assert same >= 940
    assert near >= 990


@pytest.mark.shared
def test_reuters_first_story():
    (first,) = _reuters(1)
    assert first["dateline"] == "SALVADOR, Feb 26 -"
    line = read_dateline(f"{first['dateline']} {first['text']}")
    assert (line.text, line.month, line.day) == ("Feb 26", 2, 26)
    # The body as the distribution gives it has no dateline (it is an element of its own).
    assert read_dateline(first["text"]) is None
    # As the pipeline reads the record: its <DATE> is the metadata (a one-digit day too).
    assert publication(first["text"], published_at=at(1987, 2, 26, 15, 1, 1)) == (
        at(1987, 2, 26, 15, 1, 1),
        METADATA,
    )


@pytest.mark.shared
def test_reuters_records_keep_the_date_of_a_one_digit_day():
    """<DATE> 5-MAR-1987 09:08:03.18</DATE> (a leading space) is metadata like any other: a
    fixed-width cut once kept the fraction's period and lost 7,241 stories' dates."""
    stories = _reuters(3000)
    assert all(r["published_at"] for r in stories)
    assert any(r["published_at"].startswith("1987-03-05") for r in stories)


@pytest.mark.shared
def test_ag_news_datelines():
    """AG News rows carry no date: 109 of 7,600 open with a dateline, 25 of them with the year
    ("KABUL, Afghanistan Aug. 23, 2004 - "), and those 25 are dated by it (each read by eye)."""
    corpus = SHARED / "corpora" / "ag_news"
    if not corpus.is_dir():
        pytest.skip(f"needs AG News at {corpus} (../shared is absent)")
    sys.path.insert(0, str(ROOT / "bench"))
    from corpora import ag_news_rows

    texts = [r["text"] for r in ag_news_rows(corpus)]
    read = [(t, read_dateline(t)) for t in texts]
    found = [(t, line) for t, line in read if line is not None]
    dated = {t[:40]: line.published_at() for t, line in found if line.published_at()}
    assert len(found) >= 105 and len(dated) >= 25
    assert dated["KABUL, Afghanistan Aug. 23, 2004 - A def"] == at(2004, 8, 23)
    assert dated["NEW DELHI, 7 September 2004 - India and "] == at(2004, 9, 7)
    assert all(d.year == 2004 for d in dated.values())


def _page(prefix: str) -> bytes:
    if not HTML.is_dir():
        pytest.skip(f"needs the HTML pages at {HTML} (../shared is absent)")
    (path,) = HTML.glob(f"{prefix}*.html.gz")
    return path.read_bytes()


@pytest.mark.shared
@pytest.mark.parametrize(
    "prefix, expected",
    [
        # "5:45 AM PST 11/19/2019 by Patrick Shanley" under the headline.
        ("8267acac", at(2019, 11, 19, 13, 45)),
        # "November 20, 2019 - 11:28 AMT" opening the page's text.
        ("d90bda7e", at(2019, 11, 20)),
    ],
)
def test_html_pages_dated_lines_agree_with_their_metadata(prefix, expected):
    from flows.ingest import decode_input

    (raw,) = decode_input(_page(prefix), source_uri=prefix, name="p.html.gz", max_bytes=5 << 20)
    assert read_dateline(raw.body).published_at() == expected
    assert raw.published_at.date() == expected.date()
    assert publication(raw.body, published_at=None) == (expected, DATELINE)


@pytest.mark.shared
@pytest.mark.parametrize("prefix", ["d0382c0d", "db6b0816", "0d461229", "359fee22"])
def test_html_datelines_without_a_date(prefix):
    """ "SAN FRANCISCO (AP) —", "HANOI, Vietnam (AP) —", "MADRID —", "WASHINGTON (Reuters) -":
    datelines that state no day."""
    from flows.ingest import decode_input

    (raw,) = decode_input(_page(prefix), source_uri=prefix, name="p.html.gz", max_bytes=5 << 20)
    assert read_dateline(raw.body) is None


def test_hand_written_json_record_with_a_dated_line():
    """A JSON Lines record without published_at, its text opening with a dated line."""
    from flows.ingest import decode_input

    record = {"text": "Published: 10:32 AM EST, Jan 5, 2026\n\nShares fell.", "url": None}
    data = gzip.compress(json.dumps(record).encode())
    (raw,) = decode_input(data, source_uri="r", name="r.jsonl.gz", max_bytes=1 << 20)
    assert raw.published_at is None  # ingest keeps to the metadata
    assert publication(raw.body, published_at=raw.published_at, url=raw.url) == (
        at(2026, 1, 5, 15, 32),
        DATELINE,
    )
