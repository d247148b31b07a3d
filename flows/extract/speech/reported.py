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
  he said.`, `…, said Kirby.`;
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

from collections.abc import Sequence

from flows.extract.speech.lexicon import (
    AFTER_VERB_ADVERBS,
    AUXILIARIES,
    CLAUSE_VERBS,
    DATE_WORDS,
    FINITE_MARKERS,
    HEARER_VERBS,
    NO_CLAUSE_AFTER,
    NOUN_MARKERS,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    REPORTING_VERBS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
)
from flows.extract.speech.phrases import (
    DocContext,
    backward_groups,
    forward_phrase,
    pick_group,
)
from flows.extract.speech.statement import Statement
from flows.extract.speech.text import DOUBLE_MARKS, lower, word_spans

Span = tuple[int, int]

#: How far ahead a finite verb may show a clause after a verb that may take a noun.
FINITE_REACH = 8
#: How far ahead "that" may follow a prepositional phrase after the verb (`said in a statement
#: released on Monday that`).
THAT_REACH = 12
#: The longest tail after a comma that is still a trailing attribution (`, the minister said on
#: Monday`).
TAIL_REACH = 10
#: Words from a sentence's start within which its subject opens the main clause.
SUBJECT_REACH = 6
#: Connectives that join a second reporting verb of the same speaker (`… and added …`).
JOINERS = frozenset({"and", "but"})


