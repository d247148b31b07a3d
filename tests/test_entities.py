"""Entity mentions: name-only spans, labels, in-document name matching, keys."""

from __future__ import annotations

import pytest

from flows.extract import names
from flows.extract.entities import entity_key, extract_mentions
from flows.segment import segment

from conftest import f1


def _mentions(ner, text: str):
    _, sentences = segment(text, doc_id="t")
    return extract_mentions(ner(text), sentences, doc_id="t")


def test_seed_mentions_against_gold(ner, seed_text, seed_gold):
    mentions = _mentions(ner, seed_text)
    got = [(m.text, m.label, m.canonical_name) for m in mentions]
    # The seed's gold keeps "Britain" as written; the guidelines give short forms of countries
    # their standard full name (U.S. -> United States), as the BBC gold does (Britain -> United
    # Kingdom, tests/gold/README.md), so that is what is expected here.
    full = {"Britain": "United Kingdom"}
    gold = [
        (m["text"], m["label"], full.get(m["canonical"], m["canonical"]))
        for m in seed_gold["mentions"]
    ]
    p, r, f = f1(got, gold)
    # Measured 0.982 / 0.982: the one miss is spaCy's Donbas as GPE (LOC in the gold: a region,
    # not a political unit). "the Minsk agreements" is now one LAW (it was "Minsk" ORG).
    assert p >= 0.98 and r >= 0.98, (p, r, f)
    _, untyped_r, _ = f1([g[0] for g in got], [g[0] for g in gold])
    assert untyped_r == 1.0
    for m in mentions:
        assert seed_text[m.char_start : m.char_end] == m.text


def test_seed_required_entities(ner, seed_text):
    by_text = {(m.text, m.label) for m in _mentions(ner, seed_text)}
    for need in [
        ("John Kirby", "PERSON"),
        ("Sergey Lavrov", "PERSON"),
        ("Geneva", "GPE"),
        ("NATO", "ORG"),
    ]:
        assert need in by_text


def test_seed_name_matching(ner, seed_text):
    mentions = _mentions(ner, seed_text)
    kirby = {m.entity_key for m in mentions if "Kirby" in m.text}
    assert kirby == {"person:john_kirby"}
    lavrov = [m for m in mentions if m.text == "Lavrov"]
    # The NER labels the lone "Lavrov" ORG; matching to "Sergey Lavrov" makes it a PERSON.
    assert lavrov and all(
        m.label == "PERSON" and m.canonical_name == "Sergey Lavrov" for m in lavrov
    )
    us = [m for m in mentions if m.text == "U.S."]
    assert us and us[0].canonical_name == "United States"
    assert us[0].entity_key == entity_key("GPE", "United States")
    nrf = {m.canonical_name for m in mentions if m.text.endswith("National Response Force")}
    assert nrf == {"NATO National Response Force"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Secretary Blinken met Foreign Minister Sergey Lavrov in Geneva.",
            [("Blinken", "PERSON"), ("Sergey Lavrov", "PERSON"), ("Geneva", "GPE")],
        ),
        ("Troops gathered at the Ukraine-Russia border.", [("Ukraine", "GPE"), ("Russia", "GPE")]),
        (
            "Pro-Russian rebels attacked pro-Russian positions.",
            [("Russian", "NORP"), ("Russian", "NORP")],
        ),
        (
            "The United States and the European Union agreed.",
            [("United States", "GPE"), ("European Union", "ORG")],
        ),
        ("Apple's shares rose after Tim Cook spoke.", [("Apple", "ORG"), ("Tim Cook", "PERSON")]),
        (
            "The State Department said General Motors would pay.",
            [("State Department", "ORG"), ("General Motors", "ORG")],
        ),
    ],
)
def test_name_spans(ner, text, expected):
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got == expected


def test_keys_are_stable_and_readable():
    assert entity_key("PERSON", "John Kirby") == "person:john_kirby"
    assert entity_key("GPE", "U.S.") == "gpe:u_s"


# --- rules on top of the NER (flows/extract/names.py) -------------------------------------------


def _by_text(ner, text: str) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for m in _mentions(ner, text):
        assert text[m.char_start : m.char_end] == m.text
        out.setdefault(m.text, set()).add((m.label, m.canonical_name))
    return out


def test_bracketed_acronym_is_a_mention_named_by_its_expansion(ner):
    got = _by_text(
        ner,
        "The International Energy Agency (IEA) warned demand would outstrip supply. "
        "The IEA raised its estimate.",
    )
    assert got["International Energy Agency"] == {("ORG", "International Energy Agency")}
    assert got["IEA"] == {("ORG", "International Energy Agency")}


def test_acronym_takes_the_type_fixed_by_its_expansion(ner):
    got = _by_text(
        ner,
        "Kenya has gained from the African Growth and Opportunity Act (AGOA), which cut US "
        "tariffs on clothing.",
    )
    law = ("LAW", "African Growth and Opportunity Act")
    assert got["African Growth and Opportunity Act"] == {law}
    assert got["AGOA"] == {law}
    assert got["US"] == {("GPE", "United States")}


def test_acronym_split_from_the_span_and_its_later_mentions_follow(ner):
    text = (
        "Mr Brown welcomed news that Norway is joining the Global Alliance for Vaccines and "
        "Immunisation (Gavi). Britain, France, Gavi and the Gates Foundation have drawn up "
        "proposals. If Gavi could increase its funding, five million lives could be saved."
    )
    mentions = _mentions(ner, text)
    gavi = [m for m in mentions if m.text == "Gavi"]
    assert len(gavi) == 3
    assert {(m.label, m.canonical_name) for m in gavi} == {
        ("ORG", "Global Alliance for Vaccines and Immunisation")
    }
    assert ("Gates Foundation", "ORG") in {(m.text, m.label) for m in mentions}


def test_acronym_from_inner_capitals_extends_the_name(ner):
    text = (
        "Gamers have bought almost all of the first batch of Sony's new PlayStation Portable "
        "(PSP) games console. Thousands of people queued to get hold of one of the 200,000 PSPs "
        "shipped to retailers. The PSP is selling in Japan for 19,800 yen."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text) if "P" in m.text[:1]]
    assert got == [
        ("PlayStation Portable", "PRODUCT"),
        ("PSP", "PRODUCT"),
        ("PSPs", "PRODUCT"),
        ("PSP", "PRODUCT"),
    ]


