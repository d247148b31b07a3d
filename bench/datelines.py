"""Benchmark: publication dates from metadata and from datelines, on Reuters-21578 and web pages.

    .venv/bin/python bench/datelines.py [--shared PATH] [--show N] [--json]

Reuters-21578 (`<shared>/corpora/reuters21578`, the stories with a body):

- as the pipeline takes them: the JSON Lines records of bench/corpora.py (with `published_at`
  from <DATE>) through ingest and `flows.extract.datelines.publication`, counted by
  `published_at_source`;
- the dateline reader alone, with the metadata removed, on the body as the distribution gives it
  (its <DATELINE> moved out into an element of its own) and on the wire copy as sent (dateline,
  then body): stories found and not found, and of those found, how many state the month and
  day of <DATE> (the day's precision), and how many could be dated (a year in evidence).

Web pages (`<shared>/corpora/html`, 181 pages): each page through ingest as the pipeline reads a
file, counted by `published_at_source`; then the reader alone on every page's text, its day
compared with the page's metadata where both exist. AG News (7,600 rows without any date): its
records through ingest, counted by `published_at_source`. `--show N` prints N dated texts of each
corpus (the opening line and the day read) to check by eye. Prints a summary, then one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: `flows` is beside bench/
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import ag_news_rows, reuters_stories  # noqa: E402

from flows.extract.datelines import publication, read_dateline  # noqa: E402
from flows.ingest import RawDocument, decode_input  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
MAX_BYTES = 5 * 1024 * 1024


def _sources(raws: list[RawDocument]) -> Counter[str]:
    return Counter(publication(r.body, published_at=r.published_at, url=r.url)[1] for r in raws)


def _reader(texts: list[tuple[str, dt.date | None]]) -> dict[str, Any]:
    """The reader alone on (text, metadata day) pairs: found, not found, the day's precision."""
    found = agree = dated = compared = 0
    for text, day in texts:
        line = read_dateline(text)
        if line is None:
            continue
        found += 1
        dated += line.published_at() is not None
        if day is not None:
            compared += 1
            agree += (line.month, line.day) == (day.month, day.day)
    return {
        "texts": len(texts),
        "found": found,
        "not_found": len(texts) - found,
        "with_year": dated,
        "compared": compared,
        "same_day": agree,
        "day_precision": round(agree / compared, 4) if compared else None,
    }


def reuters(shared: Path, show: int) -> dict[str, Any]:
    stories = [r for _, r in reuters_stories(shared / "corpora" / "reuters21578") if r]
    lines = b"\n".join(json.dumps(r).encode() for r in stories)
    raws = [
        d
        for d in decode_input(
            lines, source_uri="reuters.jsonl", name="r.jsonl", max_bytes=MAX_BYTES
        )
        if isinstance(d, RawDocument)
    ]
    days = [
        dt.datetime.fromisoformat(r["published_at"]).date() if r["published_at"] else None
        for r in stories
    ]
    wire = [(f"{r['dateline']} {r['text']}" if r["dateline"] else r["text"]) for r in stories]
    out = {
        "stories": len(stories),
        "with_date_metadata": sum(d is not None for d in days),
        "with_dateline_element": sum(bool(r["dateline"]) for r in stories),
        "pipeline_sources": dict(_sources(raws)),
        "reader_on_body": _reader([(r["text"], d) for r, d in zip(stories, days, strict=True)]),
        "reader_on_wire_copy": _reader(list(zip(wire, days, strict=True))),
    }
    # Without metadata, what would the pipeline make of the wire copy? (No year: no date.)
    out["wire_copy_without_metadata_sources"] = dict(
        Counter(publication(text, published_at=None)[1] for text in wire)
    )
    misses = Counter()
    for text, day in zip(wire, days, strict=True):
        line = read_dateline(text)
        if line is None or day is None or (line.month, line.day) == (day.month, day.day):
            continue
        try:
            gap = (dt.date(day.year, line.month, line.day) - day).days
        except ValueError:
            gap = None
        misses["invalid day" if gap is None else f"{gap:+d} days" if abs(gap) < 3 else "other"] += 1
    out["wire_copy_disagreements"] = dict(misses.most_common())
    if show:
        rng = random.Random(18)
        for text, day in rng.sample(list(zip(wire, days, strict=True)), show):
            line = read_dateline(text)
            got = f"{line.month:02d}-{line.day:02d}" if line else "-"
            print(f"  reuters  DATE {day}  read {got}  | {text.strip().splitlines()[0][:90]}")
    return out


def html_pages(shared: Path, show: int) -> dict[str, Any]:
    raws: list[RawDocument] = []
    for path in sorted((shared / "corpora" / "html").glob("*.html.gz")):
        for d in decode_input(
            path.read_bytes(), source_uri=str(path), name=path.name, max_bytes=MAX_BYTES
        ):
            if isinstance(d, RawDocument):
                raws.append(d)
    texts = [(r.body, r.published_at.date() if r.published_at else None) for r in raws]
    shown = 0
    for r in raws:
        line = read_dateline(r.body)
        if line is None or shown >= show:
            continue
        shown += 1
        meta = r.published_at.date() if r.published_at else None
        head = r.body[max(0, line.start - 40) : line.end + 40].replace("\n", " | ")
        print(f"  html  meta {meta}  read {line.published_at()}  | {head}")
    return {
        "pages": len(raws),
        "pipeline_sources": dict(_sources(raws)),
        "reader_on_text": _reader(texts),
    }


def ag_news(shared: Path, show: int) -> dict[str, Any]:
    rows = list(ag_news_rows(shared / "corpora" / "ag_news"))
    lines = b"\n".join(json.dumps(r).encode() for r in rows)
    raws = [
        d
        for d in decode_input(lines, source_uri="ag.jsonl", name="a.jsonl", max_bytes=MAX_BYTES)
        if isinstance(d, RawDocument)
    ]
    read = [r for r in raws if read_dateline(r.body) is not None]
    for r in read[:show]:
        line = read_dateline(r.body)
        print(f"  ag_news  read {line.text!r} -> {line.published_at()}  | {r.body[:80]}")
    return {
        "rows": len(rows),
        "pipeline_sources": dict(_sources(raws)),
        "reader_found": len(read),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--show", type=int, default=0, help="print N dated texts per corpus")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    result = {
        "reuters21578": reuters(args.shared, args.show),
        "html": html_pages(args.shared, args.show),
        "ag_news": ag_news(args.shared, args.show),
    }
    if not args.json:
        for corpus, figures in result.items():
            print(corpus)
            for key, value in figures.items():
                print(f"  {key}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
