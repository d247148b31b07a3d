"""Quotation extraction: the seed article, tables of real-style news sentences, and properties."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.speech import extract_quotes
from flows.schema import Mention, Paragraph, Quote, Sentence
from flows.segment import segment

from conftest import Name, name_mentions, paragraph_rows, person

KIRBY: list[Name] = [
    ("John Kirby", "person:john_kirby", "John Kirby", "PERSON"),
    ("Kirby", "person:john_kirby", "John Kirby", "PERSON"),
]


def run_all(
    text: str,
    names: Sequence[Name] = (),
    rows: tuple[list[Paragraph], list[Sentence]] | None = None,
) -> list[Quote]:
    """Extract the statements of `text` (by default one sentence per paragraph), direct and
    reported, and check the invariants every result must satisfy."""
    paragraphs, sentences = paragraph_rows(text) if rows is None else rows
    quotes = extract_quotes(text, paragraphs, sentences, name_mentions(text, names), doc_id="d")
    assert [q.quote_idx for q in quotes] == list(range(len(quotes)))
    assert [q.char_start for q in quotes] == sorted(q.char_start for q in quotes)
    for q in quotes:
        assert text[q.char_start : q.char_end] == q.text
        assert q.doc_id == "d"
        assert q.kind in ("direct", "indirect")
    return quotes


def run(
    text: str,
    names: Sequence[Name] = (),
    rows: tuple[list[Paragraph], list[Sentence]] | None = None,
) -> list[Quote]:
    """The direct quotations of `text` (see `run_all`)."""
    return [q for q in run_all(text, names, rows) if q.kind == "direct"]


def run_reported(
    text: str,
    names: Sequence[Name] = (),
    rows: tuple[list[Paragraph], list[Sentence]] | None = None,
) -> list[Quote]:
    """The reported statements of `text` (see `run_all`)."""
    return [q for q in run_all(text, names, rows) if q.kind == "indirect"]


def run_seed(seed_text: str) -> list[Quote]:
    """The seed's quotes, its paragraphs and sentences from the real segmenter."""
    return run(seed_text, KIRBY, segment(seed_text, doc_id="d"))


# --- the seed -----------------------------------------------------------------------------------


def test_seed_quotes(seed_text: str) -> None:
    quotes = run_seed(seed_text)
    assert len(quotes) == 3
    assert [q.speaker_text for q in quotes] == [
        "Pentagon press secretary John Kirby",
        "Kirby",
        "Kirby",
    ]
    assert [q.speaker_key for q in quotes] == ["person:john_kirby"] * 3
    assert [q.verb for q in quotes] == ["said"] * 3
    # The second quote runs over two paragraphs: one row, its slice keeps the re-opening mark.
    assert "\n\n“We remain" in quotes[1].text
    assert quotes[1].joined_text.count("\n") == 0
    assert quotes[0].text.endswith("NATO National Response Force")  # no trailing comma
    # The sentences the quotes open in: the first of paragraphs 1, 6 and 14.
    assert [q.sentence_idx for q in quotes] == [1, 9, 19]
    _, sentences = segment(seed_text, doc_id="d")
    assert [sentences[q.sentence_idx].paragraph_idx for q in quotes] == [1, 6, 14]
    for q in quotes:
        sentence = sentences[q.sentence_idx]
        assert sentence.char_start <= q.char_start < sentence.char_end


def test_seed_matches_gold(seed_text: str, seed_gold: dict[str, Any]) -> None:
    gold = seed_gold["quotes"]
    quotes = run_seed(seed_text)
    assert [q.joined_text for q in quotes] == [g["text"] for g in gold]
    assert [q.speaker_text for q in quotes] == [g["speaker_text"] for g in gold]
    assert [q.verb for q in quotes] == [g["verb"] for g in gold]


# --- tables of news sentences -------------------------------------------------------------------

HEWITT = [
    person("Patricia Hewitt", "patricia_hewitt"),
    person("Hewitt", "patricia_hewitt", "Patricia Hewitt"),
]
DOE = [person("Jane Doe", "jane_doe"), person("Doe", "jane_doe", "Jane Doe")]
LAVROV = [person("Sergey Lavrov", "sergey_lavrov")]
WILLIAMS = [
    person("John Williams", "john_williams"),
    person("Williams", "john_williams", "John Williams"),
]
FERGUSON = [person("Ferguson", "barry_ferguson", "Barry Ferguson")]
HOWARD = [person("Michael Howard", "michael_howard")]