def test_a_name_found_once_is_found_where_it_recurs(ner):
    text = (
        "Reuters said profits rose. Revenues at media group Reuters slipped 11% during 2004. "
        "The IEA said demand for Opec's crude would rise, as it expects from Russia, a major "
        "non-Opec supplier."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got.count(("Reuters", "ORG")) == 2
    assert got.count(("Opec", "ORG")) == 2


def test_surname_alone_after_a_title_is_the_person(ner):
    text = (
        "Science Minister Lord Sainsbury has made a £2m donation to the Labour Party. "
        "David Sainsbury said he was pleased. Labour will campaign hard, Mr Carter said."
    )
    got = _by_text(ner, text)
    assert got["Sainsbury"] == {("PERSON", "David Sainsbury")}
    assert got["David Sainsbury"] == {("PERSON", "David Sainsbury")}
    # "Labour" is the party: the longer form only adds "Party".
    assert got["Labour"] == {("ORG", "Labour Party")}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # The last word of the name fixes its type.
        (
            "Mr Brown said the Millennium Declaration had set targets.",
            "Millennium Declaration",
            "LAW",
        ),
        ("Labour gave £2m for its General Election fund.", "General Election", "EVENT"),
        ("He rejected a move to Goodison Park last week.", "Goodison Park", "FAC"),
        ("Ferguson, who moved to Lancashire in 2003, stayed.", "Lancashire", "GPE"),
        # A lower-case agreement word after a place makes a LAW ("the Minsk agreements").
        (
            "Ukraine violated the Minsk agreements guaranteeing a cease-fire.",
            "Minsk agreements",
            "LAW",
        ),
        # Context: a plural verb after a one-word name is a team or a firm.
        ("Blackburn have rejected a third bid from Rangers.", "Blackburn", "ORG"),
        # Context: an organisation noun in apposition.
        ("Problems for beleaguered Russian oil giant Yukos have grown.", "Yukos", "ORG"),
        # Context: a name after "the" and before a function word is not a person.
        ("Four suits worn by the Beatles on their album cover have sold.", "Beatles", "ORG"),
        # Political group words the model misses.
        (
            "Meanwhile, Conservative shadow foreign secretary Michael Ancram said it was clear.",
            "Conservative",
            "NORP",
        ),
    ],
)
def test_type_rules(ner, text, name, label):
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert (name, label) in got, got


