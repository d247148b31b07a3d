"""Cleaning: raw article text -> the text all offsets index into, plus the lines removed and why.

Each cleaner is `str -> str`; `clean_text` composes them and removes boilerplate lines. No I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

# Control characters other than newline and tab carry no text and break downstream tools; NUL in
# particular. Tabs become spaces below.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Every horizontal whitespace run (incl. no-break and thin spaces) becomes one plain space.
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Boilerplate rules: (reason, pattern). A rule applies only to a whole short line (see
# _MAX_BOILERPLATE_WORDS) so that an article sentence that merely mentions signing up or cookies is
# never eaten. Patterns are anchored at the start of the line on purpose: prompts address the reader
# ("Sign up", "Follow us", "Click here"), article sentences rarely start that way.
_BOILERPLATE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "newsletter",
        re.compile(
            r"^(sign up|signup|subscribe|register|join)\b.*\b(newsletter|news|updates|inbox|email|"
            r"alerts?|briefing|digest)\b|^(get|receive) (our|the) (latest )?(newsletter|news|"
            r"headlines|updates)\b|\bnewsletter\b.*\b(sign up|subscribe)\b",
            re.I,
        ),
    ),
    (
        "consent",
        re.compile(
            r"^by (submitting|signing up|subscribing|clicking|registering|entering)\b|"
            r"^i (agree|consent) to\b|\bprivacy (policy|notice)\b.*\b(agree|consent|terms)\b",
            re.I,
        ),
    ),
    (
        "share_prompt",
        re.compile(
            r"^(share|tweet|email|print|pin|like|follow)( this| the)? (article|story|page|post)\b|"
            r"^share (on|via|with) \w+|^follow us\b|^(like|follow) us on\b|^click here\b|"
            r"^(comment on|join the conversation|leave a comment|read more|related( articles| "
            r"stories)?|more on this story|see also)\b",
            re.I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|sponsored( content)?|ad|promoted|paid (content|post)|"
            r"story continues below( advertisement)?|continue reading below)\s*[:.!-]*$",
            re.I,
        ),
    ),
    (
        "cookie_notice",
        re.compile(r"^(we|this (site|website)) uses? cookies\b|\bcookie (policy|settings)\b", re.I),
    ),
    (
        "copyright",
        re.compile(r"^(©|\(c\)|copyright\b)|\ball rights reserved\b", re.I),
    ),
)
_MAX_BOILERPLATE_WORDS = 25


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


def boilerplate_reason(line: str) -> str | None:
    """The rule name if a (normalised) line is boilerplate, else None."""
    if not line or len(line.split()) > _MAX_BOILERPLATE_WORDS:
        return None
    for reason, pattern in _BOILERPLATE_RULES:
        if pattern.search(line):
            return reason
    return None


def clean_text(raw: str) -> Cleaned:
    """Raw text -> cleaned text (NFC, normalised whitespace, boilerplate removed) and the removals.

    Paragraphs in the result are separated by exactly one blank line; lines inside a paragraph are
    kept. Idempotent: cleaning cleaned text changes nothing.
    """
    text = strip_control(normalize_newlines(normalize_unicode(raw)))
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for idx, original in enumerate(text.split("\n")):
        line = normalize_line(original)
        reason = boilerplate_reason(line)
        if reason is not None:
            removed.append(RemovedLine(idx, line, reason))
            # A removed line leaves a paragraph break, so that the text around it is not glued.
            kept.append("")
            continue
        kept.append(line)
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")
    return Cleaned(cleaned, tuple(removed))
