"""Segmentation: paragraphs and sentences with exact offsets."""

from __future__ import annotations

import importlib.util
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.clean import clean_text
from flows.segment import segment

from conftest import ROOT, SHARED


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


# --- rule families (pragmatic_segmenter's Golden Rules and their news counterparts) -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a.m./p.m. close a time: a capitalised word after one starts a new sentence ...
        (
            "He left the bank at 6 P.M. Mr. Smith then went to the store.",
            ["He left the bank at 6 P.M.", "Mr. Smith then went to the store."],
        ),
        # ... unless it is still part of the time (a day or a zone) ...
        (
            "The polls close at 9 p.m. Friday in Ohio.",
            ["The polls close at 9 p.m. Friday in Ohio."],
        ),
        ("Trading ends at 4 p.m. GMT on weekdays.", ["Trading ends at 4 p.m. GMT on weekdays."]),
        # ... or the sentence so far is a bare prepositional phrase.
        (
            "At 5 a.m. Mr. Smith went to the bank. He left.",
            ["At 5 a.m. Mr. Smith went to the bank.", "He left."],
        ),
        ("In the U.S. President Bush said no.", ["In the U.S. President Bush said no."]),
        # "St." after a name is a street and can end a sentence; before one it is a saint.
        (
            "He works at 10 Downing St. The PM was out. St. Michael's Church is on 5th st. here.",
            [
                "He works at 10 Downing St.",
                "The PM was out.",
                "St. Michael's Church is on 5th st. here.",
            ],
        ),
        # Dotted words that are abbreviations keep their period; "Sino-U.S." too.
        (
            "They set up the first Sino-U.S. Joint venture in China.",
            ["They set up the first Sino-U.S. Joint venture in China."],
        ),
    ],
)
def test_abbreviations_and_times(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize("opener", ["Within", "Across", "Under", "Near", "Until"])
def test_any_preposition_opens_a_bare_phrase(opener):
    """Every preposition of flows.lexicon (and the clause words segment adds) opens a phrase
    that is no sentence of its own, as "In" does."""
    text = f"{opener} the U.S. It was the largest such deal."
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "I" after a lower-case word is the pronoun; after a name it is an initial.
        (
            "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
            ["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"],
        ),
        ("Queen Elizabeth I. The Tudor era ended.", ["Queen Elizabeth I.", "The Tudor era ended."]),
        ("George W. Bush won.", ["George W. Bush won."]),
    ],
)
def test_initials_and_the_pronoun_i(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A period after a number with a decimal point or a unit is a full stop.
        (
            "For 2004 as a whole, eBay earned $778.2m on sales of $3.27bn. EBay shares fell.",
            ["For 2004 as a whole, eBay earned $778.2m on sales of $3.27bn.", "EBay shares fell."],
        ),
        (
            "Aoife Byrne won in 2:06.73. Lisburn's Kelly Reid was seventh.",
            ["Aoife Byrne won in 2:06.73.", "Lisburn's Kelly Reid was seventh."],
        ),
        (
            "You can find it at N°. 1026.253.553. That is where the treasure is.",
            ["You can find it at N°. 1026.253.553.", "That is where the treasure is."],
        ),
        # After a file name, a domain or a web address too.
        (
            "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check.",
            [
                "The site is: https://www.example.50.com/new-site/awesome_content.html.",
                "Please check.",
            ],
        ),
        (
            "It is one of the top tracks on latinohiphopradio.com. Others such as .info grew.",
            ["It is one of the top tracks on latinohiphopradio.com.", "Others such as .info grew."],
        ),
    ],
)
def test_numbers_and_dotted_words(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unspaced ellipsis before a capital ends the sentence, before lower case it does not.
        (
            "I never meant that.... She left the store.",
            ["I never meant that....", "She left the store."],
        ),
        ("It was ... well, odd.", ["It was ... well, odd."]),
        # A free-standing spaced ellipsis is an omission inside the sentence, even before "I".
        (
            "the thing is . . . I didn't mean it. Next.",
            ["the thing is . . . I didn't mean it.", "Next."],
        ),
        # A fourth dot is the sentence's own period ...
        (
            "and then indicate it with a period . . . . Next sentence.",
            ["and then indicate it with a period . . . .", "Next sentence."],
        ),
        # ... and a period glued to the word, then ". . .", opens the next sentence with it.
        (
            "It was combining words into compounds. . . . The practice was not abandoned. . . .",
            [
                "It was combining words into compounds.",
                ". . . The practice was not abandoned. . . .",
            ],
        ),
        (
            "Thoreau argues that “the laws of the universe will appear less complex. . . .”",
            ["Thoreau argues that “the laws of the universe will appear less complex. . . .”"],
        ),
        # "[...]": before lower case no split; before a new clause a split (GUIDELINES); a
        # reference in parentheses closed by the period stays with its quotation.
        (
            '"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).',
            ['"Bohr [...] used the analogy of parallel stairways [...]" (Smith 55).'],
        ),
        (
            "Costs rose sharply [...] The minister resigned.",
            ["Costs rose sharply [...]", "The minister resigned."],
        ),
        (
            "He left early. (He was tired.) Then it rained.",
            ["He left early.", "(He was tired.)", "Then it rained."],
        ),
    ],
)
def test_ellipses_brackets_and_citations(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
        (
            "1.) The first item. 2.) The second item.",
            ["1.) The first item.", "2.) The second item."],
        ),
        ("1) The first item 2) The second item", ["1) The first item", "2) The second item"]),
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("1. The first item. 2. The second item.", ["1. The first item.", "2. The second item."]),
        (
            "• 9. The first item • 10. The second item",
            ["• 9. The first item", "• 10. The second item"],
        ),
        ("⁃9. The first item ⁃10. The second item", ["⁃9. The first item", "⁃10. The second item"]),
        (
            "a. The first item b. The second item c. The third list item",
            ["a. The first item", "b. The second item", "c. The third list item"],
        ),
        (
            "(1) The first item (2) The second item (3) Third.",
            ["(1) The first item", "(2) The second item", "(3) Third."],
        ),
        # A number that does not continue a list is left alone, and so is one inside a sentence.
        (
            "He was ranked 2. The team was 5. Fans cheered.",
            ["He was ranked 2.", "The team was 5.", "Fans cheered."],
        ),
        ("Labour won 3) seats in the vote.", ["Labour won 3) seats in the vote."]),
        # Dash bullets, at least two, each open an item whatever they end with; the marker is
        # layout, not part of the item's sentence.
        (
            "- Duty cuts on capital goods\n- Expanded service tax net.\n- Reduced corporate tax",
            [
                "Duty cuts on capital goods",
                "Expanded service tax net.",
                "Reduced corporate tax",
            ],
        ),
        # AG News writes a quotation mark as the rest of its HTML entity: it opens the sentence.
        (
            "Hughes had been ill for months, his wife said. quot;He died at home, quot; she said.",
            [
                "Hughes had been ill for months, his wife said.",
                "quot;He died at home, quot; she said.",
            ],
        ),
        # The HTML ingest writes each list item as its own "- " paragraph.
        (
            "- Tenders open in January for the sea wall.",
            ["Tenders open in January for the sea wall."],
        ),
        # Short lines without any terminal punctuation are a list ...
        (
            "features\ncontact manager\nevents, activities\n",
            ["features", "contact manager", "events, activities"],
        ),
        # ... but prose wrapped at a fixed width is not split at its line breaks.
        (
            "Reuters - Lawyers for former WorldCom Chief\nExecutive Bernard Ebbers are seeking "
            "immunity for two witnesses",
            [
                "Reuters - Lawyers for former WorldCom Chief\nExecutive Bernard Ebbers are seeking "
                "immunity for two witnesses"
            ],
        ),
        (
            "This is a sentence\ncut off in the middle because pdf.",
            ["This is a sentence\ncut off in the middle because pdf."],
        ),
    ],
)
def test_lists(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is "
            "a lot.",
            [
                "Hello world.",
                "Today is Tuesday.",
                "Mr. Smith went to the store and bought 1,000.",
                "That is a lot.",
            ],
        ),
        (
            "It should have been Joy Division.Those guys mattered.",
            ["It should have been Joy Division.", "Those guys mattered."],
        ),
        # Addresses and dotted names stay whole.
        (
            "Her email is Jane.Doe@example.com. I sent her an email.",
            ["Her email is Jane.Doe@example.com.", "I sent her an email."],
        ),
        (
            "Services such as TalkTalk and One.Tel, which route calls.",
            ["Services such as TalkTalk and One.Tel, which route calls."],
        ),
        (
            "The editor of fansite Halo.Bungie.Org, said so.",
            ["The editor of fansite Halo.Bungie.Org, said so."],
        ),
        (
            "It runs on a distributed.LocalCluster today.",
            ["It runs on a distributed.LocalCluster today."],
        ),
    ],
)
def test_no_space_between_sentences(text, expected):
    assert _sentences(text) == expected


