"""A statement found in the text, before its speaker is resolved: what both extractors hand over."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Statement:
    """A direct quotation or a reported statement: its span (and, for a quote over paragraphs,
    the text with the breaks folded), the speaker phrase as written and the speech verb. A quote
    that continues the previous one's turn ("“A,” he said. “B.”") has `inherits` set instead of
    a speaker phrase. A quote `introduced` by a verb right before its marks (`and said, “…”`)
    keeps that verb's speaker even inside another statement's clause."""

    start: int
    end: int
    joined: str
    kind: str  # direct or indirect
    speaker: Span | None = None
    verb: str | None = None
    inherits: bool = False
    introduced: bool = False  # direct: its verb stands right before the opening mark
    outer: Span | None = None  # direct: from the opening mark to just after the closing one
