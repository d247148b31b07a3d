"""HTML input: a web page -> its article's title, publication time and main text.

`extract_article` is a pure function of the page (no I/O, no network, no clock): trafilatura finds
the main text, its metadata step the title, and htmldate the publication time from the page's own
markup only (meta tags, JSON-LD, <time> elements, the URL; never the extensive text search).

Extraction settings (scored by bench/html_extraction.py on the 181 pages of
../shared/corpora/html; figures are mean per-page bag-of-words P / R / F1):

- `favor_precision=True`: 0.953 / 0.975 / 0.957 against 0.933 / 0.983 / 0.948 for the defaults.
  On pages with a "related stories" rail or newsletter box it drops that box; it misses a little
  more body text.
- `include_comments=False`: reader comments are not the article (the default keeps them).
  Together with precision: 0.964 / 0.975 / 0.965.
- Fallback: on rare pages the precision pass keeps only a fragment (a barrons.com page: 39 words
  of 392). When it returns fewer than `_SHORT_WORDS` words, the balanced pass runs too and wins if
  it finds at least `_FALLBACK_RATIO` times as many words.
- A result without a single block of `_MIN_BLOCK_CHARS` characters (a menu, a lone link) is
  no_main_text.
- Inline markup inside running text (a link or span within a paragraph) loses its class and id
  before extraction: trafilatura discards elements by class names such as "link", and would cut
  the words of an in-sentence link out of the middle of a sentence (a cbssports.com page lost
  "the NFL will fine Rudolph" from "has reported that the NFL will fine Rudolph for his role").
- Lines that are only a comment count, "Tags", "Share this", "Read more: ..." and the like are
  dropped (`_BOILERPLATE_LINE`).

All together: 0.968 / 0.981 / 0.970 (F1 of the mean P and R, FACTS.md's way: 0.974 against
0.957), at about 40 ms a page against 25 ms (the metadata pass is most of the difference).

Bounded work: libxml2 stops nesting at 256 levels (losing what is deeper), and trafilatura
recurses over the tree, so a page nested deeper than `MAX_DEPTH` levels is rejected as bad_html
(real pages nest at most ~50 deep), and one with more than `MAX_ELEMENTS` elements as too_large.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from flows.errors import RejectedInput

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "HtmlArticle", "extract_article"]

#: Deeper trees are rejected (bad_html): libxml2 truncates at 256 and trafilatura recurses.
MAX_DEPTH = 200
#: Larger trees are rejected (too_large); the largest benchmark page has ~1,600 elements.
MAX_ELEMENTS = 100_000

# Precision fallback (see the module docstring).
_SHORT_WORDS = 100
_FALLBACK_RATIO = 3
_WORD = re.compile(r"\w+")
# Main text has at least one block this long; a page whose "text" is only short fragments (menu
# links that trafilatura's whole-page fallback picked up) has none.
_MIN_BLOCK_CHARS = 25

# htmldate: structured markup only, with the time of day and offset when the page gives them. The
# upper bound is fixed rather than "today" so that the result does not depend on the clock.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "max_date": "2099-12-31",
}
_EXTRACT_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "output_format": "python",
}

# Inline elements: their words belong to the sentence around them, whatever their class says.
_INLINE = frozenset(
    {"a", "abbr", "b", "cite", "em", "i", "mark", "q", "small", "span", "strong", "sub", "sup", "u"}
)
# Blocks of running text (an inline element inside one of these, with text around it, is part of
# a sentence).
_TEXT_BLOCKS = frozenset({"p", "li", "blockquote", "dd", "td", "figcaption", "h2", "h3", "h4"})

# trafilatura writes a table as Markdown rows ("| a | b |") under a rule row ("|---|---|").
_TABLE_RULE = re.compile(r"^[|:\s-]*-[|:\s-]*$")

# Whole lines that are page furniture, not article text (matched case-insensitively).
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        \d*\s*comments?
      | tags:?
      | advertisement
      | share\ (?:this|on\ \w+)(?:\ (?:article|story|page))?[!.:]?
      | like\ this\ story\?.*
      | (?:you\ may\ also\ like|related\ (?:stories|articles|posts?)|more\ stories|don'?t\ miss)
        [.:…]*
      | (?:read\ more|related|related\ posts?|more|see\ also)\s*:.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """A page's article: title and publication time when the page states them, and main text."""

    title: str | None
    #: Timezone-aware, in UTC. A time without an offset is taken as UTC; a date alone is midnight.
    published_at: dt.datetime | None
    #: Paragraphs separated by "\n\n": headings, list items (as "- item") and table rows (cells
    #: joined by " | ") are blocks of their own too.
    text: str


