"""Ingest: input paths -> raw documents (id, source, title, body) or reasoned rejections.

`discover` expands files, folders and glob patterns; `decode_document` turns one input's bytes
into a `RawDocument` or raises `RejectedInput` with a short reason code. Reading bytes is the
caller's job.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.clean import normalize_newlines, normalize_unicode
from flows.config import TEXT_SUFFIXES
from flows.errors import InputNotFound, RejectedInput

__all__ = [
    "InputNotFound",
    "InputRef",
    "RawDocument",
    "RejectedInput",
    "content_id",
    "decode_document",
    "discover",
    "fingerprint",
    "split_title",
]

_GLOB_CHARS = re.compile(r"[*?\[]")
# A first line is a headline when it is short, followed by a blank line, and does not end like a
# sentence (BBC files start "Ad sales boost Time Warner profit\n\n"; the seed starts with one).
_MAX_TITLE_WORDS = 20
_SENTENCE_END = tuple(".!?:;,\"'”’")
# Bytes that never occur in text files: a NUL in the first block means binary (UTF-16 has a BOM).
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input found by discovery."""

    path: Path

    @property
    def source_uri(self) -> str:
        return self.path.as_posix()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One decoded input: its content id, where it came from, headline and body (uncleaned)."""

    doc_id: str
    source_uri: str
    title: str | None
    published_at: dt.datetime | None
    body: str


def _walk(folder: Path) -> Iterator[Path]:
    """Files below a folder, sorted, not following symlinked folders (a link cycle cannot hang)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        # Hidden folders (.git, .ipynb_checkpoints) and files (.DS_Store) are not articles.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def discover(inputs: Sequence[str]) -> Iterator[InputRef]:
    """Expand files, folders (recursively) and glob patterns into inputs, each path once, in order.

    Raises InputNotFound for an argument that names nothing, before anything is yielded.
    """
    expanded: list[list[Path]] = []
    for item in inputs:
        if _GLOB_CHARS.search(item):
            matches = [Path(p) for p in sorted(glob.glob(item, recursive=True))]
        else:
            matches = [Path(item)] if os.path.lexists(item) else []
        if not matches:
            raise InputNotFound(item)
        expanded.append(matches)
    seen: set[Path] = set()
    for matches in expanded:
        for match in matches:
            for path in _walk(match) if match.is_dir() else [match]:
                key = Path(os.path.normpath(path))
                if key not in seen:
                    seen.add(key)
                    yield InputRef(key)


def fingerprint(data: bytes) -> str:
    """Hash of an input's bytes (identifies a rejected input across runs)."""
    return hashlib.sha256(data).hexdigest()[:16]


def content_id(text: str) -> str:
    """Stable document id from content: the same text is the same document whatever its name.

    Hashes the NFC, LF-normalised, stripped text, so that encodings and line endings of one article
    do not make two documents.
    """
    canonical = normalize_newlines(normalize_unicode(text)).strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def decode_bytes(data: bytes) -> str:
    """Input bytes -> text (UTF-8, with or without BOM; UTF-16 with a BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise RejectedInput("undecodable", f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise RejectedInput("binary", "contains NUL bytes: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput(
            "undecodable", f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc


def split_title(text: str, *, markdown: bool = False) -> tuple[str | None, str]:
    """Separate a headline first line from the body, when the first line is one."""
    stripped = text.lstrip("\n")
    first, sep, rest = stripped.partition("\n")
    heading = first.strip()
    if markdown and heading.startswith("#"):
        title = heading.lstrip("#").strip()
        return (title or None), rest
    if (
        sep
        and rest.startswith(("\n", "\r\n"))
        and rest.strip()
        and heading
        and len(heading.split()) <= _MAX_TITLE_WORDS
        and not heading.endswith(_SENTENCE_END)
    ):
        return heading, rest
    return None, text


def decode_document(data: bytes, *, source_uri: str, suffix: str) -> RawDocument:
    """One input's bytes -> a RawDocument; raises RejectedInput with a reason when it cannot."""
    suffix = suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise RejectedInput(
            "unsupported",
            f"file type {suffix or '(none)'!r} is not one of {', '.join(TEXT_SUFFIXES)}",
        )
    if not data.strip():
        raise RejectedInput("empty", "no text (empty or white space only)")
    text = normalize_newlines(decode_bytes(data))
    if not text.strip():
        raise RejectedInput("empty", "no text (empty or white space only)")
    title, body = split_title(text, markdown=suffix == ".md")
    if not body.strip():
        raise RejectedInput("empty", "a headline but no body text")
    return RawDocument(
        doc_id=content_id(text),
        source_uri=source_uri,
        title=title,
        published_at=None,
        body=body,
    )