#: (text, names, expected rows as (joined_text, speaker_text, speaker_key, verb)).
CASES = [
    pytest.param(
        "“We will not back down,” Mayor Jane Doe said on Tuesday.",
        DOE,
        [("We will not back down", "Mayor Jane Doe", "person:jane_doe", "said")],
        id="after-speaker-verb",
    ),
    pytest.param(
        "“The talks were productive,” said Foreign Minister Sergey Lavrov after the meeting"
        " in Geneva.",
        LAVROV,
        [
            (
                "The talks were productive",
                "Foreign Minister Sergey Lavrov",
                "person:sergey_lavrov",
                "said",
            )
        ],
        id="after-inverted",
    ),
    pytest.param(
        "“There is no decision yet,” Kirby told reporters on Monday.",
        KIRBY,
        [("There is no decision yet", "Kirby", "person:john_kirby", "told")],
        id="after-told-reporters",
    ),
    pytest.param(
        "“Why now?” asked Kirby.",
        KIRBY,
        [("Why now?", "Kirby", "person:john_kirby", "asked")],
        id="after-question",
    ),
    pytest.param(
        "Ms Hewitt told the seminar: “Clearly, one of the things we need to do is extend the"
        " period.”",
        HEWITT,
        [
            (
                "Clearly, one of the things we need to do is extend the period.",
                "Ms Hewitt",
                "person:patricia_hewitt",
                "told",
            )
        ],
        id="before-colon",
    ),
    pytest.param(
        "Arguing for the decision, Kirby said, “The United States is deeply concerned.”",
        KIRBY,
        [("The United States is deeply concerned.", "Kirby", "person:john_kirby", "said")],
        id="before-comma",
    ),
    pytest.param(
        "Sir Digby added: “I don't think he will. I have to say he has been a prudent chancellor.”",
        [person("Digby", "digby_jones", "Digby Jones")],
        [
            (
                "I don't think he will. I have to say he has been a prudent chancellor.",
                "Sir Digby",
                "person:digby_jones",
                "added",
            )
        ],
        id="before-added-two-sentences",
    ),
    pytest.param(
        "Kirby again reiterated, “We will defend the interests of our allies.”",
        KIRBY,
        [
            (
                "We will defend the interests of our allies.",
                "Kirby",
                "person:john_kirby",
                "reiterated",
            )
        ],
        id="adverb-between-speaker-and-verb",
    ),
    pytest.param(
        "Patricia Hewitt spoke at a seminar on Monday."
        "\n\n“Career sexism goes both ways,” she said.",
        HEWITT,
        [("Career sexism goes both ways", "she", "person:patricia_hewitt", "said")],
        id="pronoun-resolved",
    ),
    pytest.param(
        "“The plan is working,” Doe said. “We expect results by March.”",
        DOE,
        [
            ("The plan is working", "Doe", "person:jane_doe", "said"),
            ("We expect results by March.", "Doe", "person:jane_doe", "said"),
        ],
        id="resumed-after-attribution",
    ),
    pytest.param(
        "“The plan,” Kirby said, “is working as intended.”",
        KIRBY,
        [
            ("The plan", "Kirby", "person:john_kirby", "said"),
            ("is working as intended.", "Kirby", "person:john_kirby", "said"),
        ],
        id="middle-speaker-split",
    ),
    pytest.param(
        '"We are ready," the minister said. "Nobody should doubt it."',
        [],
        [
            ("We are ready", "the minister", None, "said"),
            ("Nobody should doubt it.", "the minister", None, "said"),
        ],
        id="straight-quotes",
    ),
    pytest.param(
        "Critics called the plan “a disaster” on Monday.",
        [],
        [("a disaster", "Critics", None, "called")],
        id="fragment-before",
    ),
    pytest.param(
        'The timing was "too unlikely to have been a coincidence", Mr Beith said.',
        [person("Beith", "alan_beith", "Alan Beith")],
        [("too unlikely to have been a coincidence", "Mr Beith", "person:alan_beith", "said")],
        id="fragment-after",
    ),
    pytest.param(
        "But David Frost, director general of the British Chambers of Commerce, warned that many"
        ' small firms could be "crippled" by the move.',
        [person("David Frost", "david_frost")],
        [("crippled", "David Frost", "person:david_frost", "warned")],
        id="fragment-appositive-speaker",
    ),
    pytest.param(
        "“Now is the time,” Jane Doe, a spokeswoman for the agency, said.",
        DOE,
        [("Now is the time", "Jane Doe", "person:jane_doe", "said")],
        id="after-appositive",
    ),
    pytest.param(
        "The Shadow Secretary of State for the Family, Theresa May, said: "
        '"These plans were announced in December."',
        [person("Theresa May", "theresa_may")],
        [("These plans were announced in December.", "Theresa May", "person:theresa_may", "said")],
        id="before-appositive",
    ),
    pytest.param(
        "“Christmas has been tough for the whole sector,” one dealer, who asked not to be named,"
        " told Reuters.",
        [],
        [("Christmas has been tough for the whole sector", "one dealer", None, "told")],
        id="relative-clause-in-attribution",
    ),
    pytest.param(
        "“We will win,” a witness said.",
        [],
        [("We will win", "a witness", None, "said")],
        id="unnamed-speaker",
    ),
    pytest.param(
        "Kirby said in a statement on Monday:\n\n“Readiness has been increased across the force.”",
        KIRBY,
        [("Readiness has been increased across the force.", "Kirby", "person:john_kirby", "said")],
        id="colon-lead-in-previous-paragraph",
    ),
    pytest.param(
        "Southampton boss Harry Redknapp: “We know they can give us problems.”",
        [person("Harry Redknapp", "harry_redknapp")],
        [
            (
                "We know they can give us problems.",
                "Southampton boss Harry Redknapp",
                "person:harry_redknapp",
                None,
            )
        ],
        id="colon-lead-in-without-verb",
    ),
    pytest.param(
        "Patricia Hewitt spoke on Monday. She added that progress had been made."
        ' "The average woman is paid about 80p for every pound a man earns."',
        HEWITT,
        [
            (
                "The average woman is paid about 80p for every pound a man earns.",
                "She",
                "person:patricia_hewitt",
                "added",
            )
        ],
        id="previous-sentence-lead-in",
    ),
    pytest.param(
        "Kirby said, “First, we consult our allies.\n\n“Then we act.”",
        KIRBY,
        [("First, we consult our allies. Then we act.", "Kirby", "person:john_kirby", "said")],
        id="multi-paragraph",
    ),
    pytest.param(
        'Ms Hewitt said: "We have already doubled maternity pay.'
        ' "We are going to extend it by 2007."',
        HEWITT,
        [
            (
                "We have already doubled maternity pay. We are going to extend it by 2007.",
                "Ms Hewitt",
                "person:patricia_hewitt",
                "said",
            )
        ],
        id="lost-paragraph-break-reopening",
    ),
    pytest.param(
        "The ship “Endeavour” left port on Monday.",
        [],
        [],
        id="scare-quoted-name",
    ),
    pytest.param(
        'Barbara Follet, one of the so-called "Blair Babes" elected in 1997, told researchers:'
        ' "I remember some Conservatives."',
        [person("Barbara Follet", "barbara_follet")],
        [("I remember some Conservatives.", "Barbara Follet", "person:barbara_follet", "told")],
        id="scare-quote-inside-subject",
    ),
    pytest.param(
        "Russia’s army didn’t move, and the Kremlin’s spokesman wouldn’t comment on the ’90s.",
        [],
        [],
        id="curly-apostrophes",
    ),
    pytest.param(
        "Russia's army didn't move, and the students' union won't comment.",
        [],
        [],
        id="straight-apostrophes",
    ),
    pytest.param(
        "“Russia’s troops aren’t leaving,” Kirby said.",
        KIRBY,
        [("Russia’s troops aren’t leaving", "Kirby", "person:john_kirby", "said")],
        id="apostrophes-inside-quote",
    ),
    pytest.param(
        "He is 6' 2\" tall and weighs 200 lb.",
        [],
        [],
        id="inch-mark",
    ),
    pytest.param(
        # Documented behaviour: an unclosed quote runs to the end of its paragraph.
        "Smith said, “We will win this fight",
        [person("Smith", "smith")],
        [("We will win this fight", "Smith", "person:smith", "said")],
        id="unbalanced-at-document-end",
    ),
    pytest.param(
        "Smith said, “We will win.\n\nThe vote is on Friday.",
        [person("Smith", "smith")],
        [("We will win.", "Smith", "person:smith", "said")],
        id="unbalanced-before-paragraph",
    ),
    # --- pronouns and descriptions resolved to a named speaker ---
    pytest.param(
        "Williams said the club wanted £6m for Ferguson."
        " “We have no agreement with Rangers,” he added.",
        WILLIAMS + FERGUSON,
        [("We have no agreement with Rangers", "he", "person:john_williams", "added")],
        id="pronoun-skips-prepositional-object",
    ),
    pytest.param(
        "Tory leader Michael Howard accused Tony Blair and Mr Brown of “squabbling like"
        " schoolboys”. He told Sky News: “This is the politics of the playground.”",
        [*HOWARD, person("Tony Blair", "tony_blair"), person("Brown", "gordon_brown")],
        [
            (
                "squabbling like schoolboys",
                "Tory leader Michael Howard",
                "person:michael_howard",
                "accused",
            ),
            ("This is the politics of the playground.", "He", "person:michael_howard", "told"),
        ],
        id="pronoun-prefers-last-speaker-in-sentence",
    ),
    pytest.param(
        "“We've had them for years,” Mr Nogar's son Stephen, 57, said. Mr Nogar died in 1994."
        " “He called them his 'ass-saver' tapes,” his son said.",
        [person("Stephen", "stephen_nogar", "Stephen"), person("Nogar", "thorne_nogar")],
        [
            ("We've had them for years", "Mr Nogar's son Stephen", "person:stephen_nogar", "said"),
            ("He called them his 'ass-saver' tapes", "his son", "person:stephen_nogar", "said"),
        ],
        id="role-noun-resolved-nested-single-marks-kept-inside",
    ),
    pytest.param(
        "Deputy Prime Minister John Prescott spoke first. “Help me get through the year,” the"
        " prime minister said.",
        [person("John Prescott", "john_prescott")],
        [("Help me get through the year", "the prime minister", None, "said")],
        id="role-modifier-deputy-is-another-role",
    ),
    pytest.param(
        "Reuters beat forecasts in 2004. The news and financial data seller said it expected"
        " “further gradual improvement” in the second quarter.",
        [("Reuters", "org:reuters", "Reuters", "ORG")],
        [("further gradual improvement", "financial data seller", "org:reuters", "said")],
        id="organisation-description",
    ),
    pytest.param(
        "Orange sued Easy on Monday. “Our brand is important to us,” it said.",
        [("Orange", "org:orange", "Orange", "ORG"), ("Easy", "org:easy", "Easy", "ORG")],
        [("Our brand is important to us", "it", "org:orange", "said")],
        id="it-resolves-to-organisation-subject",
    ),
    pytest.param(
        "The Canada-based company says it wants “a wide variety of people” for its games.",
        [("Canada", "gpe:canada", "Canada", "GPE")],
        [("a wide variety of people", "The Canada-based company", None, "says")],
        id="hyphenated-modifier-is-not-the-speaker",
    ),
    pytest.param(
        "Theresa May, Tory shadow work and pensions secretary, said: “We have got to find a way.”",
        [person("Theresa May", "theresa_may")],
        [("We have got to find a way.", "Theresa May", "person:theresa_may", "said")],
        id="coordinated-title-in-appositive",
    ),
    pytest.param(
        "Acme posted its results on Monday. The company said: “Profits rose.”",
        [("Acme", "org:acme", "Acme", "ORG")],
        [("Profits rose.", "The company", "org:acme", "said")],
        id="capitalised-organisation-description",
    ),
    pytest.param(
        "Home Secretary Charles Clarke spoke on Monday. The home secretary said the law would"
        " “ensure we know who is in the country”.",
        [person("Charles Clarke", "charles_clarke")],
        [
            (
                "ensure we know who is in the country",
                "The home secretary",
                "person:charles_clarke",
                "said",
            )
        ],
        id="role-title-before-name",
    ),
    # --- attribution shapes ---
    pytest.param(
        "Ferguson did not play, with Rovers boss Mark Hughes claiming it had been an"
        " “emotional and difficult time” for the player.",
        [*FERGUSON, person("Mark Hughes", "mark_hughes")],
        [
            (
                "emotional and difficult time",
                "Rovers boss Mark Hughes",
                "person:mark_hughes",
                "claiming",
            )
        ],
        id="participle-after-name",
    ),
    pytest.param(
        "Stallone, 71, left the house saying: “I'm a total wreck, I need a vacation.”",
        [person("Stallone", "jackie_stallone", "Jackie Stallone")],
        [("I'm a total wreck, I need a vacation.", "Stallone", "person:jackie_stallone", "saying")],
        id="participle-subject-of-clause",
    ),
    pytest.param(
        "Dr Brian Gibbons, on his first day after Jane Hutt was sacked, admitted “big challenges”.",
        [person("Brian Gibbons", "brian_gibbons"), person("Jane Hutt", "jane_hutt")],
        [("big challenges", "Dr Brian Gibbons", "person:brian_gibbons", "admitted")],
        id="interjected-adverbial-clause",
    ),
    pytest.param(
        "Peter Hook, who played with New Order, as well as the Happy Mondays, said he would"
        " “rather not” appear in the film.",
        [person("Peter Hook", "peter_hook")],
        [("rather not", "Peter Hook", "person:peter_hook", "said")],
        id="several-clauses-between-speaker-and-verb",
    ),
    pytest.param(
        "Mr Blair spoke at the conference. It is, as he said, more than “an electoral device”.",
        [person("Blair", "tony_blair", "Tony Blair")],
        [("an electoral device", "he", "person:tony_blair", "said")],
        id="as-he-said-is-the-attribution",
    ),
    pytest.param(
        "In November the British Medical Association said doctors were “weeping with despair”.",
        [("British Medical Association", "org:bma", "British Medical Association", "ORG")],
        [("weeping with despair", "British Medical Association", "org:bma", "said")],
        id="introductory-phrase-without-comma",
    ),
    pytest.param(
        "“The cake will be bigger for everybody,” said Deputy Prime Minister Abdullatif Sener"
        " earlier this month.",
        [person("Abdullatif Sener", "abdullatif_sener")],
        [
            (
                "The cake will be bigger for everybody",
                "Deputy Prime Minister Abdullatif Sener",
                "person:abdullatif_sener",
                "said",
            )
        ],
        id="inverted-speaker-ends-before-adverb",
    ),
    pytest.param(
        "EBay chief Meg Whitman called 2004 an “outstanding success” that generated"
        " “tremendous momentum” for 2005.",
        [person("Meg Whitman", "meg_whitman")],
        [
            ("outstanding success", "EBay chief Meg Whitman", "person:meg_whitman", "called"),
            ("tremendous momentum", "EBay chief Meg Whitman", "person:meg_whitman", "called"),
        ],
        id="second-fragment-of-one-sentence",
    ),
    pytest.param(
        "Mr Blair spoke on Monday. The first task was to “rebuild a sense of purpose” within the"
        " country, he said.",
        [person("Blair", "tony_blair", "Tony Blair")],
        [("rebuild a sense of purpose", "he", "person:tony_blair", "said")],
        id="fragment-attribution-at-sentence-end",
    ),
    pytest.param(
        "The band have done “everything in their considerable powers” to stay on top,"
        " according to Q magazine editor Paul Rees.",
        [person("Paul Rees", "paul_rees")],
        [
            (
                "everything in their considerable powers",
                "Q magazine editor Paul Rees",
                "person:paul_rees",
                None,
            )
        ],
        id="fragment-according-to-at-sentence-end",
    ),
    pytest.param(
        "England coach Andy Robinson went on to claim that “only one side was refereed”.",
        [person("Andy Robinson", "andy_robinson")],
        [("only one side was refereed", "Andy Robinson", "person:andy_robinson", "claim")],
        id="bare-verb-after-to",
    ),
    pytest.param(
        "Anelka told a French magazine: “I either win titles or have an easy life.”"
        " He added: “To win titles you need players.”",
        [person("Anelka", "nicolas_anelka", "Nicolas Anelka")],
        [
            (
                "I either win titles or have an easy life.",
                "Anelka",
                "person:nicolas_anelka",
                "told",
            ),
            ("To win titles you need players.", "He", "person:nicolas_anelka", "added"),
        ],
        id="colon-lead-in-belongs-to-the-next-quote",
    ),
    pytest.param(
        "Jerry Yang is proud. “It has been a wonderful experience,” he said. Through it all, we"
        " wanted to build products people love.”",
        [person("Jerry Yang", "jerry_yang")],
        [
            ("It has been a wonderful experience", "he", "person:jerry_yang", "said"),
            (
                "Through it all, we wanted to build products people love.",
                "he",
                "person:jerry_yang",
                "said",
            ),
        ],
        id="lost-opening-mark-after-attribution",
    ),
    pytest.param(
        "“Should the United Kingdom approve the treaty?” The Electoral Commission on Thursday"
        " said it was satisfied the question was clear.",
        [("Electoral Commission", "org:electoral_commission", "Electoral Commission", "ORG")],
        [("Should the United Kingdom approve the treaty?", None, None, None)],
        id="question-then-sentence-of-reported-speech",
    ),
    pytest.param(
        "The Electoral Commission on Thursday said the question was “easy to understand”.",
        [("Electoral Commission", "org:electoral_commission", "Electoral Commission", "ORG")],
        [
            (
                "easy to understand",
                "Electoral Commission",
                "org:electoral_commission",
                "said",
            )
        ],
        id="date-phrase-between-speaker-and-verb",
    ),
    pytest.param(
        "Mr Ancram spoke on Monday. “Who are they trying to kid?” he said. The proposed question"
        " is: “Should the United Kingdom approve the treaty?”",
        [person("Ancram", "michael_ancram", "Michael Ancram")],
        [
            ("Who are they trying to kid?", "he", "person:michael_ancram", "said"),
            ("Should the United Kingdom approve the treaty?", None, None, None),
        ],
        id="quote-inside-its-own-sentence-does-not-inherit",
    ),
    pytest.param(
        "Charles Kennedy spoke on Monday. If his party gains seats, he intends to go into the"
        " next parliament “on the front foot with a view to leading it”.",
        [person("Charles Kennedy", "charles_kennedy")],
        [("on the front foot with a view to leading it", "he", "person:charles_kennedy", None)],
        id="pronoun-subject-of-sentence-without-verb",
    ),
    # --- names, titles, terms and slogans are not quotations ---
    pytest.param(
        "Originally dubbed “Jerry's Guide to the World Wide Web” the firm adopted the name Yahoo.",
        [],
        [],
        id="title-case-name-after-naming-verb",
    ),
    pytest.param(
        "Now the firm employs 7,600 workers and insists its culture of “work hard, play hard”"
        " still remains.",
        [],
        [],
        id="slogan-after-naming-noun",
    ),
    pytest.param(
        "The couple's interest in books coined the term “the Richard & Judy effect” last year.",
        [],
        [],
        id="term-after-naming-noun",
    ),
    pytest.param(
        "But the lawyer David Oblon called the nine-year recommended term “outrageous”.",
        [person("David Oblon", "david_oblon")],
        [("outrageous", "David Oblon", "person:david_oblon", "called")],
        id="naming-noun-needs-determiner-or-of",
    ),
    pytest.param(
        "All three will play “diverse, unpredictable and non-commercial” songs on the radio.",
        [],
        [],
        id="unattributed-lowercase-phrase",
    ),
    # --- single marks ---
    pytest.param(
        "Voters 'reject EU by two to one'\n\nBritish voters would reject the constitution.",
        [],
        [],
        id="single-marks-headline-without-speaker",
    ),
    pytest.param(
        "The two presidents also agreed to create 'Television Sur', a Latin American network.",
        [],
        [],
        id="single-marks-short-name",
    ),
    pytest.param(
        "'The players' wages are far too high,' Doe said.",
        DOE,
        [("The players' wages are far too high", "Doe", "person:jane_doe", "said")],
        id="single-marks-plural-possessive-inside",
    ),
    pytest.param(
        "The students' union and the teachers' union won't comment on the ’90s.",
        [],
        [],
        id="single-marks-possessives-only",
    ),
    pytest.param(
        "Doe said: ‘We will fight it in the courts.’",
        DOE,
        [("We will fight it in the courts.", "Doe", "person:jane_doe", "said")],
        id="single-marks",
    ),
    pytest.param(
        "Mr Thomas said the rules were clear."
        '\n\n"If in doubt retain, that has been the principle."',
        [person("Thomas", "richard_thomas", "Richard Thomas")],
        [
            (
                "If in doubt retain, that has been the principle.",
                "Mr Thomas",
                "person:richard_thomas",
                "said",
            )
        ],
        id="indirect-lead-in-previous-paragraph",
    ),
    pytest.param(
        'Said the Pew report: "This finding is ironic, since nearly half of all users know it."',
        [],
        [
            (
                "This finding is ironic, since nearly half of all users know it.",
                "the Pew report",
                None,
                "Said",
            )
        ],
        id="capitalised-inverted-verb",
    ),
    pytest.param(
        '"The biggest health challenge is the spread of disease," the aid agency was quoted'
        " as saying.",
        [],
        [
            (
                "The biggest health challenge is the spread of disease",
                "the aid agency",
                None,
                "saying",
            )
        ],
        id="quoted-as-saying",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), CASES)
