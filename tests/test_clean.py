"""Cleaning: boilerplate out, article text in, offsets-stable normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.clean import boilerplate_reason, clean_text


def test_seed_boilerplate_removed_and_recorded(seed_raw, seed_gold):
    cleaned = clean_text(seed_raw)
    assert [r.text for r in cleaned.removed] == seed_gold["boilerplate"]
    assert [r.reason for r in cleaned.removed] == ["newsletter", "consent"]
    for line in seed_gold["boilerplate"]:
        assert line not in cleaned.text
    assert cleaned.text.endswith("abroad,” Kirby said.")
    assert cleaned.text.startswith("The Pentagon announced Monday, Jan. 24,")


def test_seed_paragraphs_and_whitespace(seed_raw):
    text = clean_text(seed_raw).text
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert text.count("\n\n") == 14  # 15 paragraphs


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sign up to receive our latest news!", "newsletter"),
        ("Subscribe to our daily newsletter", "newsletter"),
        ("Get our latest headlines delivered to your inbox", "newsletter"),
        ("By submitting this form, I agree to the terms.", "consent"),
        ("By signing up, you agree to our Privacy Policy", "consent"),
        ("Share this article", "share_prompt"),
        ("Share on Facebook", "share_prompt"),
        ("Follow us on Twitter for the latest updates", "share_prompt"),
        ("Comment on this story", "share_prompt"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        ("We use cookies to improve your experience.", "cookie_notice"),
        ("© 2024 Example News Ltd. All rights reserved.", "copyright"),
        ("Copyright 2023 The Associated Press", "copyright"),
    ],
)
def test_boilerplate_family(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        # Article sentences that talk about the same things must survive.
        "More than 2,000 people signed up to receive the vaccine on the first day.",
        "The company said it would subscribe to the new standard by 2025.",
        "Critics say the cookie banners required by the EU law annoy users more than they help.",
        "She shared the article on Facebook before deleting her account.",
        "Advertising revenue at the group fell 12% in the third quarter.",
        "The copyright dispute between the two publishers has dragged on for years, lawyers said.",
        "Sign-ups for the scheme, which opened in March, reached 1.2 million by the end of the "
        "month, according to the department, well above the 800,000 it had forecast for the year.",
    ],
)
def test_article_sentences_kept(sentence):
    assert boilerplate_reason(sentence) is None
    assert clean_text(sentence).text == sentence


def test_normalisation():
    raw = "Cafe\u0301 owner\u00a0said\t hi.\r\n\r\n\r\n\r\nNext\x00 para.  \n"
    cleaned = clean_text(raw)
    assert cleaned.text == "Café owner said hi.\n\nNext para."


@settings(max_examples=300)
@given(st.text())
def test_clean_never_raises_and_is_idempotent(raw):
    once = clean_text(raw).text
    assert clean_text(once).text == once
    assert "\r" not in once and "\x00" not in once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_repair_of_ascii_text_skips_ftfy_without_changing_the_result(text):
    """The ASCII fast path of repair_text gives what the full ftfy repair gives."""
    import ftfy

    from flows.clean import _REPAIR, normalize_newlines, repair_text, strip_control

    assert repair_text(text) == strip_control(normalize_newlines(ftfy.fix_text(text, _REPAIR)))
