"""flows.extract.numbers: numeric expressions with kind, value, unit, counted object and hedge."""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from _pytest.mark import ParameterSet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from flows.extract.numbers import extract_numbers, parse_number
from flows.extract.numbers import objects as number_objects
from flows.schema import Number, Sentence
from flows.segment import segment

from conftest import ROOT, SHARED, paragraph_rows

Tagger = Callable[[Sequence[str]], list[Doc]]


def run(
    ner: Language, tagger: Tagger, text: str, sentences: list[Sentence] | None = None
) -> list[Number]:
    """Extract the numbers of `text` (by default one sentence per paragraph), checking the
    invariants every output must keep."""
    if sentences is None:
        _, sentences = paragraph_rows(text)
    rows = extract_numbers(ner(text), sentences, doc_id="d", tag=tagger)
    assert [r.number_idx for r in rows] == list(range(len(rows)))
    assert [r.char_start for r in rows] == sorted(r.char_start for r in rows)
    for r in rows:
        assert text[r.char_start : r.char_end] == r.text
        assert r.doc_id == "d"
    return rows


def case(
    sentence: str,
    expr: str,
    kind: str,
    value: float,
    *,
    unit: str | None = None,
    obj: str | None = None,
    qualifier: str | None = None,
    xfail: str | None = None,
) -> ParameterSet:
    """One row of the table; `xfail` gives the reason a known miss still fails."""
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(sentence, expr, kind, value, unit, obj, qualifier, id=expr, marks=marks)


def find(rows: list[Number], text: str) -> Number:
    """The row whose text is `text`."""
    matches = [r for r in rows if r.text == text]
    assert matches, f"{text!r} not in {[r.text for r in rows]}"
    return matches[0]


# --- the seed article ---------------------------------------------------------------------------

SEED_NUMBERS = [
    ("some 8,500", "cardinal", 8500, None, "troops", "approximate"),
    ("some 40,000", "cardinal", 40000, None, "troops", "approximate"),
    ("at least one", "cardinal", 1, None, "occasion", "at_least"),
]


def test_seed_numbers(ner: Language, tagger: Tagger, seed_text: str) -> None:
    _, sentences = segment(seed_text, doc_id="d")
    rows = run(ner, tagger, seed_text, sentences)
    got = [(r.text, r.kind, r.value, r.unit, r.object, r.qualifier) for r in rows]
    assert got == SEED_NUMBERS
    # Paragraphs 0, 2 and 11; "at least one" is in the second sentence of paragraph 11.
    assert [r.sentence_idx for r in rows] == [0, 2, 16]
    assert [sentences[r.sentence_idx].paragraph_idx for r in rows] == [0, 2, 11]
    for r in rows:
        sentence = sentences[r.sentence_idx]
        assert sentence.char_start <= r.char_start and r.char_end <= sentence.char_end


def test_seed_numbers_match_gold_file(
    ner: Language, tagger: Tagger, seed_text: str, seed_gold: dict[str, Any]
) -> None:
    _, sentences = segment(seed_text, doc_id="d")
    rows = run(ner, tagger, seed_text, sentences)
    fields = ("text", "kind", "value", "unit", "object", "qualifier")
    assert [{f: getattr(r, f) for f in fields} for r in rows] == seed_gold["numbers"]


def test_tagger_runs_once_on_windows_of_number_sentences(
    ner: Language, tagger: Tagger, seed_text: str
) -> None:
    calls: list[list[str]] = []

    def counting_tagger(texts: Sequence[str]) -> list[Doc]:
        calls.append(list(texts))
        return tagger(texts)

    _, sentences = segment(seed_text, doc_id="d")
    extract_numbers(ner(seed_text), sentences, doc_id="d", tag=counting_tagger)
    assert len(calls) == 1
    # One window per number, each inside its sentence and shorter than it.
    windows, number_sentences = calls[0], [sentences[0].text, sentences[2].text, sentences[16].text]
    assert len(windows) == 3
    for window, sentence in zip(windows, number_sentences, strict=True):
        assert window in sentence
    assert sum(map(len, windows)) < sum(map(len, number_sentences))


# Sentences long enough for the windows to be cut on both sides, with objects of every shape.
WINDOW_TEXT = "\n".join(
    [
        "After weeks of talks in Brussels and a night of bargaining, the government finally agreed"
        " to send some 8,500 extra troops to the southern provinces before the election.",
        "Analysts in London said that about 30% of the world's biggest listed oil and gas companies"
        " would struggle to meet the new rules by the end of the decade.",
        "The charity, which has worked in the region for many years, said that half of the 1,000"
        " respondents to its latest survey had lost their homes in the floods.",
        "Officials at the ministry in the capital confirmed late on Tuesday that between 10 and 20"
        " senior civil servants had been suspended pending an inquiry.",
        "The club, which was founded in the nineteenth century by a group of local factory workers,"
        " celebrated its one hundred and twenty-fifth anniversary with a parade.",
    ]
)


def _objects_of(ner: Language, tagger: Tagger, text: str) -> list[tuple[str, str | None]]:
    _, sentences = segment(text, doc_id="d")
    rows = extract_numbers(ner(text), sentences, doc_id="d", tag=tagger)
    return [(r.text, r.object) for r in rows]


