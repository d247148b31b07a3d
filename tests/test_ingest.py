"""Ingest: discovery of inputs, decoding, rejection reasons, content ids and headlines."""

from __future__ import annotations

import os

import pytest

from flows.ingest import (
    InputNotFound,
    RejectedInput,
    content_id,
    decode_document,
    discover,
    split_title,
)


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
    found = [
        r.path.name for r in discover([str(root / "a"), str(root / "*.txt"), str(root / "b.txt")])
    ]
    assert found == ["one.txt", "two.md", "three.txt", "b.txt"]


def test_discover_missing_path_raises_before_yielding(tmp_path):
    with pytest.raises(InputNotFound, match="nope"):
        list(discover([str(tmp_path), str(tmp_path / "nope")]))
    with pytest.raises(InputNotFound):
        list(discover([str(tmp_path / "*.xyz")]))


def test_discover_symlink_loop_terminates(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("X.\n")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert [r.path.name for r in discover([str(tmp_path)])] == ["x.txt"]


@pytest.mark.parametrize(
    ("data", "suffix", "reason"),
    [
        (b"", ".txt", "empty"),
        (b"  \n\t\n", ".txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ".txt", "binary"),
        ("Caf\u00e9 au lait".encode("latin-1"), ".txt", "undecodable"),
        (b"Some text", ".pdf", "unsupported"),
        (b"# Headline only\n\n   \n", ".md", "empty"),
    ],
)
def test_rejections_have_reasons(data, suffix, reason):
    with pytest.raises(RejectedInput) as info:
        decode_document(data, source_uri="x" + suffix, suffix=suffix)
    assert info.value.reason == reason
    assert info.value.detail


def test_utf16_and_bom_decode_to_the_same_document():
    text = "Première ligne de l'article.\r\nSecond line.\n"
    utf8 = decode_document(text.encode("utf-8"), source_uri="a.txt", suffix=".txt")
    utf8_bom = decode_document(b"\xef\xbb\xbf" + text.encode(), source_uri="b.txt", suffix=".txt")
    utf16 = decode_document(text.encode("utf-16"), source_uri="c.txt", suffix=".txt")
    assert utf8.doc_id == utf8_bom.doc_id == utf16.doc_id
    assert utf16.body.startswith("Première ligne")
    assert "\r" not in utf16.body


def test_content_id_ignores_name_and_line_endings_but_not_edits():
    assert content_id("A.\r\nB.\n") == content_id("A.\nB.")
    assert content_id("A.\nB.") != content_id("A.\nC.")
    assert len(content_id("x")) == 16


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant rose.",
            "Ad sales boost Time Warner profit",
        ),
        ("The Pentagon announced Monday that it acted.\n\nMore text.", None),
        ("No blank line after\nthe first line.", None),
        ("Only a line", None),
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
