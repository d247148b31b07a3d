"""Speaker phrases: the words before or after a speech verb that name who speaks, trimmed to the
name ("women Sandra Gidley" -> "Sandra Gidley"), and the per-document lookups they use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.extract.names import ORG_MODIFIED, TITLE_WORDS
from flows.extract.speech.lexicon import (
    CLAUSE_STOP,
    CONNECTIVES,
    DATE_WORDS,
    INSTITUTION_NOUNS,
    NOUN_MARKERS,
    ORG_NOUNS,
    PHRASE_BREAKING_VERBS,
    RELATIVE_PRONOUNS,
    SUBORDINATORS,
    TELL_VERBS,
    TIME_NOUNS,
)
from flows.extract.speech.syntax import SyntaxCache, subject_words
from flows.extract.speech.text import (
    DOUBLE_MARKS,
    GROUP_SEPARATORS,
    SPACE_GAP,
    WORD,
    is_adverb,
    is_verb,
    lower,
    word_spans,
)
from flows.lexicon import ARTICLES, PERSONAL_PRONOUNS, PREPOSITIONS
from flows.schema import Mention


@dataclass(frozen=True, slots=True)
class DocContext:
    """The per-document lookups shared by the attribution helpers; `syntax` parses the
    sentences that need it (None: the surface walk alone decides)."""

    text: str
    mentions: tuple[Mention, ...]
    quote_ranges: tuple[tuple[int, int], ...]
    syntax: SyntaxCache | None = None


def mentions_in(doc: DocContext, s: int, e: int) -> list[Mention]:
    return [m for m in doc.mentions if m.char_start >= s and m.char_end <= e]


def has_person(doc: DocContext, span: tuple[int, int]) -> bool:
    return any(m.label == "PERSON" for m in mentions_in(doc, *span))


def _is_date_word(text: str, span: tuple[int, int]) -> bool:
    """ "last", "week", "Monday", but not "May" or "March", which are names too."""
    word = text[span[0] : span[1]]
    low = word.lower()
    return (word.islower() and low in DATE_WORDS | TIME_NOUNS) or (
        low.endswith("day") and (low in DATE_WORDS)
    )


def tidy(doc: DocContext, words: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Trim a speaker phrase to its name: "women Sandra Gidley" -> "Sandra Gidley", "the Tories"."""
    text = doc.text
    if not any(c.isalpha() for w in words for c in text[w[0] : w[1]]):
        return None  # "elected in 1997, told": a year is not a speaker
    if all(lower(text, w) in NOUN_MARKERS for w in words):
        return None  # "the", "his": a stray determiner is not a speaker
    if all(lower(text, w) in DATE_WORDS for w in words):
        return None  # "On Thursday, said": a day is not a speaker
    if len(words) > 1 and lower(text, words[-1]) in PERSONAL_PRONOUNS:
        # "After the Asian tsunami he said": an introductory phrase without its comma.
        return words[-1]
    while len(words) > 1 and _is_date_word(text, words[-1]):
        words = words[:-1]  # "The European Union's top court last week ruled"
    if has_person(doc, (words[0][0], words[-1][1])):
        while len(words) > 1 and not text[words[0][0]].isupper():
            words = words[1:]
    # "the Tories" is a name ("Tories"); "the Pew report" is a description and keeps "the".
    if (
        len(words) > 1
        and lower(text, words[0]) in ARTICLES
        and all(text[w[0]].isupper() or not text[w[0]].isalpha() for w in words[1:])
    ):
        words = words[1:]
    start, end = words[0][0], words[-1][1]
    # A name the walk cut at its preposition: "the US Department of Energy" is one name, not
    # "Energy"; "A Ministry of Finance spokesman".
    for m in doc.mentions:
        if m.char_start < start < m.char_end <= end:
            start = m.char_start
    return start, end


_BRACKETED_BEFORE = re.compile(r"\s*[(<][A-Z][A-Za-z.&-]{1,9}[)>]\s*$")  # (IEA), (D-Okla.)


