"""Ingest: inputs -> raw documents (id, source, title, date, body) or reasoned rejections.

`discover` expands local files, folders and glob patterns, and fsspec URLs (s3://, memory://, ...),
into `InputRef`s. `decode_input` turns one input's bytes into documents: plain text, Markdown, HTML
(main text via trafilatura) or JSON Lines (one article per line), any of them gzip-compressed.
Each input, or each record of a JSONL input, ends as a `RawDocument` or a `Rejection` with a
short reason. Reading the bytes is the caller's job (see flows/tasks.py); everything here is pure.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import hashlib
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from charset_normalizer import from_bytes

from flows.clean import normalize_newlines, normalize_unicode, repair_text, strip_control
from flows.errors import InputNotFound, Reason, RejectedInput, Rejection
from flows.extract.datelines import is_dated_line

__all__ = [
    "InputNotFound",
    "InputRef",
    "RawDocument",
    "Reason",
    "RejectedInput",
    "Rejection",
    "content_id",
    "decode_bytes",
    "decode_document",
    "decode_input",
    "discover",
    "file_version",
    "fingerprint",
    "split_title",
]

_GLOB_CHARS = re.compile(r"[*?\[]")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# A first line is a headline when it is short, followed by a blank line, and does not end like a
# sentence (BBC files start "Ad sales boost Time Warner profit\n\n"; the seed starts with one).
_MAX_TITLE_WORDS = 20
_SENTENCE_END = tuple(".!?:;,")
# A headline may end with a quotation (BBC: "Voters 'reject EU by two to one'"): the marks are
# looked through, so only punctuation inside them ('... he said."') makes it a sentence.
_CLOSING_MARKS = "\"'”’"
# Text files may carry a stray NUL or control byte (dropped by the cleaner); a file where they are
# more than this share of the first block is binary.
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
# The same, for bytes.translate: counting by deletion runs in C (a Python loop over every sniffed
# byte was a sixth of an unchanged re-run's time).
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))

TEXT_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_FORMATS = {".html": "html", ".htm": "html"}
RECORD_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = {**TEXT_FORMATS, **HTML_FORMATS, **RECORD_FORMATS}
#: Every file ending that ingest reads (each also with .gz).
SUFFIXES = tuple(FORMATS)


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input found by discovery: what to open, and how to name it in the tables."""

    location: str  # a local path (may hold undecodable bytes as surrogates) or an fsspec URL
    size: int | None = None
    # What the file was when discovered, without opening it (`file_version`); None when
    # unknown, and then the input is always read.
    version: str | None = None

    @property
    def source_uri(self) -> str:
        return printable(self.location)

    @property
    def is_local(self) -> bool:
        return not _URL.match(self.location)

    @property
    def name(self) -> str:
        return self.location.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One decoded article: its content id, where it came from, metadata and body (uncleaned)."""

    doc_id: str
    source_uri: str
    title: str | None
    published_at: dt.datetime | None
    body: str
    url: str | None = None
    external_id: str | None = None
    source_name: str | None = None
    encoding: str = "utf-8"
    #: A stored document's published_at_source (run --reprocess: a date its dateline gave is
    #: no metadata); None for an input, whose published_at is its own metadata.
    published_at_source: str | None = None


def printable(location: str) -> str:
    """A path as text that Parquet can store: undecodable file-name bytes become \\xNN escapes."""
    return location.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --- discovery ------------------------------------------------------------------------------


def _walk(folder: str) -> Iterator[str]:
    """Files below a folder, sorted, not following symlinked folders (a link cycle cannot hang)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        # Hidden folders (.git, .ipynb_checkpoints) and files (.DS_Store) are not articles.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def _expand_local(item: str) -> list[str] | None:
    """Files named by a local path or pattern; None when it names nothing (an empty folder is
    something: a watched folder may be empty between runs)."""
    if _GLOB_CHARS.search(item):
        matches = sorted(glob.glob(item, recursive=True))
    else:
        matches = [item] if os.path.lexists(item) else []
    if not matches:
        return None
    out: list[str] = []
    for match in matches:
        out.extend(_walk(match) if os.path.isdir(match) else [match])
    return [os.path.normpath(p) for p in out]


