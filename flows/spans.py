"""Small helpers shared by every stage that produces character spans into documents.text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol


class _Span(Protocol):
    @property
    def char_start(self) -> int: ...


def index_at(spans: Sequence[_Span], pos: int) -> int:
    """Index of the last span (sorted by char_start) starting at or before `pos`; 0 if none."""
    starts = [s.char_start for s in spans]
    return max(bisect_right(starts, pos) - 1, 0)


def trim(text: str, start: int, end: int, chars: str = " \t\n") -> tuple[int, int]:
    """Shrink [start, end) so that it neither starts nor ends with any of `chars`."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
