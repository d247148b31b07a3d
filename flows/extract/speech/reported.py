"""Reported (indirect) speech: a reporting verb and its content clause, outside quotations.

Three shapes, read from the words around a reporting verb (lexicon.REPORTING_VERBS):

- the clause after the verb: `Kirby reiterated that the United States would defend …`, `Blinken
  said he would send …`, `told reporters on Monday (that) …`, `…, saying the hostages had
  suffered`. After the verb come, in this order and each optional: a hearer (`told reporters`,
  `assured them`), a date or adverb, a prepositional phrase (`in a statement`, then the clause
  needs "that"), "that". A verb that often takes a noun instead (`announced the deal`, `denied the
  claims`) reports a statement only when "that", a subject pronoun or a finite verb (`would`,
  `was`) shows the clause; `said to be`, `said so`, `told him to` are no statements;
- the clause before the verb, set off by a comma at the end of the sentence: `The plan will fail,
  he said.`, `…, said Kirby.`, `…, Mr Panke said, implying …`;
- an attribution inside the sentence: `In contrast, he said, saloon cars would fade` (the clause
  after it), `The teams isolated the problem, Mayer said, and patched it` (the one before);
- `according to X, …` and `…, according to X`.

The content runs to the end of its sentence, stopping before a trailing attribution (`…, he
said`), a second reporting verb of the same speaker (`…, adding …`, `… and added …`), a semicolon
or a colon that opens a quotation. A content that is a direct quotation is not reported speech
(the quote is its own row); one partly quoted is (`said the plan was “a disaster”`). A passive
(`was told that …`, `it is said that …`) names no speaker and is left out.

Where word order cannot tell, the dependency parse of the sentence decides (complement.py): a
verb that takes a noun as often as a clause (`added 25 points`, `announced this latest spending
boost`), a date between the verb and a clause without "that" (`said on Friday demarcation …
could begin`), an attribution whose speaker follows the verb at length (`…, said Mark Quinlan,
PG&E's senior director of …`) or whose subject before it does, a verb inside a fronted or
relative clause (the statement ends with that clause). The parser is asked only for sentences of
those shapes, in one batch per document (a first pass notes them).

The speaker phrase is found like a direct quote's (phrases.py: the subject before the verb, the
name after an inverted verb, the main clause's subject for an -ing verb, X of `with X saying`);
resolution is resolve.py's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import replace

from flows.extract.speech.complement import Complement, complement
from flows.extract.speech.lexicon import (
    AFTER_VERB_ADVERBS,
    AUXILIARIES,
    CLAUSE_STOP,
    CLAUSE_VERBS,
    DATE_WORDS,
    FINITE_MARKERS,
    HEARER_VERBS,
    INSTITUTION_NOUNS,
    NO_CLAUSE_AFTER,
    NOUN_MARKERS,
    OBJECT_PRONOUNS,
    ORG_NOUNS,
    REPORTING_VERBS,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TELL_VERBS,
    TIME_NOUNS,
    TRAILING_VERBS,
)
from flows.extract.speech.phrases import (
    DocContext,
    clause_subject,
    forward_phrase,
    is_oblique,
    mentions_in,
    role_holder,
    role_of,
    speaker_before,
)
from flows.extract.speech.statement import Statement
from flows.extract.speech.text import DOUBLE_MARKS, WORD, is_adverb, lower, word_spans
from flows.lexicon import PREPOSITIONS

Span = tuple[int, int]
#: The parse's reading of the verb under study, asked for only when needed (None: no parser).
Parsed = Callable[[], Complement | None] | None

#: How far ahead a finite verb may show a clause after a verb that may take a noun.
FINITE_REACH = 12
#: How far ahead "that" may follow a prepositional phrase after the verb (`said in a statement
#: released on Monday that`), and how far it may follow any other words (`said all along that`).
THAT_REACH = 12
THAT_NEAR = 4
#: The longest tail after a comma that is still a trailing attribution (`, the minister said on
#: Monday`), and the longest speaker phrase in it.
TAIL_REACH = 10
SUBJECT_WORDS = 6
#: Words after which a finite verb no longer shows the reporting verb's clause.
STOPS_FINITE = frozenset("that which who to and or".split())
#: Verbs of CLAUSE_VERBS that take an object as often in other senses (`added 25 points`).
OBJECT_TAKING = frozenset({"added", "adds", "adding"})
#: Connectives that join a second reporting verb of the same speaker (`… and added …`).
JOINERS = frozenset({"and", "but"})
#: -ing verbs that start the same speaker's next statement (`…, adding …`).
NEXT_STATEMENT = frozenset(
    "saying adding telling noting insisting arguing warning stressing explaining implying".split()
)
#: Time and date words that may sit between a verb and its clause (`said Tuesday night that`).
WHEN_WORDS = AFTER_VERB_ADVERBS | DATE_WORDS | TIME_NOUNS
#: Other words of that stretch: `have said all along that`, `said long ago that`.
ALONG = frozenset("all along long ago before since".split())


#: A reporting verb or "according", as a whole word: the sentences worth reading word by word.
_CANDIDATE = re.compile(
    r"\b(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r"|[Aa]ccording)\b"
)


def _inside(pos: int, spans: Sequence[Span]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _partly_quoted(text: str, start: int, end: int, quoted: Sequence[Span]) -> bool:
    """The content opens with a quotation and the sentence goes on after it in lower case
    (`“…” mutually shared by Ukraine and the U.S., he warned`), not with the quotation's own
    attribution (`“…,” one dealer said`)."""
    closing = max((b for a, b in quoted if a <= start < b), default=None)
    if closing is None or end - closing <= 3 or text[closing - 2 : closing - 1] in ",?!":
        return False
    after = WORD.search(text, closing, end)
    return after is not None and after.group()[:1].islower()


def _one_quotation(start: int, end: int, quoted: Sequence[Span]) -> bool:
    """The content is all inside one direct quotation, which is its own row."""
    return any(a < start and end <= b for a, b in quoted)


def _gap(text: str, words: list[Span], n: int) -> str:
    """What separates words[n - 1] from words[n]."""
    return text[words[n - 1][1] : words[n][0]]


def _is_reporting(text: str, words: list[Span], k: int) -> bool:
    """words[k] is a reporting verb used as a verb: lowercase, and not a noun after a determiner
    ("his claims", "the warns")."""
    w = text[words[k][0] : words[k][1]]
    if w not in REPORTING_VERBS:
        return False
    prev = lower(text, words[k - 1]) if k > 0 else ""
    if (
        w == "said"
        and k <= 1
        and k + 1 < len(words)
        and "," in _gap(text, words, k + 1)
        and lower(text, words[0]) in ("that", "having")
    ):
        return False  # `That said, …`: an idiom of the writer's
    if w == "pointed":
        # `pointed out that …`: a verb of saying only with its particle.
        return k + 1 < len(words) and lower(text, words[k + 1]) == "out"
    if w.endswith("ed") and (prev in NOUN_MARKERS or prev.endswith(("'s", "’s"))):
        return False  # `Mr Houston's reported views`, `his stated aim`: an adjective
    # "his claims", "dismissed claims that": a noun after a determiner or a past verb.
    return not (w.endswith("s") and (prev in NOUN_MARKERS or prev.endswith("ed")))


#: Adverbs between a passive's "be" and its verb.
_BETWEEN_BE_AND_VERB = frozenset(
    "also then later reportedly previously repeatedly allegedly".split()
)


def _passive(text: str, words: list[Span], k: int) -> bool:
    """`was told that`, `it is said that`: a form of be right before the verb (not before an
    -ing form: `The Democrats are alleging that` is progressive)."""
    verb = text[words[k][0] : words[k][1]]
    if verb.endswith("ing") and verb not in ("adding", "writing"):
        return False  # ("Yahoo was adding captioning": adding, not saying)
    be = (AUXILIARIES - {"has", "had", "have"}) | {"be"}
    if k > 1 and lower(text, words[k - 1]) in _BETWEEN_BE_AND_VERB:
        k -= 1  # `which was also told that …`
    return k > 0 and lower(text, words[k - 1]) in be


def _skip_hearer(text: str, words: list[Span], j: int, verb: str) -> int:
    """Index after the hearer of a verb like `told` (see lexicon.HEARER_VERBS): a pronoun
    (`told him`), a name (`told the BBC`, `told Fox News`) or, after `told`, a short noun phrase
    (`told reporters`, `told the committee`), ending before "that", a subject pronoun, a
    determiner that opens the clause, a preposition or punctuation."""
    if j >= len(words):
        return j
    first = lower(text, words[j])
    if first in OBJECT_PRONOUNS:
        return j + 1
    if verb not in TELL_VERBS and not (
        text[words[j][0]].isupper()
        or (first in NOUN_MARKERS and j + 1 < len(words) and text[words[j + 1][0]].isupper())
    ):
        return j  # `warned demand would outstrip supply`: no hearer
    n = j
    while n < len(words) and n - j < 5:
        w = lower(text, words[n])
        if n > j and (
            w == "that" or w in SUBJECT_PRONOUNS or w in PREPOSITIONS or w in NOUN_MARKERS
        ):
            break
        if n > j and _gap(text, words, n).strip():
            break  # punctuation ends the hearer
        n += 1
        if w not in NOUN_MARKERS and not text[words[n - 1][0]].isupper():
            # A lowercase noun ends the hearer unless a capitalised name goes on ("the BBC").
            nxt = words[n] if n < len(words) else None
            if nxt is None or not text[nxt[0]].isupper() or lower(text, nxt) in SUBJECT_PRONOUNS:
                break
    return n


def _that_ahead(
    text: str, words: list[Span], j: int, reach: int, inq: frozenset[int]
) -> int | None:
    """Index of the first word after a "that" among the next `reach` words, before any
    sentence-internal punctuation other than commas and outside quotations."""
    for n in range(j, min(j + reach, len(words))):
        if n > j and any(c in _gap(text, words, n) for c in ".;:" + DOUBLE_MARKS):
            return None
        if lower(text, words[n]) == "that" and n not in inq:
            return n + 1 if n + 1 < len(words) else None
    return None


def _parsed_start(words: list[Span], k: int, parsed: Complement) -> int | None:
    """Index of the first word of the clause the parse shows after the verb words[k]."""
    if parsed.after is None:
        return None
    n = bisect_left([a for a, _ in words], parsed.after)
    return n if k < n < len(words) else None


def _parsed_clause(text: str, words: list[Span], k: int, j: int, parsed: Complement) -> int | None:
    """`_parsed_start`, kept only for a clause that is a statement: not a question (`told the
    man what she did`), and, past a prepositional phrase, not one
    that an -ing verb or another reporting verb governs (`said on Thursday in a report
    suggesting an inflation spike … was …`)."""
    n = _parsed_start(words, k, parsed)
    if n is None or lower(text, words[n]) in NO_CLAUSE_AFTER:
        return None
    for m in range(j, n):
        w = lower(text, words[m])
        after_article = m > 0 and lower(text, words[m - 1]) in NOUN_MARKERS | PREPOSITIONS
        if (w.endswith("ing") and not after_article) or w in REPORTING_VERBS:
            return None  # (`during a briefing`, `in the morning` are no verbs)
    if not parsed.subject and j + 2 < n and lower(text, words[j]) in PREPOSITIONS:
        # `said on Friday demarcation of … could begin`: the parser took the clause's subject
        # for the date's object; the statement starts after the date.
        m = j + 1
        while m < n and lower(text, words[m]) in WHEN_WORDS:
            m += 1
        if m > j + 1 and lower(text, words[m]) not in PREPOSITIONS:
            return m
    if not parsed.subject and lower(text, words[n]) in PREPOSITIONS:
        return None  # a clause with no subject that opens with a preposition: a misparse
    return n


def _clause_words(
    text: str, words: list[Span], j: int, inq: frozenset[int], to_comma: bool = False
) -> bool:
    """words[j:] (or up to the next comma) hold what a clause needs, outside quotations: a
    subject pronoun, a finite verb or "that" (only then is a parse worth its time)."""
    end = len(words)
    if to_comma:
        end = next((n for n in range(j + 1, len(words)) if "," in _gap(text, words, n)), end)
    return any(
        n not in inq and lower(text, words[n]) in FINITE_MARKERS | SUBJECT_PRONOUNS | {"that"}
        for n in range(j, end)
    )


def _quoted_subject(text: str, words: list[Span], j: int, inq: frozenset[int]) -> bool:
    """words[j] opens a short quotation (at most 6 words) that the sentence goes on after in
    lower case: the quoted subject of a content clause (`said “our country” was being …`)."""
    if j >= len(words) or j not in inq or _gap(text, words, j).strip() not in DOUBLE_MARKS:
        return False
    if not text[words[j][0]].islower():
        return False  # `said “We are profoundly pleased” at …`: a quoted sentence, a quote
    m = j
    while m in inq:
        m += 1
    return m < len(words) and m - j <= 6 and text[words[m][0]].islower()


def _clause_start(
    text: str, words: list[Span], k: int, inq: frozenset[int], parsed: Parsed = None
) -> int | None:
    """Index of the content clause's first word after the verb words[k], or None when no
    finite content clause follows (see the module docstring). `parsed` gives the parse's
    reading of the verb where word order cannot tell (None: no parser)."""
    verb = text[words[k][0] : words[k][1]]
    j = k + 2 if verb == "pointed" else k + 1  # (past the particle of `pointed out`)
    if verb in CLAUSE_VERBS and _quoted_subject(text, words, j, inq):
        return j  # `said “our country” was being “stolen from us”`: a partly quoted clause
    if j >= len(words) or j in inq:
        return None
    if any(c in _gap(text, words, j) for c in ".!?:;(" + DOUBLE_MARKS):
        return None  # `said: “…”`, `said “…”`: a direct quotation's lead-in; `said.`
    hearer = False
    if verb in HEARER_VERBS:
        after = _skip_hearer(text, words, j, verb)
        hearer, j = after > j, after
    when = j
    while j < len(words) and lower(text, words[j]) in WHEN_WORDS:
        j += 1
    if j >= len(words):
        return None
    if j > when and lower(text, words[j]).endswith(("'s", "’s")):
        j = when  # `said last week's agreement … reflected …`: the date is the subject's
    w = lower(text, words[j])
    if w == "no" and any(
        lower(text, x) in FINITE_MARKERS for x in words[j + 2 : j + 2 + THAT_NEAR]
    ):
        return j  # `said no final decisions had been reached`, not `said no`
    if (
        w in ("more", "less", "fewer")
        and j + 1 < len(words)
        and lower(text, words[j + 1]) == "than"
        and verb in CLAUSE_VERBS - OBJECT_TAKING  # (`The stock added more than 2%`)
    ):
        return j  # `said more than 15,000 people registered`: a number opens the subject
    if w in NO_CLAUSE_AFTER or (
        w == "not" and j + 1 < len(words) and lower(text, words[j + 1]) == "to"
    ):
        return None  # `said to be`, `warned stores not to carry …`, `asked whether …`
    at_least = w == "at" and j + 1 < len(words) and lower(text, words[j + 1]) in ("least", "most")
    if (w in PREPOSITIONS and not at_least) or w == "late" or "," in _gap(text, words, j):
        # `said in a statement that …`, `said, however, that …`: only "that" opens the clause,
        # or the parse (`said on Friday demarcation … could begin`, `told a conference in
        # Frankfurt on Tuesday the central bank has …`: the wire's style).
        that = _that_ahead(text, words, j, THAT_REACH, inq)
        wire = (verb in CLAUSE_VERBS or verb in TELL_VERBS) and _clause_words(text, words, j, inq)
        reading = parsed() if that is None and parsed is not None and wire else None
        return that if reading is None else _parsed_clause(text, words, k, j, reading)
    if w == "that":
        return j + 1 if j + 1 < len(words) else None
    near = _that_ahead(text, words, j, THAT_NEAR, inq)
    if near is not None and all(_when(lower(text, words[n])) for n in range(j, near - 1)):
        # `said all along that …`, `said last week that …`, not `the UK's position that …`.
        return near
    if w in SUBJECT_PRONOUNS and w != "you":
        return j
    if verb in CLAUSE_VERBS and not hearer:
        reading = None
        if parsed is not None and (verb in OBJECT_TAKING or w in SUBORDINATORS):
            # `added 25 points`, `added a goal as the Bruins beat …`, `said as the
            # administration drew up plans`: an object or an adverbial clause, not a statement.
            reading = parsed()
        if reading is not None:
            return _parsed_clause(text, words, k, j, reading)
        return j if len(words) - j >= 3 else None
    if verb in TELL_VERBS:
        far = _that_ahead(text, words, j, THAT_REACH, inq)
        if far is not None:
            return far  # `told a few thousand teachers who covered the lawn that …`
    finite = None
    for n in range(j + 1, min(j + FINITE_REACH, len(words))):
        w = lower(text, words[n])
        if any(c in _gap(text, words, n) for c in ",.;:!?") or w in STOPS_FINITE:
            # `urged passage of an amendment that would …`: a relative clause's verb;
            # `warned stores not to carry the shoes and Reebok has sued`: an infinitive.
            break
        if n not in inq and w in FINITE_MARKERS:
            finite = j
            break
    tell = verb in TELL_VERBS and _clause_words(text, words, j, inq)
    if parsed is not None and (finite is not None or tell):
        # `announced this latest spending boost it was …`, `promised a package of measures
        # after the budget was passed` against `told reporters the decision … had been taken`:
        # the parser's clause, not a finite verb nearby (asked only then: parses cost time).
        reading = parsed()
        if reading is not None:
            return _parsed_clause(text, words, k, j, reading)
    return finite


def _when(word: str) -> bool:
    """A word of time or manner between a verb and its "that": `all along`, `last week`."""
    return word in WHEN_WORDS or word in ALONG or (word.endswith("ly") and is_adverb(word))


def _adverbial(text: str, words: list[Span], n: int) -> bool:
    """words[n:] is nothing but when and where: `on Monday`, `in a statement`, `last week`."""
    if n >= len(words):
        return True
    w = lower(text, words[n])
    if w == "to" and n + 1 < len(words) and lower(text, words[n + 1]).endswith("ing"):
        return False  # `Webb admitted to threatening the girl`: the verb's object, no adverbial
    return w in WHEN_WORDS or w in PREPOSITIONS or (w.endswith("ly") and is_adverb(w))


#: Words that open a clause's subject: after "that" they make it a content clause.
_SUBJECT_STARTS = SUBJECT_PRONOUNS | NOUN_MARKERS


#: Verbs whose hearer follows them: never an inverted attribution's speaker (`…, told
#: Reuters`), unlike `…, said Kirby` or `…, warned Jo Roe, an economist`.
_NEVER_INVERTED = TELL_VERBS | frozenset(
    "informed informs assured assures reminded reminds".split()
)


def _attribution_tail(text: str, words: list[Span], k: int, inq: frozenset[int]) -> int | None:
    """When the reporting verb words[k] ends its sentence as an attribution after a comma
    (`…, he said.`, `…, the company said on Monday.`, `…, Jo Roe, a spokeswoman, said.`, `…,
    said Kirby.`, `…, Mr Panke said, implying …`): the index of the tail's first word, after
    that comma."""
    verb = text[words[k][0] : words[k][1]]
    if verb not in TRAILING_VERBS or k == 0 or k in inq:
        return None
    stop = next(
        (
            n
            for n in range(k + 1, len(words))
            if "," in _gap(text, words, n) and lower(text, words[n]) in NEXT_STATEMENT
        ),
        len(words),
    )  # `…, Mr Panke said, implying …`: the next statement starts after the tail
    rest = [lower(text, w) for w in words[k + 1 : stop]]
    own = next(
        (
            i
            for i, w in enumerate(rest)
            if i > 1
            and w in ("that", "which", "who")
            # `said in a statement that it chose …`: "that" before a subject opens the content
            # clause, not a relative one (`in an email that was reviewed by Reuters`).
            and not (w == "that" and i + 1 < len(rest) and rest[i + 1] in _SUBJECT_STARTS)
        ),
        None,
    )
    if any(n in inq for n in range(k, stop)) or any(
        w in FINITE_MARKERS or w == "that" for w in rest[:own]
    ):
        # `…, told Polygraph.info the allegations are false`: a clause follows; but `…, said
        # Marcelo Claure in an email that was reviewed by Reuters` is a speaker and a relative.
        return None
    commas = [
        n for n in range(k, max(0, k - TAIL_REACH), -1) if n > 0 and "," in _gap(text, words, n)
    ]
    for c in commas:
        subject = [lower(text, w) for w in words[c:k]]
        if not subject:
            # `…, said Kirby on Monday.`; `…, Jo Roe, 57, said before …` has its subject behind.
            if verb in _NEVER_INVERTED:
                # `Lukman, during a brief visit to London, told Reuters … that …`: whom one
                # tells is the hearer; no tail attribution is ever inverted with "told".
                return None
            if rest and text[words[k + 1][0]].isupper():
                # The speaker runs to the first preposition or time word: what follows is when
                # and where (`…, said The We Company's recently named executive chair Marcelo
                # Claure in an email to staff that was reviewed by Reuters.`).
                end = next(
                    (
                        n
                        for n in range(k + 2, stop)
                        if _adverbial(text, words, n) and lower(text, words[n]) not in ("of", "for")
                    ),
                    stop,
                )
                # The run must end in the name: `…, warned Mr Brown not to be tempted …` has
                # Mr Brown as its hearer.
                if stop - k <= TAIL_REACH or (
                    end - k <= TAIL_REACH and text[words[end - 1][0]].isupper()
                ):
                    return c
            continue
        if (
            subject[0] in JOINERS
            or subject[0] in SUBORDINATORS
            or subject[0] in ("who", "which", "that")
            or all(w in AUXILIARIES for w in subject)
        ):
            return None  # `…, and Vindman reported to him`, `…, which he said`, `…, have declared`
        if subject[0].isdigit() or (subject[0] in ("a", "an") and len(commas) > 1):
            continue  # an appositive (`57`, `a spokeswoman`): the name is behind it
        after = k + 1
        if verb in HEARER_VERBS:
            after = _skip_hearer(text, words, after, verb)  # `…, a spokeswoman told Reuters.`
            if after < stop and after > k + 1 and lower(text, words[after]) == "to":
                return None  # `…, he told the man to remove the bedding`: an order
        return c if _adverbial(text, words, after) or after >= stop else None
    return None


def _parenthetical(
    text: str, words: list[Span], k: int, inq: frozenset[int]
) -> tuple[int, int] | None:
    """An attribution set off by commas inside its sentence: `In contrast, he said, the
    popularity of saloon cars would fade` (the statement after it) or `Disney's tech teams
    isolated the problem, Mayer said, and “patched” the software` (before it). The (start,
    end) word indices of the content, or None."""
    verb = text[words[k][0] : words[k][1]]
    if verb not in TRAILING_VERBS or k in inq:
        return None
    c = next(
        (n for n in range(k, max(0, k - 4), -1) if n > 0 and "," in _gap(text, words, n)), None
    )
    d = next((n for n in range(k + 1, min(len(words), k + 5)) if "," in _gap(text, words, n)), None)
    if c is None or d is None or d >= len(words) - 1:
        return None
    subject = [lower(text, w) for w in words[c:k]]
    if not subject or subject[0] in JOINERS | SUBORDINATORS or subject[0] in ("who", "which"):
        return None
    if not _adverbial(text, words, k + 1) and d > k + 1:
        return None
    before = [lower(text, w) for w in words[:c]]
    if (
        before
        and (before[0] in PREPOSITIONS or len(before) <= 3)
        and not any(w in FINITE_MARKERS for w in before)
    ):
        return d, len(words)  # an opening adverbial, then the statement
    return (0, c) if lower(text, words[d]) in JOINERS else None


def _content_end(
    text: str, words: list[Span], lo: int, sentence_end: int, inq: frozenset[int]
) -> int:
    """End offset of a content clause starting at words[lo] (see the module docstring)."""
    for n in range(lo + 1, len(words)):
        if n in inq:
            continue
        gap = _gap(text, words, n)
        w = lower(text, words[n])
        if (";" in gap and not _entity_debris(text, words[n - 1])) or (
            ":" in gap and any(c in gap for c in DOUBLE_MARKS)
        ):
            return _trim_end(text, words[lo][0], words[n - 1][1])
        if "," in gap and w in NEXT_STATEMENT:
            return _trim_end(text, words[lo][0], words[n - 1][1])  # `…, adding …`
        if (
            w in ("but", "while", "whereas")
            and any(c in gap for c in ",—–-")
            and not (
                n + 1 < len(words)
                and lower(text, words[n + 1]) in SUBJECT_PRONOUNS | FINITE_MARKERS | {"that"}
                # (`, but that may be hard to do`: "that" the writer's pronoun)
                and not (
                    lower(text, words[n + 1]) == "that"
                    and n + 2 < len(words)
                    and lower(text, words[n + 2]) in FINITE_MARKERS
                )
            )
        ):
            # `…, but the ministry declined to confirm`: the writer's, not the speaker's; but
            # `…, but he did worry …`, `…, but that the overall architecture needs …` (a second
            # clause under the verb) and `…, but would not have been …` go on with the speaker.
            return _trim_end(text, words[lo][0], words[n - 1][1])
        if (
            w == "and"
            # (`the Russian and Syrian claims are false`, `the Organisation of Economic
            # Cooperation and Development (OECD) has …`, `he and Mike had corresponded`: one
            # subject of two names)
            and n - lo >= 3
            and not text[words[n - 1][0]].isupper()
            and lower(text, words[n - 1]) not in SUBJECT_PRONOUNS
            and n + 2 < len(words)
            and text[words[n + 1][0]].isupper()
            and lower(text, words[n + 1]) not in SUBJECT_PRONOUNS
            and any(lower(text, x) in FINITE_MARKERS for x in words[n + 2 : n + 5])
        ):
            # `… they want £6m for the midfielder and Williams has rejected …`: a new subject
            # and verb, the writer's sentence going on.
            return _trim_end(text, words[lo][0], words[n - 1][1])
        if w in JOINERS:
            m = n + 1
            if m < len(words) and lower(text, words[m]) in SUBJECT_PRONOUNS:
                m += 1
            if (
                m < len(words)
                and m not in inq
                and (
                    _is_reporting(text, words, m) or text[words[m][0] : words[m][1]] in SPEECH_VERBS
                )
            ):
                # `… and added …`, `… but he said …`: the same speaker's next statement; `… and
                # asked their governments to help`: the speaker's next act, not the statement.
                return _trim_end(text, words[lo][0], words[n - 1][1])
    for k in range(len(words) - 1, lo, -1):
        if _is_reporting(text, words, k) and k not in inq:
            tail = _attribution_tail(text, words, k, inq)
            if tail is not None and tail > lo:
                comma = text.rfind(",", words[tail - 1][0], words[tail][0])
                return _trim_end(text, words[lo][0], comma)
            break
    return _trim_end(text, words[lo][0], sentence_end)


#: What is left of an HTML entity in scraped feeds (AG News: `quot;`, `#39;`, `&amp;`).
_ENTITY_NAMES = frozenset({"quot", "amp", "lt", "gt", "nbsp", "apos"})


def _entity_debris(text: str, word: Span) -> bool:
    """The semicolon after `word` ends an HTML entity's remains (`he #39;ll go`, `was
    quot;shocked`), not a clause."""
    w = text[word[0] : word[1]].lower()
    return w in _ENTITY_NAMES or (w.isdigit() and text[word[0] - 1 : word[0]] == "#")


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop white space, the final stop and trailing commas; a stop inside closing quotation
    marks stays with them (`… “asking for the moon.”`)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    if end > start and text[end - 1] in ".!?…":
        end -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _main_subject(doc: DocContext, words: list[Span], k: int) -> Span | None:
    """The speaker of an -ing verb words[k] (`…, saying …`): the subject of the main clause,
    that is of the sentence's reporting verb before it when there is one (`The company said A,
    adding B`), else the name or pronoun that opens the sentence (`Australian Prime Minister
    Scott Morrison welcomed the release, adding …`)."""
    text = doc.text
    lo = words[0][0]
    for n in range(k - 1, -1, -1):
        if _is_reporting(text, words, n) and not lower(text, words[n]).endswith("ing"):
            return speaker_before(doc, lo, words[n])
    first = lower(text, words[0])
    if first in ("he", "she", "it", "they", "we"):
        return words[0]
    # The first name that a verb follows: `BUFFALO, N.Y. — Hours before Zach Parise's game,
    # Wild coach Bruce Boudreau expressed confidence in him, saying …`.
    for m in mentions_in(doc, lo, words[k][0]):
        if m.label not in ("PERSON", "ORG", "GPE") or is_oblique(text, m):
            continue
        after = WORD.match(text, m.char_end + 1)
        if text[m.char_end : m.char_end + 1] == " " and after is not None:
            w = after.group()
            if w.islower() and w not in PREPOSITIONS and w not in CLAUSE_STOP:
                m = role_holder(doc, m) or m  # the coach, not the team ("Wild coach Bruce …")
                return m.char_start, m.char_end
    if first in ("the", "a", "an"):
        # An organisation described: `The utilities commission is frustrated with …, saying …`.
        for n in range(1, min(4, k)):
            word = text[words[n][0] : words[n][1]]
            if not word.islower():
                break
            if word in ORG_NOUNS | INSTITUTION_NOUNS:
                return words[0][0], words[n][1]
    return None


