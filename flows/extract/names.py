"""General language facts about names in English news, used to correct a small NER model.

Only closed-class words and general patterns live here (titles, head nouns that fix a name's
type, nouns that introduce a name, political and religious group words); never particular
names. Everything is pure and cheap: string tests on the document text around a span.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from flows.lexicon import ARTICLES, HONORIFICS

# Titles and roles dropped from the front of a person's name ("Secretary Blinken" -> Blinken).
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady sen senator rep gov governor president
    vice prime minister secretary chancellor chairman chairwoman chair ceo chief executive judge
    justice king queen prince princess pope general gen lt col colonel captain capt sgt sergeant
    major admiral commander ambassador mayor spokesman spokeswoman spokesperson director
    commissioner inspector detective officer deputy foreign defence defense home press state
    attorney former late premier president-elect cardinal archbishop bishop rev reverend rabbi
    imam sheikh superintendent coach treasurer cmdr adm maj supt insp det atty professor
    lieutenant speaker councillor councilman councilwoman sheriff congressman congresswoman
    assemblyman assemblywoman trooper pastor duke duchess baron baroness interim acting dean
    marshal striker midfielder defender goalkeeper winger skipper""".split()
)

# Whatever the NER said, a name after an honorific (flows.lexicon.HONORIFICS) is a person's:
# "Mr Cable" (and the span is "Cable"). As written: capitalised.
_AFTER_HONORIFIC = re.compile(
    rf"(?:^|[^\w])(?:{'|'.join(sorted(w.capitalize() for w in HONORIFICS))})\.?\s+$"
)

# The last word of a name that fixes its type whatever the NER said: "Millennium Declaration"
# is a LAW, "General Election" an EVENT, "Goodison Park" a FAC. Multi-word names only, so that a
# lone "Park" or "Cup" (a surname, a word at the start of a sentence) is left alone.
LAW_HEADS = frozenset(
    """Declaration Treaty Act Accord Accords Agreement Agreements Convention Protocol Charter
    Constitution Amendment""".split()
)
# Festivals and award ceremonies are events (OntoNotes), not the organisations behind them.
EVENT_HEADS = frozenset(
    """Election Elections Olympics Olympiad Cup Championship Championships Summit War Festival
    Carnival Marathon Awards Expo Prix""".split()
)
# Places that are structures. Applied only to names the NER called GPE or LOC: a GPE "X Park" is
# a sports ground or a building more often than a town.
FAC_HEADS = frozenset(
    """Street Road Avenue Lane Square Park Stadium Arena Airport Bridge Wharf Tower Amphitheatre
    Amphitheater Pavilion Auditorium Observatory Coliseum Ballpark Speedway Raceway
    Velodrome""".split()
)
# Structures the model calls organisations by their club or owner: a name ending so is a FAC.
# Not streets ("Wall Street" is the financial industry, ORG) nor centres (institutes too).
FAC_ORG_HEADS = frozenset(
    """Park Stadium Arena Airport Bridge Amphitheatre Amphitheater Pavilion Auditorium Field
    Observatory Coliseum Ballpark Speedway Raceway Velodrome""".split()
)
# Corporate and institutional suffixes: the name is an organisation, never a person or a place.
ORG_HEADS = frozenset(
    """Inc Inc. Ltd Ltd. plc PLC Corp Corp. Corporation Co Co. LLC AG SA NV GmbH Group Holdings
    Party University College Foundation Association Council Agency Department Ministry Committee
    Commission Institute Authority Federation Trust Fund Programme Program""".split()
)
# Words that may end a longer form of an organisation's name ("Labour" -> "Labour Party").
ORG_SUFFIXES = frozenset(
    "Party Inc Inc. Ltd Ltd. plc PLC Corp Corp. Corporation Co Co. LLC Group Holdings".split()
)
# Later mentions of an ORG that drop these words still refer to it ("Labour Party" <- "Labour").

