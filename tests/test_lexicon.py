"""The shared word lists (flows/lexicon.py) have the properties their users rely on."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping

import pytest

from flows import lexicon
from flows.extract import dates, names
from flows.extract.speech import text as speech_text
from flows.segment import segment

_WORD_LISTS = {
    name: value
    for name, value in vars(lexicon).items()
    if name.isupper() and isinstance(value, (frozenset, tuple, Mapping))
}


@pytest.mark.parametrize("name", sorted(_WORD_LISTS))
def test_words_are_lower_case_without_periods(name: str) -> None:
    """Every user lower-cases (and strips the period from) the word it looks up."""
    for word in _WORD_LISTS[name]:
        assert re.fullmatch(r"[a-z]+", word), (name, word)


def test_the_calendar_is_in_calendar_order() -> None:
    """dates resolves a weekday by its index (datetime's weekday()) and a month by index + 1."""
    assert tuple(d.lower() for d in calendar.day_name) == lexicon.WEEKDAYS
    assert tuple(m.lower() for m in calendar.month_name[1:]) == lexicon.MONTHS


def test_a_month_abbreviation_begins_its_month_and_every_month_has_three_letters() -> None:
    for abbreviation, number in lexicon.MONTH_ABBREVIATIONS.items():
        assert lexicon.MONTHS[number - 1].startswith(abbreviation)
    # dates reads a month the pattern took by its first three letters ("Sepember" in Reuters).
    for number, month in enumerate(lexicon.MONTHS, start=1):
        assert dates._MONTHS[month[:3]] == number


def test_the_date_patterns_take_every_name_of_the_lists() -> None:
    """dates writes months as one compact pattern: it must take every name the lists have."""
    for word in (*lexicon.MONTHS, *lexicon.MONTH_ABBREVIATIONS):
        assert re.fullmatch(dates._MONTH, word), word
    for word in lexicon.WEEKDAYS:
        assert re.fullmatch(dates._WEEKDAY, word), word


@pytest.mark.parametrize("honorific", sorted(lexicon.HONORIFICS))
def test_a_name_after_an_honorific_is_a_persons(honorific: str) -> None:
    for written in (f"{honorific.capitalize()} ", f"{honorific.capitalize()}. "):
        assert names.after_honorific(f"said {written}Cable", len("said ") + len(written))


def test_miss_makes_no_person() -> None:
    """Not a shared honorific: "Miss World" and "Miss Saigon" are no people."""
    assert not names.after_honorific("won Miss World", len("won Miss "))


def test_prepositions_hold_no_word_that_also_opens_a_clause_or_modifies_a_number() -> None:
    """The speaker finder stops at a preposition; it must walk on over "around eight members",
    "near the $27bn Russia says", "since the Law Commission dubbed them" (BBC)."""
    assert not {"around", "near", "since", "until", "till"} & lexicon.PREPOSITIONS


@pytest.mark.parametrize("abbreviation", sorted(lexicon.NONFINAL_ABBREVIATIONS))
def test_a_nonfinal_abbreviation_ends_no_sentence_in_either_splitter(abbreviation: str) -> None:
    text = f"He met {abbreviation.capitalize()}. Smith there."
    assert [s.text for s in segment(text, doc_id="d")[1]] == [text]
    period = speech_text.SENTENCE_END.search(text)
    assert period is not None
    assert not speech_text.is_sentence_end(text, 0, period)


def test_number_words_spell_every_count_below_a_hundred() -> None:
    """numbers builds digits from them ("twenty-five" -> "2" + "5"), dates counts days."""
    assert sorted(set(lexicon.NUMBER_UNITS.values())) == list(range(20))
    assert sorted(lexicon.NUMBER_TENS.values()) == list(range(20, 100, 10))