def _inside(pos: int, spans: Sequence[Span]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_reporting(text: str, words: list[Span], k: int) -> bool:
    """words[k] is a reporting verb used as a verb: lowercase, and not a noun after a determiner
    ("his claims", "the reports")."""
    w = text[words[k][0] : words[k][1]]
    if w not in REPORTING_VERBS:
        return False
    prev = lower(text, words[k - 1]) if k > 0 else ""
    return not (w.endswith("s") and prev in NOUN_MARKERS)


def _passive(text: str, words: list[Span], k: int) -> bool:
    """`was told that`, `it is said that`: a form of be right before the verb."""
    return k > 0 and lower(text, words[k - 1]) in AUXILIARIES - {"has", "had", "have"}


def _is_comma_after(text: str, words: list[Span], j: int) -> bool:
    return j + 1 < len(words) and "," in text[words[j][1] : words[j + 1][0]]


def _skip_hearer(text: str, words: list[Span], j: int) -> int:
    """Index after the hearer of `told`: a pronoun (`told him`), a name (`told the BBC`, `told
    Fox News`) or a short noun phrase (`told reporters`, `told the committee`), ending before
    "that", a subject pronoun, a determiner that opens the clause, a preposition or a comma."""
    if j >= len(words):
        return j
    first = lower(text, words[j])
    if first in OBJECT_PRONOUNS:
        return j + 1
    n = j
    while n < len(words) and n - j < 5:
        w = lower(text, words[n])
        if n > j and (
            w == "that" or w in SUBJECT_PRONOUNS or w in PREPOSITIONS or w in NOUN_MARKERS
        ):
            break
        if n > j and text[words[n - 1][1] : words[n][0]].strip():
            break  # punctuation ends the hearer
        n += 1
        if w not in NOUN_MARKERS and not text[words[n - 1][0]].isupper():
            # A lowercase noun ends the hearer unless a capitalised name goes on ("the BBC").
            nxt = words[n] if n < len(words) else None
            if nxt is None or not text[nxt[0]].isupper() or lower(text, nxt) in SUBJECT_PRONOUNS:
                break
    return n


def _clause_start(
    text: str, words: list[Span], k: int, quoted: Sequence[Span]
) -> tuple[int, bool] | None:
    """(index of the content clause's first word, whether "that" introduced it) after the verb
    words[k]; None when no finite content clause follows (see the module docstring)."""
    verb = text[words[k][0] : words[k][1]]
    j = k + 1
    if j >= len(words):
        return None
    gap = text[words[k][1] : words[j][0]]
    if any(c in gap for c in ":;" + DOUBLE_MARKS + "(") or _inside(words[j][0], quoted):
        return None  # `said: “…”`, `said “…”`: a direct quotation's lead-in
    if verb in HEARER_VERBS:
        j = _skip_hearer(text, words, j)
    while j < len(words) and lower(text, words[j]) in AFTER_VERB_ADVERBS | DATE_WORDS:
        j += 1
    if j >= len(words):
        return None
    w = lower(text, words[j])
    if w in NO_CLAUSE_AFTER or (
        w == "not" and j + 1 < len(words) and lower(text, words[j + 1]) == "to"
    ):
        return None  # `said to be`, `warned stores not to carry …`
    if w in PREPOSITIONS or w == "late" or "," in text[words[j - 1][1] : words[j][0]]:
        # `said in a statement that …`, `said, however, that …`: only "that" opens the clause.
        for n in range(j, min(j + THAT_REACH, len(words))):
            if lower(text, words[n]) == "that" and not _inside(words[n][0], quoted):
                return (n + 1, True) if n + 1 < len(words) else None
            if any(c in text[words[n - 1][1] : words[n][0]] for c in ".;:" + DOUBLE_MARKS):
                return None
        return None
    if w == "that":
        return (j + 1, True) if j + 1 < len(words) else None
    if w in SUBJECT_PRONOUNS and w != "you":
        return j, False
    if verb in CLAUSE_VERBS:
        return (j, False) if len(words) - j >= 3 else None
    for n in range(j + 1, min(j + FINITE_REACH, len(words))):
        if lower(text, words[n]) in FINITE_MARKERS:
            return j, False
        if "," in text[words[n - 1][1] : words[n][0]]:
            break
    return None


def _trailing_attribution(text: str, words: list[Span], lo: int, inq: frozenset[int]) -> int | None:
    """Index of the first word of a trailing attribution after a comma (`…, he said`, `…, said
    Kirby on Monday`, `…, according to X`) among words[lo:], if the sentence ends with one."""
    for n in range(len(words) - 1, lo, -1):
        if n in inq:
            return None
        if "," not in text[words[n - 1][1] : words[n][0]]:
            continue
        tail = words[n:]
        if len(tail) > TAIL_REACH:
            return None
        low = [lower(text, w) for w in tail]
        if low[:2] == ["according", "to"]:
            return n
        for i, w in enumerate(low):
            k = n + i
            if _is_reporting(text, words, k) and w not in ("saying", "adding", "telling"):
                # `…, he said.` but not `…, Blinken said he would …` (a clause of its own).
                return n if _clause_start(text, words, k, ()) is None else None
    return None


def _content_end(
    text: str, words: list[Span], lo: int, sentence_end: int, inq: frozenset[int]
) -> int:
    """End offset of a content clause starting at words[lo] (see the module docstring)."""
    end = sentence_end
    for n in range(lo + 1, len(words)):
        if n in inq:
            continue
        gap = text[words[n - 1][1] : words[n][0]]
        w = lower(text, words[n])
        if ";" in gap or (":" in gap and any(c in gap for c in DOUBLE_MARKS)):
            end = words[n - 1][1]
            break
        if "," in gap and (
            w in ("saying", "adding", "telling", "noting", "insisting") or w == "but"
        ):
            # `…, adding …` is the speaker's next statement; `…, but the ministry declined
            # …` is the writer's.
            end = words[n - 1][1]
            break
        if (
            w in JOINERS
            and n + 1 < len(words)
            and _is_reporting(text, words, n + 1)
            and text[words[n + 1][0] : words[n + 1][1]] not in ("says", "say")
        ):
            end = words[n - 1][1]  # `… and added …`: the same speaker's next statement
            break
    else:
        tail = _trailing_attribution(text, words, lo, inq)
        if tail is not None:
            end = text.rfind(",", words[tail - 1][0], words[tail][0])
    return _trim_end(text, words[lo][0], end)


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


def _mostly_quoted(start: int, end: int, quoted: Sequence[Span]) -> bool:
    """The content is (nearly all) one direct quotation: the quote is its row, not this."""
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in quoted)
    return covered >= 0.8 * max(1, end - start)


def _main_subject(doc: DocContext, words: list[Span], k: int) -> Span | None:
    """The speaker of an -ing verb words[k] (`…, saying …`): the subject of the main clause,
    that is of the sentence's reporting verb before it when there is one (`The company said A,
    adding B`), else the name or pronoun that opens the sentence (`Australian Prime Minister
    Scott Morrison welcomed the release, adding …`)."""
    text = doc.text
    lo = words[0][0]
    for n in range(k - 1, -1, -1):
        if _is_reporting(text, words, n) and not lower(text, words[n]).endswith("ing"):
            return _speaker_before(doc, lo, words[n])
    first = lower(text, words[0])
    if first in ("he", "she", "it", "they", "we"):
        return words[0]
    if first in PREPOSITIONS or first in SUBORDINATORS:
        return None  # `In a statement, …`: no name opens the sentence
    n = 1 if first in NOUN_MARKERS else 0
    while n < k and text[words[n][0]].isupper():
        n += 1
    if n == 0 or (n == 1 and first in NOUN_MARKERS):
        return None
    return words[0][0], words[n - 1][1]