# Words that end firms' and institutions' names but no person's ("Walt Disney Studios", "Gotthard
# Bank", "Georgia Power", "Morgan Stanley International"): general corporate vocabulary.
INSTITUTION_WORDS = frozenset(
    """Bank Banks Studios Studio Centre Center Power Airlines Airways Motors Energy Capital
    Partners Securities Industries Systems Technologies Media Pharmaceuticals Communications
    Cellular Network International Consumer Foods Stores Resources Mining Oil Gas Petroleum
    Brothers Bros Bros. Insurance Financial Investments Ventures Entertainment Records Pictures
    Press Times News Post Club Society Institute Hospital Trust""".split()
)

# Of those, the words that end no place's or person's name: a name so ending that the model
# called a place or a group is a firm's ("Malaysia Airlines" GPE, "Soviet Bank" is not among them:
# "West Bank", "South Bank").
FIRM_HEADS = frozenset(
    """Airlines Airways Motors Studios Studio Pharmaceuticals Securities Industries Systems
    Technologies Communications Insurance Investments Ventures Entertainment Records
    Pictures""".split()
)

#: Kicker words that open a text in capitals like a dateline's place ("BREAKING: …").
KICKERS = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE OPINION ANALYSIS EDITORIAL PHOTOS VIDEO"
    " CORRECTION REVIEW".split()
)
# Lower-case particles inside a person's name ("Luigi del Neri", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("von van der den de da di du del della la le bin al ibn".split())

# A noun in apposition right before a name says it is an organisation ("oil giant Yukos",
# "media group Reuters", "fan website Trek United").
ORG_APPOSITIVE = frozenset(
    """firm company group giant maker bank retailer carrier airline network channel broadcaster
    newspaper paper club side website site agency watchdog regulator manufacturer insurer lender
    chain band label studio publisher supermarket conglomerate journal magazine tabloid
    outlet""".split()
)
# Nouns of news media and journals, before or after a name ("the journal Nature Astronomy", "the
# Independent newspaper"): the name is an organisation's (the guidelines), never a work's.
MEDIA_NOUNS = frozenset("newspaper journal magazine tabloid website outlet broadcaster".split())
# A work's title does not speak: a name told something, reporting or quoted from is a news
# outlet's ("Pires told the Evening Standard", "according to The Wrap", "The Wrap's report").
_SOURCE_BEFORE = re.compile(
    r"(?:\btold|\baccording to|\breported by|\binterview with)\s+(?:[Tt]he\s+)?$"
)
_SOURCE_AFTER = re.compile(r"(?:['’]s)?\s+(?:reported|reports|report)\b")
# A noun right after a name that makes the name an organisation's ("Rovers boss Mark Hughes").
ORG_MODIFIED = frozenset(
    """boss manager chairman chairwoman shareholders spokesman spokeswoman spokesperson
    striker midfielder defender goalkeeper coach defenseman goaltender goalie analyst
    analysts""".split()
)
# Nouns naming works: before a name ("his novel, Gulliver's Travels") or after one ("their Please
# Please Me album"). Not words that are also verbs or adjectives ("unable to play, England's").
WORK_NOUNS = frozenset(
    "album song novel film movie opera musical series sitcom documentary".split()
)
# After a name only the unambiguous ones: "World Sevens series", "BBC Radio 1 show" and "Geneva
# Motor Show" are not works.
WORK_NOUNS_AFTER = frozenset("album song single novel film movie sitcom documentary".split())

# Political and religious group words written capitalised mid-sentence ("Conservative shadow
# foreign secretary"). NORP by the guidelines; the small model misses many of them.
GROUP_WORDS = frozenset(
    """Conservative Conservatives Tory Tories Republican Republicans Democrat Democrats Socialist
    Socialists Communist Communists Catholic Catholics Protestant Protestants Muslim Muslims
    Christian Christians Jewish Jews Hindu Hindus Sikh Sikhs Buddhist Buddhists""".split()
)