#: A wire dateline that opens an item (`AP - `, `NEW YORK (Reuters) - `, `VIENNA — `): the
#: agency's, not part of the statement.
_DATELINE = re.compile(
    r"\((?:CNN|AP|AFP|Reuters)\) ?"  # `(CNN)President Donald Trump …`
    r"|(?:[A-Z][\w.,' ]{0,40}\((?:Reuters|AP|AFP|UPI)\)|AP|AFP|Reuters|UPI|[A-Z][A-Z.,' ]{2,30})"
    r" ?[-–—]+ "
)


def _statement(
    text: str, start: int, end: int, speaker: Span | None, verb: str
) -> Statement | None:
    opening = start - 1 if text[start - 1 : start] == "(" else start  # (`(CNN)President`)
    if opening == 0 or text[opening - 1] == "\n":
        dateline = _DATELINE.match(text, opening, end)
        if dateline is not None:
            start = dateline.end()
    if end <= start or len(text[start:end].split()) < 2:
        return None
    joined = " ".join(text[start:end].split())
    return Statement(start, end, joined, "indirect", speaker, verb)


def reported_statements(
    doc: DocContext, sentences: Sequence[Span], quoted: Sequence[Span]
) -> list[Statement]:
    """Every reported statement of the document, in text order (see the module docstring).
    `quoted` holds the spans of the direct quotations, marks included.

    With a parser, a first pass on the surface rules alone notes the sentences a parse would be
    asked for, they are parsed in one batch, and the second pass reads them (the parse costs
    about half as much batched; a sentence the second pass asks for anew is parsed alone)."""
    if doc.syntax is not None:
        doc.syntax.note_only()
        _reported(doc, sentences, quoted)
        doc.syntax.prefetch()
    return _reported(doc, sentences, quoted)