def file_version(location: str) -> str | None:
    """A local file as it is now, without opening it: '<size>:<mtime in ns>' (None when it
    cannot be stat'ed; reading it then says why). A rewrite changes the modification time, so
    an unchanged version means unchanged bytes for every writer but one that sets the time back
    to the second it was, at the same size."""
    try:
        st = os.stat(location)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _remote_version(info: dict[str, Any]) -> str | None:
    """An object's version from its listing: size and ETag (S3 and most object stores), else
    size and modification time; None when the listing gives neither."""
    stamp = next(
        (info[k] for k in ("ETag", "etag", "LastModified", "mtime", "created") if info.get(k)),
        None,
    )
    return None if stamp is None else f"{info.get('size')}:{stamp}"


def _expand_url(item: str) -> list[tuple[str, int | None, str | None]] | None:
    import fsspec

    fs, path = fsspec.core.url_to_fs(item)
    protocol = item.split("://", 1)[0]
    # One listing with details: the size and version of each file come with it.
    if _GLOB_CHARS.search(path):
        found = fs.glob(path, detail=True)
    elif fs.isdir(path):
        found = fs.find(path, detail=True)
    elif fs.exists(path):
        found = {path: fs.info(path)}
    else:
        return None
    if not found:
        return None
    out = []
    for p, info in sorted(found.items()):
        name = p.rstrip("/").rsplit("/", 1)[-1]
        if name.startswith(".") or info.get("type") == "directory":
            continue
        url = p if _URL.match(p) else f"{protocol}://{p.lstrip('/')}"
        if protocol in ("memory", "file"):
            url = f"{protocol}://{p}"
        out.append((url, info.get("size"), _remote_version(info)))
    return out


