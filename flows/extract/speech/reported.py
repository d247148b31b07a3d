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

The speaker phrase is found like a direct quote's (phrases.py: the subject before the verb, the
name after an inverted verb, the main clause's subject for an -ing verb); resolution is
resolve.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from flows.extract.speech.lexicon import (
    AFTER_VERB_ADVERBS,
    AUXILIARIES,
    CLAUSE_STOP,
    CLAUSE_VERBS,
    DATE_WORDS,
    FINITE_MARKERS,
    HEARER_VERBS,
    NO_CLAUSE_AFTER,
    NOUN_MARKERS,
    OBJECT_PRONOUNS,
    REPORTING_VERBS,
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
    # "his claims", "dismissed claims that": a noun after a determiner or a past verb.
    return not (w.endswith("s") and (prev in NOUN_MARKERS or prev.endswith("ed")))


def _passive(text: str, words: list[Span], k: int) -> bool:
    """`was told that`, `it is said that`: a form of be right before the verb (not before an
    -ing form: `The Democrats are alleging that` is progressive)."""
    verb = text[words[k][0] : words[k][1]]
    if verb.endswith("ing") and verb not in ("adding", "writing"):
        return False  # ("Yahoo was adding captioning": adding, not saying)
    return k > 0 and lower(text, words[k - 1]) in (AUXILIARIES - {"has", "had", "have"}) | {"be"}


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


def _clause_start(text: str, words: list[Span], k: int, inq: frozenset[int]) -> int | None:
    """Index of the content clause's first word after the verb words[k], or None when no
    finite content clause follows (see the module docstring)."""
    verb = text[words[k][0] : words[k][1]]
    j = k + 1
    if j >= len(words) or j in inq:
        return None
    if any(c in _gap(text, words, j) for c in ".!?:;(" + DOUBLE_MARKS):
        return None  # `said: “…”`, `said “…”`: a direct quotation's lead-in; `said.`
    hearer = False
    if verb in HEARER_VERBS:
        after = _skip_hearer(text, words, j, verb)
        hearer, j = after > j, after
    while j < len(words) and lower(text, words[j]) in WHEN_WORDS:
        j += 1
    if j >= len(words):
        return None
    w = lower(text, words[j])
    if w in NO_CLAUSE_AFTER or (
        w == "not" and j + 1 < len(words) and lower(text, words[j + 1]) == "to"
    ):
        return None  # `said to be`, `warned stores not to carry …`, `asked whether …`
    at_least = w == "at" and j + 1 < len(words) and lower(text, words[j + 1]) in ("least", "most")
    if (w in PREPOSITIONS and not at_least) or w == "late" or "," in _gap(text, words, j):
        # `said in a statement that …`, `said, however, that …`: only "that" opens the clause.
        return _that_ahead(text, words, j, THAT_REACH, inq)
    if w == "that":
        return j + 1 if j + 1 < len(words) else None
    near = _that_ahead(text, words, j, THAT_NEAR, inq)
    if near is not None and all(_when(lower(text, words[n])) for n in range(j, near - 1)):
        # `said all along that …`, `said last week that …`, not `the UK's position that …`.
        return near
    if w in SUBJECT_PRONOUNS and w != "you":
        return j
    if verb in CLAUSE_VERBS and not hearer:
        return j if len(words) - j >= 3 else None
    if verb in TELL_VERBS:
        far = _that_ahead(text, words, j, THAT_REACH, inq)
        if far is not None:
            return far  # `told a few thousand teachers who covered the lawn that …`
    for n in range(j + 1, min(j + FINITE_REACH, len(words))):
        w = lower(text, words[n])
        if any(c in _gap(text, words, n) for c in ",.;:!?") or w in STOPS_FINITE:
            # `urged passage of an amendment that would …`: a relative clause's verb;
            # `warned stores not to carry the shoes and Reebok has sued`: an infinitive.
            break
        if n not in inq and w in FINITE_MARKERS:
            return j
    return None


def _when(word: str) -> bool:
    """A word of time or manner between a verb and its "that": `all along`, `last week`."""
    return word in WHEN_WORDS or word in ALONG or (word.endswith("ly") and is_adverb(word))


def _adverbial(text: str, words: list[Span], n: int) -> bool:
    """words[n:] is nothing but when and where: `on Monday`, `in a statement`, `last week`."""
    if n >= len(words):
        return True
    w = lower(text, words[n])
    return w in WHEN_WORDS or w in PREPOSITIONS or (w.endswith("ly") and is_adverb(w))


#: Words that open a clause's subject: after "that" they make it a content clause.
_SUBJECT_STARTS = SUBJECT_PRONOUNS | NOUN_MARKERS


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
        if ";" in gap or (":" in gap and any(c in gap for c in DOUBLE_MARKS)):
            return _trim_end(text, words[lo][0], words[n - 1][1])
        if "," in gap and w in NEXT_STATEMENT:
            return _trim_end(text, words[lo][0], words[n - 1][1])  # `…, adding …`
        if (
            w in ("but", "while", "whereas")
            and any(c in gap for c in ",—–-")
            and not (n + 1 < len(words) and lower(text, words[n + 1]) in SUBJECT_PRONOUNS)
        ):
            # `…, but the ministry declined to confirm`: the writer's, not the speaker's; but
            # `…, but he did worry …` goes on with the speaker.
            return _trim_end(text, words[lo][0], words[n - 1][1])
        if (
            w == "and"
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
            if m < len(words) and _is_reporting(text, words, m) and m not in inq:
                # `… and added …`, `… but he said …`: the same speaker's next statement.
                return _trim_end(text, words[lo][0], words[n - 1][1])
    for k in range(len(words) - 1, lo, -1):
        if _is_reporting(text, words, k) and k not in inq:
            tail = _attribution_tail(text, words, k, inq)
            if tail is not None and tail > lo:
                comma = text.rfind(",", words[tail - 1][0], words[tail][0])
                return _trim_end(text, words[lo][0], comma)
            break
    return _trim_end(text, words[lo][0], sentence_end)


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
    return None


def _statement(
    text: str, start: int, end: int, speaker: Span | None, verb: str
) -> Statement | None:
    if end <= start or len(text[start:end].split()) < 2:
        return None
    joined = " ".join(text[start:end].split())
    return Statement(start, end, joined, "indirect", speaker, verb)


def reported_statements(
    doc: DocContext, sentences: Sequence[Span], quoted: Sequence[Span]
) -> list[Statement]:
    """Every reported statement of the document, in text order (see the module docstring).
    `quoted` holds the spans of the direct quotations, marks included."""
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
    # The clause after.
    lo = _clause_start(text, words, k, inq)
    if lo is None:
        return None
    start = words[lo][0]
    end = _content_end(text, words, lo, s_hi, inq)
    if _one_quotation(start, end, quoted) or _inside(start - 1, quoted):
        return None  # `said “…”`: the quotation is the statement
    if verb.endswith("ing") and k > 0 and lower(text, words[k - 1]) in ("is", "are", "was", "were"):
        speaker = speaker_before(doc, words[0][0], words[k - 1])  # `The Democrats are alleging`
    elif verb.endswith("ing"):
        if k > 0 and "," not in _gap(text, words, k) and k - 1 not in inq:
            return None  # `after saying …`: not the main clause's speaker
        speaker = _main_subject(doc, words, k)
    else:
        speaker = speaker_before(doc, words[0][0], verb_span)
        if speaker is None and k > 0 and lower(text, words[k - 1]) in JOINERS:
            # `Russia's foreign ministry said A and said B`: the clause's subject.
            speaker = clause_subject(doc, words[0][0], verb_span[0])
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
    if k == 0:
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
    else:
        return None
    if _inside(start, quoted) or _one_quotation(start, end, quoted):
        return None
    return _statement(text, start, end, speaker, "according to")
