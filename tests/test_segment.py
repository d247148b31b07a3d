"""Segmentation: paragraphs and sentences with exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.clean import clean_text
from flows.segment import segment


def _sentences(text: str) -> list[str]:
    return [s.text for s in segment(text, doc_id="t")[1]]


def test_seed_sentences_equal_gold(seed_text, seed_gold):
    paragraphs, sentences = segment(seed_text, doc_id="d")
    assert [s.text for s in sentences] == seed_gold["sentences"]
    assert len(paragraphs) == 15
    for s in sentences:
        p = paragraphs[s.paragraph_idx]
        assert p.char_start <= s.char_start < s.char_end <= p.char_end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Pentagon announced Monday, Jan. 24, that it acted. It did.",
            ["The Pentagon announced Monday, Jan. 24, that it acted.", "It did."],
        ),
        ("U.S. troops arrived. They left.", ["U.S. troops arrived.", "They left."]),
        (
            "Mr. Smith met Dr. Jones at No. 10 Downing Street. They talked.",
            ["Mr. Smith met Dr. Jones at No. 10 Downing Street.", "They talked."],
        ),
        (
            "Growth was 2.5 per cent. Inflation was 3.1%.",
            ["Growth was 2.5 per cent.", "Inflation was 3.1%."],
        ),
        (
            "John F. Kennedy was president. J. K. Rowling wrote books.",
            ["John F. Kennedy was president.", "J. K. Rowling wrote books."],
        ),
        (
            'She said, "It works. We tested it." Then she left.',
            ['She said, "It works.', 'We tested it."', "Then she left."],
        ),
        ("“Why?” he asked. “Because,” she said.", ["“Why?” he asked.", "“Because,” she said."]),
        (
            "It arrived in the U.S. The next day it left.",
            ["It arrived in the U.S.", "The next day it left."],
        ),
        (
            "Shares in Acme Inc. rose 5%. Rivals fell.",
            ["Shares in Acme Inc. rose 5%.", "Rivals fell."],
        ),
        ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
        (
            "First paragraph ends here:\n\nSecond one.",
            ["First paragraph ends here:", "Second one."],
        ),
    ],
)
def test_tricky_sentences(text, expected):
    assert _sentences(text) == expected


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab .?!\n\"“”'AZ0,:")), max_size=200))
def test_offsets_valid_ordered_and_inside_paragraphs(raw):
    text = clean_text(raw).text
    paragraphs, sentences = segment(text, doc_id="h")
    last = 0
    for s in sentences:
        assert text[s.char_start : s.char_end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.char_start >= last
        last = s.char_end
        p = paragraphs[s.paragraph_idx]
        assert p.char_start <= s.char_start and s.char_end <= p.char_end
    for p in paragraphs:
        assert text[p.char_start : p.char_end] == p.text
    # Every non-space character of the text is in exactly one sentence.
    covered = sum(len(s.text.replace(" ", "").replace("\n", "")) for s in sentences)
    assert covered == len(text.replace(" ", "").replace("\n", ""))