def test_quote_table(
    text: str, names: list[Name], expected: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    quotes = run(text, names)
    assert [(q.joined_text, q.speaker_text, q.speaker_key, q.verb) for q in quotes] == expected


def test_sentence_idx_points_at_the_opening_sentence() -> None:
    text = "Kirby spoke on Monday.\n\nHe left early.\n\n“We are ready,” Kirby said."
    (quote,) = run(text, KIRBY)
    assert quote.sentence_idx == 2


def test_empty_inputs() -> None:
    assert extract_quotes("", [], [], [], doc_id="d") == []
    # Without paragraph rows the whole text is one paragraph.
    (quote,) = extract_quotes("“We are ready,” Kirby said.", [], [], [], doc_id="d")
    assert (quote.text, quote.speaker_text, quote.speaker_key) == ("We are ready", "Kirby", None)


# --- properties --------------------------------------------------------------------------------

#: Words, spaces, punctuation, paragraph breaks and every kind of quote mark and apostrophe.
PIECES = st.sampled_from(
    [
        "said", "Kirby", "he", "told", "reporters", "the", "plan", "We", "won’t", "Russia's",
        " ", " ", " ", ",", ".", ":", "?", "\n\n", "\n", '"', '"', "“", "”", "‘", "’", "'",
        "-", "—", "(", ")", "Mr.", "U.S.", "1997", "\u00a0",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(PIECES, max_size=60), data=st.data())
def test_never_raises_and_offsets_hold(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    paragraphs, sentences = paragraph_rows(text)
    words = [m.span() for m in re.finditer(r"\w+", text)]
    chosen = data.draw(st.lists(st.sampled_from(words), unique=True) if words else st.just([]))
    mentions = [
        Mention("d", i, 0, s, e, text[s:e], "PERSON", f"person:{text[s:e].lower()}", text[s:e])
        for i, (s, e) in enumerate(sorted(chosen))
    ]
    quotes = extract_quotes(text, paragraphs, sentences, mentions, doc_id="d")
    previous_end = -1
    for idx, q in enumerate(quotes):
        assert q.quote_idx == idx
        assert 0 <= q.char_start < q.char_end <= len(text)
        assert text[q.char_start : q.char_end] == q.text
        assert q.joined_text and "\n\n" not in q.joined_text
        if q.speaker_text is None:
            assert q.speaker_key is None
        if q.kind == "direct":
            # Quotations never overlap; a reported clause may hold one (partly quoted) or
            # another reported clause (`X said Y told him that Z`).
            assert q.char_start >= previous_end
            previous_end = q.char_end
