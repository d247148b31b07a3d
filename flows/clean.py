"""Cleaning: raw article text -> the text all offsets index into, plus the lines removed and why.

Each cleaner is `str -> str`; `clean_text` composes them and removes boilerplate lines. No I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from flows.boilerplate import find_boilerplate

# Control characters other than newline and tab carry no text and break downstream tools; NUL in
# particular. Tabs become spaces below.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Every horizontal whitespace run (incl. no-break and thin spaces) becomes one plain space.
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner dropped, with the rule that dropped it."""

    line_idx: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned text and what was taken out of it."""

    text: str
    removed: tuple[RemovedLine, ...]


# ftfy repairs mojibake ("cafÃ©" -> "café") and drops control characters. Its typographic
# rewrites stay off: curly quotes, ligatures and full-width forms are what the article wrote, and
# HTML entities are the HTML reader's business.
_REPAIR = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    unescape_html=False,
    normalization="NFC",
)


def repair_text(text: str) -> str:
    """Repair mojibake and encoding accidents, drop control characters, LF newlines, NFC."""
    if text.isascii():
        # Every ftfy repair left on (mojibake, C1 controls, surrogates, NFC) is about non-ASCII
        # text; on ASCII it only normalises line breaks and drops controls, as the two steps
        # below do anyway. Most news is ASCII, and ftfy was most of a re-run's time.
        return strip_control(normalize_newlines(text))
    return strip_control(normalize_newlines(ftfy.fix_text(text, _REPAIR)))


# HTML markup left escaped in plain text, as AG News's rows carry it (301 of the 7,600 test rows):
# "&lt;p&gt; By Jane Roe&lt;/p&gt;", "Pfizer Inc. &lt;A HREF=...&gt;PFE.N&lt;/A&gt;", a credit in
# "&lt;FONT ...&gt;&lt;B&gt;-The Washington Post&lt;/B&gt;&lt;/FONT&gt;". Only real tag names are
# markup: "&lt;AAPL.O&gt;" is a ticker in the wire's angle brackets and stays.
_TAG_NAMES = (
    "a|abbr|b|blockquote|br|center|div|em|font|h[1-6]|hr|i|img|li|ol|p|small|span|strong|sub|sup|"
    "table|td|th|tr|u|ul"
)
_ESCAPED_TAG = re.compile(rf"\\?&lt;(/?)({_TAG_NAMES})\b(?:[^&]|&(?!gt;))*?/?&gt;\\?", re.I)
# A ticker in escaped angle brackets ("Dell Inc. &lt;DELL.O&gt;") reads as the wire writes it.
_ESCAPED_TICKER = re.compile(r"&lt;([A-Z][A-Z0-9.=^-]{0,11})&gt;")
# Tags that end a line or a paragraph; a font element (AG News's credit line) is set apart too,
# so that the boilerplate step sees "-The Washington Post" as a line of its own.
_BREAKING_TAGS = frozenset({"br", "p", "div", "li", "tr", "hr", "blockquote", "font"})


def strip_escaped_markup(text: str) -> str:
    """Escaped HTML tags out of plain text: block tags become line breaks, inline tags vanish
    and leave their words ("&lt;b&gt;Gaza&lt;/b&gt;" -> "Gaza"), an image goes whole."""
    if "&lt;" not in text and "&LT;" not in text:
        return text

    def replace(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if name in _BREAKING_TAGS:
            return "\n\n" if not m.group(1) or name != "font" else ""
        return ""

    return _ESCAPED_TICKER.sub(r"<\1>", _ESCAPED_TAG.sub(replace, text))


# AG News writes the line breaks of its source as a backslash glued to the words around it
# ("is\\responsible", 'Sasser."\\"Graham') and a dollar sign as "\\$". A backslash glued to
# text (a run of them counts as one), or one before a quotation mark, is such a break; a text
# that holds a Windows path ("C:\\Windows\\System32") keeps its backslashes.
_ESCAPED_DOLLAR = re.compile(r"\\(?=\$)")
_ESCAPED_BREAK = re.compile(r"(?<=\S)\\+(?=[^\\])|(?<=\S)\\+$|\\+(?=[\"“])", re.M)
_WINDOWS_PATH = re.compile(r"\b[A-Za-z]:\\")


def unescape_backslashes(text: str) -> str:
    """AG News's escapes: "\\$415 million" -> "$415 million", "is\\responsible" -> a line break."""
    if "\\" not in text:
        return text
    text = _ESCAPED_DOLLAR.sub("", text)
    return text if _WINDOWS_PATH.search(text) else _ESCAPED_BREAK.sub("\n", text)


def normalize_unicode(text: str) -> str:
    """Unicode NFC: the same visible text gets one code-point sequence (offsets depend on it)."""
    return unicodedata.normalize("NFC", text)


def normalize_newlines(text: str) -> str:
    """CRLF, CR and Unicode line separators become LF."""
    return _NEWLINES.sub("\n", text)


def strip_control(text: str) -> str:
    """Drop control and zero-width characters (keeps newline and tab)."""
    return _CONTROL.sub("", text)


def normalize_line(line: str) -> str:
    """Collapse horizontal whitespace to single spaces and trim the line."""
    return _HSPACE.sub(" ", line).strip()


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Raw text -> cleaned text (NFC, normalised whitespace, boilerplate removed) and the removals.

    Boilerplate lines are what `flows.boilerplate.find_boilerplate` finds (the page's `title`
    helps it tell a repeated headline); each leaves a paragraph break. Paragraphs in the result
    are separated by exactly one blank line; lines inside a paragraph are kept. Idempotent:
    cleaning cleaned text changes nothing.
    """
    text = strip_control(normalize_newlines(normalize_unicode(raw)))
    text = unescape_backslashes(strip_escaped_markup(text))
    lines = [normalize_line(original) for original in text.split("\n")]
    found = find_boilerplate(lines, title)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for idx, line in enumerate(lines):
        reason = found.get(idx)
        if reason is not None:
            removed.append(RemovedLine(idx, line, reason))
            # A removed line leaves a paragraph break, so that the text around it is not glued.
            kept.append("")
            continue
        kept.append(line)
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")
    return Cleaned(cleaned, tuple(removed))
