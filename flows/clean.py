"""Cleaning: raw article text -> the text all offsets index into, plus the lines removed and why.

Each cleaner is `str -> str`; `clean_text` composes them and removes boilerplate lines. No I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from flows.lexicon import MONTHS, NEWS_AGENCIES, WEEKDAYS

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
            r"headlines|updates)\b|\bnewsletter\b.*\b(sign up|subscribe)\b|"
            r"\bsign up\b.*\bdelivered to your inbox\b|^[\w' -]{0,40} newsletter$",
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
            r"^share (on|via|with) \w+|^follow us\b|^(like|follow) us on\b|(^|[.!?] )click here\b|"
            r"^(comment on|join the conversation|leave a comment|read more|related( articles| "
            r"stories)?|more on this story|see also)\b",
            re.I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|sponsored( content)?|ad|promoted|paid (content|post)|"
            r"story continues below( advertisement)?|continue reading below)\s*[:.!-]*$|"
            r"^this (post|shop|article|story) (is|was|has been) (sponsored|compensated)\b|"
            r"#(ad|sponsored)$",
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
    (
        # Reprint and licensing notices of paywalled pages.
        "licensing",
        re.compile(
            r"^this (copy|article|material) is for your personal,? non-?commercial use\b|"
            r"^(-\s*)?(to )?(order|purchase) (presentation-ready )?(copies|reprints)\b|"
            r"^(republish|reuse) this (article|content|story)\b",
            re.I,
        ),
    ),
    (
        # The page's own buttons and messages, read out as lines.
        "page_control",
        re.compile(
            r"^-? ?(print|email|save|share) (this )?(article|story|page)$|^an error has occurred\b|"
            r"^please try again later\b|^thank you\.?$|^this (article|story) has been sent to\b|"
            r"^(skip to (main )?content|back to top|loading\.*|close|menu)$",
            re.I,
        ),
    ),
    (
        # Links to other articles: "SEE MORE: …", "Read more: …", and headlines tagged as media
        # ("… [VIDEO]", "… [INSIGHT]").
        "related_link",
        re.compile(
            r"^(see|read|watch|listen) (more|also|next)\b\s*[:|-]|^(also read|related|more from|"
            r"recommended|most read|you may also like|trending now|latest news)\b\s*[:|-]|"
            r"^(also read|read also|see also|read more|more on this)$|^also on [\w-]+\.[a-z]{2,}\b|"
            r"\[(video|pictures|photos|insight|reaction|poll|live|gallery|watch|update|analysis|"
            r"opinion|revealed|latest)\]\s*\|?$",
            re.I,
        ),
    ),
    (
        # How to reach the reporter: an address, a handle or a link on a line of its own.
        "contact",
        re.compile(
            r"^(write to|reach|contact|email|follow)\b.{0,120}(@\w|https?://|\bon twitter\b)",
            re.I,
        ),
    ),
    (
        # Wire credit lines: "(Reporting by …; Editing by …)".
        "credit",
        re.compile(
            r"^\(?(additional |with )?(reporting|writing|editing|compiled|edited|produced|"
            r"graphics?|photos?) by (?-i:[A-Z])[\w.'’-]*( (?-i:[A-Z])[\w.'’-]*)*"
            r"\s*([,;)]| and | in |$)|"
            r"^(?-i:[A-Z])[\w.'’-]*( (?-i:[A-Z])[\w.'’-]*){0,3}( and (?-i:[A-Z])[\w.'’-]*"
            r"( (?-i:[A-Z])[\w.'’-]*){0,3})? contributed "
            r"(reporting|to this (report|article|story))\b|"
            r"^source\s*:\s*\S",
            re.I,
        ),
    ),
    (
        # A month is taken by its first three letters and any letters after them ("Sept", "Sept.",
        # and misspellings such as Reuters' "Sepember").
        "timestamp",
        re.compile(
            r"^(updated|published|posted|last updated|first published)( on| at)?:?\s+(\d|"
            rf"({'|'.join(WEEKDAYS)})\b|({'|'.join(m[:3] for m in MONTHS)})[a-z]*\.?\s+\d)"
            r"[^.]{0,40}(\.|[ap]\.?m\.?)?$",
            re.I,
        ),
    ),
    (
        "link",
        re.compile(
            r"^((listen|download|itunes|spotify|podcast)\s*:\s*)?(https?://|www\.)\S+$", re.I
        ),
    ),
    (
        # "First published by …", "This story originally appeared in …".
        "syndication",
        re.compile(
            r"^(this (article|story|piece) (was|is|has been) )?(first|originally) (published|"
            r"appeared|posted) (by|in|on|at)\b|^republished (with permission )?(from|by)\b|"
            r"^(this (article|story) is )?(republished|reproduced|syndicated) (from|with)\b",
            re.I,
        ),
    ),
    (
        # Image credits and captions' sources: "Photo: Jane Roe/AP", "(Image: Getty)".
        "image_credit",
        re.compile(
            r"^\(?((main|top|header|featured|lead) )?(photo|image|picture|video|photograph|"
            r"illustration|graphic)s?( credit)?\s*:|"
            r"^(getty images|ap photo|afp via getty images)\b|"
            r"\((photo|image|picture|credit)s?\s*:[^)]*\)$",
            re.I,
        ),
    ),
    (
        # A line that is only an address or a handle: "jane.roe@paper.com", "twitter.com/janeroe".
        "contact",
        re.compile(r"^[\w.+-]+@[\w-]+\.[\w.-]+$|^(twitter|instagram|facebook)\.com/\w+$", re.I),
    ),
    (
        # Notes on where the text comes from or whose view it is not.
        "disclaimer",
        re.compile(
            r"^the views (and opinions )?expressed (in|here)\b|^(this (article|story) was )?"
            r"reprinted (on|from|with)\b|^with (\w+ )?wires?\.?$|^(\d+ min(ute)?s? read|"
            r"reading time\b)",
            re.I,
        ),
    ),
    (
        # Invitations to the reader that end many pages.
        "reader_prompt",
        re.compile(
            r"^(what do you think|have your say|tell us what you think|let us know (what|in)|"
            r"(join|start) the (discussion|debate|conversation)|share your (thoughts|views|story)|"
            r"do you have a (story|news tip)|got a (story|news tip)|have a (news )?tip\b|"
            r"be sure to (visit|check out|follow|like|subscribe))\b",
            re.I,
        ),
    ),
    (
        # The page's filing of the story: "Filed under: Politics |", "Tags: …".
        "taxonomy",
        re.compile(r"^(filed under|tags?|topics|categories)\s*:", re.I),
    ),
    (
        # An editor's note on a change to the story: "Correction, Nov. 15, 2019: This article …".
        "correction",
        re.compile(
            r"^(correction|clarification|editor['’]?s note|update)( \([^)]*\)|,[^:]{3,30})?\s*:",
            re.I,
        ),
    ),
    (
        # A rule drawn with punctuation between the story and its notes ("___", "* * *").
        "separator",
        re.compile(r"^[\s_*=~#-]{3,}$"),
    ),
)
# A story's last line: a wire agency's one-word sign-off ("AP", "Reuter", as Reuters signed in
# the 1980s), or the source a rewritten story names in brackets ("[Wired]", "[Engadget]").
_SIGN_OFF = re.compile(
    rf"^(?:{'|'.join(sorted(NEWS_AGENCIES | {'reuter'}))})\.?$|^\[[A-Z][\w.&' -]{{1,30}}\]$", re.I
)
# Where a page title ends and its site's name begins: "Headline - SpaceNews.com".
_TITLE_SITE = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,60}$")
_MAX_BOILERPLATE_WORDS = 25
# A licensing notice runs to sixty words; its opening is unmistakable at any length.
_LONG_NOTICE = re.compile(
    r"^this (copy|article|material) is for your personal,? non-?commercial use\b", re.I
)
_MAX_LONG_BOILERPLATE_WORDS = 80


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
    if not line:
        return None
    n_words = len(line.split())
    if n_words > _MAX_LONG_BOILERPLATE_WORDS:
        return None
    if n_words > _MAX_BOILERPLATE_WORDS:
        return "licensing" if _LONG_NOTICE.match(line) else None
    for reason, pattern in _BOILERPLATE_RULES:
        if pattern.search(line):
            return reason
    return None


def _title_key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .!?")


def is_title_line(line: str, title: str | None) -> bool:
    """Whether a body line is the page's title again: equal to it, or to it without the site's
    name after a separator ("NASA adds five companies … - SpaceNews.com")."""
    if not title or not line:
        return False
    key = _title_key(line)
    return key in (_title_key(title), _title_key(_TITLE_SITE.sub("", title)))


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Raw text -> cleaned text (NFC, normalised whitespace, boilerplate removed) and the removals.

    Boilerplate is a whole short line that matches one of the rules above anywhere in the body,
    the page's `title` repeated as the body's first line, or a wire agency's sign-off as its last
    line. Paragraphs in the result are separated by exactly one blank line; lines inside a
    paragraph are kept. Idempotent: cleaning cleaned text changes nothing.
    """
    text = strip_control(normalize_newlines(normalize_unicode(raw)))
    lines = [normalize_line(original) for original in text.split("\n")]
    nonblank = [i for i, line in enumerate(lines) if line]
    first = nonblank[0] if nonblank else -1
    last = nonblank[-1] if nonblank else -1
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for idx, line in enumerate(lines):
        reason = boilerplate_reason(line)
        if reason is None and idx == first and is_title_line(line, title):
            reason = "title"
        if reason is None and idx == last and idx != first and _SIGN_OFF.match(line):
            reason = "sign_off"
        if reason is not None:
            removed.append(RemovedLine(idx, line, reason))
            # A removed line leaves a paragraph break, so that the text around it is not glued.
            kept.append("")
            continue
        kept.append(line)
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")
    return Cleaned(cleaned, tuple(removed))