# --- the Golden Rules benchmark ---------------------------------------------------------------

GOLDEN = SHARED / "benchmarks" / "sentences_golden_en.jsonl"
needs_golden = pytest.mark.skipif(
    not GOLDEN.is_file(), reason=f"needs the Golden Rules benchmark {GOLDEN} (../shared/benchmarks)"
)
# #040 and #041 expect a newline inside the sentence rewritten as a space: a span of the text (what
# every sentence row is) cannot pass them strictly, only with white space collapsed.
NOT_SPANS = {40, 41}


def _golden_cases() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _load_peers():
    spec = importlib.util.spec_from_file_location("peers_bench", ROOT / "bench" / "peers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@needs_golden
def test_golden_rules_score():
    """Scored exactly as bench/peers.py does. Measured: 50/52 strict (all but #040/#041), 52/52
    with white space collapsed, 48/48 on pySBD's subset (FACTS.md: pySBD 48/52, spaCy's parser
    29-31)."""
    peers = _load_peers()
    result = peers.score_sentences(SHARED, {"ours": peers.our_sentences})["ours"]
    assert result["passed"] >= 50
    assert result["passed_lenient"] == 52
    assert result["passed_of_48"] == 48
    assert set(result["failed_ids"]) <= NOT_SPANS


@pytest.mark.shared
@needs_golden
def test_golden_rules_sentences_are_exact_spans():
    for case in _golden_cases():
        text = case["text"]
        for s in segment(text, doc_id="g")[1]:
            assert text[s.char_start : s.char_end] == s.text


@pytest.mark.shared
@needs_golden
@pytest.mark.xfail(
    reason="#040/#041 rewrite a newline inside the sentence as a space; a span cannot", strict=True
)
def test_golden_rules_rewritten_white_space():
    cases = {c["id"]: c for c in _golden_cases()}
    for i in sorted(NOT_SPANS):
        assert [s.strip() for s in _sentences(cases[i]["text"])] == cases[i]["sentences"]