@dataclass(frozen=True, slots=True)
class Group:
    """One comma-separated phrase before a verb: its trimmed speaker span and how it began."""

    phrase: tuple[int, int] | None
    lowercase_head: bool  # "a spokeswoman for X", "director general of Y": an appositive
    # The phrase is what follows a preposition inside the group ("the investment arm of
    # Telekom Malaysia" -> "Telekom Malaysia"): its object, not the group's head.
    oblique: bool = False
    opener: str = ""  # the group's first word, lower-cased ("the", "a")


def backward_groups(doc: DocContext, lo: int, verb: tuple[int, int]) -> list[Group]:
    """Comma-separated phrases before a verb, nearest first ("X, a spokeswoman for Y, said")."""
    text = doc.text
    words = word_spans(text, lo, verb[0])
    i = len(words) - 1
    right = verb[0]
    # A bracketed acronym or ticker between the name and its verb is see-through: "The
    # International Energy Agency (IEA) warned".
    bracket = _BRACKETED_BEFORE.search(text, max(lo, verb[0] - 16), verb[0])
    if bracket:
        right = bracket.start()
        while i >= 0 and words[i][0] >= right:
            i -= 1
    # Skip adverbs and auxiliaries directly before the verb: "Kirby again reiterated".
    while i >= 0 and is_adverb(lower(text, words[i])) and text[words[i][0]].islower():
        if text[words[i][1] : right].strip():
            break
        right = words[i][0]
        i -= 1
    groups: list[Group] = []
    while len(groups) < 5:  # skipped relative or adverbial clauses count too
        phrase: list[tuple[int, int]] = []
        head: tuple[int, int] | None = None  # the leftmost word walked in this group
        cut = False  # a preposition ended the phrase; keep walking to the comma
        oblique = False  # ... and it did so before any other word ended it
        stop = False
        # Only a clause set off by a comma from the verb can be an interjection to skip
        # ("X, after Y was sacked, admitted"); "as he said" is the attribution itself.
        set_off = bool(groups) or (i >= 0 and "," in text[words[i][1] : verb[0]])
        while i >= 0:
            gap = text[words[i][1] : right]
            if gap[:1] in ("'", "’") and text[words[i][1] - 1] == "s":
                gap = gap[1:]  # a plural possessive: "Edmunds' executive director"
            # Quote marks are see-through: a dropped scare quote may sit in the subject
            # ("Barbara Follet, one of the so-called “Blair Babes” elected in 1997, told").
            if gap.strip(" \t\n" + DOUBLE_MARKS):
                break
            w = lower(text, words[i])
            if w in ("and", "or") and phrase and all(text[x[0]].islower() for x in phrase):
                # "Theresa May, shadow work and pensions secretary, said": a coordinated title
                # inside an appositive, not a clause boundary; walk on to the comma.
                cut, head, right = True, words[i], words[i][0]
                i -= 1
                continue
            if w in CLAUSE_STOP or w in PHRASE_BREAKING_VERBS or is_verb(text, words, i):
                rel = relative_clause_head(text, words, i, adverbial=set_off)
                if rel is not None and phrase and not set_off:
                    rel = None  # "immigration, which he said was …": "he" is the speaker
                if rel is None:
                    stop = True
                    break
                # "one dealer, who asked not to be named, told": skip the relative clause.
                phrase, cut, head = [], True, words[rel]
                right = words[rel][0]
                i = rel - 1
                break
            if (
                w in PREPOSITIONS
                and not cut
                and phrase
                and all(lower(text, x) in DATE_WORDS or text[x[0]].isdigit() for x in phrase)
            ):
                # "The Electoral Commission on Thursday said": the date is no speaker; the
                # phrase starts again before the preposition.
                phrase, head, right = [], words[i], words[i][0]
                i -= 1
                continue
            oblique = oblique or (not cut and w in PREPOSITIONS and bool(phrase))
            cut = cut or w in PREPOSITIONS
            if not cut:
                phrase.insert(0, words[i])
            # A determiner opens the noun phrase: "Mr Peston said the prime minister told" or
            # "In November the British Medical Association said" start the speaker there.
            cut = cut or (w in ARTICLES and text[words[i][0]].islower())
            head = words[i]
            right = words[i][0]
            i -= 1
        groups.append(
            Group(
                phrase=tidy(doc, phrase) if len(phrase) <= 8 else None,
                lowercase_head=head is None or text[head[0]].islower(),
                oblique=oblique,
                opener=lower(text, head) if head is not None else "",
            )
        )
        if stop or i < 0:
            break
        if text[words[i][1] : right].strip() not in GROUP_SEPARATORS:  # : ; ( ) end the walk
            break
        right = words[i][1]
    return groups


