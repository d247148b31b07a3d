"""Speaker resolution: a speaker phrase as written -> the entity it names or points back to.

The phrase comes from attribution (direct quotes) or from reported speech; resolution is the same
for both and runs in text order, so that what was said before makes a speaker salient:

- a name: the mention inside the phrase, a person before an organisation before a place ("Russian
  Foreign Minister Sergey Lavrov" is Lavrov, "Pentagon press secretary John Kirby" is Kirby);
- someone speaking for an organisation ("a spokeswoman for Acme", "a Pentagon spokesman", "Acme's
  press office", "Russia's foreign ministry") is that organisation or place; an unnamed person at
  one ("an official at Acme", "sources close to Acme") is nobody in particular, so null;
- he/she: the most salient person that agrees in gender, never one named inside the statement
  itself, by recency (halving per sentence back), whether the mention is its sentence's subject,
  how often the article names them, and the last speaker's turn (which decays slower and ends when
  someone else becomes a sentence's subject). Gender comes from the article's own evidence:
  honorifics, gendered role nouns in titles and appositives, the pronouns that follow a name
  in its sentence, and a sentence opening with He/She right after one whose subject opens it
  ("Monsod said …. She said"); so does personhood (a name labelled ORG that the article calls
  he twice, or writes as people are written: "X, who …", "broker X", "X of <organisation>", is
  a person; a one-word "person" with no first name, title or pronoun, like "Labour", weighs
  half). Right after a spokesperson's statement, he/she is that spokesperson's organisation;
- "it" and descriptions of a company ("the company", "the news and financial data seller", "a
  company spokeswoman", "the US firm"): the most salient organisation (for a company, no public
  body: not an Attorney General's office), else the named speaker the article never calls he or
  she and who has no first name; "the ministry" or "the U.S. attorney's office" an organisation
  whose name holds those words;
- a place is never the speaker when it only says where a person or a group is from: "Luis
  Escalante of Costa Rica" is Escalante, "some U.S. Officials" and "former Nevada Sen." nobody;
- a role description ("the comedian", "the 74-year-old comedian", "the governor") the most salient
  person the article introduced with that role, as a title ("comedian Ronnie Corbett", "Gov. Eric
  Holcomb") or an appositive ("Ronnie Corbett, the comedian,"), never across a modifier ("Deputy
  Prime Minister" is not "the prime minister"); with no role on record, a definite agent noun
  ("the real estate agent") is the person this or the previous sentence is about; "the
  spokesman" the last spokesperson's organisation.

- a pronoun that goes on with an unnamed speaker's turn ("'…,' a Western diplomat said. '…,' he
  said", "Another said …. '…,' he said", "an article … said. '…,' it said") or follows a
  sentence whose subject is an unnamed person ("However, one fund manager does not agree …") is
  that unnamed speaker again: null, not the last person named;
- a description of someone new is null: an ordinal or "another" ("the second arbitrageur"), a
  defining relative clause ("The barrister who had represented Mr Martin"), an unnamed person
  before a preposition ("an official with the wheat group", "An aide to USDA undersecretary
  Daniel Amstutz"), a definite description whose head an unnamed speaker used since the last
  named person with that role ("one investment manager said …. the investment manager said");
- a text's words are its author's when named right after it ("a report from Kotak", "data
  released by MOTIE") or before its noun ("The IMF report", "The Wrap's report"), never a
  place's ("a Texas report");
- a kind of organisation ("the association") is the one name that holds its noun; with a
  modifier ("the brokerage firm") only the article's main organisation or the subject just
  before, else null; the office of a role's holder is not the place that locates it ("the U.S.
  attorney's office", "Bolivia's public defender's office");
- a description the article writes elsewhere as the title right before a name is that person
  ("China's ambassador to Britain … China's ambassador to Britain Liu Xiaming"), and "A … chief
  says" in a live blog's later entry the person the next sentence names with that role;
- coordinated subjects are nobody ("Vindman and Williams", "he and his wife Kali", the parse's
  "STT and TM International"), nor is the agent of a participle ("bankers polled by Reuters"),
  nor a state before a party's member ("the Illinois Democrat"); a surname that ends an earlier
  speaker's full name the model did not tag as a speaker is that unnamed person again, so a
  he/she after it names nobody;
- a definite description that shares its noun with exactly one organisation's name given
  before is that organisation ("the production company" after "Dick Clark Productions", "the
  doctors" after "Doctors for Camp Closure"); never a title ("the governor") or a generic word
  ("the company").

Anything else (plurals, "officials", "a witness", "they") stays null: a wrong name is worse than
none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

from flows.extract import given_names
from flows.extract.names import TITLE_WORDS
from flows.extract.speech.lexicon import (
    AGENCY_NOUNS,
    COURTESY_TITLES,
    DATE_WORDS,
    FEMALE_PRONOUNS,
    FEMALE_WORDS,
    FINITE_MARKERS,
    INDEFINITES,
    INSTITUTION_NOUNS,
    MALE_PRONOUNS,
    MALE_WORDS,
    NOUN_MARKERS,
    ORG_NOUNS,
    OTHER_MARKERS,
    REPORTING_VERBS,
    ROLE_MODIFIERS,
    SPEAKER_TITLES,
    SPOKES_NOUNS,
    TEXT_NOUNS,
    TIME_NOUNS,
    TITLE_ABBREVIATIONS,
)
from flows.extract.speech.phrases import DocContext, is_oblique, mentions_in, role_holder
from flows.extract.speech.text import WORD
from flows.lexicon import ARTICLES, PERSONAL_PRONOUNS, PREPOSITIONS
from flows.schema import Mention

Span = tuple[int, int]

#: Labels a named speaker may have, most wanted first. NORP only when the phrase is the name
#: itself ("The Liberal Democrats said"), never beside another name ("French officials").
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")
#: Heads of a speaker phrase that stand for the name they are written with: "a Pentagon
#: spokesman" speaks for the Pentagon, "US officials" are nobody in particular.
SPEAKS_FOR = SPOKES_NOUNS | INSTITUTION_NOUNS | ORG_NOUNS
#: Capitalised heads of a group or a person's role after a place ("U.S. Officials", Reuters'
#: capitals), beside the title words of names.
_GROUP_HEADS = frozenset(
    """
    official officials source sources delegate delegates diplomat diplomats democrat republican
    """.split()
)
#: " of ", " of the ", " in ": between a name and the place it is of, right before the place.
_OWNER_GAP = re.compile(r"\s+(?:of|in|from)\s+(?:the\s+)?$")
#: "X is one of the first two Muslim women", "X was a mother of three": a predicate noun.
_COPULA_NOUN = re.compile(
    r"\s+(?:is|was)\s+(?:one\s+of\s+)?(?:the|a|an)\s+((?:[\w-]+\s+){0,4}[\w-]+)"
)
#: "Jo Roe, who …": a relative clause that only a person takes.
_WHO_AFTER = re.compile(r",\s+who\s+(?!were\b|are\b|have\b)")  # not a band's "who were"
#: "Jo Roe of Acme": of, then (the next mention is) an organisation.
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
#: Heads of a description that is a company, which no public body is ("the company", "the
#: firm", "the automaker"; not "the group", "the union", "the regulator").
_COMPANY_NOUNS = frozenset(
    """
    company firm business corporation conglomerate maker manufacturer retailer seller provider
    operator carrier airline insurer lender supplier developer producer exporter automaker
    carmaker chipmaker drugmaker steelmaker planemaker brewer refiner startup utility
    """.split()
)
#: Heads of a description that any organisation answers to ("the company", "the group"): the
#: most salient one is meant. Other heads name a kind ("the bank", "the association").
_GENERIC_ORG_HEADS = frozenset("company firm group business corporation giant".split())
#: Heads of a description that may be a public body: "the regulator" may be a commission.
_PUBLIC_ORG_NOUNS = frozenset("regulator watchdog organisation organization union".split())
#: Words in the name of a public body.
_PUBLIC_BODY_WORDS = frozenset(
    """
    attorney ministry department council court police commission parliament congress senate
    government administration committee embassy prosecutor prosecutors
    """.split()
)
#: Pronouns that are a clause's subject: "he and his wife Kali" are two speakers.
_SUBJECT_PRONOUNS = frozenset("i he she we they".split())
#: A word, then "and"/"or" and up to three lower-case words, right before a speaker phrase.
_PRONOUN_AND = re.compile(r"\b(\w+)\s+(?:and|or)\s+(?:[a-z]+\s+){0,3}$")
#: "polled by", "surveyed by the": the agent of a participle right before a speaker phrase,
#: who speaks no more than a preposition's object does.
_AGENT_BY = re.compile(r"\b[a-z]+ed\s+by\s+(?:the\s+)?$")
#: Words of a description too common in names to tie it to one ("the company", "the group").
_GENERIC_NAME_WORDS = frozenset(
    """
    company firm group business corporation organisation organization association agency
    office department ministry government state national international new american british
    united news service services council committee board authority union bank club team party
    """.split()
)


def _singular(word: str) -> str:
    """ "doctors" -> "doctor", "productions" -> "production" (enough to match a name's word)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


#: How many sentences back a pronoun's antecedent is looked for.
PRONOUN_REACH = 5
#: Words between a name and the start of its sentence for the name to count as the subject.
SUBJECT_REACH = 6


@dataclass(frozen=True, slots=True)
class _Said:
    """A statement attributed earlier: where, to whom, whether a spokesperson said it and
    whether the speaker was named there (not a pronoun or a description)."""

    pos: int
    key: str | None
    spokes: bool
    named: bool
    # Where the speaker was named: after a quotation of several sentences ("… ," he said) the
    # turn runs on from there, and the quotation's own subjects interrupt nobody.
    at: int
    # The speaker phrase ("a Western diplomat"), for a pronoun that continues its turn.
    phrase: Span | None = None


@dataclass(frozen=True, slots=True)
class _Role:
    """A role a person was introduced with: its words, lower-cased ("press", "secretary")."""

    key: str
    pos: int
    words: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.words[-1]

    @property
    def modifiers(self) -> frozenset[str]:
        return frozenset(self.words) & ROLE_MODIFIERS


#: The pronouns that say what a name is: he, she, it or they.
_EVIDENCE_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | frozenset("it its they them their".split())

#: Words that end a title walking back from a name: verbs and conjunctions.
_NOT_TITLE = frozenset("and or but has have had is was are were be joined".split())

#: Endings of nouns for people by what they do: "the real estate agent", "the comedian", "the
#: singer", "the governor", "the pianist", "the actress", "the Two Ronnies star" (but not "the
#: advert", "the report", "the call", which say things without being anyone).
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ent", "ant", "man", "woman", "ess", "star", "chief")


def _aside(text: str, m: Mention) -> bool:
    """A name in brackets that no statement points back to: an acronym or ticker ("(IEA)",
    "<RBK>") or a dateline's agency ("CHICAGO (Reuters) -")."""
    if text[m.char_start - 1 : m.char_start] not in ("(", "<"):
        return False
    line = text[text.rfind("\n", 0, m.char_start) + 1 : m.char_start - 1].strip()
    # "(Reuters) — The New York State …": an agency's bracket opening the line, no city before.
    return m.text.isupper() or not line or (line.isupper() and len(line.split()) <= 3)


#: "The group, WeWorkers Coalition," / "a group of employees, WeWorkers Coalition": a
#: description right before an organisation's name, set off by a comma.
_DESCRIPTION_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+([a-z]+)(?:\s+of\s+[a-z]+)?,\s+$")


#: A sentence opening with an unnamed person as its subject, after at most a connective:
#: "However, one fund manager does not agree", "One official even called".
_UNNAMED_SUBJECT = re.compile(
    r"(?:(?:However|But|And|Yet|Meanwhile|Still),?\s+)?"
    r"((?:[Oo]ne|[Aa]n?|[Aa]nother)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+)\s+"
    r"(?:even\s+|also\s+|however,?\s+)?(?:does|did|is|was|has|had|[a-z]+ed|[a-z]+s)\b"
)


def _unnamed_kind(phrase: str, tagged: bool) -> str | None:
    """What an unresolved speaker phrase is: "person" ("a Western diplomat", "Another", "the
    official", a full name the model did not tag), "text" ("an article", "a statement") or None
    (a plural, an organisation, a pronoun: nobody a he, she or it goes on with). `tagged`: a
    name lies inside the phrase."""
    words = WORD.findall(phrase)
    low = [w.lower() for w in words]
    if not low or low[0] in PERSONAL_PRONOUNS:
        return None
    head = low[-1]
    if phrase[:1].isupper() and low[0] not in NOUN_MARKERS | INDEFINITES:
        # A full name the model missed ("Ten Have said"); not a tagged name left unresolved
        # ("… first vice president for Deutsche Bank AG said"), nor one word, which may be a
        # place the walk cut a title at ("The MP for Sittingbourne and Sheppey").
        full = len(words) >= 2 and all(w[:1].isupper() for w in words)
        return "person" if full and not tagged else None
    if head.endswith(("men", "people")) or (
        head.endswith("s") and not head.endswith(("ss", "us", "is"))
    ):
        return None  # "analysts", "officials": a group
    if head in TEXT_NOUNS:
        return "text" if low[0] in INDEFINITES else None
    if head in ORG_NOUNS or head in INSTITUTION_NOUNS or head in SPOKES_NOUNS:
        return None  # the organisation's: resolved, or nobody, by the spokesperson rules
    if low[0] in INDEFINITES or low[0] in OTHER_MARKERS or low[0] in ("the", "this"):
        return "person"
    return None


def _person_noun(word: str) -> bool:
    """A noun for a person by what they do or are: "manager", "official", "diplomat"."""
    return _is_agent_noun(word) or word in TITLE_WORDS or word in _PERSON_NOUNS


#: People nouns without an agent ending, for an unnamed subject ("one official even called").
_PERSON_NOUNS = frozenset("official source diplomat aide expert analyst economist".split())


def _possessive(text: str, m: Mention) -> bool:
    return text[m.char_end : m.char_end + 2] in ("'s", "’s")


def _is_agent_noun(word: str) -> bool:
    # A member is someone of a group ("the staff member", "a family member"), seldom the person
    # the sentence before was about.
    return len(word) > 3 and word.endswith(_AGENT_ENDINGS) and not word.endswith("member")


def _words_before(text: str, pos: int, limit: int) -> list[str]:
    """Up to `limit` words right before pos, joined by single spaces only (a title: "Pentagon
    press secretary"), stopping at a determiner, preposition or other function word."""
    out: list[str] = []
    j = pos
    while len(out) < limit:
        if j < 2 or text[j - 1] != " ":
            break
        k = j - 1
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "-.'’"):
            k -= 1
        word = text[k : j - 1].strip(".").lower()
        if not word or word in NOUN_MARKERS or word in PREPOSITIONS or word in PERSONAL_PRONOUNS:
            break
        if text[j - 2] == "." and len(word) > 1 and word not in TITLE_ABBREVIATIONS:
            break  # "… said the 74-year-old comedian. Corbett is": a sentence ends, not a title
        if word in _NOT_TITLE or word.endswith(("ed", "ing")) or word in REPORTING_VERBS:
            break  # "Victoria Wood slated comedian X": the title is "comedian", not the verb
        out.insert(0, word)
        j = k
    return out


