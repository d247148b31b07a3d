"""Named errors and the one rejection record: stages raise `RejectedInput` with a `Reason`; a
`Rejection` carries it to the run, which records it as a `rejects` row (flows.ledger)."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Why an input, a record of it, or a document was turned away: `rejects.reason`."""

    TOO_LARGE = "too_large"  # over --max-bytes (compressed or not)
    UNREADABLE = "unreadable"  # the file could not be read (permissions, I/O error)
    BAD_GZIP = "bad_gzip"  # corrupt or truncated gzip data
    UNDECODABLE = "undecodable"  # no text encoding fits its bytes
    BINARY = "binary"  # mostly control bytes: not a text file
    UNSUPPORTED = "unsupported"  # a file type that is not read
    EMPTY = "empty"  # no text, or none left after cleaning
    BAD_RECORD = "bad_record"  # a JSON Lines line that is not an article object
    BAD_HTML = "bad_html"  # a page that cannot be parsed
    NO_MAIN_TEXT = "no_main_text"  # a page with no main text to extract
    NLP_ERROR = "nlp_error"  # the language model failed on the document
    EXTRACT_ERROR = "extract_error"  # an extractor failed on the document


class InputNotFound(Exception):
    """A path or pattern named on the command line matches nothing."""

    def __init__(self, pattern: str) -> None:
        super().__init__(f"no such file, folder or matching pattern: {pattern}")
        self.pattern = pattern


class RejectedInput(Exception):
    """An input that cannot become a document, with its reason (a `Reason` or its value)."""

    def __init__(self, reason: Reason | str, detail: str) -> None:
        self.reason = Reason(reason)  # an unknown reason fails here, not in the table
        self.detail = detail
        super().__init__(f"{self.reason}: {detail}")


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input (or one record of it, or a document that failed analysis) turned away.

    `fingerprint` identifies what was turned away across runs (the input's bytes, or the content
    id of a decoded document); `doc_id` is set for a document that failed analysis, which is then
    not in the warehouse."""

    source_uri: str
    reason: Reason
    detail: str
    fingerprint: str
    doc_id: str | None = None

    @classmethod
    def of(cls, source_uri: str, exc: RejectedInput, fingerprint: str) -> Rejection:
        return cls(source_uri, exc.reason, exc.detail, fingerprint)

    @classmethod
    def of_document(cls, doc_id: str, source_uri: str, reason: Reason, detail: str) -> Rejection:
        """A decoded document that failed: identified by its content id, like any input."""
        return cls(source_uri, reason, detail, doc_id, doc_id)


class WarehouseError(Exception):
    """The warehouse cannot be used: not a folder, not readable as the data contract describes."""


#: OS errors that a retry cannot fix: the disk is full, a path is not ours to write, the file
#: system is read-only, a quota is reached.
_PERMANENT = {errno.ENOSPC: "no space left", errno.EDQUOT: "disk quota exceeded"}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def is_permanent(exc: BaseException | None) -> bool:
    """Whether retrying what raised `exc` is pointless (and only delays the run's failure)."""
    return isinstance(exc, OSError) and (
        exc.errno in _PERMANENT
        or exc.errno in _NOT_WRITABLE
        or isinstance(exc, FileNotFoundError | IsADirectoryError)
    )


def explain(exc: BaseException) -> str:
    """One line for the terminal: what failed, the path, and what to do."""
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno in _PERMANENT:
            return f"{_PERMANENT[exc.errno]} on the device{where}: free some space and run again"
        if exc.errno == errno.EROFS:
            return f"read-only file system{where}: give a writable --warehouse"
        if exc.errno in _NOT_WRITABLE:
            return f"permission denied{where}: make it writable, or give another --warehouse"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