def _reported(
    doc: DocContext, sentences: Sequence[Span], quoted: Sequence[Span]
) -> list[Statement]:
    text = doc.text
    out: list[Statement] = []
    for s_lo, s_hi in sentences:
        # Most sentences hold no reporting verb: one regex search passes them over (word by
        # word, this stage cost more than the rest of the speech extraction together).
        if not _CANDIDATE.search(text, s_lo, s_hi):
            continue
        words = word_spans(text, s_lo, s_hi)
        inside = [(a, b) for a, b in quoted if a < s_hi and s_lo < b]
        inq = frozenset(n for n, w in enumerate(words) if inside and _inside(w[0], inside))
        if len(words) - len(inq) < 3:
            continue
        previous: Statement | None = None  # the sentence's last statement
        for k in range(len(words)):
            w = text[words[k][0] : words[k][1]]
            if k == 0 and w.lower() != w and w.lower() in REPORTING_VERBS and w.endswith("ing"):
                found = _opening_participle(doc, words, s_hi, quoted, inq)
                if found is not None:
                    out.append(found)
                    previous = found
                continue
            if k in inq or (w not in REPORTING_VERBS and w.lower() != "according"):
                continue
            found = _according_to(doc, words, k, s_hi, quoted, inq) or _reporting(
                doc, words, k, s_hi, quoted, inq
            )
            if found is None:
                continue
            if (
                found.speaker is None
                and previous is not None
                and k > 0
                and lower(text, words[k - 1]) in JOINERS
            ):
                # `Russia's foreign ministry said A and said B`: the same speaker.
                found = replace(found, speaker=previous.speaker)
            out.append(found)
            previous = found
    out.sort(key=lambda st: st.start)
    return out