# Political adjectives that make a party's name of a group word after them: "Liberal Democrats",
# "Social Democrats", "Christian Democrats" are parties (ORG in the gold), "Kentucky Democrats"
# and "House Democrats" are the party's members (NORP).
PARTY_ADJECTIVES = frozenset("Liberal Social Christian Free Progressive".split())

# Short forms that name a well-known entity whose standard full name differs.
ALIASES = {
    "U.S.": "United States",
    "US": "United States",
    "U.S.A.": "United States",
    "USA": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "EU": "European Union",
    "E.U.": "European Union",
}

# Plural verbs right after a one-word name: British English treats teams and companies as plural
# ("Blackburn have rejected"), while a person's name never takes them.
_NOT_ORG_YET = ("PERSON", "NORP", "LOC", "PRODUCT")
_PLURAL_VERB = re.compile(r"\s+(?:have|are|were)\b")
_BEFORE_THE = re.compile(r"(?:^|[^\w])(?:the|The)\s+$")
_COORD_BEFORE = re.compile(r"(?:,|\band|\bor|&)\s*$")
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)[,]?\s+$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z-]+)")


def word_before(text: str, start: int) -> str:
    """The word right before `start` (a comma between them allowed), lower-cased; "" if none."""
    m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def word_after(text: str, end: int) -> str:
    """The word right after `end`, lower-cased; "" if none (or if punctuation comes first)."""
    m = _WORD_AFTER.match(text[end : end + 40])
    return m.group(1).lower() if m else ""


def after_the(text: str, start: int) -> bool:
    """Whether the name at `start` follows the article "the" ("by the Beatles")."""
    return bool(_BEFORE_THE.search(text[max(0, start - 8) : start]))


def after_honorific(text: str, start: int) -> bool:
    """Whether the name at `start` follows an honorific: "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame"."""
    return bool(_AFTER_HONORIFIC.search(text[max(0, start - 8) : start]))


def plural_subject(text: str, start: int, end: int) -> bool:
    """A name alone as the subject of a plural verb ("Blackburn have"), not one of a list."""
    if _COORD_BEFORE.search(text[max(0, start - 8) : start]):
        return False
    return bool(_PLURAL_VERB.match(text[end : end + 12]))


# Nouns after a team's name, or after its possessive ("Tottenham's manager").
TEAM_NOUNS_AFTER = frozenset(
    """boss manager coach striker midfielder defender goalkeeper skipper winger quarterback
    linebacker cornerback receiver pitcher shortstop outfielder infielder kicker punter qb wr rb
    lb cb dl dt""".split()
)
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


# Where a clause's subject begins: after a sentence's or a clause's mark, or a word that opens a
# clause ("why Newcastle are languishing"). Not after a preposition ("life off Earth are",
# "cities like Beijing have"), where the name is no subject.
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[.!?;:\n\"“‘(]|\b(?:why|that|when|while|as|but|because|since|if|though|although|"
    r"where|how|after|before|until|then|now|so))\s*$",
    re.I,
)


def team_cue(text: str, start: int, end: int) -> bool:
    """Whether the words after a name make it a sports team's: a plural verb after a subject
    ("Newcastle are languishing", plural_subject) or a team's noun after the name or its
    possessive ("Tottenham's manager", "Newcastle boss")."""
    if plural_subject(text, start, end) and _SUBJECT_BEFORE.search(text, max(0, start - 12), start):
        return True
    m = _POSSESSIVE_AFTER.match(text, end)
    return word_after(text, m.end() if m else end) in TEAM_NOUNS_AFTER