def test_windows_give_the_objects_of_whole_sentences(
    ner: Language, tagger: Tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tagger's CNN sees +-4 tokens, so tagging windows must find what whole sentences do."""
    windowed = _objects_of(ner, tagger, WINDOW_TEXT)
    assert ("some 8,500", "extra troops") in windowed
    assert ("about 30%", "world's biggest listed oil") not in windowed  # POS: a new phrase
    assert ("one hundred and twenty-fifth", "anniversary") in windowed
    # Margins so wide that every window is its whole sentence: the tagging of old.
    monkeypatch.setattr(number_objects, "_RECEPTIVE_FIELD", 10_000)
    monkeypatch.setattr(number_objects, "_OBJECT_REACH", 10_000)
    assert _objects_of(ner, tagger, WINDOW_TEXT) == windowed


def test_objects_past_the_window_are_looked_for_in_the_sentence(
    ner: Language, tagger: Tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no reach at all every object runs past its window: a second call tags the sentences."""
    expected = _objects_of(ner, tagger, WINDOW_TEXT)
    calls: list[int] = []

    def counting_tagger(texts: Sequence[str]) -> list[Doc]:
        calls.append(len(texts))
        return tagger(texts)

    monkeypatch.setattr(number_objects, "_OBJECT_REACH", 0)
    assert _objects_of(ner, counting_tagger, WINDOW_TEXT) == expected
    assert len(calls) == 2


NO_OBJECT_TEXT = (
    "Sales rose 5% in March, profits by 12.5 per cent. The firm hired 300 new workers in 2004 "
    "and 40 (forty) more; it now has 2,000 staff, up from 1,200 a year ago. It has 12 in-house "
    "lawyers."
)


def _without_no_object_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(number_objects, "_NO_OBJECT_WORDS", frozenset())
    monkeypatch.setattr(number_objects, "_NO_OBJECT_PUNCT", frozenset())


def test_numbers_followed_by_punctuation_or_function_words_are_not_tagged(
    ner: Language, tagger: Tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the numbers that can count something are tagged; the objects are those that tagging
    every number gives."""
    windows: list[str] = []

    def counting_tagger(texts: Sequence[str]) -> list[Doc]:
        windows.extend(texts)
        return tagger(texts)

    objects = _objects_of(ner, counting_tagger, NO_OBJECT_TEXT)
    assert ("300", "new workers") in objects
    assert ("2,000", "staff") in objects
    # "in" glued to "-house" may be no preposition: "12" is tagged (the small model says IN).
    assert ("12", None) in objects
    assert ("5%", None) in objects and ("1,200", None) in objects and ("40", None) in objects
    # 300, 2,000 and 12 are tagged; "5% in", "12.5 per cent.", "40 (", "1,200 a" are not.
    assert len(windows) == 3
    for window, number in zip(windows, ["300 new", "2,000 staff", "12 in-house"], strict=True):
        assert number in window
    tagged_in_full: list[str] = []

    def full_tagger(texts: Sequence[str]) -> list[Doc]:
        tagged_in_full.extend(texts)
        return tagger(texts)

    _without_no_object_rule(monkeypatch)
    assert _objects_of(ner, full_tagger, NO_OBJECT_TEXT) == objects
    assert sum(map(len, tagged_in_full)) > sum(map(len, windows))  # "Sales rose 5%..." too


@pytest.mark.skipif(not (SHARED / "corpora" / "bbc").is_dir(), reason="needs ../shared/corpora/bbc")
def test_untagged_numbers_have_no_object_on_real_news(
    ner: Language, tagger: Tagger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 120 BBC business articles (~800 numbers) the objects with and without the rule agree."""
    from flows.clean import clean_text

    paths = sorted((SHARED / "corpora" / "bbc" / "business").glob("*.txt"))[:120]
    texts = [clean_text(p.read_text(encoding="latin-1")).text for p in paths]
    with_rule = [_objects_of(ner, tagger, t) for t in texts]
    assert sum(len(o) for o in with_rule) > 700
    assert sum(obj is None for o in with_rule for _, obj in o) > 200
    _without_no_object_rule(monkeypatch)
    assert [_objects_of(ner, tagger, t) for t in texts] == with_rule


def test_no_numbers_no_tagging(ner: Language) -> None:
    def failing_tagger(texts: Sequence[str]) -> list[Doc]:
        raise AssertionError("tagger called without numbers")

    text = "Officials met on Monday and talked for three days."
    _, sentences = paragraph_rows(text)
    assert extract_numbers(ner(text), sentences, doc_id="d", tag=failing_tagger) == []


# --- realistic sentences (textacy-style tables) ------------------------------------------------

# case(sentence, expression, kind, value, unit=..., obj=..., qualifier=...)
CASES = [
    # money: scales, suffixes and currencies
    case(
        "The company paid $1.2 billion for the stake.",
        "$1.2 billion",
        "money",
        1200000000.0,
        unit="USD",
    ),
    case(
        "The deal, worth $1.13bn, was signed on Friday.",
        "$1.13bn",
        "money",
        1130000000.0,
        unit="USD",
    ),
    case(
        "The firm reported profits of £600m last year.", "£600m", "money", 600000000.0, unit="GBP"
    ),
    case(
        "The government will spend A$2.5bn on roads.", "A$2.5bn", "money", 2500000000.0, unit="AUD"
    ),
    case(
        "It will put US$300 million into rail.", "US$300 million", "money", 300000000.0, unit="USD"
    ),
    case(
        "Brussels approved a 475m euro loan.",
        "475m euro",
        "money",
        475000000.0,
        unit="EUR",
        obj="loan",
    ),
    case(
        "The firm sold the unit for 250 million yen.",
        "250 million yen",
        "money",
        250000000.0,
        unit="JPY",
    ),
    case("Operating profit rose to 1.4bn euros.", "1.4bn euros", "money", 1400000000.0, unit="EUR"),
    case("Shares closed at 230p in London.", "230p", "money", 2.3, unit="GBP"),
    case(
        "Tickets cost about £50 each.",
        "about £50",
        "money",
        50,
        unit="GBP",
        qualifier="approximate",
    ),
    case("The bill could reach €2 trillion.", "€2 trillion", "money", 2000000000000.0, unit="EUR"),
    # percents
    case("Shares rose 5 per cent on Tuesday.", "5 per cent", "percent", 5, unit="%"),
    case("Inflation fell to 2.5 percent in March.", "2.5 percent", "percent", 2.5, unit="%"),
    case(
        "Some 30% of voters backed the plan.",
        "Some 30%",
        "percent",
        30,
        unit="%",
        obj="voters",
        qualifier="approximate",
    ),
    case("Investors bought a 5% stake in the bank.", "5%", "percent", 5, unit="%", obj="stake"),
    case("Growth was 12.5% in the third quarter.", "12.5%", "percent", 12.5, unit="%"),
    case(
        "Turnout was an estimated 60% in the north.",
        "an estimated 60%",
        "percent",
        60,
        unit="%",
        qualifier="approximate",
    ),
    # word numbers and fractions
    case(
        "More than two dozen people were injured.",
        "More than two dozen",
        "cardinal",
        24,
        obj="people",
        qualifier="more_than",
    ),
    case(
        "Nearly three quarters of members voted.",
        "Nearly three quarters",
        "cardinal",
        0.75,
        obj="members",
        qualifier="approximate",
    ),
    case("A million people watched the final.", "A million", "cardinal", 1000000.0, obj="people"),
    case(
        "Twenty-five candidates applied for the post.",
        "Twenty-five",
        "cardinal",
        25,
        obj="candidates",
    ),
    case("Only three ministers backed the bill.", "three", "cardinal", 3, obj="ministers"),
    case("Two-thirds of members backed the deal.", "Two-thirds", "cardinal", 2 / 3, obj="members"),
    case("The union has two million members.", "two million", "cardinal", 2000000.0, obj="members"),
    case("The city bought 40 city buses from China.", "40", "cardinal", 40, obj="city buses"),
    case("The firm sold 1.5m shares to investors.", "1.5m", "cardinal", 1500000.0, obj="shares"),
    # hedges
    case(
        "Up to 100 workers lost their jobs.",
        "Up to 100",
        "cardinal",
        100,
        obj="workers",
        qualifier="at_most",
    ),
    case("Fewer than 50 were rehired.", "Fewer than 50", "cardinal", 50, qualifier="less_than"),
    case(
        "At least 23,000 people were killed.",
        "At least 23,000",
        "cardinal",
        23000,
        obj="people",
        qualifier="at_least",
    ),
    case(
        "The firm has more than 100,000 staff.",
        "more than 100,000",
        "cardinal",
        100000.0,
        obj="staff",
        qualifier="more_than",
    ),
    case(
        "As many as 300 jobs will be lost.",
        "As many as 300",
        "cardinal",
        300,
        obj="jobs",
        qualifier="at_most",
    ),
    case("The event drew 50+ people.", "50+", "cardinal", 50, obj="people", qualifier="at_least"),
    case(
        "Officials said some 8,500 troops were ready.",
        "some 8,500",
        "cardinal",
        8500,
        obj="troops",
        qualifier="approximate",
    ),
    # quantities
    case(
        "The pipeline carries 500,000 barrels of oil a day.",
        "500,000 barrels",
        "quantity",
        500000.0,
        unit="barrels",
        obj="oil",
    ),
    case("The road runs for 1,200 km along the coast.", "1,200 km", "quantity", 1200, unit="km"),
    case("The storm dumped 20 inches of rain.", "20 inches", "quantity", 20, unit="in", obj="rain"),
    case("The lorry weighs 3.5 tonnes when empty.", "3.5 tonnes", "quantity", 3.5, unit="t"),
    case(
        "Ethiopia produced 14.27 million tonnes of crops.",
        "14.27 million tonnes",
        "quantity",
        14270000.0,
        unit="t",
        obj="crops",
    ),
    case(
        "The fire burned about 8 km (5 mi) from town.",
        "5 mi",
        "quantity",
        5,
        unit="mi",
        qualifier="approximate",
    ),
    # ordinals
    case("It was his 2nd podium of the year.", "2nd", "ordinal", 2, obj="podium"),
    case("Wales secured their first win in Rome.", "first", "ordinal", 1, obj="win"),
    case(
        "Chrysler is the world's fifth largest carmaker.",
        "fifth",
        "ordinal",
        5,
        obj="largest carmaker",
    ),
    # a cardinal hyphenated to the noun it counts, before a common noun (politics_036,
    # politics_385, business_141 of the dev gold)
    case("It will be a three-party struggle, he said.", "three", "cardinal", 3, obj="party"),
    case("Labour unveiled a five-point plan.", "five", "cardinal", 5, obj="point"),
    case("BMW will sell a seven-seat car.", "seven", "cardinal", 7, obj="seat"),
    # ages are cardinals (spaCy labels them DATE)
    case("The 28-year-old has been in great form.", "28", "cardinal", 28),  # gold: the number
    case(
        "The 400m runners set off at dusk.",
        "400m",
        "quantity",
        400,
        unit="m",
        obj="runners",
        xfail="'400m' + plural noun reads as 400 million; only world knowledge (athletics) "
        "tells metres",
    ),
    # numbers in words that spaCy does not tag are found by our own pattern
    case("Eleven were hurt when the roof fell.", "Eleven", "cardinal", 11),
    case(
        "Turnout was three quarters of the electorate.",
        "three quarters",
        "cardinal",
        0.75,
        obj="electorate",
    ),
    case(
        "Officials counted half a dozen boats off the coast.",
        "half a dozen",
        "cardinal",
        6,
        obj="boats",
    ),
    case("The rebels hold a fifth of the country.", "a fifth", "cardinal", 0.2, obj="country"),
    case("An eighth of the budget went on pay.", "An eighth", "cardinal", 0.125, obj="budget"),
    case(
        "Around two thousand and twelve protesters gathered.",
        "Around two thousand and twelve",
        "cardinal",
        2012,
        obj="protesters",
        qualifier="approximate",
    ),
    case("The group plays maybe four or five shows a year.", "five", "cardinal", 5, obj="shows"),
    # decimals, ordinals and signs in words
    case(
        "Sales rose by two point five per cent last year.",
        "two point five per cent",
        "percent",
        2.5,
        unit="%",
    ),
    case(
        "The club celebrated its one hundred and twenty-fifth anniversary.",
        "one hundred and twenty-fifth",
        "ordinal",
        125,
        obj="anniversary",
    ),
    case(
        "Godzilla received the 2,271st star on Hollywood Boulevard.",
        "2,271st",
        "ordinal",
        2271,
        obj="star",
    ),
    case(
        "Temperatures fell to minus five degrees overnight.",
        "minus five degrees",
        "quantity",
        -5,
        unit="degrees",
    ),
    case(
        "Like-for-like sales showed a growth rate of -0.1% in January.",
        "-0.1%",
        "percent",
        -0.1,
        unit="%",
    ),
    # digit fractions, spaced thousands, Indian scales
    case("The carpet was 10 1/2 feet long.", "10 1/2 feet", "quantity", 10.5, unit="ft"),
    case("The state employs 1 200 000 people.", "1 200 000", "cardinal", 1.2e6, obj="people"),
    case(
        "Nearly 13 lakh people applied for the jobs.",
        "Nearly 13 lakh",
        "cardinal",
        1.3e6,
        obj="people",
        qualifier="approximate",
    ),
    # money: spaced currency signs, amounts in dollars and cents, hyphenated amounts
    case(
        "The firm paid C$ 300 million for the mine.",
        "C$ 300 million",
        "money",
        3e8,
        unit="CAD",
    ),
    case(
        "It only cost thirteen dollars and forty-five cents.",
        "thirteen dollars and forty-five cents",
        "money",
        13.45,
        unit="USD",
    ),
    case(
        'Among the new initiatives are the so-called "one-euro jobs".',
        "one-euro",
        "money",
        1,
        unit="EUR",
        obj="jobs",
    ),
    case(
        "A GameBoy Advance costs about US $200 in Poland.",
        "about US $200",
        "money",
        200,
        unit="USD",
        qualifier="approximate",
    ),
    # quantities with a hyphenated unit
    case(
        "He bought a six-mile stretch of river.",
        "six-mile",
        "quantity",
        6,
        unit="mi",
        obj="stretch",
    ),
    case(
        "Officials plan to seize the 32,000 acre farm.",
        "32,000 acre",
        "quantity",
        32000,
        unit="acres",
        obj="farm",
    ),
    # national currencies, after a scale word and after a country adjective (issue 15): from the
    # country table, not a list of examples
    case(
        "The government set aside 20 trillion rupiah for the programme.",
        "20 trillion rupiah",
        "money",
        20e12,
        unit="IDR",
    ),
    case(
        "The bank lent 5 million Mexican pesos to farmers.",
        "5 million Mexican pesos",
        "money",
        5e6,
        unit="MXN",
    ),
    case(
        "Bail was set at 10,000 Kenyan shillings.",
        "10,000 Kenyan shillings",
        "money",
        10000,
        unit="KES",
    ),
    case(
        "The state sold 43.8 billion forints of bonds.",
        "43.8 billion forints",
        "money",
        43.8e9,
        unit="HUF",
        obj="bonds",
    ),
    case(
        "He paid 2,500 Indian rupees for the ticket.",
        "2,500 Indian rupees",
        "money",
        2500,
        unit="INR",
    ),
    # currencies the euro replaced and the wire's "stg", after the amount (Reuters, unannotated):
    # "marks" only after a scale word or spaCy's MONEY ("top marks" is no currency)
    case(
        "Bilfinger und Berger's U.S. Units took up 600 mln marks of its total foreign construction "
        "output.",
        "600 mln marks",
        "money",
        600e6,
        unit="DEM",
        obj="total foreign construction output",
    ),
    case(
        "In the first half of the year, it would be likely to raise at least four billion "
        "guilders.",
        "at least four billion guilders",
        "money",
        4e9,
        unit="NLG",
        qualifier="at_least",
    ),
    case(
        "Rowntree Mackintosh Plc announced it made a pretax profit of 84 mln stg in the 53 weeks.",
        "84 mln stg",
        "money",
        84e6,
        unit="GBP",
    ),
    # a bare scaled figure takes the unit of the amount before it in its sentence
    # (tests/gold/README.md; business/028, dev; Reuters, unannotated)
    case(
        "The Department of Energy reported that crude stockpiles had fallen 1m barrels to 294.3m.",
        "294.3m",
        "quantity",
        294.3e6,
        unit="barrels",
    ),
    case(
        "Operations in continental Europe made 7.8 mln stg in trading profit, up from 3.4 mln, "
        "with 4.0 mln stg made in Australasia.",
        "3.4 mln",
        "money",
        3.4e6,
        unit="GBP",
    ),
    # what an amount is of, after "in" (apnews_7de52419, dev; a Reuters story, unannotated)
    case(
        "The Legislature should direct money from the state’s $2 billion in cash reserves toward "
        "helping schools.",
        "$2 billion",
        "money",
        2e9,
        unit="USD",
        obj="cash reserves",
    ),
    case(
        "They approve reimbursement to DCA of about 2.2 mln dlrs in expenses relating to CTS.",
        "about 2.2 mln dlrs",
        "money",
        2.2e6,
        unit="USD",
        obj="expenses",
        qualifier="approximate",
    ),
    case("The Mac mini will sell for £339 in the UK.", "£339", "money", 339, unit="GBP"),
    # a count in digits hyphenated to a noun counts it (twincities_264dc3ae, dev)
    case(
        "Barely a week ago, Parise, 35, had scored just once in a 10-game stretch.",
        "10",
        "cardinal",
        10,
        obj="game",
    ),
    # a rank among the parts of a game is no date but an ordinal and its object
    # (twincities_264dc3ae, dev; BBC sport, unannotated)
    case(
        "Anders Nilsson made 35 saves, including 15 in the third period.",
        "third",
        "ordinal",
        3,
        obj="period",
    ),
    case(
        "Matt Holland had put the visitors ahead in the 14th minute.",
        "14th",
        "ordinal",
        14,
        obj="minute",
    ),
    # an adjective that names no currency's country leaves the number a count
    case(
        "Three Japanese companies bought 40 German cars.", "40", "cardinal", 40, obj="German cars"
    ),
    # objects in lists and appositions: a number right before another counts what it counts
    case(
        "Omar was one of the first two Muslim women elected to Congress.",
        "first",
        "ordinal",
        1,
        obj="Muslim women",
    ),
    case(
        "Omar was one of the first two Muslim women elected to Congress.",
        "one",
        "cardinal",
        1,
        obj="Muslim women",
    ),
    # "one of" a set the text names is a count, with or without spaCy's tag (tests/gold/README.md);
    # a superlative's "most" opens its object
    case(
        "Settlements are seen as one of the most difficult issues in the conflict.",
        "one",
        "cardinal",
        1,
        obj="most difficult issues",
    ),
    case(
        "Vietnam is one of the region's most vocal critics of China's claims.",
        "one",
        "cardinal",
        1,
        obj="most vocal critics",
    ),
    # AG News writes the dollar sign as "#36;" (an HTML entity without its ampersand)
    case(
        "The rocketeers are competing for the  #36;10 million prize.",
        "#36;10 million",
        "money",
        10000000,
        unit="USD",
        obj="prize",
    ),
    # spaCy's MONEY with no currency in the text is a count ...
    case(
        "The simulation tracked more than 20 billion particles.",
        "more than 20 billion",
        "cardinal",
        20000000000,
        obj="particles",
        qualifier="more_than",
    ),
    # ... or a figure that takes the unit stated before it in its sentence (Reuters)
    case(
        "Gas reserves fell to 4.82 trillion cubic feet from 5.18 trillion a year earlier.",
        "5.18 trillion",
        "quantity",
        5180000000000,
        unit="cu ft",
    ),
    # a number opening a line of a hard-wrapped story (Reuters) is no name's digits
    case(
        "The company said it sold the unit to\n54 investors last year.",
        "54",
        "cardinal",
        54,
        obj="investors",
    ),
    case(
        "Customs have turned away some\n100,000 pairs since last summer.",
        "some\n100,000",
        "cardinal",
        100000,
        obj="pairs",
        qualifier="approximate",
    ),
    # an age written without hyphens counts no object (a web page, Reuters)
    case("The 47 year old was one of the guests.", "47", "cardinal", 47),
    case("The pill cut the risk for women 20 to 54 years of age.", "54", "cardinal", 54),
    # objects of five words, hyphens aside
    case(
        "About a dozen black female small-business owners met her.",
        "About a dozen",
        "cardinal",
        12,
        obj="black female small-business owners",
        qualifier="approximate",
    ),
]


@pytest.mark.parametrize(("sentence", "expr", "kind", "value", "unit", "obj", "qualifier"), CASES)
def test_number_cases(
    ner: Language,
    tagger: Tagger,
    sentence: str,
    expr: str,
    kind: str,
    value: float,
    unit: str | None,
    obj: str | None,
    qualifier: str | None,
) -> None:
    row = find(run(ner, tagger, sentence), expr)
    assert (row.kind, row.unit, row.object, row.qualifier) == (kind, unit, obj, qualifier)
    assert row.value is not None and math.isclose(row.value, value, rel_tol=1e-9)


# (sentence, [(expression, value)]): each end of a range is one row, the multiplier shared.
RANGES = [
    ("Prices will rise from €3 to €4 million.", [("€3", 3e6), ("€4 million", 4e6)]),
    ("It owes 3-4 million euros.", [("3", 3e6), ("4 million euros", 4e6)]),
    ("Between 10 and 20 people were hurt.", [("10", 10), ("20", 20)]),
    ("Profits rose from 900 to 1.2 billion.", [("900", 900), ("1.2 billion", 1.2e9)]),
    ("Sales rose by 3 to 4 per cent.", [("3", 3), ("4 per cent", 4)]),
]


@pytest.mark.parametrize(("sentence", "expected"), RANGES)
def test_ranges(
    ner: Language, tagger: Tagger, sentence: str, expected: list[tuple[str, float]]
) -> None:
    rows = run(ner, tagger, sentence)
    assert [(r.text, r.value) for r in rows] == expected
    assert len({r.kind for r in rows}) == 1


def test_range_ends_share_the_object(ner: Language, tagger: Tagger) -> None:
    rows = run(ner, tagger, "Between 10 and 20 people were hurt.")
    assert [r.object for r in rows] == ["people", "people"]


NOT_NUMBERS = [
    "Dozens of protesters and thousands of supporters gathered.",
    "Tens of thousands marched through the capital.",
    "The firm places adverts with third-party networks.",
    "He drove the length of Route 66 in a week.",
    "The airline flies the Boeing 737-800 to Lisbon.",
    "Microsoft released Windows 10 to testers.",
    "England went in at half-time with the lead.",
    "The talks lasted three days and ended on Monday, Jan. 24.",
    "Spending on roads has fallen since 1998/99.",
    "Wales regained control with a try in the second half.",
    "Drivers could save a few hundred dollars a year.",
    "Users need a 3G handset to watch.",
    # a fraction word in a name or a part of a match, an idiom, a phone number, a date
    "Dragons three-quarter Hal Luscombe takes the wing.",
    "All their efforts came to naught.",
    "The Formula One season starts in March.",
    "Call 0800 for details.",
    "The 9/11 attacks changed everything.",
    "The campaign is being run by two-bit Tories.",
    # a count in words before a unit of time is a duration, left to the dates
    "Families may visit Cuba every three years.",
    # the adverb "first" is a time, not a rank (usatoday_7a664e40, ap_a1fca19b: dev; Reuters)
    "Volker said he first discussed the delay with the Ukrainians.",
    "When Afghan President Ashraf Ghani first announced the potential exchange last week, he said",
    # the number of an item in a numbered list (usatoday_7a664e40, dev; a fitness page)
    "He warned.\n\n2. Never urged Ukraine to investigate Joe Biden",
    # a year after a preposition of time, which spaCy calls a count (apnews_7de52419, dev)
    "They don't expect to take action on school funding until at least 2021.",
    # a bond price in 32nds (Reuters)
    "Bonds opened in a range of\n124-10/32 to 124-14/32.",
    # an HTML entity for an apostrophe (AG News: 2,789 "#39;" in test.csv)
    "Manchester United #39;s signing of Wayne Rooney was costly.",
    # a house number or a street's ordinal (local news police and court reports)
    "Deputies were called to a home at 1402 Maple Grove Drive on Sunday.",
    "The fire started at 3170 W. County Road and spread.",
    "The shop on 17th Street reopened.",
]


# A run of number words that is not one number is split into the numbers it holds.
SPLITS = [
    ("The first two books sold well.", [("first", 1), ("two", 2)]),
    ("Between eight and ten sellers were cut off.", [("eight", 8), ("ten", 10)]),
    # a score after a player's name counts on both sides; a model number is a name
    ("Nadal beat Goffin 6-4 in the final.", [("6", 6), ("4", 4)]),
    ("At one point two men climbed the fence.", [("one", 1), ("two", 2)]),
    ("He scored 4000 3 hundred and 21 times.", [("4000", 4000), ("3 hundred and 21", 321)]),
    # "over 3" before a duration is a hedge, not the denominator of 2000/3
    ("I want to earn $2000 over 3 years.", [("$2000", 2000)]),
    # "six quarters" are periods of a year, not 1.5
    ("The economy has grown for six quarters.", [("six", 6)]),
    # the adjective "first" is a rank; a numbered item's own counts stay
    ("It was the first time in his career.", [("first", 1)]),
    ("Tips:\n\n4. Eat 5 apples a day", [("5", 5)]),
]


@pytest.mark.parametrize(("sentence", "expected"), SPLITS)
def test_number_runs_split(
    ner: Language, tagger: Tagger, sentence: str, expected: list[tuple[str, float]]
) -> None:
    assert [(r.text, r.value) for r in run(ner, tagger, sentence)] == expected


@pytest.mark.parametrize("sentence", NOT_NUMBERS)
def test_not_numbers(ner: Language, tagger: Tagger, sentence: str) -> None:
    assert run(ner, tagger, sentence) == []


# --- parse_number -----------------------------------------------------------------------------

PARSE_CASES = [
    ("8,500", 8500),
    ("some 8,500", 8500),
    ("$1.2 billion", 1.2e9),
    ("1.2bn", 1.2e9),
    ("£600m", 6e8),
    ("5k", 5000),
    ("12.5%", 12.5),
    ("three", 3),
    ("twenty-five", 25),
    ("one hundred and twenty", 120),
    ("two dozen", 24),
    ("three quarters", 0.75),
    ("a million", 1e6),
    ("half a million", 5e5),
    ("two and a half million", 2.5e6),
    ("a third", 1 / 3),
    ("third", 3),
    ("twenty-first", 21),
    ("21st", 21),
    ("½", 0.5),
    ("-3.5", -3.5),
    ("one million two hundred thousand", 1.2e6),
    # words: "and", dozens, Indian scales, digits mixed with words
    ("two thousand and twelve", 2012),
    ("three hundred and two dozens", 324),
    ("half a dozen", 6),
    ("a dozen", 12),
    ("4 thousand 3 hundred and 21", 4321),
    ("13 lakh", 1.3e6),
    ("three lakh crore", 3e12),
    ("322 hundred", 32200),
    # fractions: "and", scales, compound denominators, "over", digits
    ("one and a half", 1.5),
    ("one hundred and three quarters", 100.75),
    ("twenty and three fifths", 20.6),
    ("one million and a half", 1.5e6),
    ("two thirds of a million", 2e6 / 3),
    ("half million", 5e5),
    ("a hundredth", 0.01),
    ("a hundred trillionths", 1e-10),
    ("one twenty-fifth", 0.04),
    ("three twenty-firsts", 3 / 21),
    ("one hundred thirty fifths", 100 / 35),
    ("one over three", 1 / 3),
    ("1 over twenty-one", 1 / 21),
    ("3/4", 0.75),
    ("10 1/2", 10.5),
    # decimals in words, signs, notations
    ("two hundred point zero three", 200.03),
    ("two hundred point seventy-one", 200.71),
    ("nought point five", 0.5),
    ("minus five point five", -5.5),
    ("negative one", -1),
    ("1 234 567", 1234567),
    ("1.3e6", 1.3e6),
    ("-12e-1", -1.2),
    ("2.5^-1", 0.4),
    # ranks: compounds and scales
    ("one hundred twenty-fifth", 125),
    ("two hundredth", 200),
    ("trillionth", 1e12),
    ("twenty-one trillion and three hundred twenty second", 21000000000322),
    ("1,000th", 1000),
]


@pytest.mark.parametrize(("text", "value"), PARSE_CASES)
def test_parse_number(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed is not None and math.isclose(parsed, value, rel_tol=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        *["dozens", "thousands", "tens of thousands", "million", "bn", "troops", "", "1,2", "3 4"],
        # two numbers side by side, dates, a rugby position, a part of a match
        *["three four", "2004 100", "£5 million 20", "9/11", "24/7", "three-quarter"],
        *["third quarter", "first two", "three million and two"],
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_round_trips_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_parse_number_round_trips_decimals(whole: int, cents: int) -> None:
    parsed = parse_number(f"{whole:,}.{cents:02d}")
    assert parsed is not None and math.isclose(parsed, whole + cents / 100, rel_tol=1e-12)


@given(st.text(max_size=40))
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)


NEWSY = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCMT0123456789 ,.-%$£€()\n+/'")),
    max_size=120,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(NEWSY, st.sampled_from([str(c.values[0]) for c in CASES])),
        max_size=4,
    )
)
def test_extraction_never_raises_and_keeps_offsets(
    ner: Language, tagger: Tagger, pieces: list[str]
) -> None:
    run(ner, tagger, " ".join(pieces))


# --- the Recognizers-Text specs (bench/peers.py) ----------------------------------------------

# Value precision and recall over the 441 English cases, as reached (was 0.626/0.550 with numbers
# from spaCy's entities only). Most of what is still missed is left out on purpose: the 8 amounts
# in cents and pence (Recognizers: "50 cents" = 50; our guidelines: 0.50 USD), the dates,
# durations, phone numbers, IP addresses and codes the guidelines exclude (19), and scale letters
# unsafe in news ("10G", "1,674.5 G", "US$ 1MM"; "3G" is a phone network).
RECOGNIZERS_MIN = {
    "all_441": (0.914, 0.881),
    "number": (0.913, 0.843),
    "percent": (0.937, 1.0),
    "currency": (0.882, 0.889),
    "dimension": (0.971, 0.957),
    "ordinal_plain": (1.0, 0.863),
}


def test_recognizers_text_number_specs() -> None:
    shared = ROOT.parent / "shared"
    if not (shared / "benchmarks" / "numbers_en.jsonl").is_file():
        pytest.skip(f"no Recognizers-Text specs at {shared}/benchmarks (the shared folder)")
    spec = importlib.util.spec_from_file_location("peers", ROOT / "bench" / "peers.py")
    assert spec is not None and spec.loader is not None
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)
    result = peers.score_numbers(shared, {"ours": peers.our_numbers})["ours"]
    for model, (precision, recall) in RECOGNIZERS_MIN.items():
        value = result[model]["value"]
        assert value["precision"] >= precision and value["recall"] >= recall, (model, value)
    assert result["currency"]["iso_accuracy"] >= 0.99
    # Scored as the benchmark's README asks: units mapped (cents compared in the main unit) and
    # its listed caveat buckets (IP addresses, numbers glued to units) reported apart: the issue's
    # bar of 0.90 / 0.90.
    readme = result["all_441"]["value_readme_scoring"]
    assert readme["precision"] >= 0.90 and readme["recall"] >= 0.90, readme


def test_a_share_of_a_phrase_that_ends_the_text_has_its_object(
    ner: Language, tagger: Tagger
) -> None:
    """'of' + determiner + modifiers running to the end of the text (a bulleted line of a web
    page) once read past the last token and rejected the whole document."""
    text = "Your to-do list will shrink to 25% of its current size"
    rows = _objects_of(ner, tagger, text)
    assert rows == [("25%", "current size")]


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "value", "unit"),
    [
        # Reuters wire abbreviations (reuters_7540, reuters_9388, reuters_19073: dev).
        (
            "Fakes sell for about 30 pct less than the genuine shoes.",
            "about 30 pct",
            "percent",
            30,
            "%",
        ),
        ("The company raised its dividend to 14 cts a share.", "14 cts", "money", 0.14, "USD"),
        (
            "Evergreen doubled its capital to eight billion Taiwan dlrs.",
            "eight billion Taiwan dlrs",
            "money",
            8e9,
            "TWD",
        ),
        ("Net profit rose to 15 mln dlrs in the quarter.", "15 mln dlrs", "money", 15e6, "USD"),
        (
            "It has a fleet of more than two mln dwt.",
            "more than two mln dwt",
            "quantity",
            2e6,
            "dwt",
        ),
    ],
)
def test_wire_abbreviations(
    ner: Language, tagger: Tagger, sentence, text, kind, value, unit
) -> None:
    row = find(run(ner, tagger, sentence), text)
    assert (row.kind, row.value, row.unit) == (kind, value, unit)


@pytest.mark.parametrize("unit", ["days", "nights"])
def test_a_count_of_any_unit_of_time_is_a_duration_not_a_number(
    ner: Language, tagger: Tagger, unit: str
) -> None:
    """The units are flows.lexicon.TIME_UNITS, the dates module's: "two nights" is a duration
    as "two days" is, though the model tags only the latter (BBC sport/014)."""
    text = f"I've had only two {unit} out since last August."
    assert [r.text for r in run(ner, tagger, text)] == []


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("The Vancouver index rose 9.9 points to 1,812.4 in heavy trade.", "9.9 points", 9.9),
        ("The Dow Jones average fell more than 40 points before noon.", "more than 40 points", 40),
        ("Shares in the all-industrials index were down 63.51 points.", "63.51 points", 63.51),
    ],
)
def test_the_points_a_market_moves_by_are_a_quantity(
    ner: Language, tagger: Tagger, sentence: str, text: str, value: float
) -> None:
    """Reuters' index moves: the points are the unit; a player's points are counted."""
    row = find(run(ner, tagger, sentence), text)
    assert (row.kind, row.value, row.unit, row.object) == ("quantity", value, "points", None)


def test_the_points_a_player_scores_are_counted(ner: Language, tagger: Tagger) -> None:
    row = find(run(ner, tagger, "Davis scored 34 points in the win."), "34")
    assert (row.kind, row.unit, row.object) == ("cardinal", None, "points")


def test_a_score_counts_no_outcome(ner: Language, tagger: Tagger) -> None:
    """The sides of a score have no counted object ("a 4-1 win"); a range of counts keeps its
    noun ("20-30 people")."""
    rows = run(ner, tagger, "Boudreau spoke before the Wild's 4-1 win over the Sabres.")
    assert [(r.text, r.object) for r in rows] == [("4", None), ("1", None)]
    rows = run(ner, tagger, "Between 20-30 people attended the rally.")
    assert [(r.text, r.object) for r in rows] == [("20", "people"), ("30", "people")]


def test_a_measure_and_its_bracketed_conversion_share_the_object(
    ner: Language, tagger: Tagger
) -> None:
    """The object after the bracket is what both figures measure (as the qualifier is shared)."""
    rows = run(ner, tagger, "The tanker spilled 10,000 tonnes (11,000 tons) of oil.")
    assert [(r.text, r.object) for r in rows] == [("10,000 tonnes", "oil"), ("11,000 tons", "oil")]