def test_list_items_are_split_and_share_a_type(ner):
    text = (
        "Star Trek: Enterprise began in 2001 following other Star Trek spin-off series "
        "The Next Generation, Deep Space Nine and Voyager."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got[-3:] == [
        ("Next Generation", "WORK_OF_ART"),
        ("Deep Space Nine", "WORK_OF_ART"),
        ("Voyager", "WORK_OF_ART"),
    ]


def test_name_cut_before_a_clause(ner):
    text = (
        "But some of Elvis Presley's earliest recordings - including takes of All Shook Up - "
        "failed to sell at the two-day sale."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert ("Elvis Presley", "PERSON") in got
    assert any(t == "All Shook Up" for t, _ in got), got


def test_one_label_per_name_first_mention_breaks_ties(ner):
    text = (
        "Mark Lewis-Francis has stepped up his preparations with former coach Linford Christie. "
        "He has been helped by Linford Christie, who won gold in 1992."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text) if m.text == "Linford Christie"]
    assert got == [("Linford Christie", "PERSON")] * 2


def test_surname_mislabelled_as_a_place_follows_the_full_name(ner):
    text = (
        'Lindsay Davenport has put any talk of retirement on hold. "I want to win Grand Slams '
        'again," said Davenport. Davenport has won three Grand Slams.'
    )
    got = {(m.text, m.label, m.canonical_name) for m in _mentions(ner, text) if "Daven" in m.text}
    assert got == {
        ("Lindsay Davenport", "PERSON", "Lindsay Davenport"),
        ("Davenport", "PERSON", "Lindsay Davenport"),
    }


def test_canonical_names(ner):
    got = _by_text(
        ner,
        "EBay stock fell after the results. Analysts said eBay faces rivals in Britain.",
    )
    assert {c for _, c in got["EBay"]} == {"eBay"}
    assert got["Britain"] == {("GPE", "United Kingdom")}


def test_titles_alone_and_numbers_are_not_names(ner):
    text = "His words came as Cardinal Cormac Murphy O'Connor spoke. The Cardinal mentioned it."
    got = [m.text for m in _mentions(ner, text)]
    assert "Cardinal" not in got


@pytest.mark.xfail(
    reason="spaCy's small model tags no entity in 'Wall Street had expected more' and the rules "
    "add names only where the NER found them once",
    strict=True,
)
def test_known_miss_untagged_name(ner):
    text = "Net profit rose to $205m, from $142m a year earlier, Wall Street had expected more."
    assert ("Wall Street", "ORG") in {(m.text, m.label) for m in _mentions(ner, text)}


@pytest.mark.xfail(
    reason="two names joined by 'and' are kept apart (Britain and France); the one firm "
    "'Bonhams and Butterfields' would need a list of auction houses",
    strict=True,
)
def test_known_miss_name_with_and(ner):
    text = "Recordings failed to sell at the Bonhams and Butterfields two-day sale."
    got = [m.text for m in _mentions(ner, text)]
    assert got == ["Bonhams and Butterfields"]


def test_names_word_lists_are_pure():
    assert names.acronym_matches("PSP", ["PlayStation", "Portable"])
    assert names.acronym_matches("Gavi", "Global Alliance for Vaccines and Immunisation".split())
    assert not names.acronym_matches("IEA", ["Energy", "Agency"])
    assert names.head_label("Millennium Declaration", "EVENT") == "LAW"
    assert names.head_label("Second Amendment", "WORK_OF_ART") == "LAW"  # the US constitution's
    assert names.head_label("Institute for Fiscal Studies", "GPE") == "ORG"
    assert names.head_label("Park", "GPE") is None
    text = "the giant US budget deficit"
    assert names.context_label(text, 10, 12, "GPE") is None


@pytest.mark.parametrize(
    "text",
    [
        "Marks & Spencer and Marks met Spencer; Tesco-Asda, non-Tesco and TescoPlus at Tesco.",
        "New York Times reporters in New York and York said the Times of India was cited.",
        "Labour Party and Labour; Labourites; the Liberal Democrats and Democrats.",
    ],
)
def test_recurring_names_found_as_the_whole_word_regex_does(text):
    """_occurrences (str.find per name) matches the regex it replaced, boundaries and the longest
    name at a position included."""
    import re

    from flows.extract.entities import _occurrences

    names = [
        "Marks & Spencer", "Marks", "Spencer", "Tesco", "New York Times", "New York", "York",
        "Times", "Labour Party", "Labour", "Liberal Democrats", "Democrats",
    ]  # fmt: skip
    longest_first = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(?:" + "|".join(map(re.escape, longest_first)) + r")(?![\w&])")
    assert _occurrences(text, names) == [m.span() for m in pattern.finditer(text)]


def test_a_given_name_makes_a_person_whatever_the_model_said(ner):
    # reuters_06e5123e (dev): the model calls the founder ORG five times; "Adam" is a given
    # name in Faker's lists, so he is a person, and so is his surname alone.
    text = (
        "One of the issues is whether WeWork’s founder and former CEO, Adam Neumann, indulged in"
        " self-dealing.\n\nNeumann bought properties that he then leased back. Neumann had"
        " resigned as CEO the previous week. A spokeswoman for Neumann declined to comment."
        " SoftBank paid $1 billion for some of Neumann’s shares."
    )
    got = {(m.text, m.label, m.canonical_name) for m in _mentions(ner, text) if "Neu" in m.text}
    assert got == {
        ("Adam Neumann", "PERSON", "Adam Neumann"),
        ("Neumann", "PERSON", "Adam Neumann"),
    }
    got = _by_text(ner, "SoftBank’s Marcelo Claure will lead the company.")
    assert got["Marcelo Claure"] == {("PERSON", "Marcelo Claure")}  # the model: FAC


@pytest.mark.parametrize(
    "text",
    [
        # Firms named after people: written in full again and again, never by a surname alone,
        # or going on as a firm's name.
        "Morgan Stanley raised its forecast. Morgan Stanley said demand was strong. Analysts"
        " at Morgan Stanley expect more.",
        "Shares of Eli Lilly and Co rose. Eli Lilly said sales grew.",
    ],
)
def test_a_firm_named_after_a_person_stays_a_firm(ner, text):
    assert {label for m in _mentions(ner, text) for label in [m.label]} == {"ORG"}


def test_given_names_lexicon():
    from flows.extract.given_names import gender_of, is_given_name

    assert [gender_of(n) for n in ("Megan", "Kevin", "Helmut", "Luz")] == ["f", "m", "m", "f"]
    assert gender_of("Jordan") is None  # given to both
    assert is_given_name("Marcelo") and is_given_name("Mark") and is_given_name("Victoria")
    # English words that one locale's list has as a name, and words of a date or a sentence
    for word in ("London", "Golden", "Royal", "May", "Will", "June"):
        assert not is_given_name(word), word


def test_surname_org_labels_do_not_outvote_a_full_name_with_a_given_name():
    # cbsnews_7a664e40 (dev): "Kurt Volker" once, then "Volker" labelled ORG eight times by the
    # model; a full name without a given name ("Glasgow Rangers" taken for a person) still
    # loses to many ORG labels on its last word.
    from flows.extract.entities import _GIVEN, _NER, _entity_label, _Span

    volker = [("Kurt Volker", _Span(0, 11, "PERSON", _GIVEN))]
    volker += [("Volker", _Span(20 * i, 20 * i + 6, "ORG", _NER)) for i in range(1, 9)]
    assert _entity_label("Kurt Volker", volker) == "PERSON"
    rangers = [("Glasgow Rangers", _Span(0, 15, "PERSON", _NER))]
    rangers += [("Rangers", _Span(20 * i, 20 * i + 7, "ORG", _NER)) for i in range(1, 6)]
    assert _entity_label("Glasgow Rangers", rangers) == "ORG"


def test_person_name_spans_lose_a_heading_verb_and_a_role_word(ner):
    # cbsnews_7a664e40 (dev): a heading "Questioning Vindman's judgment" is not a first name.
    text = (
        "Morrison raised concerns about Alexander Vindman.\n\n4. Questioning Vindman's"
        " judgment\n\nVindman denied it."
    )
    got = {(m.text, m.canonical_name) for m in _mentions(ner, text) if "Vindman" in m.text}
    assert got == {("Alexander Vindman", "Alexander Vindman"), ("Vindman", "Alexander Vindman")}
    from flows.extract.entities import _person_start

    # entertainment_311 (dev): the NER's "Horses star David Jason".
    text = "Only Fools and Horses star David Jason said"
    start = _person_start(text, text.index("Horses"), text.index(" said"))
    assert text[start : text.index(" said")] == "David Jason"
    text = "Inter coach Luigi del Neri said"
    assert _person_start(text, 12, 26) == 12


def test_two_names_cut_at_and_are_one_when_its_acronym_is_used(ner):
    # nbcnews_abd9d629 (dev): the model cuts "Customs and Border Protection" at "and".
    text = (
        "The San Ysidro, California, Customs and Border Protection processing facility.\n\n"
        "Customs and Border Protection, part of Homeland Security, did not answer. CBP said it"
        " follows the rules."
    )
    got = {(m.text, m.canonical_name) for m in _mentions(ner, text) if m.label == "ORG"}
    assert ("CBP", "Customs and Border Protection") in got
    assert not {t for t, _ in got} & {"Customs", "Border Protection"}
    got = _by_text(ner, "The Homeland Security Department and the Department of Homeland Security")
    assert got["Homeland Security Department"] == {("ORG", "Department of Homeland Security")}


@pytest.mark.parametrize(
    ("text", "span", "label", "pieces"),
    [
        # The possessor is an acronym: two names (thehill, web page outside the gold).
        (
            "a report by NASA’s Office of the Inspector General found",
            "NASA’s Office of the Inspector General",
            "ORG",
            ["NASA’s", "Office of the Inspector General"],
        ),
        # The possessor is named alone elsewhere in the article (BBC entertainment).
        (
            "The gig moves from Gateshead's Sage Centre. Fans in Gateshead cheered.",
            "Gateshead's Sage Centre",
            "ORG",
            ["Gateshead's", "Sage Centre"],
        ),
        # One name with a possessive inside: never named alone.
        (
            "They met on Martha’s Vineyard in May.",
            "Martha’s Vineyard",
            "ORG",
            ["Martha’s Vineyard"],
        ),
        ("It ran in People’s Daily on Monday.", "People’s Daily", "ORG", ["People’s Daily"]),
        # A number after the possessive is no name (usatoday, dev).
        ("Holcomb’s 2016 campaign", "Holcomb’s 2016", "PERSON", ["Holcomb’s", "2016"]),
        # Titles keep theirs.
        (
            "He read Gulliver's Travels twice.",
            "Gulliver's Travels",
            "WORK_OF_ART",
            ["Gulliver's Travels"],
        ),
    ],
)
def test_a_possessive_inside_a_span_splits_it_when_the_possessor_is_a_name(
    text, span, label, pieces
):
    from flows.extract.entities import _pieces

    start = text.index(span)
    got = [text[a:b].strip() for a, b in _pieces(text, start, start + len(span), label)]
    assert got == pieces


@pytest.mark.parametrize(
    ("span", "label", "name"),
    [
        # The model ran on into the clause or a match report (dev and outside articles).
        ("Associated Press that", "ORG", "Associated Press"),
        ("iPad Pro and", "ORG", "iPad Pro"),
        ("Zabul province", "GPE", "Zabul"),
        ("Greg Rusedski 4", "PERSON", "Greg Rusedski"),
        ("Aiden Haig 1 goal", "PERSON", "Aiden Haig"),
        # Lower-case words inside a name stay; a title may end in any word.
        ("Bank of England", "ORG", "Bank of England"),
        ("Gone with the Wind", "WORK_OF_ART", "Gone with the Wind"),
        ("Stars on", "WORK_OF_ART", "Stars on"),
    ],
)
def test_a_name_ends_with_a_name_word(span, label, name):
    from flows.extract.entities import _strip_name

    a, b = _strip_name(span, 0, len(span), label)
    assert span[a:b] == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Wire datelines of four publishers in the dev split (AP, Reuters via AG News, AFP).
        (
            "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper arrived on Wednesday.",
            [("HANOI", "GPE"), ("Vietnam", "GPE"), ("AP", "ORG")],
        ),
        (
            "CHICAGO (Reuters) - U.S. regulators warned on Friday.",
            [("CHICAGO", "GPE"), ("Reuters", "ORG")],
        ),
        ("NEW DELHI: Their American dream shattered.", [("NEW DELHI", "GPE")]),
        (
            "BUFFALO, N.Y. — Hours before the game, the coach spoke.",
            [("BUFFALO", "GPE"), ("N.Y.", "GPE")],
        ),
        ("AFP - A French national was shot dead.", [("AFP", "ORG")]),
        # A kicker is no place.
        ("BREAKING: The Fed cut rates.", []),
    ],
)
def test_a_dateline_names_its_place_and_agency(ner, text, expected):
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got[: len(expected)] == expected
    assert all(m not in got[len(expected) :] for m in [("BREAKING", "GPE")])