def head_label(name: str, label: str) -> str | None:
    """The type fixed by a name's last word (multi-word names only), else None."""
    words = name.split()
    if len(words) < 2:
        # A single word ending in "shire" is an English county or a US state ("Lancashire").
        if label in ("ORG", "PERSON", "LOC") and name.endswith("shire") and name[:1].isupper():
            return "GPE"
        return None
    last = words[-1]
    if words[0] in ORG_HEADS and words[1] in ("of", "for") and label not in ("LAW", "EVENT"):
        return "ORG"  # "University of the Highlands", "Institute for Fiscal Studies"
    if last in LAW_HEADS:
        return "LAW"
    if last in EVENT_HEADS and label != "PERSON":
        return "EVENT"
    if last in FAC_HEADS and label in ("GPE", "LOC"):
        return "FAC"
    if last in FAC_ORG_HEADS and label == "ORG":
        return "FAC"  # "Villa Park", "Stamford Bridge": a ground taken for its club
    if last in ORG_HEADS and label not in ("WORK_OF_ART", "LAW", "EVENT"):
        return "ORG"
    return None


def context_label(text: str, start: int, end: int, label: str) -> str | None:
    """The type the words around a name point to, else None (see the word lists above)."""
    name = text[start:end]
    one_word = " " not in name
    before, after = word_before(text, start), word_after(text, end)
    if label == "PERSON" and after_the(text, start) and after in STOP_WORDS:
        # People's names take no article: "by the Beatles on" is a band. Not "the Presley
        # tapes" or "the Ferguson-Wenger saga", where the name modifies what follows.
        return "ORG"
    if label == "WORK_OF_ART" and (
        before in MEDIA_NOUNS
        or after in MEDIA_NOUNS
        or _SOURCE_BEFORE.search(text, max(0, start - 24), start)
        or _SOURCE_AFTER.match(text, end)
    ):
        return "ORG"
    if before in WORK_NOUNS and label != "PERSON":
        return "WORK_OF_ART"
    if after in WORK_NOUNS_AFTER and not one_word and label in ("ORG", "GPE", "LOC", "PRODUCT"):
        return "WORK_OF_ART"
    # "oil giant Yukos", but not the adjective in "the giant US budget deficit"
    adjective = before == "giant" and word_before(text, start - len("giant ")) in ARTICLES
    if before in ORG_APPOSITIVE and not adjective and label in (*_NOT_ORG_YET, "GPE"):
        return "ORG"
    # A demonym stays one ("Spanish striker"); a plural nickname is a team ("Rovers boss").
    demonym = label == "NORP" and (not name.endswith("s") or name in GROUP_WORDS)
    if after in ORG_MODIFIED and not demonym and label in (*_NOT_ORG_YET, "WORK_OF_ART"):
        return "ORG"
    if one_word and label in ("PERSON", "NORP") and plural_subject(text, start, end):
        # "Blackburn have rejected"; NORP words are plural nouns already ("Tories are")
        return "ORG" if label == "PERSON" else None
    return None


