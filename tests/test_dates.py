"""flows.extract.dates: date, time and duration expressions and the calendar day they resolve to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from _pytest.mark import ParameterSet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from flows.extract.dates import extract_dates, resolve, temporal_spans
from flows.schema import DateMention, Sentence
from flows.segment import segment

from conftest import paragraph_rows

# Wednesday 26 January 2022, two days after the seed's "Monday, Jan. 24".
WED = dt.datetime(2022, 1, 26, 15, 30, tzinfo=dt.UTC)
SUN = dt.datetime(2022, 1, 30, 9, 0, tzinfo=dt.UTC)


def run(
    ner: Language,
    text: str,
    published_at: dt.datetime | None,
    sentences: list[Sentence] | None = None,
) -> list[DateMention]:
    """Extract the dates of `text` (by default one sentence per paragraph), checking the
    invariants every output must keep."""
    if sentences is None:
        _, sentences = paragraph_rows(text)
    rows = extract_dates(ner(text), sentences, doc_id="d", published_at=published_at)
    assert [r.date_idx for r in rows] == list(range(len(rows)))
    assert [r.char_start for r in rows] == sorted(r.char_start for r in rows)
    for r in rows:
        assert text[r.char_start : r.char_end] == r.text
        assert r.kind in ("date", "time", "duration")
        assert r.kind != "duration" or r.resolved is None
    return rows


def run_seed(ner: Language, seed_text: str, published_at: dt.datetime | None) -> list[DateMention]:
    """The seed's dates, its sentences from the real segmenter."""
    _, sentences = segment(seed_text, doc_id="d")
    return run(ner, seed_text, published_at, sentences)


# --- the seed article ---------------------------------------------------------------------------

SEED_DATES = [
    ("Monday, Jan. 24", "date", None),
    ("Monday", "date", None),
    ("three days", "duration", None),
    ("last Friday", "date", None),
    ("this week", "date", None),
]


def test_seed_dates(ner: Language, seed_text: str) -> None:
    rows = run_seed(ner, seed_text, None)
    assert [(r.text, r.kind, r.resolved) for r in rows] == SEED_DATES
    # Paragraphs 0, 1, 4, 4 and 5, in the real segmenter's sentence numbering.
    assert [r.sentence_idx for r in rows] == [0, 1, 5, 5, 8]
    _, sentences = segment(seed_text, doc_id="d")
    assert [sentences[r.sentence_idx].paragraph_idx for r in rows] == [0, 1, 4, 4, 5]
    for r in rows:
        sentence = sentences[r.sentence_idx]
        assert sentence.char_start <= r.char_start and r.char_end <= sentence.char_end


def test_seed_dates_match_gold_file(
    ner: Language, seed_text: str, seed_gold: dict[str, Any]
) -> None:
    rows = run_seed(ner, seed_text, None)
    got = [{"text": r.text, "kind": r.kind, "resolved": r.resolved} for r in rows]
    assert got == seed_gold["dates"]


def test_seed_dates_resolve_with_a_publication_date(ner: Language, seed_text: str) -> None:
    rows = run_seed(ner, seed_text, WED)
    assert [r.resolved for r in rows] == [
        dt.date(2022, 1, 24),  # Monday, Jan. 24
        dt.date(2022, 1, 24),  # Monday
        None,  # three days
        dt.date(2022, 1, 21),  # last Friday
        None,  # this week
    ]


# --- realistic sentences (textacy-style tables) ------------------------------------------------


def case(
    sentence: str,
    expr: str,
    kind: str,
    resolved: dt.date | None,
    *,
    published_at: dt.datetime | None = WED,
    xfail: str | None = None,
) -> ParameterSet:
    """One row of the table; `xfail` gives the reason a known miss still fails."""
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(sentence, expr, kind, resolved, published_at, id=expr, marks=marks)