def _reporting(
    doc: DocContext,
    words: list[Span],
    k: int,
    s_hi: int,
    quoted: Sequence[Span],
    inq: frozenset[int],
) -> Statement | None:
    """The statement of the reporting verb words[k], in the first of its shapes that fits: an
    attribution ending the sentence, one inside it, or the clause after the verb."""
    text = doc.text
    if not _is_reporting(text, words, k) or _passive(text, words, k):
        return None
    verb_span = words[k]
    verb = text[verb_span[0] : verb_span[1]]
    if k > 0 and k - 1 in inq and not verb.endswith("ing"):
        return None  # `“…,” said Kirby`: the quotation's attribution
    # The clause before: `The plan will fail, he said.` / `…, said Kirby.`
    comma = _attribution_tail(text, words, k, inq)
    if comma is not None:
        start = words[0][0]
        end = _trim_end(text, start, text.rfind(",", words[comma - 1][0], words[comma][0]))
        if (len(text[start:end].split()) <= 5 and role_of(text[start:end])) or any(
            m.char_start == start and m.char_end == end for m in doc.mentions
        ):
            # `Carlineo's attorney, Sonya Zoghlin, said … that …`, `Chris Tang, Hong Kong's new
            # police commissioner, said …`: the subject and its appositive, not a statement.
            comma = None
    parsed = _reader(doc, words, s_hi, verb_span)
    if (
        comma is not None
        and comma != k
        and parsed is not None
        and len(words) - k > 4
        and lower(text, words[k + 1]) in WHEN_WORDS
    ):
        # `Speaking last night at …, he said last week's agreement … reflected …`: a date word
        # after the verb looked like the tail's own, but the parse shows a clause after it.
        reading = parsed()
        if reading is not None and reading.after is not None and reading.before_end is None:
            comma = None
    if comma is not None:
        if _one_quotation(start, end, quoted) or (
            _inside(start, quoted) and not _partly_quoted(text, start, end, quoted)
        ):
            return None  # a quotation's attribution
        if comma == k:
            speaker = forward_phrase(doc, words[k + 1 :], verb_span[1])
        else:
            speaker = speaker_before(doc, words[comma][0], verb_span)
        return _statement(text, start, end, speaker, verb)
    inside = _parenthetical(text, words, k, inq)
    if inside is not None:
        first, last = inside
        start = words[first][0]
        if last < len(words):
            end = _trim_end(text, start, text.rfind(",", words[last - 1][0], words[last][0]))
        else:
            end = _content_end(text, words, first, s_hi, inq)
        if _one_quotation(start, end, quoted):
            return None
        c = next(n for n in range(k, 0, -1) if "," in _gap(text, words, n))
        return _statement(text, start, end, speaker_before(doc, words[c][0], verb_span), verb)
    if (
        parsed is not None
        and k >= 3
        and "," in _gap(text, words, k)
        and verb in TRAILING_VERBS
        and not _clause_words(text, words, k + 1, inq, to_comma=True)
    ):
        reading = parsed()
        if reading is not None and reading.inverted and reading.after is None:
            # `…, said Mark Quinlan, PG&E's senior director of …`, `…, said the UK National
            # Tremor Foundation`: a speaker after the verb, too long or too lowercase for the
            # surface tail; without a clause before it (`This system, says X, helps direct …`)
            # the parse shows no statement of its own.
            if reading.before_end is None:
                return None
            return _before(
                doc, words, k, k, quoted, forward_phrase(doc, words[k + 1 :], verb_span[1])
            )
    # The clause after.
    lo = _clause_start(text, words, k, inq, parsed)
    if lo is None:
        return _parsed_tail(doc, words, k, quoted, parsed)
    start = words[lo][0]
    end = _content_end(text, words, lo, s_hi, inq)
    if parsed is not None and _subordinate(text, words, k, "," in text[start:end]):
        # `While Grisham said the trip was simply …, he did not …`, `the number who said they
        # had used cannabis in the past month rose by 23 percent`: the statement ends with its
        # clause, before the writer's main clause goes on.
        reading = parsed()
        cut = reading.after_end if reading is not None else None
        # (a parse that ends inside a word, `re` of `re-enter`, is not trusted)
        if cut is not None and start < cut and text[cut : cut + 1] in ("", " ", ","):
            end = min(end, _trim_end(text, start, cut))
    if _one_quotation(start, end, quoted) or (
        _inside(start - 1, quoted)
        and not (text[start].islower() and _partly_quoted(text, start, end, quoted))
    ):
        # `said “…”`: the quotation is the statement; but `told the panel that “there really
        # doesn't appear to be a need for Cox-2” inhibitors` is partly quoted.
        return None
    if verb.endswith("ing") and k > 0 and lower(text, words[k - 1]) in ("is", "are", "was", "were"):
        speaker = speaker_before(doc, words[0][0], words[k - 1])  # `The Democrats are alleging`
    elif verb.endswith("ing"):
        with_ = _with_subject(text, words, k)
        if with_ is not None:
            # `…, with the home secretary saying the debate had never …`, `with Audi suggesting
            # that …`: the noun phrase after "with" is the speaker.
            speaker = speaker_before(doc, words[with_][0], verb_span)
        elif k > 0 and "," not in _gap(text, words, k) and k - 1 not in inq:
            return None  # `after saying …`: not the main clause's speaker
        else:
            speaker = _main_subject(doc, words, k)
    else:
        speaker = speaker_before(doc, words[0][0], verb_span)
        if speaker is None and k > 0 and lower(text, words[k - 1]) in JOINERS:
            # `Russia's foreign ministry said A and said B`: the clause's subject.
            speaker = clause_subject(doc, words[0][0], verb_span[0])
    return _statement(text, start, end, speaker, verb)