def acronym_matches(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` spells the initials of `words` (capitalised words and inner capitals:
    "PlayStation Portable" -> PSP; "Global Alliance for Vaccines and Immunisation" -> GAVI)."""
    letters = []
    for w in words:
        if not w[:1].isupper():
            continue  # "for", "and", "of"
        letters.append(w[0])
        letters.extend(ch for ch in w[1:] if ch.isupper())
    caps = "".join(letters)
    initials = "".join(w[0] for w in words if w[:1].isupper())
    target = acronym.upper()
    return target in (caps, initials)


# --- places: evidence that a name the model called a person or a firm is a place ---------------

# Nouns right after a name that make it a place's: "the Rukban camp", "the Rukban crossing
# point", "Zabul province". Not "border" ("the Trump border wall") nor "base" alone ("the Trump
# base", "the Labour base"): see _PLACE_BASE.
PLACE_NOUNS_LOC = frozenset("camp crossing checkpoint desert valley oasis".split())
PLACE_NOUNS_GPE = frozenset("province district village town suburb".split())
# "the al-Tanf base", "the Bagram air base": a military base is a place, a political one is not;
# only after "the" and for a name that the model did not call an organisation.
_PLACE_BASE = re.compile(r"\s+(?:air\s+|military\s+|naval\s+)?base\b")
# "an Amritsar-based agent": only places are "-based" ("a London-based firm").
_BASED = re.compile(r"-based\b")
# "Addison, a village southwest of Ithaca": an appositive kind of settlement after the name.
_SETTLEMENT_AFTER = re.compile(
    r",\s+(?:a|an|the)\s+(?:small\s+|tiny\s+|remote\s+|coastal\s+|rural\s+)?"
    r"(?:village|town|city|suburb|hamlet|community|township|county|province|district)\b"
)
# A locative preposition right before a name: "in Woking", "near al-Tanf", "outside Kyiv". Only
# evidence against a person (nobody is "in Smith"); firms are ("shares in Tesco").
_LOCATIVE_BEFORE = re.compile(r"(?:^|[^\w])(?:in|near|outside|around)\s+(?:the\s+)?$")


def place_cue(text: str, start: int, end: int, label: str) -> str | None:
    """The kind of place ("LOC" or "GPE") the words around a name make it, else None.

    Nouns after the name and "-based" hold for any label; a locative preposition before it only
    for a name the model called a person (firms and parties are "in" things too)."""
    after = text[end : end + 30]
    if _BASED.match(after) or _SETTLEMENT_AFTER.match(after):
        return "GPE"
    word = word_after(text, end)
    if word in PLACE_NOUNS_LOC:
        return "LOC"
    if word in PLACE_NOUNS_GPE:
        return "GPE"
    if label != "ORG" and _PLACE_BASE.match(after) and after_the(text, start):
        return "LOC"
    # "in Smith's office": a possessive name is no place.
    locative = _LOCATIVE_BEFORE.search(text[max(0, start - 12) : start])
    if label == "PERSON" and locative and not text.startswith(("'s", "’s"), end):
        return "GPE"
    return None


# --- organisations: stock tickers -------------------------------------------------------------

# A ticker after a company's name: Reuters' "Chemical New York Corp <CHL>", "Santos Ltd
# <STOS.S>", "Home Depot (ticker: HD)", "(NYSE: GE)", and a bare "(LOW)" that the next word
# says is a stock ("peer Lowe’s (LOW) stock is off").
TICKER = re.compile(
    r"<(?P<angle>[A-Z]{1,6}(?:\.[A-Z]{1,2})?)>"
    r"|\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|ASX|ticker|symbol|Ticker|Symbol)\s*:\s*"
    r"(?P<listed>[A-Z]{1,6}(?:\.[A-Z]{1,2})?)\)"
    r"|\((?P<bare>[A-Z]{2,5})\)(?=\s+(?:stock|shares)\b)"
)

# A US legislator's party and state after the name, in the AP's style: "Rep. Ilhan Omar, D-Minn.,"
# "(D-N.Y.)", "(R-Texas)". The party letter is a NORP, the state a GPE.
PARTY_STATE = re.compile(
    r"(?:\(|,\s)(?P<party>[DRI])[-–](?P<state>[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.|[A-Z][a-z]+"
    r"(?: [A-Z][a-z]+)?)(?=\)|,)"
)

# An organisation named after the noun that says it is one, where the model saw no name: "beauty
# company Coty", "a recently formed group Doctors for Camp Closure" (names.ORG_APPOSITIVE).
NAMED_AFTER_ORG_NOUN = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(ORG_APPOSITIVE)) + r") "
    r"(?P<name>[A-Z][\w&'’-]*(?: (?:(?:for|of|the|and|&) )?[A-Z][\w&'’-]*){0,4})"
)

# A name that "its" refers back to is no person's: "ChemLawn said its board", "GlaxoSmithKline
# saw its profits fall", "challenge Labour in its heartlands". Only right after the name, over a
# reporting or auxiliary verb (and one more word), so that "its" cannot belong to another noun.
_ITS_AFTER = re.compile(
    r"\s+(?:said|says|saw|sees|reported|reports|posted|expects|expected|plans|planned|has|had|"
    r"is|was|will|would|in)\s+(?:[a-z]+\s+)?its\b"
)


def referred_to_as_it(text: str, end: int) -> bool:
    """Whether the name ending at `end` is the antecedent of a following "its"."""
    return bool(_ITS_AFTER.match(text, end, end + 40))


# ", a mobile marketing company": an appositive after the name that says it is an organisation
# (indefinite: ", the company has written" is the next clause's subject).
_ORG_APPOSITION_AFTER = re.compile(
    r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted(ORG_APPOSITIVE | {"startup", "start-up", "provider", "operator"}))
    + r")\b(?!['’])"
)
# A title after a name that heads an organisation: "Emirates President Tim Clark".
_HEAD_TITLE_AFTER = re.compile(r"\s+(?:President|CEO|Chairman|Chairwoman|Chief Executive)\s+[A-Z]")
# Nouns after a firm's name that no place takes: "Alibaba shares closed", "an Alibaba
# spokesperson", "Jefferies analyst Jonathan Matuszewski" (the model's GPE; a place the gazetteer
# knows is never tested: "London analysts").
_FIRM_NOUN_AFTER = frozenset(
    {"shares", "stock", "spokesperson", "spokesman", "spokeswoman", "analyst", "analysts"}
)


def org_apposition(text: str, end: int) -> bool:
    """Whether an indefinite appositive after the name says it is an organisation's."""
    return bool(_ORG_APPOSITION_AFTER.match(text, end, end + 60))


def organisation_cue(text: str, start: int, end: int) -> bool:
    """Whether the words after a name say it is an organisation's: an appositive (", a mobile
    marketing company"), a head's title ("Emirates President Tim Clark"), a firm's noun ("Alibaba
    shares", "Alibaba spokesperson") or "its" (referred_to_as_it)."""
    if org_apposition(text, end) or _HEAD_TITLE_AFTER.match(text, end, end + 60):
        return True
    word = word_after(text, end)
    return word in _FIRM_NOUN_AFTER or referred_to_as_it(text, end)


# --- products: evidence that a name the model called a firm or a place is a product's ------------

# Words that end a product's name and no firm's: "MacBook Pro", "iPhone 7 Plus", "Galaxy S10
# Ultra", "MacBook Pros". Multi-word names only ("Pro" alone is no product).
PRODUCT_HEADS = frozenset("Pro Pros Plus Max Mini Ultra Lite".split())
# A model code closing a brand's name: "BMW X5", "Airbus A380", "Galaxy S10", "Sony PS4". Letters
# and digits in one word: a number alone ends firms' names too ("Channel 4", "Radio 1").
_MODEL_CODE = re.compile(r"^[A-Z]{1,3}-?\d{1,4}[A-Za-z]?$")
# A size or capacity right before the name: "the 16-inch MacBook Pro", "a 128GB iPhone", "a
# 2-liter Civic". Firms and places have no size.
_MEASURE_BEFORE = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?[- ]?(?:inch|in\.|GB|TB|mm|litre|liter|megapixel|hp)\s+$"
)


def product_cue(text: str, start: int, end: int) -> bool:
    """Whether the name itself or the words before it say it is a product's: a streaming
    service's "+" ("Disney+", "Apple TV+"), a product's last word (PRODUCT_HEADS), a model code
    after a brand ("BMW X5") or a size before it ("the 16-inch MacBook Pro")."""
    name = text[start:end]
    words = name.split()
    if len(name) > 1 and name.endswith("+"):
        return True
    if len(words) >= 2 and (words[-1] in PRODUCT_HEADS or _MODEL_CODE.match(words[-1])):
        return True
    return bool(_MEASURE_BEFORE.search(text, max(0, start - 20), start))