D = dt.date
CASES = [
    # weekdays: the latest such day on or before publication
    case(
        "The Pentagon announced on Monday that troops were ready.", "Monday", "date", D(2022, 1, 24)
    ),
    case(
        "The minister resigned on Thursday.", "Thursday", "date", D(2022, 1, 27), published_at=SUN
    ),
    case("The shop reopened on Wednesday.", "Wednesday", "date", D(2022, 1, 26)),
    case("Blinken met Lavrov in Geneva last Friday.", "last Friday", "date", D(2022, 1, 21)),
    case("Talks resume next Tuesday, officials said.", "next Tuesday", "date", D(2022, 2, 1)),
    # relative days and parts of days
    case("The bill was passed yesterday.", "yesterday", "date", D(2022, 1, 25)),
    case("The vote takes place today.", "today", "date", D(2022, 1, 26)),
    case("Police were called last night to the scene.", "last night", "time", D(2022, 1, 25)),
    # a future clause resolves forward (tests/gold/README.md: "will testify Friday")
    case("He will leave on Tuesday afternoon.", "Tuesday afternoon", "time", D(2022, 2, 1)),
    case("Shares slipped yesterday morning.", "yesterday morning", "time", D(2022, 1, 25)),
    case("The strike began three days ago.", "three days ago", "date", D(2022, 1, 23)),
    case("The ceremony starts at 10am.", "10am", "time", None),
    # written-out days: month-day takes the year nearest publication
    case(
        "The Pentagon announced Monday, Jan. 24, that it had acted.",
        "Monday, Jan. 24",
        "date",
        D(2022, 1, 24),
    ),
    case(
        "The fire broke out on Dec. 30 near the port.",
        "Dec. 30",
        "date",
        D(2021, 12, 30),
        published_at=dt.datetime(2022, 1, 2),
    ),
    case(
        "The deal closes on 3 March 2021.", "3 March 2021", "date", D(2021, 3, 3), published_at=None
    ),
    case(
        "It was first reported on March 3, 2021.",
        "March 3, 2021",
        "date",
        D(2021, 3, 3),
        published_at=None,
    ),
    case("The filing is dated 2021-03-03 in the register.", "2021-03-03", "date", D(2021, 3, 3)),
    case(
        "The budget is due on Jan. 31, officials said.", "Jan. 31", "date", None, published_at=None
    ),
    # months, years, weeks and periods stay unresolved
    case("Inflation fell to 2.5 percent in March.", "March", "date", None),
    case("The plant opened in 2015.", "2015", "date", None),
    case("Blinken will send a written response this week.", "this week", "date", None),
    case("Profits doubled last year.", "last year", "date", None),
    case("The factory closed in the 1990s.", "the 1990s", "date", None),
    case("Sales peaked in mid-May, the firm said.", "mid-May", "date", None),
    case("The summit opens on the 14th.", "the 14th", "date", None),
    case(
        "Troops withdrew on Sat. after talks.",
        "Sat.",
        "date",
        D(2022, 1, 22),
        xfail="spaCy labels the abbreviated weekday 'Sat' PRODUCT, so it is no date candidate",
    ),
    case(
        "The match is on 14/02/2022 in Rome.",
        "14/02/2022",
        "date",
        D(2022, 2, 14),
        xfail="spaCy gives numeric dates no DATE entity and there is no regex pass for them "
        "(day/month order is ambiguous)",
    ),
    # durations
    case("The move has come just three days after the meeting.", "three days", "duration", None),
    case("Prices have risen over the past few years.", "the past few years", "duration", None),
    case("The talks lasted two hours.", "two hours", "duration", None),
    case("Exports fell in the last three months.", "the last three months", "duration", None),
    case("He signed a two-year contract.", "two-year", "duration", None),
    case(
        "The vote was held on Saturday and the result came the next day.",
        "the next day",
        "date",
        D(2022, 1, 23),
    ),
    case(
        "The raid began on Jan. 10, and the suspect fled the previous day.",
        "the previous day",
        "date",
        D(2022, 1, 9),
    ),
]


@pytest.mark.parametrize(("sentence", "expr", "kind", "resolved", "published_at"), CASES)
def test_date_cases(
    ner: Language,
    sentence: str,
    expr: str,
    kind: str,
    resolved: dt.date | None,
    published_at: dt.datetime | None,
) -> None:
    rows = run(ner, sentence, published_at)
    matches = [r for r in rows if r.text == expr]
    assert matches, f"{expr!r} not in {[r.text for r in rows]}"
    assert (matches[0].kind, matches[0].resolved) == (kind, resolved)


# --- resolution table: news-like sentences with a publication date -------------------------------

THU = dt.datetime(2005, 2, 3, 10, 0, tzinfo=dt.UTC)  # Thursday 3 February 2005
MON = dt.datetime(2005, 1, 31, 18, 0, tzinfo=dt.UTC)  # Monday 31 January 2005
MON_JAN3 = dt.datetime(2005, 1, 3, 8, 0, tzinfo=dt.UTC)  # Monday 3 January 2005
WED_DEC29 = dt.datetime(2004, 12, 29, 12, 0, tzinfo=dt.UTC)  # Wednesday 29 December 2004