def _with_subject(text: str, words: list[Span], k: int) -> int | None:
    """Index of the first word of X in `with X saying …` (an -ing verb words[k] after a short
    noun phrase that "with" opens, no punctuation between), or None."""
    if k == 0 or _gap(text, words, k).strip():
        return None  # (`… inconsistent with international law", saying …`)
    for n in range(k - 1, max(-1, k - 7), -1):
        if n < k - 1 and _gap(text, words, n + 1).strip():
            return None
        w = lower(text, words[n])
        if w == "with":
            return n + 1 if n + 1 < k else None
        if w in FINITE_MARKERS or w in CLAUSE_STOP or w in PREPOSITIONS - {"of", "for"}:
            return None
    return None


def _subordinate(text: str, words: list[Span], k: int, comma: bool) -> bool:
    """The verb words[k] is in a clause the sentence opens with (`While X said …, …`; only
    worth a parse when the statement runs past a `comma`) or a relative clause (`the number
    who said …`), so its statement may end before the sentence."""
    if k == 0:
        return False
    first = lower(text, words[0])
    return (first in SUBORDINATORS and comma) or any(
        lower(text, words[n]) in ("who", "which") for n in range(max(0, k - 2), k)
    )


def _reader(doc: DocContext, words: list[Span], s_hi: int, verb: Span) -> Parsed:
    """The parse's reading of `verb` in its sentence, made on first call (None: no parser)."""
    syntax = doc.syntax
    if syntax is None:
        return None
    memo: list[Complement | None] = []

    def read() -> Complement | None:
        if not memo:
            memo.append(complement(syntax, words[0][0], s_hi, verb))
        return memo[0]

    return read