def _parse(html: str) -> HtmlElement:
    """Parse with trafilatura's own parser settings; reject what is not HTML or is unbounded."""
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, TypeError, etree.LxmlError, RecursionError) as exc:
        raise RejectedInput("bad_html", f"cannot parse the page: {exc}") from exc
    if tree is None:
        raise RejectedInput("bad_html", "not parseable as an HTML document")
    depth = max_depth = elements = 0
    # iterwalk is iterative (no Python recursion), so any depth is safe to measure.
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            elements += 1
            if depth > max_depth:
                max_depth = depth
                if max_depth > MAX_DEPTH:
                    raise RejectedInput(
                        "bad_html", f"elements nested more than {MAX_DEPTH} levels deep"
                    )
            if elements > MAX_ELEMENTS:
                raise RejectedInput("too_large", f"more than {MAX_ELEMENTS:,} HTML elements")
        else:
            depth -= 1
    return tree


def _unclass_inline(tree: HtmlElement) -> HtmlElement:
    """The tree, its in-sentence inline elements stripped of class and id (in place).

    Only an inline element inside a text block whose text runs on both sides of it (words before
    and after in the same block) is touched: a lone link in a list item ("Read more") or a span
    that is the whole paragraph keeps its class, so the boilerplate filters still see it.
    """
    for el in tree.iter(*_INLINE):
        block = next((a for a in el.iterancestors() if a.tag in _TEXT_BLOCKS), None)
        if block is None or not (el.get("class") or el.get("id")):
            continue
        whole = block.text_content()
        own = el.text_content().strip()
        at = whole.find(own) if own else -1
        if at <= 0 or not whole[:at].strip() or not whole[at + len(own) :].strip():
            continue
        el.attrib.pop("class", None)
        el.attrib.pop("id", None)
    return tree


def _extract(tree: HtmlElement, url: str | None, *, precision: bool) -> str | None:
    """Main text, one block per line (trafilatura copies the tree before cleaning it)."""
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, favor_precision=precision, **_EXTRACT_OPTIONS
        )
    except RecursionError as exc:
        raise RejectedInput("bad_html", "page structure too deep to process") from exc
    return doc.text if doc is not None else None


def _metadata(tree: HtmlElement, url: str | None) -> tuple[str | None, str | None]:
    """Title and htmldate's date string (htmldate works on a copy of the tree)."""
    try:
        meta = trafilatura.extract_metadata(
            tree, default_url=url, date_config=dict(_DATE_PARAMS), extensive=False
        )
    except RecursionError as exc:
        raise RejectedInput("bad_html", "page structure too deep to process") from exc
    except (ValueError, TypeError):  # metadata is optional: a page without it is still an article
        return None, None
    return meta.title, meta.date


def _word_count(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def _paragraphs(text: str) -> str:
    """trafilatura's text (one block per line) -> stripped paragraphs separated by blank lines."""
    blocks = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line.startswith("| ") and line.endswith(" |"):
            line = line[2:-2].strip()  # a table row: cells stay joined by " | "
        if line and not _TABLE_RULE.match(line) and not _BOILERPLATE_LINE.match(line):
            blocks.append(line)
    return "\n\n".join(blocks)


def _published_at(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.strptime(value, _DATE_PARAMS["outputformat"])
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def _title(value: str | None, tree: HtmlElement) -> str | None:
    title = " ".join((value or "").split())
    if not title:
        return None
    # trafilatura's last resort is the first <h2>, on a page without <title> or <h1> usually a
    # sidebar's "Related stories": not the article's title.
    if tree.find(".//h1") is None and not (tree.findtext(".//title") or "").strip():
        h2 = tree.find(".//h2")
        if h2 is not None and " ".join(h2.text_content().split()) == title:
            return None
    return title


def extract_article(html: str, *, url: str | None = None) -> HtmlArticle:
    """A page's HTML -> its article; raises RejectedInput (no_main_text, bad_html, too_large).

    `url` is only a hint (dates in the URL, resolving the canonical link); nothing is fetched.
    """
    if not html.strip():
        raise RejectedInput("no_main_text", "empty page")
    try:
        html.encode("utf-8")
    except UnicodeEncodeError as exc:  # lxml would silently cut the page at this point
        raise RejectedInput(
            "bad_html", f"not valid Unicode text (lone surrogate at offset {exc.start})"
        ) from exc
    tree = _unclass_inline(_parse(html))
    text = _extract(tree, url, precision=True)
    if _word_count(text) < _SHORT_WORDS:
        balanced = _extract(tree, url, precision=False)
        if _word_count(balanced) >= _FALLBACK_RATIO * max(1, _word_count(text)):
            text = balanced
    body = _paragraphs(text or "")
    if not body:
        raise RejectedInput("no_main_text", "no main text found in the page")
    if max(len(block) for block in body.split("\n\n")) < _MIN_BLOCK_CHARS:
        raise RejectedInput(
            "no_main_text", f"only short fragments (none of {_MIN_BLOCK_CHARS}+ characters)"
        )
    title, date = _metadata(tree, url)
    return HtmlArticle(title=_title(title, tree), published_at=_published_at(date), text=body)