RESOLUTION = [
    # a bare weekday: the latest such day on or before publication (GUIDELINES.md)
    case("Shares in the firm fell 5% on Monday after the results.", "Monday", "date",
         D(2005, 1, 31), published_at=THU),
    case("Friday's vote was postponed after a row over the wording.", "Friday", "date",
         D(2005, 1, 28), published_at=THU),
    case("Police were called to the house on Saturday night.", "Saturday night", "time",
         D(2005, 1, 29), published_at=THU),
    case("Officials said on Wednesday morning that the border was open.", "Wednesday morning",
         "time", D(2005, 2, 2), published_at=THU),
    case("The shop closed at 5pm on Monday after a bomb scare.", "5pm on Monday", "time",
         D(2005, 1, 31), published_at=THU),
    case("Tickets were released at 8am on Friday morning.", "8am on Friday morning", "time",
         D(2005, 1, 28), published_at=THU),
    case("Airlines cancelled over 100 flights on Christmas Day.", "Christmas Day", "date",
         D(2004, 12, 25), published_at=WED_DEC29),
    case("The negotiations must be concluded by midnight on Monday, when the window shuts.",
         "midnight on Monday", "time", D(2005, 1, 31), published_at=MON),
    # last / next: a week back, the next one ahead
    case("The minister resigned last Friday, days after the vote.", "last Friday", "date",
         D(2005, 1, 28), published_at=THU),
    case("Talks will resume next Tuesday in Brussels.", "next Tuesday", "date", D(2005, 2, 8),
         published_at=THU),
    # days counted from publication
    case("The bill was passed by MPs yesterday.", "yesterday", "date", D(2005, 2, 2),
         published_at=THU),
    case("The chancellor will set out his plans today.", "today", "date", D(2005, 2, 3),
         published_at=THU),
    case("Tomorrow's meeting will decide the matter.", "Tomorrow", "date", D(2005, 2, 4),
         published_at=THU),
    case("This morning the minister said the plan would work.", "This morning", "time",
         D(2005, 2, 3), published_at=THU),
    case("The firm issued a profit warning last night.", "last night", "time", D(2005, 2, 2),
         published_at=THU),
    case("The rebels attacked the town two days ago.", "two days ago", "date", D(2005, 2, 1),
         published_at=THU),
    # written-out days; without a year, the year nearest publication
    case("The company said on Jan. 24 that profits had doubled.", "Jan. 24", "date",
         D(2005, 1, 24), published_at=THU),
    case("The deal was signed on 24 January in London.", "24 January", "date", D(2005, 1, 24),
         published_at=THU),
    case("The merger was announced on January 24, 2005, in New York.", "January 24, 2005",
         "date", D(2005, 1, 24), published_at=THU),
    case("The firm was founded on March 2, 1995, by two students.", "March 2, 1995", "date",
         D(1995, 3, 2), published_at=THU),
    case("Brent crude rose to $47 a barrel on Thursday, Feb. 3.", "Thursday, Feb. 3", "date",
         D(2005, 2, 3), published_at=THU),
    case("The talks ended on the 14th of March.", "the 14th of March", "date", D(2005, 3, 14),
         published_at=THU),
    case("The fire broke out on Dec. 30, police said.", "Dec. 30", "date", D(2004, 12, 30),
         published_at=MON_JAN3),
    case("The results will be published on 2 January.", "2 January", "date", D(2005, 1, 2),
         published_at=WED_DEC29),
    case("The hearing was held on New Year's Eve.", "New Year's Eve", "date", D(2004, 12, 31),
         published_at=MON_JAN3),
    # days counted from the day last named
    case("The two men met on Monday and signed the agreement the same day.", "the same day",
         "date", D(2005, 1, 31), published_at=THU),
    case("The vote was held on Sunday and the results were announced the following day.",
         "the following day", "date", D(2005, 1, 31), published_at=THU),
    case("He was arrested on 3 March 2004 and freed four days later.", "four days later", "date",
         D(2004, 3, 7), published_at=THU),
    # not one day: weeks, months, years, decades, seasons, stretches
    case("Ministers will meet again this week.", "this week", "date", None, published_at=THU),
    case("Sales slumped in April 2004.", "April 2004", "date", None, published_at=THU),
    case("The plant opened in 1997.", "1997", "date", None, published_at=THU),
    case("The 1960s were a time of change.", "The 1960s", "date", None, published_at=THU),
    case("Prices recovered in the autumn.", "the autumn", "date", None, published_at=THU),
    case("The strike lasted three days.", "three days", "duration", None, published_at=THU),
    case("The site has been online for a decade.", "a decade", "duration", None,
         published_at=THU),
    case("The company has grown rapidly over the past decade.", "the past decade", "duration",
         None, published_at=THU),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expr", "kind", "resolved", "published_at"), RESOLUTION)
def test_resolution_table(
    ner: Language,
    sentence: str,
    expr: str,
    kind: str,
    resolved: dt.date | None,
    published_at: dt.datetime | None,
) -> None:
    rows = run(ner, sentence, published_at)
    matches = [r for r in rows if r.text == expr]
    assert matches, f"{expr!r} not in {[r.text for r in rows]}"
    assert (matches[0].kind, matches[0].resolved) == (kind, resolved)


# --- BBC-style expressions (tests/gold conventions): every row of the sentence ------------------

SPANS = [
    # an abbreviation keeps its period, at a sentence end too (sfgate_5caf91b8, dev)
    (
        "The train left at 10 p.m. and the call came at 4:14 p.m.",
        [("10 p.m.", "time"), ("4:14 p.m.", "time")],
    ),
    # a stretch "to" the day it ends is two expressions; a range of dates stays one
    (
        "It had aimed to save £220m during the 12 months to 31 December.",
        [("the 12 months", "duration"), ("31 December", "date")],
    ),
    (
        "Profits rose by 44% during October to December, from $142m a year earlier.",
        [("October to December", "date"), ("a year earlier", "date")],
    ),
    # trading sessions are not dates
    ("Shares fell 9.8% in after-hours trade on Wednesday.", [("Wednesday", "date")]),
    # a quantifier spaCy leaves out
    ('"We\'ve had them for a lot of years," he said.', [("a lot of years", "duration")]),
    # a decade or century premodifying a noun: its "the" goes with the noun
    ("The show is set before the original 1960s Star Trek series.", [("1960s", "date")]),
    (
        "The term was popularised by the 18th Century satirist Jonathan Swift.",
        [("18th Century", "date")],
    ),
    ("Sony was in the same position in the 1980s VCR battle.", [("1980s", "date")]),
    # a season after a preposition, which spaCy misses; a season premodifying a noun is a
    # recurring period, not annotated
    (
        "A second round of funding followed in the autumn and the firm floated in April 1996.",
        [("the autumn", "date"), ("April 1996", "date")],
    ),
    (
        "The talks must end by midnight on Monday, when the winter transfer window shuts.",
        [("midnight on Monday", "time")],
    ),
    # "before" + clause belongs to the stretch; after a comma "a year" is no rate
    (
        "He was made a peer in 1997, a year before he was appointed as minister.",
        [("1997", "date"), ("a year before", "date")],
    ),
    (
        "The move, a year after Citigroup beat its rival, lifted the shares.",
        [("a year", "duration")],
    ),
    pytest.param(
        "The move comes a year after Citigroup beat its rival.",
        [("a year", "duration")],
        marks=pytest.mark.xfail(
            reason="without part-of-speech tags a verb before 'a year' reads like the amount of a "
            "rate ('500,000 barrels a day'), so the stretch is dropped",
            strict=True,
        ),
    ),
    (
        "The site cost £28.7m in the four years after it closed.",
        [("the four years", "duration")],
    ),
    ("The firm will cut costs by $5bn (£2.7bn) a year.", []),
    (
        "The phone didn't stop ringing for a week after I got nominated.",
        [("a week", "duration")],
    ),
    # a verb after a decade: the decade is the head and keeps its "the"
    (
        "Journalists in the early 1980s blessed the original notebook PC.",
        [("the early 1980s", "date")],
    ),
    # a year's number before "year" names it
    (
        "Wall Street has got ahead of eBay this quarter and for the 2005 year.",
        [("this quarter", "date"), ("the 2005 year", "date")],
    ),
    # what spaCy runs together over a comma
    (
        "The minister resigned last Friday, days after the vote.",
        [("last Friday", "date"), ("days", "duration")],
    ),
    # an approximation stays in the span, a bound or focus word does not (ctpost_a6968f42,
    # therealdeal_bc13ff87, detroitnews_7de52419: dev)
    (
        "With the first votes less than 100 days away, the talks lasted almost two weeks.",
        [("less than 100 days", "duration"), ("almost two weeks", "duration")],
    ),
    # a clock time spaCy does not tag, or runs on into the period of a game (twincities_264dc3ae,
    # dev)
    (
        "Zach Parise scored at 19:56 of the third period.",
        [("19:56", "time")],
    ),
    (
        "The 14:05 from Leeds was late.",
        [("14:05", "time")],
    ),
    # the article of the noun a day modifies is not the day's (nbcnews_abd9d629, dev)
    (
        "The doctors sent a Nov. 5 letter to the agency.",
        [("Nov. 5", "date")],
    ),
    (
        '"In just one decade we achieved that," he said.',
        [("one decade", "duration")],
    ),
    # a range of counts of a unit is one stretch (a fitness page, unannotated; a BBC business page)
    (
        "Drink 20–30 minutes before your workout.",
        [("20–30 minutes", "duration")],
    ),
    (
        "The process of approval takes three to five years.",
        [("three to five years", "duration")],
    ),
    # a year spaCy leaves unlabelled after a possessive or reads as a count (apnews_7de52419, dev);
    # a crop or fiscal year (Reuters, unannotated)
    (
        "The association gave nearly $5.9 million toward Holcomb’s 2016 election campaign.",
        [("2016", "date")],
    ),
    (
        "They don’t expect to take action on further boosting school funding until at least 2021.",
        [("2021", "date")],
    ),
    (
        "Soybean production for 1986/87 is now estimated to reach 30 mln tonnes.",
        [("1986/87", "date")],
    ),
    # "the previous week" names a week; "over the next decade" is a stretch (vox_06e5123e, dev;
    # Reuters and a NASA story, unannotated)
    (
        "Neumann had resigned as CEO the previous week.",
        [("the previous week", "date")],
    ),
    (
        "Profit was 66.2 mln stg, up from the previous year's 60.7 mln.",
        [("the previous year", "date")],
    ),
    (
        "The contracts have a combined maximum value of $2.6bn over the next decade.",
        [("the next decade", "duration")],
    ),
    # the part of a period, a clock time's zone, "-long", and focus words and nouns left out
    # (Reuters 12145, usatoday_f8ff621a, ap_833caf3b, twincities_264dc3ae, nbcnews_abd9d629: dev)
    (
        "He described the dollar's sharp fall against the yen at the start of the week as a "
        "passing incident.",
        [("the start of the week", "date")],
    ),
    (
        "Home Depot management hosts a conference call at 9 a.m. ET to discuss results.",
        [("9 a.m. ET", "time")],
    ),
    (
        "Settlements are one of the most difficult issues in the decades-long conflict.",
        [("decades-long", "duration")],
    ),
    (
        "Barely a week ago, Parise, 35, had scored just once in a 10-game stretch.",
        [("a week ago", "date")],
    ),
    (
        "The Centers for Disease Control recommends all individuals above age 6 months get a flu "
        "vaccine.",
        [("6 months", "duration")],
    ),
    (
        "It turned the workspace provider from a Wall Street darling into a pariah in a matter of "
        "weeks.",
        [("a matter of weeks", "duration")],
    ),
    (
        "We note that the company faced a hurricane headwind in Q3.",
        [("Q3", "date")],
    ),
    # spaCy calls this "Q3" a PERSON (usatoday_f8ff621a, dev)
    (
        "“Excluding these items, we believe Q3 comps would have been closer to 5%.”",
        [("Q3", "date")],
    ),
    # spaCy labels "year" alone in "this year's" (726 "this/last/next year's" in Reuters-21578)
    (
        "Analysts expect this year's harvest to be as large as last year's.",
        [("this year", "date"), ("last year", "date")],
    ),
    # "about" before a named day is the verb's preposition, not an approximation (web pages)
    (
        "The coach was asked about Thursday night's fight at the stadium.",
        [("Thursday night", "time")],
    ),
    # a sum of units is one stretch; spaCy cuts "the weeks and" from "months" (web pages)
    (
        "The old laptop took 4 minutes and 15 seconds to export the file.",
        [("4 minutes and 15 seconds", "duration")],
    ),
    (
        "We will watch the machines as the weeks and months wear on.",
        [("the weeks and months", "duration")],
    ),
    # a stretch "ended" the day it ends is two expressions, like "the 12 months to 31 December"
    (
        "Net profit in the nine months ended March 31 rose to 12 mln dlrs.",
        [("the nine months", "duration"), ("March 31", "date")],
    ),
    # Reuters' 24-hour clock with its zone is one time
    (
        "The offer is based on the share price at 1630 gmt on April 2.",
        [("1630 gmt", "time"), ("April 2", "date")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SPANS)
def test_gold_style_spans(ner: Language, sentence: str, expected: list[tuple[str, str]]) -> None:
    rows = run(ner, sentence, None)
    assert [(r.text, r.kind) for r in rows] == expected
    assert all(r.resolved is None for r in rows)


def test_temporal_spans_cover_what_the_regex_pass_finds(ner: Language) -> None:
    """The numbers module skips these spans: "18th" of "18th Century" is no ordinal."""
    text = "The term was popularised by the 18th Century satirist Jonathan Swift."
    spans = temporal_spans(ner(text))
    assert [text[s:e] for s, e in spans] == ["the 18th Century"]


NOT_DATES = [
    "The shop opens every Sunday and on Sundays.",  # recurring days
    "The report is published annually.",  # frequency
    "The field produces 500,000 barrels a day.",  # a rate
    "Jones, 40, was unhurt.",  # an age spaCy labels DATE
    "The 28-year-old has been in great form.",  # an age: a number, not a date
    "Between 10 and 20 people were hurt.",  # a count spaCy labels DATE
    "The fire killed 2000 people.",  # a count that could be a year
    # a rank among the parts of a game or a show is an ordinal with its object (BBC sport,
    # unannotated; twincities_264dc3ae, dev)
    "Matt Holland had put the visitors ahead in the 14th minute.",
    "Anders Nilsson made 35 saves, including 15 in the third period.",
    # a basis of comparison, like a frequency (BBC business, Reuters: unannotated)
    "Analysts had been forecasting a 0.1% rise in month on month industrial output.",
    # an age written out (Reuters), a house number (US local news), a programme's title (BBC)
    "The pill cut the risk for women 20 to 54 years of age.",
    "Police arrested a man of 1909 Jolinda Drive after the search.",
    "He told BBC Radio 4's Today programme that the plan would fail.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(ner: Language, sentence: str) -> None:
    assert run(ner, sentence, WED) == []


TUE_2019 = dt.datetime(2019, 11, 19, 12, 0, tzinfo=dt.UTC)  # Tuesday 19 November 2019

# Evidence in the text that picks the day over the nearest one (issue 15): a weekday named beside
# the date, the tense of the date's clause, a year the text states.
EVIDENCE = [
    # a weekday and its date, as one expression or two, name one day: the year agrees
    case("The festival opened on Sunday, March 3, to large crowds.", "Sunday, March 3", "date",
         D(2019, 3, 3), published_at=TUE_2019),
    case("The meeting took place on Tuesday (March 3) in Geneva.", "Tuesday (March 3)", "date",
         D(2020, 3, 3), published_at=TUE_2019),
    # the clause's tense: a past month-day lies before publication, a future weekday after it
    case("He was arrested in April for the March 21 call to her office.", "March 21", "date",
         D(2019, 3, 21), published_at=TUE_2019),
    case("I boarded a flight on May 15 and reached Mexico via Moscow.", "May 15", "date",
         D(2019, 5, 15), published_at=TUE_2019),
    case("Sentencing is scheduled for Feb. 14.", "Feb. 14", "date", D(2020, 2, 14),
         published_at=TUE_2019),
    case("The vote will be held on Wednesday.", "Wednesday", "date", D(2019, 11, 20),
         published_at=TUE_2019),
    # a future in another clause says nothing of the saying's day
    case("He said on Friday that he will resign.", "Friday", "date", D(2019, 11, 15),
         published_at=TUE_2019),
    # a year the sentence opens with, or a month-year of the same month, is the day's year
    case("In 2018, the firm cut 500 jobs and on March 21 it closed its factory.", "March 21",
         "date", D(2018, 3, 21), published_at=TUE_2019),
    # but not a year in another clause
    case("The firm, founded in 1998, will hold its meeting on March 3.", "March 3", "date",
         D(2020, 3, 3), published_at=TUE_2019),
    # the present of a scheduled event is its future (usatoday_f8ff621a, dev; Reuters,
    # unannotated); "due to" a cause says nothing of the future (Reuters, unannotated)
    case("Peer Lowe’s stock is off too, down 1.8%. Lowe’s reports earnings Wednesday.",
         "Wednesday", "date", D(2019, 11, 20), published_at=TUE_2019),
    case("Policy is unlikely to change when its central bank council meets on Thursday.",
         "Thursday", "date", D(2019, 11, 21), published_at=TUE_2019),
    case("The currency's decline was due to remarks on Sunday by the Treasury Secretary.",
         "Sunday", "date", D(2019, 11, 17), published_at=TUE_2019),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expr", "kind", "resolved", "published_at"), EVIDENCE)
def test_resolution_from_the_text_s_evidence(
    ner: Language,
    sentence: str,
    expr: str,
    kind: str,
    resolved: dt.date | None,
    published_at: dt.datetime | None,
) -> None:
    rows = run(ner, sentence, published_at)
    matches = [r for r in rows if r.text == expr]
    assert matches, f"{expr!r} not in {[r.text for r in rows]}"
    assert (matches[0].kind, matches[0].resolved) == (kind, resolved)


def test_a_month_year_states_the_year_of_a_later_month_day(ner: Language) -> None:
    text = "The plant was shut in March 2018.\nOn March 21 the workers went on strike."
    rows = run(ner, text, TUE_2019)
    assert [(r.text, r.resolved) for r in rows] == [
        ("March 2018", None),
        ("March 21", D(2018, 3, 21)),
    ]


# --- resolve() without spaCy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday", D(2022, 1, 24)),
        ("Wednesday", D(2022, 1, 26)),  # the publication day itself
        ("Thursday", D(2022, 1, 20)),
        ("last Wednesday", D(2022, 1, 19)),  # "last" on the same weekday means a week back
        ("this Friday", D(2022, 1, 28)),
        ("tomorrow", D(2022, 1, 27)),
        ("Feb. 29", None),  # not a day in 2021-2023
        ("Jan. 24", D(2022, 1, 24)),
        ("24 January", D(2022, 1, 24)),
        ("Jan. 24 to 26", None),  # a span of days, not one
        ("January", None),
        ("the weekend", None),
        # a misspelt month the pattern accepts (Reuters: "Sepember"): read, not a crash
        ("Sepember 3, 1987", D(1987, 9, 3)),
        ("3 Sepember", D(2021, 9, 3)),  # the nearest 3 September to WED (2022-01-26)
    ],
)
def test_resolve(text: str, expected: dt.date | None) -> None:
    assert resolve(text, published_at=WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time of day or clock time around a day leaves it one day
        ("late on Monday", D(2005, 1, 31)),
        ("Monday at 3pm", D(2005, 1, 31)),
        ("10am today", D(2005, 2, 3)),
        ("midday yesterday", D(2005, 2, 2)),
        ("3pm on 2 February", D(2005, 2, 2)),
        # fixed-date holidays take the year nearest publication
        ("Christmas Eve", D(2004, 12, 24)),
        ("Christmas Day 2003", D(2003, 12, 25)),
        # weeks, parts of months and bare day numbers are not one known day
        ("two weeks ago", None),
        ("mid-January", None),
        ("the 31st", None),
    ],
)
def test_resolve_days_with_times_and_holidays(text: str, expected: dt.date | None) -> None:
    assert resolve(text, published_at=THU) == expected


def test_resolve_days_counted_from_the_anchor() -> None:
    anchor = D(2004, 11, 9)
    assert resolve("two days later", published_at=None, anchor=anchor) == D(2004, 11, 11)
    assert resolve("a day earlier", published_at=THU, anchor=anchor) == D(2004, 11, 8)
    assert resolve("two days later", published_at=THU) is None  # nothing named before


def test_any_count_in_words_counts_days() -> None:
    """The counts are the number words of flows.lexicon (the dates module once had its own
    dozen: "fifteen days later" went unresolved)."""
    anchor = D(2004, 11, 9)
    assert resolve("fifteen days later", published_at=None, anchor=anchor) == D(2004, 11, 24)
    assert resolve("twenty days ago", published_at=THU) == D(2005, 1, 14)


def test_resolve_without_publication_date() -> None:
    assert resolve("Monday", published_at=None) is None
    assert resolve("yesterday", published_at=None) is None
    assert resolve("Monday, Jan. 24, 2022", published_at=None) == D(2022, 1, 24)


def test_resolve_reference_days_follow_the_anchor() -> None:
    anchor = D(2022, 3, 1)
    assert resolve("the same day", published_at=None, anchor=anchor) == anchor
    assert resolve("the following day", published_at=None, anchor=anchor) == D(2022, 3, 2)
    assert resolve("the day before", published_at=None, anchor=anchor) == D(2022, 2, 28)
    assert resolve("the same day", published_at=WED) is None


NEWSY = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzJMTFS0123456789 ,.-:'\n")),
    max_size=120,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(NEWSY, st.sampled_from([str(c.values[0]) for c in CASES])), max_size=4),
    st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1900, 1, 2))),
)
def test_extraction_never_raises_and_keeps_offsets(
    ner: Language, pieces: list[str], published_at: dt.datetime | None
) -> None:
    run(ner, " ".join(pieces), published_at)