def test_a_dateline_agency_is_known_however_it_is_capitalised(ner):
    """flows.lexicon.NEWS_AGENCIES is lower case: "(Tass)" as well as "TASS -"."""
    got = [(m.text, m.label) for m in _mentions(ner, "MOSCOW (Tass) - The talks ended.")]
    assert got[:2] == [("MOSCOW", "GPE"), ("Tass", "ORG")]


def test_a_given_name_before_a_surname_taken_for_a_firm_makes_the_full_name(ner):
    """The model tags only a surname, as ORG, of a name it sees once at a line's start; the
    given name before it makes it a person's full name (BBC sport, outside the gold)."""
    text = "Igor Biscan scored twice. Liverpool's manager praised Biscan after the match."
    names = _by_text(ner, text)
    assert ("PERSON", "Igor Biscan") in names.get("Igor Biscan", set()), names


# --- evidence beyond the model's guess: places (issue 15, item 1) ---------------------------------


def _labels_of(ner, text: str, name: str) -> list[str]:
    return [m.label for m in _mentions(ner, text) if m.text == name]


def test_a_place_noun_outweighs_every_repeat_of_the_models_label(ner):
    # Polygraph.info (dev gold): the model calls the camp ORG and the base PERSON in every
    # sentence; "the X camp", "the X base" and "in X" say they are places (LOC in the gold).
    text = (
        "Sources in the Rukban camp told reporters the claims were false. The Rukban camp is "
        "located in the desert. Jordan blocked the Rukban crossing point. Aid to Rukban has "
        "stopped, and Rukban residents are hungry.\n\n"
        "Russia accused U.S. forces in southern Syria’s al-Tanf of controlling bandit "
        "formations.\n\nThe al-Tanf base\n\nThe U.S. will keep its military base in al-Tanf "
        "after American troops leave Syria. About 150 military personnel are believed to remain "
        "at the al-Tanf base."
    )
    assert set(_labels_of(ner, text, "Rukban")) == {"LOC"}
    assert set(_labels_of(ner, text, "al-Tanf")) == {"LOC"}


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # CBS (dev gold): "Kyiv" PERSON; a national capital named alone is a place.
        ("Kurt Volker, former special envoy to Kyiv, and Tim Morrison testified.", "Kyiv", "GPE"),
        # Reuters (dev gold): "Kobe" PERSON in a list of ports; a city of a million people.
        (
            "Officials at the ports of Tokyo, Osaka, Yokohama and Kobe had begun barring "
            "counterfeit footwear.",
            "Kobe",
            "GPE",
        ),
        # AP (unannotated): "Nepal" PERSON before a possessive.
        (
            "Protesters kept most vehicles off roads leading to Nepal's capital for a second day.",
            "Nepal",
            "GPE",
        ),
        # BBC (dev gold): "Woking" PERSON after "in".
        (
            '"Going to Pizza Express in Woking is an unusual thing for me to do," he said.',
            "Woking",
            "GPE",
        ),
    ],
)
def test_the_gazetteer_and_a_locative_cue_make_a_place(ner, text, name, label):
    assert _labels_of(ner, text, name) == [label]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A person's surname that is also a city stays the person's (and never a place).
        ("Lindsay Davenport won. Davenport said she was tired.", "Davenport", "PERSON"),
        # A common family name that is a big city: no evidence against a person.
        ("Houston said he would not run again, Houston told reporters.", "Houston", None),
        # A group word before "-based" is no place ("Turkish-based carrier SunExpress").
        ("It bought jets from Turkish-based carrier SunExpress.", "Turkish", "NORP"),
    ],
)
def test_place_evidence_does_not_misfire(ner, text, name, label):
    got = _labels_of(ner, text, name)
    assert got and "GPE" not in got, got
    assert label is None or label in got, got