def _before(
    doc: DocContext,
    words: list[Span],
    k: int,
    comma: int,
    quoted: Sequence[Span],
    speaker: Span | None,
) -> Statement | None:
    """The statement from the sentence start to the comma before words[comma], attributed by
    the verb words[k] (see `_parsed_tail`); None when it is a quotation's attribution."""
    text = doc.text
    start = words[0][0]
    end = _trim_end(text, start, text.rfind(",", words[comma - 1][0], words[comma][0]))
    if _one_quotation(start, end, quoted) or (
        _inside(start, quoted) and not _partly_quoted(text, start, end, quoted)
    ):
        return None
    verb = text[words[k][0] : words[k][1]]
    return _statement(text, start, end, speaker, verb)


def _parsed_tail(
    doc: DocContext, words: list[Span], k: int, quoted: Sequence[Span], parsed: Parsed
) -> Statement | None:
    """An attribution after its statement that the surface tail did not take, shown by the
    parse as a clause before the verb: `…, a second person briefed on last weekend's trade phone
    call said.`, `…, President Jaime Lusinchi told political leaders.`, `…, White House advisers
    say.`"""
    text = doc.text
    verb = text[words[k][0] : words[k][1]]
    if (
        parsed is None
        or verb not in TRAILING_VERBS
        or len(words) - k > TAIL_REACH
        or not any("," in _gap(text, words, n) for n in range(1, k))
        or any(_inside(w[0], quoted) for w in words)
    ):
        return None  # (the parse is asked only for a verb near the end, after a comma)
    reading = parsed()
    if reading is None or reading.before_end is None or reading.inverted:
        return None
    n = bisect_left([a for a, _ in words], reading.before_end)
    if not 0 < n < k or "," not in _gap(text, words, n):
        return None  # the clause must end at the comma that opens the attribution
    return _before(doc, words, k, n, quoted, speaker_before(doc, words[n][0], words[k]))