def excluded(location: str, patterns: Sequence[str]) -> bool:
    """Whether an input matches one of the --exclude glob patterns: by its whole path (or URL)
    or by its file name ('*.html', 'drafts/*', '*/archive/*')."""
    name = location.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(location, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def discover(inputs: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[InputRef]:
    """Expand files, folders (recursively), glob patterns and URLs into inputs, each once, in order;
    inputs matching an `exclude` glob are left out.

    Raises InputNotFound for an argument that names nothing, before anything is yielded.
    """
    expanded: list[list[tuple[str, int | None, str | None]]] = []
    for item in inputs:
        if _URL.match(item) and not item.startswith("file://"):
            matches = _expand_url(item)
        else:
            local = _expand_local(item.removeprefix("file://"))
            matches = None if local is None else [(p, None, None) for p in local]
        if matches is None:
            raise InputNotFound(item)
        expanded.append(matches)
    seen: set[str] = set()
    for matches in expanded:
        for location, size, version in matches:
            if location not in seen and not excluded(location, exclude):
                seen.add(location)
                # A local file's version is taken now, before it is read: a change made while
                # the run reads it shows as another version next time.
                local = version is None and not _URL.match(location)
                yield InputRef(location, size, file_version(location) if local else version)


def read_input(ref: InputRef, limit: int) -> bytes:
    """An input's bytes, reading at most limit+1 (enough to tell that it is too large)."""
    if ref.is_local:
        size = os.stat(ref.location).st_size
        if size > limit:
            raise RejectedInput("too_large", f"{size:,} bytes is over the limit of {limit:,}")
        with open(ref.location, "rb") as fh:
            data = fh.read(limit + 1)
    else:
        import fsspec

        with fsspec.open(ref.location, "rb") as fh:
            data = fh.read(limit + 1)
    if len(data) > limit:
        raise RejectedInput("too_large", f"over the limit of {limit:,} bytes")
    return data


# --- decoding -------------------------------------------------------------------------------


def fingerprint(data: bytes) -> str:
    """Hash of an input's bytes (identifies a rejected input across runs)."""
    return hashlib.sha256(data).hexdigest()[:16]


def content_id(body: str, title: str | None = None) -> str:
    """Stable document id from content: the same article is the same document whatever its name.

    Hashes the NFC, LF-normalised, stripped title and body (callers pass text that went through
    `repair_text`), so that encodings, line endings and file names of one article do not make two
    documents.
    """
    canonical = normalize_newlines(normalize_unicode(body)).strip()
    if title:
        canonical = normalize_newlines(normalize_unicode(title)).strip() + "\n\n" + canonical
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def format_of(name: str) -> tuple[str | None, bool]:
    """(format, gzipped) from a file name: 'a.jsonl.gz' -> ('jsonl', True); unknown -> None."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    suffix = os.path.splitext(lower)[1]
    return FORMATS.get(suffix), gz


#: A JSON Lines input holds many documents: it may be this many times one document's limit.
RECORDS_PER_INPUT_LIMIT = 100


def input_limit(fmt: str | None, max_bytes: int) -> int:
    """The most bytes one input of this format may hold (decompressed)."""
    return max_bytes * RECORDS_PER_INPUT_LIMIT if fmt == "jsonl" else max_bytes


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing to expand past `limit` bytes (a gzip bomb is rejected)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise RejectedInput("bad_gzip", f"corrupt gzip data: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise RejectedInput(
            "too_large", f"decompresses to more than {limit:,} bytes (refused before expanding)"
        )
    if not inflater.eof:
        raise RejectedInput("bad_gzip", "truncated gzip data (stream ends early)")
    return out


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    control = len(head) - len(head.translate(None, _CONTROL_DELETE))
    return control / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Input bytes -> (text, encoding name). UTF-8 first; a BOM wins; otherwise detection.

    Text whose encoding cannot be told with confidence is rejected as undecodable rather than
    guessed into garbage.
    """
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise RejectedInput("undecodable", f"invalid {codec} at byte {exc.start}") from exc
    if _looks_binary(data):
        raise RejectedInput("binary", "mostly control bytes: not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Most non-UTF-8 news in the wild is Windows-1252 (or its subset Latin-1), and statistical
    # detection is unreliable on short texts (it calls a lone "£" Japanese): take cp1252 when every
    # non-ASCII character it yields is a Latin letter or common typography.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausible_western(western):
        return western, "cp1252"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise RejectedInput(
            "undecodable",
            f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}) and no other "
            "encoding fits",
        )
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise RejectedInput("undecodable", f"detected {best.encoding} but decoding failed") from exc


_WESTERN_TYPOGRAPHY = frozenset("£€¥¢©®°±·«»“”‘’‚„–—…•™§¶ ×÷½¼¾¹²³µ")


def _plausible_western(text: str) -> bool:
    """Whether text decoded as cp1252 reads as Western European: every non-ASCII character a
    Latin letter or common typography, and accented letters a small share of all letters
    (Cyrillic read as cp1252 is all accented Latin letters)."""
    letters = accented = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
        if ord(ch) < 128:
            continue
        if ch in _WESTERN_TYPOGRAPHY:
            continue
        if not (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")):
            return False
        accented += 1
    return accented <= max(2, 0.25 * letters)


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
        and rest.startswith("\n")
        and rest.strip()
        and heading
        and len(heading.split()) <= _MAX_TITLE_WORDS
        and not heading.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_END)
        and not is_dated_line(heading)  # "Monday 5 January 2026": the byline's date, kept
    ):
        return heading, rest
    return None, text


