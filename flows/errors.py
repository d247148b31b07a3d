"""Named errors raised by the stages; the task layer decides what each means for a run."""

from __future__ import annotations


class InputNotFound(Exception):
    """A path or pattern named on the command line matches nothing."""

    def __init__(self, pattern: str) -> None:
        super().__init__(f"no such file, folder or matching pattern: {pattern}")
        self.pattern = pattern


class RejectedInput(Exception):
    """An input that cannot become a document; `reason` is a short code for the rejects table."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
