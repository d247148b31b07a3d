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