#: " from the ", " by analysts ": between a text ("a report") and its author's name.
_AUTHOR_GAP = re.compile(r"\s+(?:from|by)\s+(?:the\s+)?(?:[a-z]+\s+)?")
#: What an organisation or a person writes or compiles, whose words are its author's: the texts,
#: and the figures a source publishes ("according to data from MarketAxess").
_AUTHORED_NOUNS = TEXT_NOUNS | frozenset(
    "data figures estimate estimates research findings reports statistics forecast".split()
)
#: Participles that say who made a text ("data released by MOTIE", "a study published by
#: Acme"); not "received", "obtained" or "seen", which name who has it.
_AUTHORING_PARTICIPLES = frozenset("released published compiled issued prepared".split())
#: Between a text's author and the text: a possessive and any words ("The Verge's Stadia
#: review", "Acme's latest annual report"), or capitalised words of its title ("the IMF report",
#: "a FCA report", "The Daily Telegraph poll").
_AUTHOR_MODIFIER = re.compile(r"(?:['’]s?(?:\s+[\w-]+)*|(?:\s+[A-Z][\w-]*)*)\s+$")
#: The prepositions that tie an unnamed person to where they are from ("officials at", "an
#: official with", "a source close to", "one of the lawyers for").
_LINKING_PREPOSITIONS = PREPOSITIONS - frozenset(
    "after before during by according amid per via through upon over under without".split()
)
#: ", the arbitrageur said": a description after a comma that runs into its verb with no comma
#: of its own is that verb's subject, not an appositive of the name before the comma.
_SUBJECT_AFTER_COMMA = re.compile(
    r",\s+(?:the|a|an|his|her|their)\s+(?:[a-z-]+\s+){0,3}[a-z-]+\s+(?:said|says|told|added)\b"
)
#: "The barrister who had represented Mr Martin": a description that a relative clause
#: defines is someone new, not a person met before.
_DEFINING_RELATIVE = re.compile(r"\s+who\s")


def _appositive(text: str, end: int, hi: int) -> list[str]:
    """The role words of an appositive right after a name: "Jo Roe, the chairman of Acme," ->
    ["chairman"]; "Jo Roe, 74, a comedian," -> ["comedian"]."""
    rest = text[end:hi]
    if not rest.startswith(", "):
        return []
    if _SUBJECT_AFTER_COMMA.match(rest):
        return []  # "For Conrac, the arbitrageur said": the subject of "said", not an appositive
    words = [w.lower() for w in WORD.findall(rest[2:120])]
    if words and words[0].isdigit():  # "Corbett, 74, the comedian"
        words = words[1:]
    if words and (words[0] in ARTICLES or words[0] in ("his", "her", "their")):
        words = words[1:]
    out: list[str] = []
    for w in words[:6]:
        if w in PREPOSITIONS or w in ("and", "who", "which", "said", "says", "told"):
            break
        out.append(w)
    # Only a lowercase role counts ("Jo Roe, the comedian"); a list of names does not.
    return out if out and rest[2:].lstrip("0123456789, ")[:1].islower() else []