def parse_timestamp(value: object) -> dt.datetime | None:
    """An ISO 8601 string (or epoch seconds) -> an aware UTC datetime; None when it is not one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        from dateutil import parser as date_parser

        try:
            parsed = date_parser.parse(value)
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _document(
    body: str, *, source_uri: str, title: str | None = None, **meta: object
) -> RawDocument:
    body = repair_text(body)
    title = repair_text(title).strip() or None if title else None
    if not body.strip():
        raise RejectedInput("empty", "a headline but no body text" if title else "no text")
    return RawDocument(
        doc_id=content_id(body, title), source_uri=source_uri, title=title, body=body, **meta
    )


def decode_document(data: bytes, *, source_uri: str, suffix: str) -> RawDocument:
    """One plain-text or Markdown input's bytes -> a RawDocument; raises RejectedInput."""
    fmt = FORMATS.get(suffix.lower())
    if fmt not in ("text", "markdown"):
        raise RejectedInput("unsupported", f"file type {suffix or '(none)'!r} is not plain text")
    if not data.strip():
        raise RejectedInput("empty", "no text (empty or white space only)")
    text, encoding = decode_bytes(data)
    # Repair deletes no visible character: dropping controls is enough to tell "empty" here.
    if not strip_control(normalize_newlines(text)).strip():
        raise RejectedInput("empty", "no text (empty, white space or control characters only)")
    title, body = split_title(text, markdown=fmt == "markdown")
    return _document(body, source_uri=source_uri, title=title, published_at=None, encoding=encoding)


def _decode_html(data: bytes, *, source_uri: str) -> RawDocument:
    from flows.formats.html import extract_article

    if not data.strip():
        raise RejectedInput("empty", "no content")
    text, encoding = decode_bytes(data)
    article = extract_article(text)
    return _document(
        article.text,
        source_uri=source_uri,
        title=article.title,
        published_at=article.published_at,
        encoding=encoding,
    )


def _record(line: bytes, *, source_uri: str) -> RawDocument:
    """One JSON Lines record -> a RawDocument; fields text (required), id, url, title,
    published_at, source."""
    try:
        text, _ = decode_bytes(line)
        record = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RejectedInput("bad_record", f"not a JSON object: {str(exc)[:120]}") from exc
    if not isinstance(record, dict):
        raise RejectedInput("bad_record", f"a JSON {type(record).__name__}, not an object")
    body = record.get("text")
    if not isinstance(body, str):
        raise RejectedInput("bad_record", "no 'text' string field")

    def opt(key: str) -> str | None:
        value = record.get(key)
        return str(value) if value is not None and not isinstance(value, dict | list) else None

    return _document(
        body,
        source_uri=source_uri,
        title=opt("title"),
        published_at=parse_timestamp(record.get("published_at")),
        url=opt("url"),
        external_id=opt("id"),
        source_name=opt("source"),
    )


def decode_input(
    data: bytes, *, source_uri: str, name: str, max_bytes: int
) -> Iterator[RawDocument | Rejection]:
    """One input's bytes -> its documents and rejections (several for a JSON Lines input).

    Never raises for bad content: every problem is a Rejection naming the input (or record).
    """
    try:
        fmt, gz = format_of(name)
        if fmt is None:
            raise RejectedInput(
                "unsupported",
                f"file type of {name!r} is not one of {', '.join(SUFFIXES)} (or the same .gz)",
            )
        if gz:
            data = gunzip_bounded(data, input_limit(fmt, max_bytes))
        if fmt == "jsonl":
            yield from _decode_records(data, source_uri=source_uri, max_bytes=max_bytes)
            return
        if len(data) > max_bytes:
            raise RejectedInput("too_large", f"{len(data):,} bytes is over {max_bytes:,}")
        if fmt == "html":
            yield _decode_html(data, source_uri=source_uri)
        else:
            suffix = ".md" if fmt == "markdown" else ".txt"
            yield decode_document(data, source_uri=source_uri, suffix=suffix)
    except RejectedInput as exc:
        yield Rejection.of(source_uri, exc, fingerprint(data))


def _decode_records(
    data: bytes, *, source_uri: str, max_bytes: int
) -> Iterator[RawDocument | Rejection]:
    for n, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue  # blank lines between records are allowed and are not inputs
        uri = f"{source_uri}#{n}"
        try:
            if len(line) > max_bytes:
                raise RejectedInput(
                    "too_large", f"record of {len(line):,} bytes is over {max_bytes:,}"
                )
            yield _record(line, source_uri=uri)
        except RejectedInput as exc:
            yield Rejection.of(uri, exc, fingerprint(line))
