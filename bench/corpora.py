"""Readers for the research corpora in ../shared/corpora, as records the pipeline ingests.

Reuters-21578 (SGML) and AG News (CSV) are not input formats of broadsheet; benchmarks and the
gold evaluation turn their stories into JSON Lines records (`id`, `title`, `text`,
`published_at`, `source`) in a scratch folder outside the repository: the corpora are
research-use only and are never copied into the project. A Reuters record also keeps the story's
`dateline` ("SALVADOR, Feb 26 - "), which the distribution moved out of the body into an element
of its own; ingest ignores the field (bench/datelines.py reads it).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_STORY = re.compile(rb"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(rb'NEWID="(\d+)"')


def _field(tag: str, story: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", story, re.S)
    return m.group(1) if m else None


def _reuters_date(value: str | None) -> str | None:
    """'26-FEB-1987 15:01:01.79' or ' 5-MAR-1987 09:08:03.18' -> ISO 8601 (UTC); None when it
    does not parse. (The hundredths are dropped: a fixed-width cut at 20 characters kept the
    fraction's period of a one-digit day, and 7,241 stories lost their date.)"""
    if not value:
        return None
    try:
        stamp = dt.datetime.strptime(value.strip().split(".", 1)[0], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC).isoformat()


def reuters_stories(corpus: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(file name, record) for every story of reut2-*.sgm.gz in order; the record is None for a
    story without a body (headline-only and unprocessed items)."""
    for sgm in sorted(corpus.glob("reut2-*.sgm.gz")):
        for attrs, raw in _STORY.findall(gzip.decompress(sgm.read_bytes())):
            try:
                story = raw.decode("utf-8")
            except UnicodeDecodeError:  # one story has a Latin-1 byte (reut2-017)
                story = raw.decode("latin-1")
            body = _field("BODY", story)
            if body is None or not html.unescape(body).strip():
                yield sgm.name, None
                continue
            newid = _NEWID.search(attrs)
            title = _field("TITLE", story)
            dateline = _field("DATELINE", story)
            yield (
                sgm.name,
                {
                    "id": newid.group(1).decode() if newid else None,
                    "title": html.unescape(title).strip() if title else None,
                    "text": html.unescape(body),
                    "published_at": _reuters_date(_field("DATE", story)),
                    "source": "Reuters",
                    "dateline": html.unescape(dateline).strip() if dateline else None,
                },
            )


def ag_news_rows(corpus: Path) -> Iterator[dict[str, Any]]:
    """AG News test rows as records, id = the 1-based row number; text as in the file (its
    scraping debris, `#36;` and `\\` line breaks, is kept: it is real input)."""
    raw = (corpus / "test.csv").read_bytes().decode("utf-8")
    for n, row in enumerate(csv.reader(io.StringIO(raw)), start=1):
        if len(row) != 3:
            continue
        _, title, text = row
        yield {"id": str(n), "title": title, "text": text, "source": "AG News"}