def test_a_surname_that_is_a_unit_of_time_is_no_date(ner: Language) -> None:
    """spaCy reads the surname "Weeks" as a DATE; the document names the person, so it is none."""
    text = (
        "American Kevin King and Australian Timothy Weeks were freed. King and Weeks were"
        " abducted in August 2016. They spent weeks in captivity."
    )
    assert [r.text for r in run(ner, text, TUE_2019)] == ["August 2016", "weeks"]


@pytest.mark.parametrize(
    ("sentence", "expr"),
    [
        ("The Two Ronnies ran from 1971 to 1987 and attracted 17 million viewers.", "1971 to 1987"),
        ("The show ran 1998-2004.", "1998-2004"),
    ],
)
def test_a_range_spacy_gives_as_two_dates_is_one(ner: Language, sentence: str, expr: str) -> None:
    """GUIDELINES: a range of dates is one date, also when spaCy labels its ends apart."""
    assert [r.text for r in run(ner, sentence, TUE_2019)] == [expr]


# What spaCy's small model leaves unlabelled or labels in part, and the kind and day each takes
# (sentences written for the test, after phrasings of BBC, Reuters-21578 and web-page text).
GRAMMAR = [
    # a stretch told by its length alone
    ("The rebels have held the town for a long time, residents said.", "a long time", "duration"),
    ("The coach hopes his captain will be fit in a fortnight.", "a fortnight", "duration"),
    ("Revenue grew for several quarters before the slump.", "several quarters", "duration"),
    # plural units with a determiner and what is left of a period are stretches
    ("The firm has changed hands several times over the years.", "the years", "duration"),
    ("Many of those who voted in those years have since moved away.", "those years", "duration"),
    ("The striker is out for the rest of the season.", "the rest of the season", "duration"),
    ("Growth should slow over the balance of the year.", "the balance of the year", "duration"),
    # times of a day the text sets
    ("Two guards were wounded overnight in the capital.", "overnight", "time"),
    ("The crowd stayed in the square that night.", "that night", "time"),
    ("Eating a big breakfast may curb hunger later in the day.", "later in the day", "time"),
    ("The vote is expected later in the week.", "later in the week", "date"),
    # a deictic season spaCy leaves unlabelled, or labels without its "this" (BBC sport)
    ("But the 26-year-old has been surplus to requirements this season.", "this season", "date"),
    (
        "Amor, who will captain England in this season's opening IRB Sevens tournament, spoke.",
        "this season",
        "date",
    ),
    # the pronoun "one" spaCy runs into a date
    ("There were three outages, including one last month.", "last month", "date"),
]