def _verb_goes_on(text: str, words: list[Span], n: int) -> bool:
    """words[n], after a parenthetical's closing comma, continues the sentence's verb phrase
    (`…, made an unscheduled trip`, `…, had production …`) rather than opening the writer's
    next clause (`…, so it's possible …`, `…, and …`)."""
    if n + 1 >= len(words):
        return False
    w = text[words[n][0] : words[n][1]]
    return (
        w.islower()
        and w not in CLAUSE_STOP
        and w not in JOINERS
        and w not in SUBJECT_PRONOUNS
        and w not in PREPOSITIONS
        and w not in NOUN_MARKERS
        and w not in ("so", "then", "adding", "saying")
        and not w.endswith("ing")
    )


def _opening_participle(
    doc: DocContext,
    words: list[Span],
    s_hi: int,
    quoted: Sequence[Span],
    inq: frozenset[int],
) -> Statement | None:
    """`Arguing that voters are just now beginning to tune in, …, Patrick has said …`, `Saying
    the U.S. debt strategy was making headway, Baker said …`: a sentence that opens with a
    reporting -ing verb; its statement runs to the end of the parse's clause, its speaker is the
    main clause's subject. Without a parser, nothing (where the clause ends is the parse's)."""
    text = doc.text
    if doc.syntax is None or len(words) < 5 or 1 in inq:
        return None
    j = 2 if lower(text, words[1]) == "that" else 1
    reading = complement(doc.syntax, words[0][0], s_hi, words[0])
    if reading is None or reading.after_end is None or reading.after is None:
        return None
    start = words[j][0]
    clause_end = _trim_end(text, start, reading.after_end)
    # The main clause begins after the comma that closes the statement: the last one before
    # the main clause's reporting verb (`…, with the first votes less than 100 days away,
    # Patrick has said`), else the first after the parse's clause.
    first = next((n for n in range(j + 1, len(words)) if words[n][0] >= clause_end), None)
    m = next(
        (n for n in range(first or len(words), len(words)) if _is_reporting(text, words, n)),
        None,
    )
    commas = [n for n in range(j + 1, m or len(words)) if "," in _gap(text, words, n)]
    commas = [n for n in commas if words[n][0] >= clause_end] if m is None else commas
    if not commas:
        return None
    c = commas[-1] if m is not None else commas[0]
    end = _trim_end(text, start, text.rfind(",", words[c - 1][0], words[c][0]))
    if end <= clause_end - 1 or _inside(start, quoted) or _one_quotation(start, end, quoted):
        return None
    speaker = speaker_before(doc, words[c][0], words[m]) if m is not None else None
    verb = text[words[0][0] : words[0][1]]
    return _statement(text, start, end, speaker, verb)