# --- organisations: tickers and team or firm nouns (issue 15, items 1-2) -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reuters-21578 (dev gold): the model took the ticker for a person.
        (
            "Other banks followed the decision by Chemical New York Corp <CHL> and others to "
            "lower their prime rate.",
            {("Chemical New York Corp", "ORG"), ("CHL", "ORG")},
        ),
        # Reuters-21578 (unannotated): a ticker with its exchange suffix.
        (
            "Cooper Basin oil producer Santos Ltd <STOS.S> said it will bid 4.00 dlrs a share.",
            {("Santos Ltd", "ORG"), ("STOS.S", "ORG")},
        ),
        # Barron's (dev gold): "(ticker: HD)".
        (
            "Home Depot (ticker: HD) reported $2.53 in per-share earnings for the third quarter.",
            {("Home Depot", "ORG"), ("HD", "ORG")},
        ),
    ],
)
def test_a_ticker_is_an_organisation_and_makes_its_company_one(ner, text, expected):
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert expected <= got, got
    ticker = next(
        m for m in _mentions(ner, text) if m.text in {t for t, _ in expected} and m.text.isupper()
    )
    assert ticker.canonical_name != ticker.text  # named by its company


def test_a_bare_bracketed_ticker_needs_a_stock_word_after_it(ner):
    text = "Still, the stock has slid, and peer Lowe’s (LOW) stock is off too, down 1.8%."
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert ("LOW", "ORG") in got and ("Lowe", "PERSON") not in got, got
    assert "LOW" not in {m.text for m in _mentions(ner, "Prices stayed (LOW) all year.")}


def test_a_team_noun_outweighs_the_models_repeated_label(ner):
    # AP (dev gold): the Minnesota Wild are LOC to the model in every sentence but one.
    text = (
        "Before Zach Parise’s two-goal performance Tuesday, Wild coach Bruce Boudreau expressed "
        "confidence. Boudreau spoke before the Wild’s 4-1 win over the Sabres. The two goals "
        "gave the Wild a commanding lead. Wild defenseman Ryan Suter joked about it."
    )
    assert set(_labels_of(ner, text, "Wild")) == {"ORG"}


def test_a_name_tagged_whole_once_is_found_whole_where_the_model_tagged_a_part(ner):
    # VOA (dev gold): "Islamic State" ORG once, then "Islamic" NORP where it recurs.
    text = (
        "The camp has become a haven for Islamic State fighters, officials said. Before the "
        "Islamic State group was defeated, Islamic State militants attacked the base."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text) if "Islamic" in m.text]
    assert got and set(got) == {("Islamic State", "ORG")}, got


def test_a_clause_the_model_ran_into_swallows_no_other_name(ner):
    from flows.extract.entities import _clean_name

    assert _clean_name("Islamic State") and _clean_name("Thunderbolt 3")
    assert _clean_name("Bank of England")
    assert not _clean_name("Pokemon Sword and") and not _clean_name("Pre-Workout Meal\n\nEat")
    assert not _clean_name("2016 MacBook Pro") and not _clean_name("Islamic")


def test_a_surname_the_model_read_as_a_date_makes_a_persons_name(ner):
    # VOA (dev gold): "Weeks" DATE in every sentence; after a given name it is a surname.
    text = (
        "The Taliban freed American Kevin King and Australian Timothy Weeks, both professors. "
        "King and Weeks were abducted by gunmen in 2016."
    )
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert ("Timothy Weeks", "PERSON") in got, got
    assert ("Weeks", "PERSON") in got, got
    # A month or a number is never a name.
    assert not {m.text for m in _mentions(ner, "Police said Tom Jones died on June 5.")} & {
        "Tom Jones June",
        "June",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The Hill and AP (dev gold): a legislator's party and state.
        (
            "A man accused of threatening to kill U.S. Rep. Ilhan Omar, D-Minn., in March pleaded "
            "guilty.",
            {("D", "NORP"), ("Minn.", "GPE")},
        ),
        (
            "He spoke with Sen. Chuck Schumer (D-N.Y.) shortly after.",
            {("D", "NORP"), ("N.Y.", "GPE")},
        ),
        ("Sen. Ted Cruz (R-Texas) objected.", {("R", "NORP"), ("Texas", "GPE")}),
    ],
)
def test_a_legislators_party_and_state(ner, text, expected):
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert expected <= got, got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # CNBC (dev gold): the model saw no name in "Beauty company Coty".
        ("Beauty company Coty is breaking out. Coty acquired a 51% stake.", "Coty"),
        # BBC (unannotated): "medical technology firm Guidant", "net domain giant Verisign".
        ("J&J has agreed to buy medical technology firm Guidant for $25.4bn.", "Guidant"),
        # Vox (dev gold): a group's name with "for" inside it.
        (
            "Medical professionals, including members of a recently formed group Doctors for "
            "Camp Closure, D4CC, have offered to stage a mobile flu vaccine clinic.",
            "Doctors for Camp Closure",
        ),
    ],
)
def test_an_organisation_named_after_the_noun_that_says_so(ner, text, name):
    assert set(_labels_of(ner, text, name)) == {"ORG"}