def relative_clause_head(
    text: str, words: list[tuple[int, int]], i: int, *, adverbial: bool = True
) -> int | None:
    """Index of the who/which opening the comma-delimited clause that holds words[i], if any."""
    j = i
    while j > 0 and not text[words[j - 1][1] : words[j][0]].strip():
        j -= 1
    # A relative clause ("one dealer, who asked not to be named, told") or an adverbial one
    # ("Dr Gibbons, on his first day after Jane Hutt was sacked, admitted").
    heads = RELATIVE_PRONOUNS | PREPOSITIONS | SUBORDINATORS if adverbial else RELATIVE_PRONOUNS
    if lower(text, words[j]) not in heads:
        return None
    if j == 0 or text[words[j - 1][1] : words[j][0]].strip() not in GROUP_SEPARATORS:
        return None
    return j


def role_of(said: str) -> bool:
    """ "Carlineo's attorney": a role whose possessor is named, not the speaker's name."""
    return bool(said) and said.split()[-1][:1].islower() and ("'s " in said or "’s " in said)


def pick_group(doc: DocContext, groups: list[Group]) -> tuple[int, int] | None:
    """The speaker among comma groups: the nearest, unless it is an appositive of a named person."""
    text = doc.text
    nonempty = [g.phrase for g in groups if g.phrase is not None]
    if not nonempty:
        return None
    first = groups[0].phrase
    behind = _behind_appositive(doc, groups)
    if behind is not None:
        return behind
    # "Sonya Zoghlin, Carlineo's attorney, told": a person only as the possessor of a role is
    # an appositive like "a spokeswoman", not the speaker.
    first_role = first is not None and role_of(text[first[0] : first[1]])
    if (
        first is not None
        and not first_role
        and (has_person(doc, first) or text[first[0] : first[1]].lower() in PERSONAL_PRONOUNS)
    ):
        return first
    # "Liam Fox, a Tory co-chairman, said" / "Theresa May, said": take the named group behind.
    if (
        groups[0].lowercase_head
        or first_role
        or (first is not None and text[first[0] : first[1]].islower())
    ):
        for g in groups[1:]:
            if (
                g.phrase is not None
                and has_person(doc, g.phrase)
                and not role_of(text[g.phrase[0] : g.phrase[1]])
            ):
                return g.phrase
        # No mentions to go by: "Jones, after his superb display, observed" -> the capitalised one.
        if first_role or first is None or not any(c.isupper() for c in text[first[0] : first[1]]):
            for g in groups[1:]:
                if (
                    g.phrase is not None
                    and text[g.phrase[0]].isupper()
                    and text[g.phrase[0] : g.phrase[1]].lower() not in CONNECTIVES
                ):
                    return g.phrase
    return nonempty[0]


