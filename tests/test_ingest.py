"""Ingest: discovery, formats, encodings, limits, rejection reasons, content ids, headlines."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from flows.ingest import (
    InputNotFound,
    RawDocument,
    RejectedInput,
    Rejection,
    content_id,
    decode_bytes,
    decode_document,
    decode_input,
    discover,
    gunzip_bounded,
    parse_timestamp,
    printable,
    split_title,
)

MB = 1024 * 1024


def _decode(data: bytes, name: str, max_bytes: int = 5 * MB) -> list[RawDocument | Rejection]:
    return list(decode_input(data, source_uri=name, name=name, max_bytes=max_bytes))


def _tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One.\n")
    (tmp_path / "a" / "two.md").write_text("# Title\n\nTwo.\n")
    (tmp_path / "a" / "deep").mkdir()
    (tmp_path / "a" / "deep" / "three.txt").write_text("Three.\n")
    (tmp_path / "a" / ".hidden.txt").write_text("hidden\n")
    (tmp_path / "b.txt").write_text("Bee.\n")
    return tmp_path


def test_discover_files_folders_globs_once_each(tmp_path):
    root = _tree(tmp_path)
    found = [r.name for r in discover([str(root / "a"), str(root / "*.txt"), str(root / "b.txt")])]
    assert found == ["one.txt", "two.md", "three.txt", "b.txt"]


def test_empty_folder_is_no_error(tmp_path):
    assert list(discover([str(tmp_path)])) == []


def test_discover_missing_path_raises_before_yielding(tmp_path):
    with pytest.raises(InputNotFound, match="nope"):
        list(discover([str(tmp_path), str(tmp_path / "nope")]))
    with pytest.raises(InputNotFound):
        list(discover([str(tmp_path / "*.xyz")]))


def test_discover_symlink_loop_terminates(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("X.\n")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert [r.name for r in discover([str(tmp_path)])] == ["x.txt"]


def test_discover_fsspec_memory_urls():
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/a.txt", b"Alpha.")
    fs.pipe("/corpus/sub/b.jsonl", b'{"text": "Beta."}\n')
    refs = list(discover(["memory://corpus"]))
    assert [r.source_uri for r in refs] == [
        "memory:///corpus/a.txt",
        "memory:///corpus/sub/b.jsonl",
    ]
    assert not refs[0].is_local


def test_odd_file_names_are_printable(tmp_path):
    weird = os.fsencode(tmp_path) + b"/quote'\"new\nline\xff.txt"
    with open(weird, "wb") as fh:
        fh.write(b"Text.")
    (ref,) = discover([str(tmp_path)])
    assert "\\xff" in ref.source_uri and "\n" in ref.source_uri
    ref.source_uri.encode("utf-8")  # storable in Parquet
    assert printable("plain/path.txt") == "plain/path.txt"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "a.txt", "empty"),
        (b"  \n\t\n", "a.txt", "empty"),
        (b"\x00\x01\x02\x03" * 100, "a.txt", "binary"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06",
            "a.txt",
            "binary",
        ),
        (b"Some text", "a.pdf", "unsupported"),
        (b"# Headline only\n\n   \n", "a.md", "empty"),
        (b"x" * 2000, "big.txt", "too_large"),
        (gzip.compress(b"a" * 5000, mtime=0), "bomb.txt.gz", "too_large"),
        (gzip.compress(b"Some text here.", mtime=0)[:-8], "cut.txt.gz", "bad_gzip"),
        (b"not gzip at all", "fake.txt.gz", "bad_gzip"),
    ],
)
def test_rejections_have_reasons(data, name, reason):
    (item,) = _decode(data, name, max_bytes=1000)
    assert isinstance(item, Rejection)
    assert (item.source_uri, item.reason) == (name, reason)
    assert item.detail and item.fingerprint


def test_gzip_bomb_is_refused_without_expanding():
    bomb = gzip.compress(b"\0" * (50 * MB))  # ~50 KB compressed
    with pytest.raises(RejectedInput, match="more than 1,048,576 bytes"):
        gunzip_bounded(bomb, MB)


def test_gzip_text_and_jsonl():
    (doc,) = _decode(gzip.compress(b"Plain text, gzipped."), "a.txt.gz")
    assert isinstance(doc, RawDocument) and doc.body == "Plain text, gzipped."
    lines = b'{"text": "One."}\n{"text": "Two."}\n'
    assert [d.body for d in _decode(gzip.compress(lines), "b.jsonl.gz")] == ["One.", "Two."]


def test_jsonl_records_fields_and_bad_records():
    lines = [
        json.dumps(
            {
                "id": "r1",
                "text": "Kirby spoke on Monday.",
                "title": "Pentagon",
                "url": "https://example.com/a",
                "published_at": "2022-01-26T10:00:00Z",
                "source": "Example News",
            }
        ),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "x" * 3000}),
        json.dumps({"text": "Second.", "published_at": "yesterday-ish"}),
    ]
    items = _decode("\n".join(lines).encode(), "feed.jsonl", max_bytes=2000)
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejects = [(i.source_uri, i.reason) for i in items if isinstance(i, Rejection)]
    assert [d.source_uri for d in docs] == ["feed.jsonl#1", "feed.jsonl#8"]
    first = docs[0]
    assert (first.title, first.url, first.external_id, first.source_name) == (
        "Pentagon",
        "https://example.com/a",
        "r1",
        "Example News",
    )
    assert first.published_at.isoformat() == "2022-01-26T10:00:00+00:00"
    assert docs[1].published_at is None
    assert rejects == [
        ("feed.jsonl#3", "bad_record"),
        ("feed.jsonl#4", "bad_record"),
        ("feed.jsonl#5", "bad_record"),
        ("feed.jsonl#6", "empty"),
        ("feed.jsonl#7", "too_large"),
    ]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le café coûte 2 € — “cher”, dit-il.", "cp1252"),
        ("Müller sagte, die Straße sei gesperrt.", "latin-1"),
        ("Première ligne de l'article.\nSecond line.", "utf-16"),
        ("Zażółć gęślą jaźń, powiedział minister w środę wieczorem.", "cp1250"),
        ("Привет, как дела? Это тест кодировки текста новостей.", "cp1251"),
    ],
)
def test_non_utf8_inputs_are_decoded(text, codec):
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text


def test_same_article_in_two_encodings_is_one_document():
    text = "Première ligne de l'article.\r\nSecond line.\n"
    ids = {
        decode_document(data, source_uri="x.txt", suffix=".txt").doc_id
        for data in (
            text.encode(),
            b"\xef\xbb\xbf" + text.encode(),
            text.encode("utf-16"),
            text.encode("cp1252"),
        )
    }
    assert len(ids) == 1


def test_mojibake_nul_and_controls_repaired():
    data = "The minister\x00 said “no”\x07 — cafÃ© owners agreed.".encode()
    doc = decode_document(data, source_uri="m.txt", suffix=".txt")
    assert doc.body == "The minister said “no” — café owners agreed."


def test_content_id_ignores_name_and_line_endings_but_not_edits():
    assert content_id("A.\r\nB.\n") == content_id("A.\nB.")
    assert content_id("A.\nB.") != content_id("A.\nC.")
    assert content_id("Body.", "Title") != content_id("Body.")
    assert len(content_id("x")) == 16


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant rose.",
            "Ad sales boost Time Warner profit",
        ),
        ("The Pentagon announced Monday that it acted.\n\nMore text.", None),
        # A headline that ends with a quotation is still a headline (BBC politics/222)...
        (
            "Voters 'reject EU by two to one'\n\nBritish voters would reject it, a poll says.",
            "Voters 'reject EU by two to one'",
        ),
        # ... but a quoted sentence is not.
        ("“We will win,” she said.”\n\nMore text.", None),
        ("He said: “We will win.”\n\nMore text.", None),
        ("No blank line after\nthe first line.", None),
        ("Only a line", None),
        # A dated line is the byline's date, not a headline: it stays in the body, where the
        # publication date is read from it (flows/extract/datelines.py).
        ("Monday 5 January 2026\n\nThe minister said.", None),
        ("Published: 10:32 AM EST, Jan 5, 2026\n\nShares fell.", None),
        ("Markets fall on Jan 5 jitters\n\nShares fell.", "Markets fall on Jan 5 jitters"),
    ],
)
def test_headline_detection(text, title):
    got, body = split_title(text)
    assert got == title
    if title:
        assert title not in body


def test_seed_has_no_title(seed_raw):
    doc = decode_document(seed_raw.encode(), source_uri="seed.txt", suffix=".txt")
    assert doc.title is None
    assert doc.body.startswith("The Pentagon announced")


def test_markdown_heading_is_title():
    doc = decode_document(b"# Big news\n\nIt happened.\n", source_uri="n.md", suffix=".md")
    assert doc.title == "Big news"
    assert doc.body.strip() == "It happened."


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2022-01-26T10:00:00Z", "2022-01-26T10:00:00+00:00"),
        ("2022-01-26", "2022-01-26T00:00:00+00:00"),
        ("Wed, 26 Jan 2022 10:00:00 +0100", "2022-01-26T09:00:00+00:00"),
        (1643191200, "2022-01-26T10:00:00+00:00"),
        ("not a date", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_timestamp(value, iso):
    parsed = parse_timestamp(value)
    assert (parsed.isoformat() if parsed else None) == iso


@pytest.mark.parametrize(
    ("location", "patterns", "out"),
    [
        ("news/drafts/a.txt", ["*/drafts/*"], True),
        ("news/a.html", ["*.html"], True),  # by file name
        ("/abs/news/a.html", ["news/*"], False),  # a path pattern matches the whole path
        ("s3://bucket/in/a.txt.gz", ["*.gz"], True),
        ("news/a.txt", [], False),
    ],
)
def test_exclude_patterns_match_the_path_or_the_file_name(location, patterns, out):
    from flows.ingest import excluded

    assert excluded(location, patterns) is out