@pytest.mark.parametrize(("sentence", "expr", "kind"), GRAMMAR, ids=[g[1] for g in GRAMMAR])
def test_temporal_grammar_spans_and_kinds(
    ner: Language, sentence: str, expr: str, kind: str
) -> None:
    rows = run(ner, sentence, TUE_2019)
    assert [(r.text, r.kind, r.resolved) for r in rows] == [(expr, kind, None)]


@pytest.mark.parametrize(
    ("sentence", "expr", "resolved"),
    [
        # a part of a named day is a time of that day
        ("The dollar slipped late on Monday in thin trade.", "late on Monday", D(2019, 11, 18)),
        ("Shares rose early Tuesday after the report.", "early Tuesday", D(2019, 11, 19)),
        # "earlier in the day" looks back to the day of the news
        ("The minister had resigned earlier in the day.", "earlier in the day", D(2019, 11, 19)),
        # a modal speaks of what is to come: the next Thursday, not the last
        (
            "The weather should ease by Thursday morning, the forecaster said.",
            "Thursday morning",
            D(2019, 11, 21),
        ),
    ],
)
def test_times_of_a_named_day(ner: Language, sentence: str, expr: str, resolved: dt.date) -> None:
    rows = run(ner, sentence, TUE_2019)
    assert [(r.text, r.kind, r.resolved) for r in rows] == [(expr, "time", resolved)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Three years is a long time in politics.",  # a judgement of a length: only "Three years"
        "The bank lowered its overnight rate.",  # a kind of loan
    ],
)
def test_no_time_in_a_judged_length_or_an_overnight_loan(ner: Language, sentence: str) -> None:
    assert [
        r.text for r in run(ner, sentence, TUE_2019) if "overnight" in r.text or "long" in r.text
    ] == []