def _behind_appositive(doc: DocContext, groups: list[Group]) -> tuple[int, int] | None:
    """The name before an appositive whose own name is a preposition's object: "STT and TM
    International, the international investment arm of Telekom Malaysia, said" is the arm
    speaking, not Telekom Malaysia. The appositive opens with an article and is the nearest
    group with words (a comma right before the verb leaves an empty one); the name is the group
    right before it, holding a mention."""
    text = doc.text
    k = next((n for n, g in enumerate(groups) if g.phrase is not None), None)
    if k is None or k + 1 >= len(groups):
        return None
    near, far = groups[k], groups[k + 1]
    if not (near.lowercase_head and near.oblique and near.opener in ARTICLES):
        return None
    if far.phrase is None or not text[far.phrase[0]].isupper():
        return None
    return far.phrase if mentions_in(doc, *far.phrase) else None


def speaker_before(doc: DocContext, lo: int, verb: tuple[int, int]) -> tuple[int, int] | None:
    """The speaker phrase before a verb: the comma groups' pick, unless the walk met a chain of
    appositives and the dependency parse names the verb's subject ("Cmdr. Sean Robertson, a
    spokesperson for …, the U.S. military operation against Islamic State in Iraq and Syria,
    told" -> Sean Robertson, where the walk took "Syria")."""
    groups = backward_groups(doc, lo, verb)
    picked = pick_group(doc, groups)
    if doc.syntax is None:
        return picked
    bare = _bare_relative(doc, lo, verb, picked)
    if len(groups) < 2 and not bare:
        return picked
    if (
        not bare
        and picked is not None
        and (
            has_person(doc, picked) or doc.text[picked[0] : picked[1]].lower() in PERSONAL_PRONOUNS
        )
        and not _nested_appositive(doc, groups, picked)
    ):
        return picked  # a person or a pronoun the walk found is as good as the parse's
    # The walk crossed commas and found no person: a place, a firm or a date inside an
    # appositive ("…, the U.S. military operation against Islamic State in Iraq and Syria,").
    found = syntactic_subject(doc, lo, verb)
    if found is not None:
        return found or None
    return picked


def _nested_appositive(doc: DocContext, groups: list[Group], picked: tuple[int, int]) -> bool:
    """The walk's person is the last of an appositive chain that a person opens ("Prince
    Andrew, the younger brother of heir to the British throne, Charles, has told"): the name
    nearest the verb may be the appositive's own, so the parse says whose verb it is."""
    phrases = [g.phrase for g in groups if g.phrase is not None]
    if len(phrases) < 3 or phrases[0] != picked:
        return False
    if not doc.text[phrases[1][0] : phrases[1][1]][:1].islower():
        return False  # "Jo Roe, Tim Smith, Ann Lee said": a list, not an appositive
    return any(has_person(doc, p) for p in phrases[2:])


def _bare_relative(
    doc: DocContext, lo: int, verb: tuple[int, int], picked: tuple[int, int] | None
) -> bool:
    """A relative clause with no commas stands between the subject and its verb ("A spokesperson
    who did not wish to be named because of agency policy said"): the walk stopped inside it."""
    end = picked[0] if picked is not None else verb[0]
    words = word_spans(doc.text, lo, end)
    return any(lower(doc.text, w) in ("who", "whom") for w in words[1:])


def syntactic_subject(
    doc: DocContext, lo: int, verb: tuple[int, int]
) -> tuple[int, int] | tuple[()] | None:
    """The verb's subject from the parse, trimmed as a speaker phrase, when it lies in
    [lo, verb); () for coordinated subjects (no one speaker); None when the parse does not
    say (no parser, no subject, or a subject outside the span)."""
    if doc.syntax is None:
        return None
    words = subject_words(doc.syntax, lo, verb)
    if words is None:
        return None
    if not words:
        return ()
    if words[0][0] < lo or words[-1][1] > verb[0]:
        return None
    return tidy(doc, words)