def test_an_organisation_noun_does_not_reach_across_a_line(ner):
    text = "BBC1, Five Live and this website\n\nVictory for the Azzurri in Rome last week."
    assert "ORG" not in _labels_of(ner, text, "Victory")


def test_an_organisation_noun_completes_the_part_the_model_tagged(ner):
    text = "Members of a recently formed group Doctors for Camp Closure have offered help."
    assert _labels_of(ner, text, "Doctors for Camp Closure") == ["ORG"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Reuters-21578 (dev gold): the firm is PERSON to the model.
        ("P.H. Glatfelter said its board increased the quarterly dividend.", "P.H. Glatfelter"),
        # BBC (dev gold): a party PERSON in every sentence.
        (
            'The Liberal Democrats challenge Labour in its heartlands, he said. "Labour is '
            'counting on the politics of fear," he said.',
            "Labour",
        ),
        # BBC (unannotated).
        ("GlaxoSmithKline saw its profits fall 9% last year.", "GlaxoSmithKline"),
    ],
)
def test_a_name_the_article_calls_its_is_no_person(ner, text, name):
    got = _labels_of(ner, text, name)
    assert got and set(got) == {"ORG"}, got


def test_its_after_a_persons_full_name_belongs_to_something_else(ner):
    text = "The report angered the minister. Immigration minister Des Browne quoted its figures."
    assert "ORG" not in _labels_of(ner, text, "Des Browne")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # BBC (unannotated): festivals and award ceremonies are events (OntoNotes).
        (
            "A film about a paedophile won top honours at the London Film Festival on Thursday.",
            "London Film Festival",
            "EVENT",
        ),
        ("This year's Academy Awards will be handed out in Hollywood.", "Academy Awards", "EVENT"),
        # BBC (unannotated): a ground taken for its club.
        ("It is a real problem for Wednesday's match at Villa Park.", "Villa Park", "FAC"),
    ],
)
def test_a_festival_is_an_event_and_a_ground_a_facility(ner, text, name, label):
    assert _labels_of(ner, text, name) == [label]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Amsterdam Light Festival page (unannotated): PERSON to the model.
        ("With Optilli, Balmond Studio creates an optical illusion.", "Balmond Studio"),
        ("Balmond Studio (United Kingdom) has become a regular.", "Balmond Studio"),
    ],
)
def test_a_firms_last_word_outweighs_a_place_or_person_label(ner, text, name):
    got = _labels_of(ner, text, name)
    assert got and set(got) == {"ORG"}, got


def test_a_place_or_person_ending_in_a_firm_word_stays(ner):
    assert "ORG" not in _labels_of(ner, "Rob Da Bank will host the show.", "Rob Da Bank")
    assert _labels_of(ner, "Settlers moved into the West Bank.", "West Bank") == ["GPE"]


def test_a_group_word_is_never_a_person_nor_anyones_surname(ner):
    # Vox (unannotated): "Virginia Democrats" PERSON made every later "Democrats" its surname.
    text = (
        "Instead, they did the opposite. Virginia Democrats won a legislative majority. "
        "Kentucky Democrats beat the incumbent governor. Democrats in Mississippi made gains. "
        "It is true that Democrats didn’t run on the issue."
    )
    got = {(m.text, m.label) for m in _mentions(ner, text) if "Democrat" in m.text}
    assert got and {label for _, label in got} == {"NORP"}, got


def test_a_singular_group_word_after_a_given_name_is_a_surname(ner):
    # BBC politics (unannotated, two articles): the group-word rule made her NORP, and her
    # statements lost their speaker.
    text = (
        "The campaign was backed by human rights lawyer Louise Christian. "
        "Ms Christian said the detainees had been held without charge."
    )
    got = _labels_of(ner, text, "Louise Christian")
    assert got and "NORP" not in got, got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Reuters (unannotated): GPE to the model in every sentence; not in the gazetteer.
        (
            "Alibaba is set to raise up to $12.9bn. An Alibaba spokesperson declined to comment. "
            "Alibaba shares closed in New York on Tuesday.",
            "Alibaba",
        ),
        # Press release (unannotated): an appositive says what it is.
        ("Ivan served as the CEO of Hipcricket, a mobile marketing company.", "Hipcricket"),
        # BBC (unannotated): PERSON to the model.
        (
            "They failed to disclose payments to Air Shamrock, an airline owned by him.",
            "Air Shamrock",
        ),
        # Barron's (dev gold): GPE to the model; not in the gazetteer.
        (
            "In a research report early Tuesday, Jefferies analyst Jonathan Matuszewski said the "
            "market is misinterpreting the results.",
            "Jefferies",
        ),
    ],
)
def test_the_articles_words_make_an_organisation_of_a_person_or_unknown_place(ner, text, name):
    got = _labels_of(ner, text, name)
    assert got and set(got) == {"ORG"}, got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # BBC (unannotated): ", the company has written" is the next clause's subject.
        ("At Gatwick, the company has written to residents.", "Gatwick"),
        # A known place takes "its" too.
        ("China said its economy grew 6% last year.", "China"),
    ],
)
def test_organisation_evidence_does_not_misfire(ner, text, name):
    assert "ORG" not in _labels_of(ner, text, name)


def test_a_unit_after_a_number_is_no_name(ner):
    text = "That cranks out 300 kW of power, and there will be 150 kW fast charging."
    assert "kW" not in {m.text for m in _mentions(ner, text)}