def test_the_quarters_and_halves_of_a_game_are_no_dates(ner: Language) -> None:
    """In a game report (two words of play: "scored", "rebounds") "the second quarter" is a part
    of the match, an ordinal as "the third period" is; "the first half of the season" stays."""
    text = (
        "Kuzma scored 20 points and left the court in the second quarter. He had 10 rebounds"
        " in the first half of the season. In his 17th year he is still the best."
    )
    assert [r.text for r in run(ner, text, TUE_2019)] == ["the first half of the season"]
    # a business story's quarter and half are dates
    text = "Profits rose in the second half, and sales fell in the third quarter."
    assert [r.text for r in run(ner, text, TUE_2019)] == ["the second half", "the third quarter"]


def test_a_stated_year_against_the_tense_is_not_taken(ner: Language) -> None:
    """A month-day takes the year of a month-year named before it, unless its clause's tense
    contradicts it: a past deadline is no day of a plan years ahead."""
    text = (
        "The agency plans a landing in November 2028.\n\nThe firms had until Nov. 1 to submit"
        " proposals."
    )
    rows = run(ner, text, TUE_2019)
    assert [(r.text, r.resolved) for r in rows] == [
        ("November 2028", None),
        ("Nov. 1", D(2019, 11, 1)),
    ]
    text = "The firm was founded in March 2018.\n\nOn March 21 it filed its first patent."
    assert [r.resolved for r in run(ner, text, TUE_2019)] == [None, D(2018, 3, 21)]