def forward_phrase(
    doc: DocContext, words: list[tuple[int, int]], start: int
) -> tuple[int, int] | None:
    """The speaker after an inverted verb: "said Pentagon press secretary John Kirby on Monday"."""
    text = doc.text
    phrase: list[tuple[int, int]] = []
    prev_end: int | None = None
    for span in words:
        gap = text[(start if prev_end is None else prev_end) : span[0]]
        if gap and not SPACE_GAP.fullmatch(gap):
            break
        w = lower(text, span)
        titled = phrase and not has_person(doc, (phrase[0][0], phrase[-1][1]))
        if w == "and" and titled and _name_ahead(doc, words, span):
            # "said former Nevada Sen. and Reagan confidant Paul Laxalt": two titles of one
            # person, not two speakers.
            phrase.append(span)
            prev_end = span[1]
            continue
        inside_name = any(m.char_start < span[0] and span[1] < m.char_end for m in doc.mentions)
        if w in PREPOSITIONS and inside_name:
            # "said American Chamber of Commerce president George Drysdale": the "of" is the
            # name's, not the end of the speaker phrase.
            phrase.append(span)
            prev_end = span[1]
            continue
        if w in PREPOSITIONS or w in CLAUSE_STOP or w in DATE_WORDS or len(phrase) >= 10:
            break
        if (
            phrase
            and is_adverb(w)
            and text[span[0]].islower()
            and not _name_ahead(doc, words, span)
        ):
            break  # "said Deputy Prime Minister Abdullatif Sener earlier this month"
        phrase.append(span)
        prev_end = span[1]
    return tidy(doc, phrase)