def _speaker_before(doc: DocContext, lo: int, verb: Span) -> Span | None:
    return pick_group(doc, backward_groups(doc, lo, verb))


def reported_statements(
    doc: DocContext, sentences: Sequence[Span], quoted: Sequence[Span]
) -> list[Statement]:
    """Every reported statement of the document, in text order (see the module docstring).
    `quoted` holds the spans of the direct quotations, marks included."""
    text = doc.text
    out: list[Statement] = []
    for s_lo, s_hi in sentences:
        words = word_spans(text, s_lo, s_hi)
        inq = frozenset(n for n, w in enumerate(words) if _inside(w[0], quoted))
        if len(words) - len(inq) < 3:
            continue
        for k in range(len(words)):
            if k in inq or (k > 0 and k - 1 in inq):
                continue  # inside a quotation, or right after one: its attribution
            found = _according_to(doc, words, k, s_hi, quoted) or _reporting(
                doc, words, k, s_lo, s_hi, quoted, inq
            )
            if found is not None:
                out.append(found)
    out.sort(key=lambda st: st.start)
    return out


def _statement(
    text: str, start: int, end: int, speaker: Span | None, verb: str
) -> Statement | None:
    if end <= start or len(text[start:end].split()) < 2:
        return None
    joined = " ".join(text[start:end].split())
    return Statement(start, end, joined, "indirect", speaker, verb)


def _reporting(
    doc: DocContext,
    words: list[Span],
    k: int,
    s_lo: int,
    s_hi: int,
    quoted: Sequence[Span],
    inq: frozenset[int],
) -> Statement | None:
    text = doc.text
    if not _is_reporting(text, words, k) or _passive(text, words, k):
        return None
    verb_span = words[k]
    verb = text[verb_span[0] : verb_span[1]]
    # The clause before: `The plan will fail, he said.` / `…, said Kirby.`
    tail = _trailing_attribution(text, words, 0, inq)
    if tail is not None and tail <= k and tail > 0 and verb not in ("saying", "adding"):
        start = words[0][0]
        end = _trim_end(text, start, text.rfind(",", words[tail - 1][0], words[tail][0]))
        if _mostly_quoted(start, end, quoted):
            return None  # a quotation's attribution
        if k == tail:
            speaker = forward_phrase(doc, words[k + 1 :], verb_span[1])
        else:
            speaker = _speaker_before(doc, words[tail][0], verb_span)
        return _statement(text, start, end, speaker, verb)
    # The clause after.
    found = _clause_start(text, words, k, quoted)
    if found is None:
        return None
    lo, _ = found
    start = words[lo][0]
    end = _content_end(text, words, lo, s_hi, inq)
    if _mostly_quoted(start, end, quoted):
        return None
    if verb.endswith("ing"):
        gap = text[words[k - 1][1] : verb_span[0]] if k > 0 else ""
        if "," not in gap and k > 0:
            return None  # `after saying …`, `is saying`: not the main clause's speaker
        speaker = _main_subject(doc, words, k)
    else:
        speaker = _speaker_before(doc, s_lo, verb_span)
    return _statement(text, start, end, speaker, verb)


def _according_to(
    doc: DocContext, words: list[Span], k: int, s_hi: int, quoted: Sequence[Span]
) -> Statement | None:
    """`According to X, …` (at the sentence start) and `…, according to X.` (at its end)."""
    text = doc.text
    if lower(text, words[k]) != "according" or k + 2 >= len(words):
        return None
    if lower(text, words[k + 1]) != "to":
        return None
    speaker = forward_phrase(doc, words[k + 2 :], words[k + 1][1])
    if k == 0:
        comma = next(
            (n for n in range(k + 3, len(words)) if "," in text[words[n - 1][1] : words[n][0]]),
            None,
        )
        if comma is None:
            return None
        start, end = words[comma][0], _content_end(text, words, comma, s_hi, frozenset())
    elif "," in text[words[k - 1][1] : words[k][0]]:
        start = words[0][0]
        end = _trim_end(text, start, text.rfind(",", words[k - 1][0], words[k][0]))
    else:
        return None
    if _mostly_quoted(start, end, quoted):
        return None
    return _statement(text, start, end, speaker, "according to")