def test_a_party_named_by_an_adjective_and_a_group_word_is_an_organisation(ner):
    # BBC (dev gold): "Liberal Democrats" NORP to the model, ORG in the gold; the party's
    # members after a place stay NORP.
    text = (
        "The Liberal Democrats challenge Labour in its heartlands, he said. Kentucky Democrats "
        "beat the incumbent governor."
    )
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert ("Liberal Democrats", "ORG") in got, got
    assert ("Democrats", "NORP") in got or ("Kentucky Democrats", "NORP") in got, got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # AppleInsider (unannotated): ORG to the model in some forty sentences of one review.
        (
            "Just months after the last i9 MacBook Pro was released, Apple has unveiled its "
            "16-inch MacBook Pro.",
            "MacBook Pro",
        ),
        # CNET (unannotated): NORP to the model.
        (
            "That means the Stadia controller connecting to Google's servers over wifi, and a "
            "Chromecast Ultra plugged into the back of my TV doing the same.",
            "Chromecast Ultra",
        ),
        # BBC business (dev gold): a brand and a model code.
        (
            "While in the US drivers tend to prefer sports utility vehicles (SUVs), such as the "
            "BMW X5 and its sibling X3, in Europe demand for crossover vehicles is likely to be "
            "considerable, Mr Panke said.",
            "BMW X5",
        ),
        # AP (dev gold): a streaming service's "+", ORG to the model.
        (
            "Walt Disney Co. executive Kevin Mayer said a glitch led to widespread problems last "
            "week when the Burbank entertainment giant launched Disney+.",
            "Disney+",
        ),
    ],
)
def test_a_products_own_words_outweigh_its_makers_label(ner, text, name):
    got = _labels_of(ner, text, name)
    assert got and set(got) == {"PRODUCT"}, got


def test_a_firm_is_no_product_for_its_number(ner):
    # A number alone ends firms' names too (BBC entertainment, unannotated).
    text = (
        "The debut of US television hit Desperate Housewives has helped lift Channel 4's January "
        "audience share by 12% compared to last year."
    )
    got = _labels_of(ner, text, "Channel 4")
    assert "PRODUCT" not in got, got


def test_no_name_crosses_a_paragraph_break(ner):
    # CNET shopping list (unannotated): the model ran "Amazon" into the next paragraph's first
    # word, "Amazon\n\nSince".
    text = (
        "Apple AirPods Pro for $235\n\n- See it now: Amazon\n\nSince the AirPods first launched "
        "in 2016, users and critics alike have been asking for noise cancellation."
    )
    mentions = _mentions(ner, text)
    assert all("\n" not in m.text for m in mentions), [m.text for m in mentions]
    assert "Amazon" in {m.text for m in mentions}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # Healthline (unannotated): ORG to the model.
        (
            "6. Eat more fiber\n\nFiber moves slowly through your digestive tract, keeping you "
            "feeling full longer (16).\n\nSome research suggests that increasing fiber intake "
            "could cut cravings.",
            "Fiber",
        ),
    ],
)
def test_a_common_word_opening_a_sentence_is_no_name(ner, text, word):
    assert word not in {m.text for m in _mentions(ner, text)}


def test_a_common_word_the_text_also_names_inside_a_sentence_stays(ner):
    # BBC tech (dev gold): "a yahoo" in lower case, but "to fund Yahoo" is the firm's name.
    text = (
        "Yahoo, one of the net's most iconic companies, is celebrating its 10th anniversary this "
        "week. The founders liked the dictionary definition of a yahoo as a rude, unsophisticated, "
        "uncouth person. In April 1995 they persuaded venture capitalists Sequoia Capital to fund "
        "Yahoo to the tune of $2m."
    )
    got = [m for m in _mentions(ner, text) if m.text == "Yahoo"]
    assert len(got) == 2, got


@pytest.mark.parametrize(
    ("text", "owner", "owned"),
    [
        # Polygraph.info (dev gold): one ORG span across the possessive.
        (
            "Charles Simpson, program administrator for the Refugees in Towns Project at Tufts "
            "University’s Feinstein International Center, told Polygraph.info the Russian "
            "Defense Ministry’s allegations are false.",
            "Tufts University",
            "Feinstein International Center",
        ),
        # AP (dev gold).
        (
            "Mayer, Disney’s chairman of direct-to-consumer and international, said Tuesday at "
            "the Vox Media’s Code Media conference in Hollywood.",
            "Vox Media",
            "Code Media",
        ),
    ],
)
def test_an_organisations_possessive_splits_two_names(ner, text, owner, owned):
    got = {m.text for m in _mentions(ner, text)}
    assert {owner, owned} <= got, got


# --- issue 15: error classes found on unannotated corpora text ---------------------------------


def test_a_match_score_is_no_part_of_a_players_name(ner):
    text = "Moya made up for it by beating Roddick 6-2 7-6 in Seville."
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert ("Roddick", "PERSON") in got, got
    assert not any("6-2" in t for t, _ in got), got