def _name_ahead(doc: DocContext, words: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """A person is named within the next four words, before any preposition or punctuation:
    the adverb is inside the speaker's title ("The We Company's recently named executive chair
    Marcelo Claure")."""
    text = doc.text
    i = words.index(span)
    prev_end = span[1]
    for nxt in words[i + 1 : i + 5]:
        if text[prev_end : nxt[0]].strip() or lower(text, nxt) in PREPOSITIONS:
            return False
        if any(m.label == "PERSON" and m.char_start == nxt[0] for m in doc.mentions):
            return True
        prev_end = nxt[1]
    return False


def is_named(doc: DocContext, span: tuple[int, int]) -> bool:
    """True for a speaker phrase holding a PERSON mention or being a pronoun."""
    return has_person(doc, span) or doc.text[span[0] : span[1]].lower() in PERSONAL_PRONOUNS


_OBLIQUE_WORDS = TELL_VERBS | {"including"}


def is_oblique(text: str, m: Mention) -> bool:
    """True for a name that is not a clause subject: after a preposition ("a bid for Ferguson"),
    possessive ("Mr Nogar's son") or a modifier ("Canada-based"). Such names are seldom what a
    later "he said" or "the company said" points back to."""
    after = text[m.char_end : m.char_end + 2]
    if after in ("'s", "’s") or (after[:1] in ("'", "’") and m.text.endswith("s")):
        return True
    if after[:1] in ("-", "–") and after[1:].islower():
        return True  # "Canada-based", but not a name cut short ("Nadia Magnenat-Thalman")
    before = WORD.findall(text, max(0, m.char_start - 20), m.char_start)
    gap = text[m.char_start - 1 : m.char_start] if m.char_start else ""
    # The hearer of "told" ("WeWork told Reuters", "Arroyo told NBC News") is its object, no
    # more a later speaker than a name after a preposition.
    # "new technology, including the Video Relay Service, will be discussed": an example in a
    # list, no more the sentence's subject than a name after a preposition.
    if len(before) > 1 and before[-1].lower() == "the" and before[-2].lower() in _OBLIQUE_WORDS:
        return True
    return bool(before) and gap == " " and before[-1].lower() in PREPOSITIONS | _OBLIQUE_WORDS


#: Role nouns a name can modify before the person who holds the role ("Wild coach Bruce
#: Boudreau", "Kremlin spokesman Dmitry Peskov", "Apple chief executive Tim Cook").
ROLE_NOUNS = TITLE_WORDS | ORG_MODIFIED


def role_holder(doc: DocContext, m: Mention) -> Mention | None:
    """The person whose role a non-person name modifies: for "Wild" in "Wild coach Bruce
    Boudreau said", Bruce Boudreau. Such a name (now rightly an organisation or a place) only
    says whose coach he is; the clause's subject is the person. None when no role noun and
    person's name follow the name, one space apart."""
    if m.label == "PERSON":
        return None
    text, pos, roles = doc.text, m.char_end, 0
    # One space or one line break apart: wire copy wraps its lines ("Federal Reserve Board Vice
    # Chairman¶Manuel Johnson").
    while roles < 3 and text[pos : pos + 1] in (" ", "\n"):
        w = WORD.match(text, pos + 1)
        if w is None or w.group().lower() not in ROLE_NOUNS:
            break
        pos, roles = w.end(), roles + 1
    if not roles or text[pos : pos + 1] not in (" ", "\n"):
        return None
    return next((p for p in doc.mentions if p.char_start == pos + 1 and p.label == "PERSON"), None)


def subject_person(doc: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    """The first PERSON named in [lo, hi) as a clause subject (see is_oblique)."""
    for m in mentions_in(doc, lo, hi):
        if m.label == "PERSON" and not is_oblique(doc.text, m):
            return m.char_start, m.char_end
    return None


def clause_subject(doc: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    """The subject of the clause that opens at lo, for a verb at hi that has none of its own
    (`During the call, he asked about …, called Omar a “terrorist” and said, “…”`): a leading
    pronoun or name, after an opening adverbial set off by a comma; else, from the parse of
    the clause up to the verb, the subject of the verb it is coordinated with ("However, the
    group raised alarm at the terms of the deal, and said that …")."""
    found = _leading_subject(doc, lo, hi)
    if found is not None or doc.syntax is None:
        return found
    verb = WORD.match(doc.text, hi)
    if verb is None:
        return None
    words = subject_words(doc.syntax, lo, verb.span(), conjunct=True)
    if not words or words[0][0] < lo or words[-1][1] > hi:
        return None
    return tidy(doc, words)


#: Words that open a clause with a subject of its own after a comma ("…, while the police
#: deny …").
_CLAUSE_OPENERS = frozenset("while whereas although though because".split())


def _leading_subject(doc: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    """clause_subject's surface reading: the pronoun or name that opens the clause."""
    text = doc.text
    words = word_spans(text, lo, hi)
    first_comma = next(
        (n for n in range(1, len(words)) if "," in text[words[n - 1][1] : words[n][0]]), None
    )
    if words and first_comma is not None and lower(text, words[0]) in PREPOSITIONS | SUBORDINATORS:
        words = words[first_comma:]
    if not words:
        return None
    while len(words) > 1 and is_adverb(lower(text, words[0])):
        words = words[1:]  # "Now the firm employs … and insists …"
    if any(
        lower(text, w) in _CLAUSE_OPENERS and "," in text[words[k - 1][1] : w[0]]
        for k, w in enumerate(words[1:-1], start=1)
    ):
        # "China said …, while the city's police deny accusations and say …": the verb may be
        # the later clause's, whose subject the parse finds; the opening name may not speak.
        return None
    if lower(text, words[0]) in PERSONAL_PRONOUNS:
        return words[0]
    for m in mentions_in(doc, words[0][0], words[min(3, len(words) - 1)][1]):
        if m.label in ("PERSON", "ORG", "GPE") and not is_oblique(text, m):
            m = role_holder(doc, m) or m  # "Wild coach Bruce Boudreau": the coach
            return m.char_start, m.char_end
    if len(words) > 1 and lower(text, words[0]) in ARTICLES:
        # "the firm", "the ministry", "The utilities commission": a lowercase modifier or two
        for n in range(1, min(4, len(words))):
            word = text[words[n][0] : words[n][1]]
            if not word.islower():
                break
            if word in ORG_NOUNS | INSTITUTION_NOUNS:
                return words[0][0], words[n][1]
    return None