def _according_to(
    doc: DocContext,
    words: list[Span],
    k: int,
    s_hi: int,
    quoted: Sequence[Span],
    inq: frozenset[int],
) -> Statement | None:
    """`According to X, …` (at the sentence start) and `…, according to X.` (at its end)."""
    text = doc.text
    if lower(text, words[k]) != "according" or k + 2 >= len(words):
        return None
    if lower(text, words[k + 1]) != "to":
        return None
    speaker = forward_phrase(doc, words[k + 2 :], words[k + 1][1])
    if k == 0 or (k == 1 and lower(text, words[0]) in ("but", "and", "yet", "so", "also")):
        # (`But according to multiple people I spoke to, …`)
        comma = next((n for n in range(k + 3, len(words)) if "," in _gap(text, words, n)), None)
        if comma is None:
            return None
        start, end = words[comma][0], _content_end(text, words, comma, s_hi, inq)
    elif "," in _gap(text, words, k):
        start = words[0][0]
        end = _trim_end(text, start, text.rfind(",", words[k - 1][0], words[k][0]))
        if any(n in inq for n in range(k)) and any(
            _is_reporting(text, words, n) for n in range(k) if n not in inq
        ):
            return None  # `“…,” he told them, according to a statement`: the quote's source
        close = next(
            (n for n in range(k + 3, min(len(words), k + 12)) if "," in _gap(text, words, n)),
            None,
        )
        if close is not None and _verb_goes_on(text, words, close):
            # `A further 17 manufacturers, according to the report, had production …`: the
            # attribution splits subject from verb; the statement is the whole sentence.
            end = _content_end(text, words, close, s_hi, inq)
    else:
        return None
    if _inside(start, quoted) or _one_quotation(start, end, quoted):
        return None
    return _statement(text, start, end, speaker, "according to")