def test_a_name_in_angle_brackets_is_a_firm(ner):
    # Reuters' convention: "<Matra>", which the model took for a person.
    text = (
        "The bid came from French defence electronics group <Matra>, which would hold 40 pct, "
        "and construction group <Bouygues>. Matra has already acquired a stake."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got.count(("Matra", "ORG")) == 2, got
    assert ("Bouygues", "ORG") in got, got


def test_a_nationality_or_country_before_a_persons_name_is_a_name_of_its_own(ner):
    text = (
        "Hungarian compatriots Annus and Fazelas both refused to give samples while Russian "
        "Korzhanenko tested positive. Russian officials were angry."
    )
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert ("Korzhanenko", "PERSON") in got and got.count(("Russian", "NORP")) == 2, got
    text = "Former U.S. ambassador to Ukraine Marie Yovanovitch testified on Friday."
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert ("Ukraine", "GPE") in got and ("Marie Yovanovitch", "PERSON") in got, got


def test_a_towns_team_takes_a_plural_verb_or_a_managers_noun(ner):
    text = (
        "The Gunners travel north on Wednesday. Newcastle are languishing in the bottom half. "
        "Sherwood was named as Tottenham's manager."
    )
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert {("Newcastle", "ORG"), ("Tottenham", "ORG")} <= got, got
    assert names.team_cue("England are out.", 0, 7)  # the cue; the country keeps GPE
    assert not names.team_cue("Britain and France are", 12, 18)
    # A place after a preposition is no subject: "life off Earth are", "cities like Beijing have".
    text = "Sustaining life off Earth are hard tasks. Chinese cities like Beijing have cut smog."
    got = {(m.text, m.label) for m in _mentions(ner, text)}
    assert {("Earth", "LOC"), ("Beijing", "GPE")} <= got, got


def test_a_firms_short_name_joins_its_full_name_whatever_the_model_said(ner):
    text = (
        "Consul Restaurant Corp said it began an exchange offer. Consul officials told an "
        "analysts meeting that Consul would report a loss."
    )
    got = [(m.text, m.label, m.canonical_name) for m in _mentions(ner, text)]
    assert got.count(("Consul", "ORG", "Consul Restaurant Corp")) == 2, got


def test_a_title_case_heading_ends_a_name_at_its_verb(ner):
    text = "Stadia Is Essentially A Beta Version. Google launched Stadia on Tuesday."
    got = [(m.text, m.label) for m in _mentions(ner, text)]
    assert got[0] == ("Stadia", "ORG"), got


def test_a_news_outlet_is_no_work():
    text = "Pires told the Evening Standard that he would stay."
    start = text.index("Evening")
    end = start + len("Evening Standard")
    assert names.context_label(text, start, end, "WORK_OF_ART") == "ORG"
    text = "It was published in the journal Nature Astronomy on Monday."
    start = text.index("Nature")
    assert names.context_label(text, start, start + 16, "WORK_OF_ART") == "ORG"
    text = "The Wrap’s report claims that Pine will return."
    assert names.context_label(text, 4, 8, "WORK_OF_ART") == "ORG"
    text = "They watched Star Wars on Monday."
    assert names.context_label(text, 13, 22, "WORK_OF_ART") is None


def test_a_given_name_alone_is_the_one_person_it_begins(ner):
    text = (
        "Liverpool boss Rafael Benitez defended goalkeeper Jerzy Dudek after the draw. Benitez "
        'said: "It was difficult for Jerzy. It was an unlucky moment."'
    )
    got = [(m.text, m.label, m.canonical_name) for m in _mentions(ner, text)]
    assert ("Jerzy", "PERSON", "Jerzy Dudek") in got, got


def test_a_name_wrapped_over_two_lines_has_its_canonical_name_on_one(ner):
    text = (
        "The talks between the two sides will resume in Washington next week, officials of the\n"
        "United\nStates and Brazil said on Friday."
    )
    wrapped = [m for m in _mentions(ner, text) if m.text == "United\nStates"]
    assert wrapped and all(m.canonical_name == "United States" for m in wrapped)


# --- issue 15: the model's place labels that nothing in the document supports --------------------


def _labels(ner, text: str) -> dict[str, set[str]]:
    return {name: {label for label, _ in found} for name, found in _by_text(ner, text).items()}


def test_a_place_the_gazetteer_and_the_text_do_not_support_is_a_firm(ner):
    text = (
        "Analysts expect Netflix to gain subscribers, and Lucasfilm said it would move. "
        "Netflix is big."
    )
    got = _labels(ner, text)
    assert got["Netflix"] == {"ORG"} and got["Lucasfilm"] == {"ORG"}, got


def test_a_place_the_text_supports_stays_a_place(ner):
    # Unknown to the gazetteer (towns under 15,000 people), written as places are.
    got = _labels(ner, "The concert moves to Bristow, VA and then plays in Uncasville next week.")
    assert got["Bristow"] == {"GPE"} and got["VA"] == {"GPE"}, got


def test_an_unsupported_place_shaped_like_a_person_or_a_demonym(ner):
    got = _labels(ner, "An attack on a Kuwaiti port damaged a ship in Kuwaiti waters.")
    assert got["Kuwaiti"] == {"NORP"}, got
    got = _labels(ner, "He lives in Greenville with Sheryl Crow.")
    assert got["Greenville"] == {"GPE"} and got["Sheryl Crow"] == {"PERSON"}, got


def test_lower_case_words_before_a_name_are_no_part_of_it(ner):
    got = _labels(ner, "Compared with the last one, this Six Nations was a mess for Wales.")
    assert "Six Nations" in got and not any(n.startswith("this") for n in got), got


def test_a_plural_name_after_the_is_a_team_not_people_or_products(ner):
    text = (
        "The Lakers beat the Clippers. Lakers coach Frank Vogel said the Lakers were tired. "
        "Browns DL Sheldon Richardson said Pittsburgh quarterback Mason Rudolph started it, as "
        "the Browns know."
    )
    got = _labels(ner, text)
    assert got["Lakers"] == {"ORG"} and got["Clippers"] == {"ORG"}, got
    assert got["Browns"] == {"ORG"} and got["Sheldon Richardson"] == {"PERSON"}, got
    assert got["Pittsburgh"] == {"ORG"}, got  # a team's position after a city
    got = _labels(ner, "They joined the Bidens with Joe Biden, and the Williams sisters played.")
    assert got["Bidens"] == {"PERSON"} and got["Williams"] == {"PERSON"}, got


def test_a_country_or_capital_the_model_called_an_organisation_is_a_place(ner):
    from flows.extract.entities import _Span, _type_rules

    text = "Moscow said it would respond, and Chelsea said nothing."
    spans = [_Span(0, 6, "ORG"), _Span(34, 41, "ORG")]
    _type_rules(text, spans)
    assert [s.label for s in spans] == ["GPE", "ORG"]
    got = _labels(ner, "Its neighbour and solar giant, South Korea, is seeing strong demand.")
    assert got["South Korea"] == {"GPE"}, got


def test_a_tour_date_line_gives_the_state_and_the_venue(ner):
    text = (
        "June 19 – Charlotte, NC @ PNC Music Pavilion\n\n"
        "June 27 – Camden, NJ @ BB&T Pavilion\n\n"
        "October 10 – Houston, TX @ The Cynthia Woods Mitchell Pavilion"
    )
    got = _labels(ner, text)
    assert got["NC"] == {"GPE"} and got["NJ"] == {"GPE"}, got
    assert got["PNC Music Pavilion"] == {"FAC"} and got["BB&T Pavilion"] == {"FAC"}, got
    assert not any("@" in name or name.startswith("The ") for name in got), got