def test_clock_times_keep_their_approximation_and_zone(ner: Language) -> None:
    """spaCy labels "close to" apart from "2 a.m."; "local time" is the clock's zone; a 24-hour
    clock with its zone is a time whatever its hour ("0100 GMT", not only "1630 gmt")."""
    text = "The match ended close to 2 a.m. local time (0100 GMT) in Madrid."
    rows = run(ner, text, TUE_2019)
    assert [(r.text, r.kind) for r in rows] == [
        ("close to 2 a.m. local time", "time"),
        ("0100 GMT", "time"),
    ]


def test_the_whole_of_a_period_is_a_stretch(ner: Language) -> None:
    rows = run(ner, "The crowd partied all night in the square.", TUE_2019)
    assert [(r.text, r.kind) for r in rows] == [("all night", "duration")]


@pytest.mark.parametrize(
    ("sentence", "resolved"),
    [
        # an intention, an expectation or a deadline looks forward from a Tuesday article
        ("The union was planning to strike on Friday.", D(2019, 11, 22)),
        ("The report is expected on Thursday.", D(2019, 11, 21)),
        ("Candidates have until Friday to file.", D(2019, 11, 22)),
        ("The vote is set for Friday.", D(2019, 11, 22)),
        # what had been planned has passed
        ("The firm had planned to open on Thursday.", D(2019, 11, 14)),
        ("The group had set a deadline of Tuesday for a reply.", D(2019, 11, 19)),
        # "plans" as a noun is no intention of the clause
        ("The firm shelved its plans for a listing on September 30.", D(2019, 9, 30)),
    ],
)
def test_intentions_and_deadlines_look_forward(
    ner: Language, sentence: str, resolved: dt.date
) -> None:
    assert [r.resolved for r in run(ner, sentence, TUE_2019)] == [resolved]


def test_a_game_part_of_a_named_game_is_no_date_and_no_dangling_of(ner: Language) -> None:
    """spaCy labels "the first quarter of" before "Sunday's game": the "of" is not the date's,
    and in a game report the quarter of a game is a part of the match (AG News)."""
    text = "Manning threw two touchdown passes and scored in the first quarter of Sunday's game."
    assert [r.text for r in run(ner, text, TUE_2019)] == ["Sunday"]


def test_a_season_of_a_year_spacy_cuts_before_the_year_is_one_date(ner: Language) -> None:
    """spaCy labels "the fall of" and "2020" apart: one date, as "the summer of 2007"."""
    text = "The republication of his work starts in the fall of 2020, the publisher said."
    assert [r.text for r in run(ner, text, TUE_2019)] == ["the fall of 2020"]