class Resolver:
    """Resolves speaker phrases of one document, in text order (see the module docstring)."""

    def __init__(
        self,
        doc: DocContext,
        sentences: Sequence[Span],
        paragraphs: Sequence[Span],
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self._sent_starts = [s for s, _ in sentences] or [0]
        self._sent_bounds = list(sentences) or [(0, len(doc.text))]
        self._para_starts = [p for p, _ in paragraphs] or [0]
        # Names a later pronoun or description can point back to: not inside a quotation
        # (people named there are rarely its speaker) and not oblique ("a bid for Ferguson").
        self._eligible = [
            m
            for m in doc.mentions
            if not any(qs <= m.char_start and m.char_end <= qe for qs, qe in doc.quote_ranges)
            and not _aside(doc.text, m)
        ]
        self._counts = Counter(m.entity_key for m in self._eligible)
        self._said: list[_Said] = []
        self._contents: list[Span] = []  # reported clauses so far
        self._anchor = len(doc.text)  # where the statement being resolved starts
        self._statement: Span | None = None  # and its span

    # --- the article's evidence, read when a pronoun or description first needs it -------------
    # (most statements name their speaker: a wire feed's documents seldom need any of it)

    @cached_property
    def _subjects(self) -> set[int]:
        return {id(m) for m in self._eligible if self._is_subject(m)}

    @cached_property
    def _evidence(self) -> tuple[dict[str, str], frozenset[str]]:
        return self._gender_evidence()

    @property
    def gender(self) -> dict[str, str]:
        return self._evidence[0]

    @property
    def _people(self) -> frozenset[str]:
        return self._evidence[1]

    @cached_property
    def _roles(self) -> list[_Role]:
        return self._role_evidence()

    @cached_property
    def _weak(self) -> set[str]:
        """People known by one word only, with no he/she, title or role on record: as often an
        organisation the model took for a person ("Labour") as a person."""
        full = {m.entity_key for m in self._eligible if " " in m.canonical_name}
        # A title the names lexicon knows: the words before a name may be a verb ("challenge
        # Labour"), which says nothing of a person.
        titled = {r.key for r in self._roles if TITLE_WORDS.intersection(r.words)}
        return {
            k for k in self._people if k not in full and k not in titled and k not in self.gender
        }

    # --- positions --------------------------------------------------------------------------------

    def _sentence(self, pos: int) -> int:
        return max(bisect_right(self._sent_starts, pos) - 1, 0)

    def _paragraph(self, pos: int) -> int:
        return max(bisect_right(self._para_starts, pos) - 1, 0)

    def _is_subject(self, m: Mention) -> bool:
        """The name opens its sentence's main clause: at most a few words (a title, an opening
        adverbial set off by a comma) before it, and no other name of its kind."""
        if is_oblique(self.text, m):
            return False  # "And new technology, including the Video Relay Service, will be"
        start = self._sent_bounds[self._sentence(m.char_start)][0]
        for o in mentions_in(self.doc, start, m.char_start):
            # "Wild defenseman Ryan Suter": the team names whose he is, not someone before him
            if o.label in ("PERSON", "ORG") and role_holder(self.doc, o) is not m:
                return False  # the sentence named someone first ("Corbett, soon to join Barker,")
        prefix = self.text[start : m.char_start]
        if "," in prefix:
            prefix = prefix.rsplit(",", 1)[1]
        return len(prefix.split()) <= SUBJECT_REACH

    # --- document evidence ----------------------------------------------------------------------

    def _gender_evidence(self) -> tuple[dict[str, str], frozenset[str]]:
        """'m' or 'f' per person, where the article says: honorifics and gendered roles around
        the name (weight 2-3), and the first he/she/his/her after it in its sentence, with no
        other name between (weight 1). Also the entities that are people: those labelled
        PERSON, and those the model labelled otherwise that the article calls he or she at
        least twice (or with an honorific): the article's own evidence outweighs one label. A
        "PERSON" the article calls "it" more than he or she ("P.H. Glatfelter said its board")
        is an organisation."""
        votes: dict[str, Counter[str]] = {}
        text = self.text
        # ORG too: the small model's most frequent confusion is a person labelled ORG.
        people = [m for m in self._eligible if m.label in ("PERSON", "ORG")]
        for n, m in enumerate(people):
            vote = votes.setdefault(m.entity_key, Counter())
            before = _words_before(text, m.char_start, 4)
            if m.label == "ORG" and " " in m.text and self._person_cue(m, before):
                vote["p"] += 1
            if before:
                for w in before[-1:]:
                    vote["m"] += 3 * (w in MALE_WORDS)
                    vote["f"] += 3 * (w in FEMALE_WORDS)
                for w in before[:-1]:
                    vote["m"] += 2 * (w in MALE_WORDS)
                    vote["f"] += 2 * (w in FEMALE_WORDS)
            s_end = self._sent_bounds[self._sentence(m.char_start)][1]
            for w in _appositive(text, m.char_end, s_end):
                vote["m"] += 2 * (w in MALE_WORDS)
                vote["f"] += 2 * (w in FEMALE_WORDS)
            copula = _COPULA_NOUN.match(text, m.char_end, s_end)
            if copula is not None:
                # "Omar is one of the first two Muslim women elected to Congress".
                nouns = {
                    {"women": "woman", "men": "man"}.get(w, w.removesuffix("s"))
                    for w in copula.group(1).lower().split()
                }
                vote["m"] += 3 * bool(nouns & MALE_WORDS)
                vote["f"] += 3 * bool(nouns & FEMALE_WORDS)
            nxt = people[n + 1].char_start if n + 1 < len(people) else len(text)
            if m.label != "PERSON" and id(m) not in self._subjects:
                continue  # a label the model may have got wrong: only a subject's pronoun counts
            # The first pronoun of the next dozen words (a longer reach finds other people's).
            found = list(WORD.finditer(text, m.char_end, min(s_end, nxt, m.char_end + 90)))
            for n_w, match in enumerate(found):
                low = match.group().lower()
                if low not in _EVIDENCE_PRONOUNS:
                    continue
                if any(qs <= match.start() < qe for qs, qe in self.doc.quote_ranges):
                    continue  # a quotation's "it" or "he" is its speaker's, not the narrative's
                if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                    # Not `…, he said`: an attribution's pronoun is the speaker, whoever the
                    # sentence is about.
                    nxt_word = found[n_w + 1].group() if n_w + 1 < len(found) else ""
                    if nxt_word not in REPORTING_VERBS:
                        vote["m" if low in MALE_PRONOUNS else "f"] += 1
                    break
                if low in ("it", "its", "they", "them", "their"):
                    # "Acme said its board …": an organisation, when it follows at once.
                    vote["n"] += low in ("it", "its") and n_w < 3
                    break
        for key, g in self._pronoun_chain(people):
            # A name the model labelled ORG needs a person's cue of its own ("Keane frontman
            # Tom Chaplin …. He added" is not Keane).
            if any(m.entity_key == key and m.label == "PERSON" for m in people) or votes[key]["p"]:
                votes[key][g] += 1
        labels = {m.entity_key: m.label for m in people}
        persons = frozenset(
            k
            for k, v in votes.items()
            if (labels[k] == "PERSON" and (v["n"] < 2 or v["n"] <= v["m"] + v["f"]))
            or (v["m"] + v["f"] >= 2 and v["m"] + v["f"] > 2 * v["n"])
            or (v["p"] and v["m"] + v["f"] >= v["n"] and v["n"] < 2)
        )
        gender = {
            k: ("m" if v["m"] > v["f"] else "f") for k, v in votes.items() if v["m"] != v["f"]
        }
        # Where the article says nothing, the given name does ("Megan Davies" f), when the
        # name lists give it to one gender only.
        # One word counts only for a name labelled PERSON ("Andrew" for the prince).
        names = {m.entity_key: m.canonical_name.split() for m in people}
        for key, words in names.items():
            named = len(words) >= 2 or labels[key] == "PERSON"
            if key in persons and key not in gender and named:
                g = given_names.gender_of(words[0])
                if g:
                    gender[key] = g
        return {k: g for k, g in gender.items() if k in persons}, persons

    def _person_cue(self, m: Mention, before: list[str]) -> bool:
        """A name the model labelled ORG written as people are: "Montell Figgins, who
        represents Thomas," (who, not which), "Bombay broker Dinesh Walji" (a role noun
        before it that is no kind of company), "said Perrin Long of Lipper Analytical" (of an
        organisation)."""
        after = self.text[m.char_end : m.char_end + 80]
        if _WHO_AFTER.match(after):
            return True
        role = before[-1] if before else ""
        # Not "chipmaker Nvidia", "retailer Walmart": a company noun is no person's role.
        company = role in ORG_NOUNS or role.endswith("maker")
        if (
            role
            and not company
            and role not in STOP_WORDS  # "either Joy Division or Queen"
            and (_is_agent_noun(role) or role in TITLE_WORDS)
        ):
            return True
        of = _OF_AFTER.match(after)
        return of is not None and any(
            o.label == "ORG" and o.char_start == m.char_end + of.end()
            for o in mentions_in(self.doc, m.char_end, m.char_end + 80)
        )

    def _pronoun_chain(self, people: Sequence[Mention]) -> list[tuple[str, str]]:
        """(entity, 'm' or 'f') for each sentence that opens with He or She right after a
        sentence whose subject is one name: "Carlineo faces a maximum of 10 years …. He was
        arrested in April"; "Montell Figgins, who represents Thomas, said …. He said Thomas is
        a single father". The narrative goes on about its subject (Centering's continuation), so
        the pronoun says that subject's gender and that it is a person."""
        out: list[tuple[str, str]] = []
        for n in range(1, len(self._sent_bounds)):
            lo, hi = self._sent_bounds[n]
            first = WORD.search(self.text, lo, hi)
            if first is None or first.start() != lo:
                continue  # a quotation, a bracket or a dash opens it: no narrative pronoun
            word = first.group()
            if word not in ("He", "She"):
                continue
            p_lo, p_hi = self._sent_bounds[n - 1]
            if self._paragraph(p_lo) != self._paragraph(lo) and self._paragraph(lo) - 1 != (
                self._paragraph(p_lo)
            ):
                continue
            subjects = [
                m for m in people if p_lo <= m.char_start < p_hi and id(m) in self._subjects
            ]
            if len({m.entity_key for m in subjects}) == 1 and self._opens(subjects[0], p_lo):
                out.append((subjects[0].entity_key, "m" if word == "He" else "f"))
        return out

    def _opens(self, m: Mention, lo: int) -> bool:
        """The name opens its sentence, after at most a capitalised title ("Finance Secretary
        Jaime Ongpin told"): not "And it was Rainey Senior who …" (a cleft, whose "She" that
        follows is someone else) nor "However, backbench Labour MP Karen Buck"."""
        prefix = self.text[lo : m.char_start].split()
        if len(prefix) > 3 or not all(w[:1].isupper() and w.isalpha() for w in prefix):
            return False
        # "Keane frontman Tom Chaplin thanked fans": a name that modifies the subject's.
        after = self.text[m.char_end : m.char_end + 30].split()[:2]
        return not any(
            o.char_start > m.char_end and o.label == "PERSON"
            for o in mentions_in(self.doc, m.char_end, m.char_end + 30)
        ) or bool(after and after[0].endswith(","))

    @cached_property
    def _org_roles(self) -> list[_Role]:
        """The descriptions organisations are introduced with, in apposition: "The group,
        WeWorkers Coalition," and "WeWorkers Coalition, a group of employees," tie "the group"
        to that name."""
        out: list[_Role] = []
        for m in self._eligible:
            if m.label != "ORG":
                continue
            found = _DESCRIPTION_BEFORE.search(self.text, max(0, m.char_start - 60), m.char_start)
            if found:
                out.append(_Role(m.entity_key, m.char_start, (found.group(1),)))
            s_end = self._sent_bounds[self._sentence(m.char_start)][1]
            after = _appositive(self.text, m.char_end, s_end)
            if after:
                out.append(_Role(m.entity_key, m.char_start, tuple(after)))  # head: its last word
        return out

    def _role_evidence(self) -> list[_Role]:
        """The roles persons are introduced with, as titles or appositives, in text order."""
        out: list[_Role] = []
        for m in self._eligible:
            if m.label != "PERSON":
                continue
            before = _words_before(self.text, m.char_start, 5)
            before = [TITLE_ABBREVIATIONS.get(w, w) for w in before if w not in COURTESY_TITLES]
            if before:
                out.append(_Role(m.entity_key, m.char_start, tuple(before)))
            s_end = self._sent_bounds[self._sentence(m.char_start)][1]
            after = _appositive(self.text, m.char_end, s_end)
            if after:
                out.append(_Role(m.entity_key, m.char_start, tuple(after)))
        return out

    # --- salience -------------------------------------------------------------------------------

    def _last_said(self, pos: int) -> _Said | None:
        return next((s for s in reversed(self._said) if s.pos < pos), None)

    def _salient(
        self,
        labels: tuple[str, ...],
        pos: int,
        gender: str | None = None,
        reach: int | None = None,
        among: set[str] | None = None,
    ) -> str | None:
        """The most salient entity of `labels` before pos (see the module docstring). Salience
        halves with every sentence back (Lappin and Leass's recency), for a mention and for the
        last statement's speaker alike; a subject counts more than another mention, and an
        entity the article names often a little more than one named once."""
        here = self._sentence(min(pos, self._anchor))
        last = self._last_said(pos)
        best: dict[str, float] = {}
        for m in self._eligible:
            if m.char_end > pos:
                break
            # People are whom the article treats as people (see _gender_evidence), whatever
            # their label; "it" and "the company" are never one of them.
            is_person = m.entity_key in self._people
            if among is not None:
                wanted = m.entity_key in among
            elif "PERSON" in labels:
                wanted = is_person
            else:
                wanted = (m.label in labels or m.label == "PERSON") and not is_person
            if not wanted or is_oblique(self.text, m):
                continue
            distance = here - self._sentence(m.char_start)
            if reach is not None and distance > reach:
                continue
            if gender is not None and self.gender.get(m.entity_key, gender) != gender:
                continue
            if (
                gender is not None
                and self._statement is not None
                and self._statement[0] <= m.char_start < self._statement[1]
            ):
                continue  # `… a struggle between Labour and the Tories, he said`: "he" is no
                # one the statement speaks about
            score = (100 + 80 * (id(m) in self._subjects)) * 0.5**distance
            if gender is not None and any(lo <= m.char_start < hi for lo, hi in self._contents):
                # "Anyone nominated to replace Volcker would have paled …, Hormats said. '…,' he
                # said": a name in what was reported is seldom who goes on speaking.
                score /= 2
            if m.entity_key in self._weak:
                if gender is not None:
                    continue  # "Labour" taken for a person is never "he": no first name,
                    # title, given name or he/she of its own
                score /= 2
            best[m.entity_key] = max(best.get(m.entity_key, 0.0), score)
        if (
            among is None
            and last is not None
            and last.key is not None
            and last.key not in best
            and ("PERSON" in labels) == self._personal(last.key)
            and (gender is None or self.gender.get(last.key, gender) == gender)
            and here - self._sentence(last.at) <= 2
        ):
            # A speaker whose turn runs on past the last time named; named in a phrase the
            # model did not tag ("Dunham said …. '…,' he said"), as salient as a subject there.
            named_here = (
                last.named
                and last.phrase is not None
                and not any(m.entity_key == last.key for m in mentions_in(self.doc, *last.phrase))
            )
            best[last.key] = 180 * 0.5 ** (here - self._sentence(last.at)) if named_here else 0.0
        if not best:
            return None
        for key in best:
            best[key] += 10 * min(self._counts[key], 5)
            best[key] += 20 * (gender is not None and self.gender.get(key) == gender)
        if last is not None and last.key in best and not self._interrupted(last, pos):
            # A run of statements is one speaker's turn until someone else is the subject of a
            # sentence: the last speaker's salience decays slower than a mention's.
            best[last.key] += 80 * 0.7 ** (here - self._sentence(last.at))
        return max(best, key=lambda k: best[k])

    def _named_turn(self, before: int, gender: str) -> str | None:
        """With no person to point back to, he/she goes on with the speaker the model took for
        an organisation, named in this sentence or the one before ("1Xtra's G Money says …
        '…,' he adds"): a person it missed, or one speaking for that organisation, whose words
        are the organisation's anyway."""
        last = self._last_said(before)
        if last is None or last.key is None or not last.named:
            return None
        if self.gender.get(last.key, gender) != gender:
            return None  # "Jo Roe said …. '…,' she said" is not Mr Roe's
        if self._sentence(self._anchor) - self._sentence(last.at) > 1:
            return None
        return None if self._interrupted(last, before) else last.key

    def _personal(self, key: str) -> bool:
        """The entity is a person: one the article treats as one, or, when none of its names
        is evidence (all inside a quotation whose closing mark the wire lost: `"If the refining
        sector … , said Archie Dunham, executive vice president`), labelled PERSON."""
        if key in self._people:
            return True
        if any(m.entity_key == key for m in self._eligible):
            return False
        return any(m.entity_key == key and m.label == "PERSON" for m in self.doc.mentions)

    def _interrupted(self, last: _Said, pos: int) -> bool:
        """Someone other than the last speaker is the subject of a sentence since they spoke."""
        return any(
            last.at < m.char_start < pos
            and id(m) in self._subjects
            and m.entity_key != last.key
            and m.entity_key in self._people
            for m in self._eligible
        )

    # --- the phrase -----------------------------------------------------------------------------

    def record(
        self, pos: int, key: str | None, phrase: Span | None, content: Span | None = None
    ) -> None:
        """Remember a statement's speaker, for the salience of later ones; `content`, a reported
        statement's clause, whose names are what the speaker spoke about."""
        if content is not None:
            self._contents.append(content)
        said = self.text[phrase[0] : phrase[1]] if phrase else ""
        spokes = any(w in SPOKES_NOUNS for w in said.lower().split())
        spokes = spokes or self._spokes_before(phrase)
        # "a company spokeswoman told Reuters. She said …. '…,' she said": a pronoun that stood
        # for an organisation is still its spokesperson, so the next "she" is too.
        spokes = spokes or (
            said.lower() in ("he", "she") and key is not None and key not in self._people
        )
        named = said[:1].isupper() and said.lower() not in PERSONAL_PRONOUNS
        at = max(pos, phrase[0]) if phrase else pos
        self._said.append(_Said(pos, key, spokes, named, at, phrase))

    def _spokes_before(self, phrase: Span | None) -> bool:
        """ "a spokeswoman for" right before the phrase "Acme"."""
        if phrase is None:
            return False
        words = [w.lower() for w in WORD.findall(self.text, max(0, phrase[0] - 40), phrase[0])]
        return bool(words) and words[-1] in PREPOSITIONS and any(w in SPOKES_NOUNS for w in words)

    def _unnamed_person_before(self, phrase: Span) -> bool:
        """ "officials at", "a source close to", "one of the lawyers for" right before a name:
        the speaker is an unnamed person, not the organisation named."""
        return self._unnamed_noun_before(phrase) is not None

    def _unnamed_noun_before(self, phrase: Span) -> str | None:
        """The noun of the unnamed person right before the phrase ("an official with" ->
        "official"), else None. A line break is no boundary: wire copy wraps its lines."""
        lo = max(0, phrase[0] - 60)
        start = max(self.text.rfind(c, lo, phrase[0]) for c in ',.;:!?"“”') + 1
        words = WORD.findall(self.text, max(start, lo), phrase[0])
        while words and words[-1].lower() in ARTICLES:
            words.pop()
        if not words or words[-1].lower() not in _LINKING_PREPOSITIONS:
            return None  # not "after the company announced": a clause, no one's affiliation
        while words and (words[-1].lower() in PREPOSITIONS or words[-1] == "close"):
            words.pop()
        if (
            words
            and words[-1].isalpha()
            and words[-1].islower()
            and words[-1] not in SPOKES_NOUNS
            and words[-1] != "according"  # "according to Acme": Acme
            and words[-1] not in DATE_WORDS | TIME_NOUNS  # "last year after the company"
        ):
            return words[-1]
        return None

    def _unnamed_head_before_names(self, phrase: Span, inside: list[Mention]) -> bool:
        """The phrase opens with an unnamed person and a preposition before its names: "An aide
        to USDA undersecretary Daniel Amstutz", "a friend of Jo Roe" (not a spokesperson, whose
        organisation speaks, nor "Luis Escalante of Costa Rica")."""
        first = min(m.char_start for m in inside)
        lead = [w.lower() for w in WORD.findall(self.text, phrase[0], first)]
        return (
            len(lead) >= 3
            and lead[0] in INDEFINITES | ARTICLES
            and lead[-1] in PREPOSITIONS
            and self.text[phrase[0] : first].rstrip().split()[-2][:1].islower()
            and not any(w in SPOKES_NOUNS or w in ORG_NOUNS or w in INSTITUTION_NOUNS for w in lead)
        )

    def _new_referent(self, words: list[str], phrase: Span) -> bool:
        """A description of someone the article has not tied to a name, whom no name met
        before is: "the second arbitrageur", "another analyst" (someone other than the one
        met); "The barrister who had represented Mr Martin" (a relative clause defines them);
        "an official with the wheat group" (the official speaks, not the group); "the
        investment manager" right after "one investment manager said" (the unnamed one
        again, not a named manager met earlier)."""
        if OTHER_MARKERS & set(words):
            return True
        definite = words[0] in ("the", "this")
        if definite and _DEFINING_RELATIVE.match(self.text, phrase[1]):
            return True
        if self._unnamed_noun_before(phrase) is not None:
            return True
        if not definite:
            return False
        head = words[-1]
        unnamed = max(
            (
                s.at
                for s in self._said
                if s.pos < self._anchor
                and s.key is None
                and s.phrase is not None
                and self._unnamed_head(s.phrase) == head
            ),
            default=-1,
        )
        named = max(
            (r.pos for r in self._roles if r.head == head and r.pos < phrase[0]), default=-1
        )
        return unnamed > named

    def _unnamed_head(self, phrase: Span) -> str | None:
        """The noun of an unnamed person's speaker phrase ("one investment manager" ->
        "manager", "the Shanghai city government" after "An official of" -> "official")."""
        said = self.text[phrase[0] : phrase[1]]
        if _unnamed_kind(said, bool(mentions_in(self.doc, *phrase))) == "person":
            return WORD.findall(said)[-1].lower()
        return self._unnamed_noun_before(phrase)

    def _coordinated(self, phrase: Span) -> bool:
        """The phrase is the last of coordinated subjects: "Vindman and Williams", "X or Y", a
        pronoun and a name ("he and his wife Kali"), or holds them (the parse's whole subject
        "STT and TM International"); not when it is a name behind a title that holds the "and"
        ("Only Fools and Horses star David Jason": a lower-case role word before the person)."""
        said = self.text[phrase[0] : phrase[1]].split()
        words = WORD.findall(self.text, max(0, phrase[0] - 40), phrase[0])
        gap = self.text[phrase[0] - 5 : phrase[0]]
        # "he and his wife Kali explained": two speakers (the walk may have trimmed "his wife").
        before = _PRONOUN_AND.search(self.text[max(0, phrase[0] - 60) : phrase[0]])
        if before is not None and before.group(1).lower() in _SUBJECT_PRONOUNS:
            return True
        inside = [m for m in mentions_in(self.doc, *phrase) if m.label in SPEAKER_LABELS]
        if any(
            self.text[a.char_end : b.char_start] in (" and ", " or ", "\nand ", " and\n")
            for a, b in pairwise(inside)
        ):
            return True  # "STT and TM International said" (the parse's whole subject)
        if any(w[:1].islower() for w in said[:-1]) and any(
            m.label == "PERSON" for m in mentions_in(self.doc, *phrase)
        ):
            return False
        return (
            len(words) >= 2
            and words[-1] in ("and", "or")
            and words[-2][:1].isupper()
            and (gap.endswith((" and ", " or ")))
        )

    def resolve(self, phrase: Span | None, pos: int, statement: Span | None = None) -> str | None:
        """The entity_key of the speaker phrase `phrase` of a statement at `pos` (spanning
        `statement`), or None."""
        if phrase is None:
            return None
        self._statement = statement
        text = self.text
        said = text[phrase[0] : phrase[1]]
        low = said.lower()
        # Names before the phrase can be meant, in the statement too when it comes first
        # (`Revenues at media group Reuters slipped, the group said`; quotations are
        # excluded); salience is reckoned from where the statement starts.
        before = phrase[0]
        self._anchor = min(pos, phrase[0])
        if low in PERSONAL_PRONOUNS:
            if self._continues_unnamed(before, low):
                # `"…," a Western diplomat said. "…," he said`: the diplomat again, whom no name
                # ties, not the last person the article named.
                return None
            if low in ("he", "she"):
                gender = "m" if low == "he" else "f"
                spokes = self._spokesperson(before)
                if spokes is not None:
                    return spokes
                found = self._salient(("PERSON",), before, gender, PRONOUN_REACH)
                return found if found is not None else self._named_turn(before, gender)
            return self._organisation(before) if low == "it" else None
        inside = mentions_in(self.doc, *phrase)
        # Oblique within the phrase ("Russia's ministry", "a spokesman for Acme"); a
        # preposition before the phrase does not count ("according to Acme").
        direct = [m for m in inside if m.char_start == phrase[0] and not _possessive(text, m)]
        direct += [m for m in inside if m.char_start > phrase[0] and not is_oblique(text, m)]
        if (
            direct
            and not any(m.label == "PERSON" for m in direct)
            and self._unnamed_person_before(phrase)
        ):
            return None  # "officials at the Pentagon said"
        if self._coordinated(phrase):
            return None  # "Vindman and Williams told": two speakers, not one
        if _AGENT_BY.search(text, max(0, phrase[0] - 30), phrase[0]):
            return None  # "bankers and businessmen polled by Reuters said": those polled
        words = [w.lower() for w in WORD.findall(said)]
        head = words[-1] if words else ""
        spoke_for = self._spokesperson_for(words, inside)
        if spoke_for is not None:
            return spoke_for  # "A spokesman for Reebok Japan" -> Reebok Japan
        # "data released by MOTIE": the text noun before a participle that names its maker.
        authored = words[-2] if len(words) > 1 and head in _AUTHORING_PARTICIPLES else head
        if authored in _AUTHORED_NOUNS or head in SPOKES_NOUNS:
            author = self._author_after(phrase)
            if author is not None:
                return author  # "said a report from Kotak Institutional Equities"
        if authored in _AUTHORED_NOUNS and inside:
            author = self._author_inside(phrase, inside, authored)
            if author is not None:
                return author  # "The IMF report said", "according to The Verge's review"
        if inside and self._unnamed_head_before_names(phrase, inside):
            return None  # "An aide to USDA undersecretary Daniel Amstutz said": the aide
        if not inside and said.split()[-1][:1].islower() and self._new_referent(words, phrase):
            return None  # "the second arbitrageur", "an official with the wheat group"
        if (
            words[:1] == ["the"]
            and head in _COMPANY_NOUNS
            and inside
            and all(m.label in ("GPE", "NORP") and m.char_end < phrase[1] for m in inside)
        ):
            # "The US firm says", "The German automaker, which …, says": the company the
            # article is about, from where; never the place.
            return self._organisation(before, company=True)
        if head in INSTITUTION_NOUNS:
            named = self._institution(words, before)
            if named is not None:
                return named  # "the U.S. attorney's office" -> "U.S. Attorney's Office for …"
            if (
                len(words) > 2
                and words[-2].endswith(("'s", "’s"))
                and inside
                and all(m.label in ("GPE", "LOC", "NORP") for m in inside)
            ):
                # "the U.S. attorney's office", "Bolivia's public defender's office": the office
                # of a role's holder, which the place only locates; not named here, no one.
                return None
        owner = self._owner_before(phrase, inside)
        if owner is not None:
            return owner  # "Luis Escalante of Costa Rica said", "Philips of the Netherlands"
        if inside and self._role_head(said, inside) and head not in SPEAKS_FOR:
            if words[0] in ("the", "this") and not head.endswith("s"):
                # "the Liberal Democrat leader": a role, the person introduced with it.
                found = self._description(words, said, before)
                return found if found is not None else self._named_after(head, phrase)
            if words[0] in ("a", "an"):
                return self._named_after(head, phrase)  # "A California transit chief says"
            return None  # "US officials", "Israeli settlers": a group named after a name
        for label in SPEAKER_LABELS:
            hits = [m for m in direct if m.label == label]
            if hits:
                if label == "ORG" and words[0] == "the" and head in SPOKES_NOUNS:
                    # "A spokesman for Reebok Japan said …. The Reebok spokesman said": the
                    # spokesperson met before, of the organisation named more fully then.
                    same = self._fuller_spokes_org(hits[-1], before)
                    if same is not None:
                        return same
                return hits[-1].entity_key  # the name nearest the verb: "Pentagon … John Kirby"
        norp = [m for m in direct if m.label == "NORP"]
        if norp and len(words) <= len(WORD.findall(norp[-1].text)) + 1:
            return norp[-1].entity_key  # "The Liberal Democrats said"
        if inside and (head in SPOKES_NOUNS or head in INSTITUTION_NOUNS or head in ORG_NOUNS):
            # "Russia's foreign ministry", "Acme's spokesman", "Jo Roe's office".
            named = [m for m in inside if m.label in SPEAKER_LABELS and _possessive(text, m)]
            if named:
                return named[-1].entity_key
            wrapped = self._wrapped_name(said)
            if wrapped is not None:
                return wrapped  # "an American\nMotors spokesman": the name the model cut
            country = self._demonym([m for m in inside if m.label == "NORP"], before)
            if country is not None:
                return country  # "the Jordanian government" -> Jordan
        if inside or not words:
            # "China's ambassador to Britain accused …. China's ambassador to Britain Liu
            # Xiaming has said": the description the article later puts before a name.
            return self._titled_later(phrase) if inside else None
        if head == "management" and all(
            w in ARTICLES or w in ("company", "company's", "company’s") for w in words[:-1]
        ):
            # "Company management said", "Management said": the company's own voice.
            return self._organisation(before, company=True)
        if said[:1].isupper() and words[0] not in NOUN_MARKERS | INDEFINITES:
            return self._unrecognised_name(said, before)
        namesake = self._namesake(words, said, before)
        if namesake is not None:
            return namesake  # "the production company" after "Dick Clark Productions"
        found = self._description(words, said, before)
        if found is None and said.split()[-1][:1].islower() and not FINITE_MARKERS & set(words):
            found = self._named_after(head, phrase)  # not a clause taken for a phrase
        return found if found is not None else self._titled_later(phrase)

    def _wrapped_name(self, said: str) -> str | None:
        """The organisation whose name is written, whole, between the determiner and the noun
        of a spokesperson or institution phrase that the model tagged only in part, most often
        across a wire's line break ("an American\nMotors spokesman" -> American Motors Corp,
        named so elsewhere)."""
        words = said.split()
        if len(words) < 4 or words[0].lower() not in ARTICLES:
            return None
        name = words[1:-1]
        if not all(w[:1].isupper() for w in name):
            return None
        wanted = " ".join(name)
        keys = {
            m.entity_key
            for m in self._eligible
            if m.label == "ORG" and wanted in (" ".join(m.text.split()), m.canonical_name)
        }
        return next(iter(keys)) if len(keys) == 1 else None

    def _titled_later(self, phrase: Span) -> str | None:
        """The person the article names, anywhere, right after the same description used as a
        title: "China's ambassador to Britain accused …", then "China's ambassador to Britain
        Liu Xiaming has said". At least two words besides a determiner, one of them a role;
        only when one person is so named."""
        said = self.text[phrase[0] : phrase[1]]
        words = WORD.findall(said)
        if words and words[0].lower() in ARTICLES:
            said = said[said.index(words[1]) :] if len(words) > 1 else ""
            words = words[1:]
        low = [w.lower() for w in words]
        if len(words) < 2 or not any(w in TITLE_WORDS or _is_agent_noun(w) for w in low):
            return None
        pattern = re.compile(r"\s+".join(map(re.escape, said.split())) + r"\s{1,2}", re.I)
        starts = {
            m.end()
            for m in pattern.finditer(self.text)
            if (m.end() <= phrase[0] or m.start() >= phrase[1])
            # the whole title, not the end of a longer one ("Deputy Prime Minister John
            # Prescott" is not "the prime minister")
            and not self.text[max(0, m.start() - 2) : m.start()].strip()[-1:].isalpha()
        }
        keys = {
            m.entity_key
            for m in self.doc.mentions
            if m.char_start in starts and m.label == "PERSON"
        }
        return next(iter(keys)) if len(keys) == 1 else None

    def _continues_unnamed(self, before: int, pronoun: str) -> bool:
        """The pronoun goes on with a speaker the article did not name, so it names nobody
        either: the last statement, this sentence or the one before, was an unnamed person's
        ("one arbitrageur", "Another", "the official", a name that ties to no entity) for
        he/she, or an unnamed text's ("an article in the official press") for it, and no person
        has been a sentence's subject since. Also he/she right after a sentence whose subject
        is an unnamed person ("However, one fund manager does not agree …. '…,' he said")."""
        if pronoun not in ("he", "she", "it"):
            return False
        wanted = "text" if pronoun == "it" else "person"
        here = self._sentence(self._anchor)
        last = self._last_said(before)
        # Back over the pronouns that went on with the same speaker ("…," he said. "…," he
        # added), a sentence at most between one statement and the next.
        for said in [s for s in reversed(self._said) if s.pos < before][:4]:
            if said.key is not None or said.phrase is None:
                break
            if here - self._sentence(said.at) > 1 or self._interrupted(said, before):
                break
            kind = self._unnamed_kind(said.phrase)
            if kind == wanted:
                return True
            if self.text[said.phrase[0] : said.phrase[1]].lower() != pronoun:
                break
            here = self._sentence(said.at)
        return wanted == "person" and self._unnamed_subject(before, last)

    def _unnamed_subject(self, before: int, last: _Said | None) -> bool:
        """The sentence before the statement (or the statement's own, before the pronoun)
        opens with an unnamed person as its subject ("One official even called the market's
        recent actions irrational"), whom no statement with a speaker followed."""
        here = self._sentence(self._anchor)
        for n in (here, here - 1):
            if n < 0:
                continue
            lo, hi = self._sent_bounds[n]
            found = _UNNAMED_SUBJECT.match(self.text, lo, min(hi, before))
            if found is None or self._unnamed_kind(found.span(1)) != "person":
                continue
            words = found.group(1).lower().split()
            if PREPOSITIONS.intersection(words) or not _person_noun(words[-1]):
                continue  # "A potential for alternative supplies could …": no one
            if last is not None and last.at > found.start() and last.key is not None:
                return False  # someone named spoke since
            return not any(
                found.end() <= m.char_start < before
                and id(m) in self._subjects
                and m.entity_key in self._people
                for m in self._eligible
            )
        return False

    def _author_inside(self, phrase: Span, inside: list[Mention], noun: str) -> str | None:
        """The organisation or person whose text the phrase is, named before the text noun: as
        its owner ("The Verge's Stadia review", "The Wrap's report") or as a modifier ("The IMF
        report", "a FCA report", "The Daily Telegraph poll"). Never a place ("a U.S. report"),
        nor one of several names ("a Reuters/Ipsos poll" is no one's alone)."""
        spans = [
            (m.start(), m.end())
            for m in WORD.finditer(self.text, *phrase)
            if m.group().lower() == noun
        ]
        if not spans:
            return None
        at = spans[-1][0]
        named = [m for m in inside if m.char_end <= at and m.label in SPEAKER_LABELS]
        if len(named) != 1 or named[0].label not in ("ORG", "PERSON"):
            return None
        m = named[0]
        if "'s " in m.text or "’s " in m.text:
            return None  # "Verge’s Stadia": the model ran the owner and the title together
        if not _AUTHOR_MODIFIER.fullmatch(self.text, m.char_end, at):
            return None
        return m.entity_key

    def _author_after(self, phrase: Span) -> str | None:
        """The organisation or person whose text the phrase is, named right after it: "a report
        from Kotak Institutional Equities", "the TexAuto Facts report from InfoNation", "a
        letter by Jo Roe" (the walk stops at the preposition; the words are the author's)."""
        found = _AUTHOR_GAP.match(self.text, phrase[1])
        if found is None:
            return None
        # "reports from The Wrap": the model may leave a capitalised "The" out of the name.
        starts = {found.end()}
        if self.text.startswith("The ", found.end()):
            starts.add(found.end() + 4)
        author = next(
            (
                m
                for m in self.doc.mentions
                if m.char_start in starts and m.label in ("ORG", "PERSON")
            ),
            None,
        )
        # "reports from The Wrap and Deadline": the first named, as the gold set reads it.
        return author.entity_key if author is not None else None

    def _unnamed_kind(self, phrase: Span) -> str | None:
        said = self.text[phrase[0] : phrase[1]]
        # A name the model gave no speaker's label ("Rei Shiratori" as a WORK_OF_ART) is one it
        # missed, as good as untagged.
        tagged = any(m.label in SPEAKER_LABELS for m in mentions_in(self.doc, *phrase))
        kind = _unnamed_kind(said, tagged)
        if kind is None and not tagged and self._untagged_surname(said, phrase[0]):
            return "person"  # "Rei Shiratori, professor …, told Reuters. … Shiratori said"
        words = [w.lower() for w in WORD.findall(self.text, *phrase)]
        if kind == "person" and words[0] in ("the", "this") and not OTHER_MARKERS & set(words):
            # "the Chrysler executive" left unresolved may still be the person named before
            # ("Zuckerman said …. the executive said. '…,' he said"): unnamed only when it is
            # someone new ("the source" after "a Senate source said").
            return kind if self._new_referent(words, phrase) else None
        return kind

    def _untagged_surname(self, said: str, before: int) -> bool:
        """`said` is one capitalised word that ends the full name of an earlier speaker whom
        the model did not tag ("Rei Shiratori … told Reuters", then "Shiratori said"): the same
        person, unnamed for the resolver."""
        if len(said.split()) != 1 or not said[:1].isupper() or said.lower() in PERSONAL_PRONOUNS:
            return False
        for earlier in self._said:
            if earlier.pos >= before or earlier.phrase is None or earlier.key is not None:
                continue
            full = self.text[earlier.phrase[0] : earlier.phrase[1]]
            words = full.split()
            if (
                len(words) >= 2
                and words[-1] == said
                and all(w[:1].isupper() for w in words)
                and not any(
                    m.label in SPEAKER_LABELS for m in mentions_in(self.doc, *earlier.phrase)
                )
            ):
                return True
        return False

    def _role_head(self, said: str, inside: list[Mention]) -> bool:
        """The phrase ends in a word for a person or a group outside any name: lower-case
        ("US officials") or a capitalised title or role ("a senior U.S. Official", "former
        Nevada Sen."; wire copy capitalises after an abbreviation)."""
        last = said.split()[-1]
        if last[:1].islower():
            return True
        word = last.lower().rstrip(".")
        # A party's member tagged on its own ("the Illinois Democrat": "Democrat" NORP) is the
        # role word, not a name.
        outside = not any(
            said.endswith(m.text) and m.text.lower() not in _GROUP_HEADS for m in inside
        )
        return outside and (word in TITLE_WORDS or word in _GROUP_HEADS)

    def _owner_before(self, phrase: Span, inside: list[Mention]) -> str | None:
        """The person or organisation a place phrase belongs to, right before it: "Luis
        Escalante of Costa Rica said" is Escalante, "Philips of the Netherlands has said" is
        Philips. The walk back from the verb stops at the preposition; the speaker is the
        name before it."""
        if not inside or any(m.label not in ("GPE", "LOC") for m in inside):
            return None
        found = _OWNER_GAP.search(self.text, max(0, phrase[0] - 16), phrase[0])
        if found is None:
            return None
        gap = found.start()
        owner = next(
            (m for m in self.doc.mentions if m.char_end == gap and m.label in ("PERSON", "ORG")),
            None,
        )
        return owner.entity_key if owner is not None else None

    def _named_after(self, head: str, phrase: Span) -> str | None:
        """A lede's description before anyone is named ("BMW is preparing …, the firm's chief has
        told BBC News. Speaking at a BMW event, Helmut Panke predicted …"; "A California transit
        chief says …. Interim BART Police Chief Ed Alvarez told …"): the first person the
        article names, when that is within the next two sentences as a sentence's subject and
        no role of theirs on record has another head."""
        if not (_is_agent_noun(head) or head in TITLE_WORDS) or head in SPOKES_NOUNS:
            return None
        if head.endswith("s") and not head.endswith("ss"):
            return None  # plural: a group
        first = next((m for m in self._eligible if m.entity_key in self._people), None)
        if first is not None and first.char_start < phrase[1]:
            # Someone was named before: the description points back, not ahead; unless it
            # introduces someone new ("A California transit chief says …" in a live blog's
            # later entry) whom the next sentence names with the same role ("Interim BART
            # Police Chief Ed Alvarez told").
            if self.text[phrase[0] : phrase[0] + 2].lower() not in ("a ", "an"):
                return None
            first = next(
                (
                    m
                    for m in self._eligible
                    if m.entity_key in self._people and m.char_start >= phrase[1]
                ),
                None,
            )
            if first is None or self._sentence(first.char_start) - self._sentence(phrase[0]) != 1:
                return None
            if head not in {r.head for r in self._roles if r.key == first.entity_key}:
                return None  # only the same role, written as the name's title
        if first is None:
            return None
        distance = self._sentence(first.char_start) - self._sentence(phrase[0])
        if not 1 <= distance <= 2 or not self._opens_clause(first):
            return None
        heads = {r.head for r in self._roles if r.key == first.entity_key}
        if heads and head not in heads:
            return None  # "… the firm's chief said. Analyst Jo Roe said": another role
        return first.entity_key

    def _opens_clause(self, m: Mention) -> bool:
        """The name opens its sentence's main clause, after at most an adverbial set off by a
        comma, which may name an organisation ("Speaking at a BMW event, Helmut Panke …")."""
        start = self._sent_bounds[self._sentence(m.char_start)][0]
        prefix = self.text[start : m.char_start]
        if "," in prefix:
            prefix = prefix.rsplit(",", 1)[1]
        return len(prefix.split()) <= SUBJECT_REACH and not any(
            o.label == "PERSON" for o in mentions_in(self.doc, start, m.char_start)
        )

    def _fuller_spokes_org(self, named: Mention, before: int) -> str | None:
        """The organisation of an earlier spokesperson whose name begins with `named`'s, the
        latest one: "A spokesman for Reebok Japan said …. the ministry spokesman said …. The
        Reebok spokesman said" is Reebok Japan's spokesman again, whoever spoke between."""
        for said in reversed(self._said):
            if said.pos >= before or not said.spokes or said.key is None:
                continue
            if said.key == named.entity_key:
                return None  # the organisation itself had spoken by that name
            full = next(
                (m.canonical_name for m in self.doc.mentions if m.entity_key == said.key), ""
            )
            if full.startswith(named.canonical_name + " "):
                return said.key
        return None

    def _spokesperson_for(self, words: list[str], inside: list[Mention]) -> str | None:
        """The organisation or country a spokesperson phrase names after "for" or "at" ("a
        spokesman for Reebok Japan", "a spokeswoman at the State Department"): the
        spokesperson speaks for it. No person is named in such a phrase."""
        n = next((i for i, w in enumerate(words) if w in SPOKES_NOUNS), None)
        if n is None or n + 1 >= len(words) or words[n + 1] not in ("for", "at"):
            return None
        if any(m.label == "PERSON" for m in inside):
            return None
        named = [m for m in inside if m.label in ("ORG", "GPE")]
        return named[0].entity_key if named else None

    def _spokesperson(self, before: int) -> str | None:
        """ "… the Reebok spokesman said. He said …": when the last statement, a sentence or two
        back, was a spokesperson's and no person has been named as a subject since, "he" is
        that spokesperson, so the organisation they speak for."""
        last = self._last_said(before)
        if last is None or not last.spokes or last.key is None:
            return None
        if self._sentence(self._anchor) - self._sentence(last.at) > 2:
            return None
        for m in self._eligible:
            if (
                last.at <= m.char_start < before
                and id(m) in self._subjects
                and m.entity_key in self._people
            ):
                return None
        return last.key

    def _unrecognised_name(self, said: str, before: int) -> str | None:
        """A name the model did not tag here ("Schiff asked", "Rovers boss Mark Hughes said"):
        the entity whose mention or full name it is, or whose full name ends with it (a
        surname); among several, the most salient."""
        names = said.split()
        while names and not names[0][:1].isupper():
            names = names[1:]
        for n in range(len(names)):
            bare = " ".join(w for w in names[n:] if w.lower().rstrip(".") not in SPEAKER_TITLES)
            if not bare:
                continue
            keys = {
                m.entity_key
                for m in self.doc.mentions
                if m.label in SPEAKER_LABELS
                and (bare in (m.text, m.canonical_name) or m.canonical_name.endswith(" " + bare))
            }
            if len(keys) == 1:
                return next(iter(keys))
            if keys:
                return self._salient(("PERSON", "ORG", "GPE"), before, among=keys)
        return None

    def _organisation(self, before: int, company: bool = False) -> str | None:
        """What "it" or "the company" points back to: the most salient organisation, else,
        when the article named none the model calls one, the latest speaker named who is never
        he or she ("P.H. Glatfelter said its board …. It said …", the name labelled PERSON).
        A `company` ("the company", "the firm") is no public body: "The New York State
        Attorney General is investigating WeWork …. The company confirmed" is WeWork."""
        found = self._salient(("ORG",), before)
        if found is not None and company and self._public_body(found):
            firms = {
                m.entity_key
                for m in self._eligible
                if m.label == "ORG"
                and m.entity_key not in self._people
                and not self._public_body(m.entity_key)
            }
            found = self._salient(("ORG",), before, among=firms) if firms else None
            return found
        if found is not None:
            return found
        for said in reversed(self._said):
            if said.pos < before and said.named and said.key is not None:
                if said.key in self.gender or self._given_name(said.key):
                    # "Business Day said …. Finance Secretary Jaime Ongpin said …. It said": a
                    # person with a first name is never "it", even if never called he or she.
                    return None
                return said.key
        return None

    def _public_body(self, key: str) -> bool:
        """The organisation's name says it is a public body ("New York State Attorney
        General", "Ministry of Finance", "Senate Armed Services Committee")."""
        name = next((m.canonical_name for m in self.doc.mentions if m.entity_key == key), "")
        return bool(_PUBLIC_BODY_WORDS & {w.lower() for w in WORD.findall(name)})

    def _given_name(self, key: str) -> bool:
        """The entity's name opens with a first name the name lists know ("Jaime Ongpin"; not
        "P.H. Glatfelter")."""
        name = next((m.canonical_name for m in self.doc.mentions if m.entity_key == key), "")
        words = name.split()
        return len(words) >= 2 and given_names.is_given_name(words[0])

    def _institution(self, words: list[str], before: int) -> str | None:
        """The organisation named before whose name holds every content word of an institution
        phrase: "the U.S. attorney's office" -> "U.S. Attorney's Office for the Western District
        of New York"; "the ministry" -> "Ministry of Finance"."""
        wanted = {
            w.removesuffix("'s").removesuffix("’s")
            for w in words
            if w not in NOUN_MARKERS and w not in SPOKES_NOUNS
        }
        for m in reversed(self._eligible):
            if m.char_end > before or m.label != "ORG":
                continue
            name = {
                w.lower().removesuffix("'s").removesuffix("’s")
                for w in WORD.findall(m.canonical_name)
            }
            if wanted and wanted <= name:
                return m.entity_key
        return None

    def _demonym(self, norp: list[Mention], before: int) -> str | None:
        """The country a nationality word stands for, when the article names it: "Jordanian" ->
        Jordan, "Russian" -> Russia (the adjective begins with all of the name but its last
        letters)."""
        for adjective in norp:
            adj = adjective.text.lower()
            for m in reversed(self._eligible):
                if m.char_end > before or m.label != "GPE":
                    continue
                name = m.canonical_name.lower()
                if len(name) >= 4 and adj.startswith(name[: max(4, len(name) - 1)]):
                    return m.entity_key
        return None

    def _namesake(self, words: list[str], said: str, before: int) -> str | None:
        """A definite description whose own noun is a word of an organisation's name the
        article gave before: "the production company" is "Dick Clark Productions", "the
        doctors" are "Doctors for Camp Closure". Only when exactly one name shares a word with
        it (singular and plural alike) and that word is no generic one ("the company" matches
        every "… Company")."""
        if words[0] != "the" or not 2 <= len(words) <= 3 or not said.split()[-1][:1].islower():
            return None
        if any("'" in w or "’" in w for w in said.split()):
            return None  # "the city's police": someone's, not a name's
        if _singular(words[-1]) in TITLE_WORDS:
            return None  # "the governor": a role, the person introduced with it (_description)
        wanted = {_singular(w) for w in words[1:]} - _GENERIC_NAME_WORDS
        if not wanted:
            return None
        found = {
            m.entity_key
            for m in self._eligible
            if m.char_end <= before
            and m.label in ("ORG", "PERSON", "NORP")
            # a PERSON label too: "Dick Clark Productions" is a company for all its given name
            and wanted & {_singular(w.lower()) for w in WORD.findall(m.text)}
        }
        return next(iter(found)) if len(found) == 1 else None

    def _description(self, words: list[str], said: str, before: int) -> str | None:
        """A speaker described rather than named: "the company", "his son", "the comedian"."""
        first, head = words[0], words[-1]
        if head in SPOKES_NOUNS and len(words) > 2 and words[-2] in ORG_NOUNS:
            return self._organisation(before)  # "a company spokeswoman", "the firm's spokesman"
        if head in SPOKES_NOUNS and first in ("a", "an") and len(words) == 2:
            # "Acme did not accept the offer. A spokesperson … said": the spokesperson of the
            # organisation the sentence before (or this one) is about, when only one is.
            return self._org_subject(before)
        if first in INDEFINITES or not (said[:1].islower() or first in NOUN_MARKERS):
            return None  # "a spokesman" names nobody; "Acme Widgets" unmatched is no description
        if not said.split()[-1][:1].islower():
            return None  # the head is a name, not a description
        if first in ("his", "her") and len(words) > 1:
            person = self._salient(
                ("PERSON",), before, "m" if first == "his" else "f", PRONOUN_REACH
            )
            return person if head in SPEAKS_FOR else self._role(words[1:], before)
        if head in ORG_NOUNS:
            if any(w[:1].isupper() for w in said.split()[1:]):
                return None  # "The Anti-Phishing Working group": a name the model missed
            tied = {r.key for r in self._org_roles if r.pos < before and r.head == head}
            if len(tied) == 1:
                return next(iter(tied))  # "The group, WeWorkers Coalition, …": the group
            holders = set() if head in _GENERIC_ORG_HEADS else self._names_holding(head, before)
            if len(holders) == 1:
                # "the association": a kind of organisation, the one name that holds the noun
                # ("National Association of Securities Dealers"), not the most salient one.
                return next(iter(holders))
            if len(words) > 2:
                # "the brokerage firm", "the investment bank": a kind the most salient
                # organisation may not be; the one the article is about, or the subject of
                # this sentence or the one before ("Reuters beat forecasts. The news and
                # financial data seller said"), else no one.
                found = self._organisation(before, company=head not in _PUBLIC_ORG_NOUNS)
                if found is not None and found in (
                    self._main_organisation(),
                    self._org_subject(before),
                ):
                    return found
                return None
            # "The Countryside Alliance had its bid thwarted when the Appeal Court ruled …. But
            # the group says": a group, a company or a club is no court or ministry.
            return self._organisation(before, company=head not in _PUBLIC_ORG_NOUNS)
        if head in INSTITUTION_NOUNS or (
            head in SPOKES_NOUNS and len(words) > 1 and words[-2] in INSTITUTION_NOUNS
        ):
            # "the ministry spokesman" -> "Ministry of Finance": the institution by its head
            # noun alone (resolve() already tried all of a bare institution phrase's words).
            noun = head if head in INSTITUTION_NOUNS else words[-2]
            named = self._institution([noun], before)
            bare = all(w in ARTICLES or w == noun or w in SPOKES_NOUNS for w in words)
            if named is None and noun in AGENCY_NOUNS and bare:
                # "CBP announced …. At the time, the agency said": no name holds "agency"; the
                # organisation the article keeps naming, if one stands out. A modifier makes
                # it some other body ("the statistical office", "the health commission").
                return self._main_organisation()
            return named
        if head in SPOKES_NOUNS:
            last = next((s for s in reversed(self._said) if s.pos < before and s.spokes), None)
            return last.key if last is not None else None
        if first in NOUN_MARKERS and len(words) > 1:
            found = self._role(words[1:], before)
            if found is None and first in ("the", "this") and _is_agent_noun(head):
                # "Eyamba Sowers didn't know Patrick was coming. The real estate agent said …":
                # a definite description with no role on record is the person the sentence
                # before (or this one) is about.
                return self._salient(
                    ("PERSON",), before, reach=1, among=self._recent_subjects(before, head)
                )
            return found
        return None

    def _names_holding(self, noun: str, before: int) -> set[str]:
        """The organisations named before `before` whose name holds the noun, singular or
        plural ("association" -> "National Association of Securities Dealers")."""
        return {
            m.entity_key
            for m in self._eligible
            if m.char_end <= before
            and m.label == "ORG"
            and m.entity_key not in self._people
            and _singular(noun)
            in {_singular(w.lower()) for w in WORD.findall(f"{m.text} {m.canonical_name}")}
        }

    def _main_organisation(self) -> str | None:
        """The organisation the article names most, when it is named at least three times and
        twice as often as any other."""
        counts = Counter(
            m.entity_key
            for m in self.doc.mentions
            if m.label == "ORG" and m.entity_key not in self._people
        ).most_common(2)
        if not counts or counts[0][1] < 3:
            return None
        if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
            return None
        return counts[0][0]

    def _org_subject(self, before: int) -> str | None:
        """The one organisation that is the subject of this sentence or the one before."""
        here = self._sentence(self._anchor)
        keys = {
            m.entity_key
            for m in self._eligible
            if m.char_end <= before
            and m.label == "ORG"
            and id(m) in self._subjects
            and m.entity_key not in self._people
            and here - self._sentence(m.char_start) <= 1
        }
        return next(iter(keys)) if len(keys) == 1 else None

    def _recent_subjects(self, before: int, head: str) -> set[str]:
        """People who are the subject of this sentence or the one before, and were never
        introduced with another form of this role ("Deputy Prime Minister John Prescott" is
        not "the prime minister")."""
        here = self._sentence(self._anchor)
        other_role = {role.key for role in self._roles if role.head == head}
        return {
            m.entity_key
            for m in self._eligible
            if m.char_end <= before
            and id(m) in self._subjects
            and m.entity_key in self._people
            and m.entity_key not in other_role
            and here - self._sentence(m.char_start) <= 1
        }

    def _role(self, words: list[str], before: int) -> str | None:
        """The most salient person introduced with this role before `before` ("the comedian"
        after "comedian Ronnie Corbett"), the modifiers agreeing ("the prime minister" is not
        "Deputy Prime Minister John Prescott")."""
        head, modifiers = words[-1], frozenset(words) & ROLE_MODIFIERS
        keys = {
            role.key
            for role in self._roles
            if role.pos < before and role.head == head and role.modifiers == modifiers
        }
        if len(keys) <= 1:
            return next(iter(keys), None)
        return self._salient(("PERSON",), before, among=keys)
