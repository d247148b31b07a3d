"""Attribution of direct quotations: which speaker phrase and speech verb a quotation belongs to,
nearest evidence first, and which marked spans are names or terms rather than quotations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.extract.speech.lexicon import (
    AUXILIARIES,
    CLAUSE_STOP,
    COMPLEMENT_STARTERS,
    DATE_WORDS,
    NAMING_NOUNS,
    NAMING_VERBS,
    NOUN_MARKERS,
    OBJECT_VERBS,
    QUOTED_VERBS,
    RELATIVE_PRONOUNS,
    RESOLVABLE_PRONOUNS,
    SPEECH_ING,
    SPEECH_VERBS,
)
from flows.extract.speech.marks import (
    Candidate,
)
from flows.extract.speech.phrases import (
    DocContext,
    Group,
    backward_groups,
    clause_subject,
    forward_phrase,
    has_person,
    is_named,
    speaker_before,
    subject_person,
    syntactic_subject,
    tidy,
)
from flows.extract.speech.syntax import subject_words
from flows.extract.speech.text import (
    ATTRIBUTION_ENDINGS,
    COMMA_GAP,
    DOUBLE_MARKS,
    TERMINALS,
    WORD,
    clause_end,
    clause_start,
    is_verb,
    lower,
    word_spans,
)
from flows.lexicon import PREPOSITIONS

#: "(D-Okla.)", "(R-AL)": a politician's party and state between the name and the verb.
_PARTY_BRACKET = re.compile(r"\s*\([A-Z]-[A-Z][A-Za-z.]{1,6}\)")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker as written (start, end offsets) and its speech verb; any part may be missing."""

    speaker: tuple[int, int] | None
    verb: str | None


def after_quote(doc: DocContext, cand: Candidate, last_char: str, hi: int) -> Attribution | None:
    """An attribution after the closing mark: right after it, or for a fragment a source named at
    the end of its sentence ("have done “everything in their powers” to …, according to X")."""
    return after_adjacent(doc, cand, last_char, hi) or according_to(doc, cand, last_char, hi)


def according_to(doc: DocContext, cand: Candidate, last_char: str, hi: int) -> Attribution | None:
    """The attribution closing the sentence a fragment (no final . ? !) stands in, after its last
    comma: "was to “rebuild a sense of purpose” within the US, he said." / ", according to X."."""
    if cand.close_pos is None or last_char in TERMINALS:
        return None
    text = doc.text
    a = cand.close_pos + 1
    nxt_mark = next((i for i in range(a, hi) if text[i] in DOUBLE_MARKS), hi)
    b = clause_end(text, a, nxt_mark)
    if b >= nxt_mark and nxt_mark < hi:
        return None  # another quotation follows in the same sentence
    comma = text.rfind(",", a, b)
    if comma < 0:
        return None
    words = word_spans(text, comma + 1, b)
    if not words or len(words) > 8 or text[words[-1][1] : b].strip(" .!?\n"):
        return None
    first = lower(text, words[0])
    if first == "according" and len(words) > 2 and lower(text, words[1]) == "to":
        return Attribution(forward_phrase(doc, words[2:], words[1][1]), None)
    if is_verb(text, words, 0) and len(words) > 1:
        speaker = forward_phrase(doc, words[1:], words[0][1])
        if speaker is not None and speaker[1] == words[-1][1]:
            return Attribution(speaker, text[words[0][0] : words[0][1]])
        return None
    if is_verb(text, words, len(words) - 1) and len(words) > 1:
        speaker = tidy(doc, words[:-1])
        if speaker is not None and not any(lower(text, w) in CLAUSE_STOP for w in words[:-1]):
            return Attribution(speaker, text[words[-1][0] : words[-1][1]])
    return None


def after_adjacent(doc: DocContext, cand: Candidate, last_char: str, hi: int) -> Attribution | None:
    """An attribution right after the closing mark: “…,” said X / “…,” X said / according to X."""
    if cand.close_pos is None:
        return None
    text = doc.text
    a = cand.close_pos + 1
    nxt_mark = next((i for i in range(a, hi) if text[i] in DOUBLE_MARKS), hi)
    b = clause_end(text, a, nxt_mark)
    words = word_spans(text, a, b)
    if not words or not COMMA_GAP.fullmatch(text[a : words[0][0]] or " "):
        return None
    comma_first = "," in text[a : words[0][0]]
    in_sentence = last_char in ATTRIBUTION_ENDINGS or comma_first
    if not in_sentence and last_char not in TERMINALS:
        return None  # “crippled” by the move: the quote is a fragment inside a sentence
    if text[words[-1][1] : nxt_mark].strip().startswith(":"):
        return None  # “….” He added: “…”: a lead-in to the next quote, not this one's
    first = lower(text, words[0])
    if is_verb(text, words, 0):
        return Attribution(forward_phrase(doc, words[1:], words[0][1]), first)
    if first == "according" and len(words) > 1 and lower(text, words[1]) == "to":
        return Attribution(forward_phrase(doc, words[2:], words[1][1]), None)
    if first in CLAUSE_STOP:
        return None  # “…,” which …: not an attribution
    # A party and state in brackets is see-through: “…,” Sen. David Boren (D-Okla.) said.
    brackets = [b.span() for b in _PARTY_BRACKET.finditer(text, a, b)]
    words = [w for w in words if not any(lo <= w[0] < hi for lo, hi in brackets)]
    in_relative = False  # inside ", who asked not to be named," between speaker and verb
    for k in range(1, min(len(words), 16)):
        gap = _PARTY_BRACKET.sub(" ", text[words[k - 1][1] : words[k][0]])
        if gap[:1] in ("'", "’") and text[words[k - 1][1] - 1] == "s":
            gap = gap[1:]  # a plural possessive: "Jessica Caldwell, Edmunds' executive director"
        if not COMMA_GAP.fullmatch(gap):
            return None
        w = lower(text, words[k])
        if gap.strip():  # a comma or dash starts a new group
            in_relative = w in RELATIVE_PRONOUNS
        if in_relative:
            continue
        ing = quoted_as(text, words, k)
        if ing is not None:  # “…,” the aid agency was quoted as saying
            speaker = pick_after(doc, backward_groups(doc, a, words[k]))
            return Attribution(speaker, text[words[ing][0] : words[ing][1]])
        if w in CLAUSE_STOP:
            # “…,” Mayer, Disney's chairman of direct-to-consumer and international, said: an
            # "and" inside an appositive; the parse finds the verb's subject behind it.
            return _behind_appositive(doc, words, k, a, in_sentence) if k > 1 else None
        if not is_verb(text, words, k):
            continue
        # A new sentence after “….” is an attribution only when it is short ("Kirby said.") or
        # continues in lowercase ("he said"); "Kirby said the move …" is reported speech.
        if not in_sentence and text[words[0][0]].isupper() and len(words) - k - 1 > 3:
            return None
        if (
            last_char in "?!"
            and not comma_first
            and text[words[0][0]].isupper()
            and k + 1 < len(words)
            and lower(text, words[k + 1]) in COMPLEMENT_STARTERS
        ):
            return None  # “…?” The commission said it was satisfied: a sentence of its own
        speaker = pick_after(doc, backward_groups(doc, a, words[k]))
        return Attribution(speaker, text[words[k][0] : words[k][1]])
    return None


def _behind_appositive(
    doc: DocContext, words: list[tuple[int, int]], k: int, a: int, in_sentence: bool = False
) -> Attribution | None:
    """The first verb after a comma within a dozen words of words[k], when the parse says its
    subject stands between the closing mark and it (see after_adjacent); when the quotation
    ended its part of the sentence with a comma (`in_sentence`), any speech verb, which may
    follow a name without one ("…,” JPL scientist and study co-author Michael Malaska said")."""
    text = doc.text
    if doc.syntax is None:
        return None
    for v in range(k + 1, min(len(words), k + 12)):
        # After a comma ("…, Environment and Water, said") or, for the parse to judge, any
        # speech verb ("… Environment and Water think tank told CBS News").
        comma = "," in text[words[v - 1][1] : words[v][0]]
        speech = in_sentence and lower(text, words[v]) in SPEECH_VERBS
        if not is_verb(text, words, v) or not (comma or speech):
            continue
        subject = syntactic_subject(doc, a, words[v])
        if subject:
            return Attribution(subject, text[words[v][0] : words[v][1]])
        return None
    return None


def pick_after(doc: DocContext, groups: list[Group]) -> tuple[int, int] | None:
    """Among the comma groups between quote and verb: the named one, else the nearest the quote."""
    ordered = [g.phrase for g in reversed(groups) if g.phrase is not None]  # nearest-to-verb first
    for g in ordered:
        if has_person(doc, g):
            return g
    return ordered[0] if ordered else None


def ends_clause(text: str, pos: int, hi: int) -> bool:
    """True when a forward speaker phrase ending at pos closes its clause: "said Mr Jain." or
    "said Mr Jain on Monday", but not "said the channel offered …" (reported speech)."""
    rest = text[pos:hi].lstrip()
    if not rest or not rest[0].isalnum():
        return True
    m = WORD.match(rest)
    return m is not None and m.group().lower() in PREPOSITIONS | DATE_WORDS | RELATIVE_PRONOUNS


def quoted_as(text: str, words: list[tuple[int, int]], k: int) -> int | None:
    """Index of the -ing verb when words[k:] read "was quoted (by Reuters) as saying", words[k]
    being the first auxiliary; None otherwise."""
    j = k
    while j < len(words) and lower(text, words[j]) in AUXILIARIES:
        j += 1
    if j == k or j >= len(words) or lower(text, words[j]) not in QUOTED_VERBS:
        return None
    for n in range(j + 1, min(j + 7, len(words))):
        if lower(text, words[n]) in SPEECH_ING:
            return n
    return None


def ing_attribution(
    doc: DocContext, lo: int, words: list[tuple[int, int]], k: int
) -> Attribution | None:
    """The speaker of the -ing speech verb words[k] in its two safe shapes: after "was quoted
    as" (the subject before the auxiliary) and right after a named person ("Hughes claiming")."""
    text = doc.text
    verb = text[words[k][0] : words[k][1]]
    for j in range(k - 1, max(-1, k - 7), -1):
        if lower(text, words[j]) in QUOTED_VERBS:
            aux = j
            while aux > 0 and lower(text, words[aux - 1]) in AUXILIARIES:
                aux -= 1
            if aux < j and quoted_as(text, words, aux) == k:
                return Attribution(speaker_before(doc, lo, words[aux]), verb)
            break
    if k > 0 and text[words[k - 1][1] : words[k][0]] == " " and text[words[k - 1][0]].isupper():
        speaker = speaker_before(doc, lo, words[k])
        if speaker is not None and has_person(doc, speaker):
            return Attribution(speaker, verb)
    return None


def verb_search(doc: DocContext, lo: int, hi: int) -> Attribution | None:
    """The speech verb nearest hi in [lo, hi) with a speaker before it: "X said, “", "X called"."""
    text = doc.text
    words = word_spans(text, lo, hi)
    if len(words) > 1 and text[words[0][0]].isupper() and lower(text, words[0]) in SPEECH_VERBS:
        # Inverted at the start of the sentence: "Said the Pew report: “…”".
        phrase = forward_phrase(doc, words[1:], words[0][1])
        if phrase is not None and not text[phrase[1] : hi].strip(" :,\n"):
            return Attribution(phrase, text[words[0][0] : words[0][1]])
    participle: int | None = None  # the -ing speech verb nearest hi, for the last resort
    for k in range(len(words) - 1, -1, -1):
        if lower(text, words[k]) in SPEECH_ING and text[words[k][0]].islower():
            ing = ing_attribution(doc, lo, words, k)
            if ing is not None:
                return ing
            participle = k if participle is None else participle
            continue
        if not is_verb(text, words, k):
            continue
        verb = text[words[k][0] : words[k][1]]
        if k > 0 and lower(text, words[k - 1]) == "to":
            # "Robinson went on to claim that …": the main clause's subject speaks.
            subject = subject_person(doc, lo, words[k][0])
            if subject is not None:
                return Attribution(subject, verb)
        speaker = speaker_before(doc, lo, words[k])
        if speaker is None and k > 0 and lower(text, words[k - 1]) in ("and", "but"):
            # `he asked about …, called Omar a “terrorist” and said, “…”`: the clause's subject.
            speaker = clause_subject(doc, lo, words[k][0])
        if speaker is not None and is_named(doc, speaker):
            return Attribution(speaker, verb)
        gap_before = text[words[k - 1][1] : words[k][0]] if k > 0 else ","
        if "," in gap_before and verb not in OBJECT_VERBS:
            # Inverted, as in a lead-in sentence: "…, said Mr Jain."
            inverted = forward_phrase(doc, words[k + 1 :], words[k][1])
            if inverted is not None and ends_clause(text, inverted[1], hi):
                return Attribution(inverted, verb)
        if speaker is not None:
            return Attribution(speaker, verb)
    # No verb, but a named person right before a colon: "Southampton boss Harry Redknapp: “…”".
    colon = len(text[lo:hi].rstrip()) + lo - 1
    if colon >= lo and text[colon] == ":":
        groups = backward_groups(doc, lo, (colon, colon + 1))
        if groups and groups[0].phrase is not None and has_person(doc, groups[0].phrase):
            return Attribution(groups[0].phrase, None)
    if participle is not None:
        # "Ms Hutt defended her record, saying …": the subject of the clause speaks.
        gap = text[words[participle - 1][1] : words[participle][0]] if participle else ""
        subject = subject_person(doc, lo, words[participle][0])
        if subject is not None and gap.strip() in (",", ""):
            return Attribution(subject, text[words[participle][0] : words[participle][1]])
    return None


def verb_right_before(doc: DocContext, lo: int, open_pos: int) -> bool:
    """A speech verb, then only a comma or colon, right before an opening mark: `said, “`."""
    text = doc.text
    words = word_spans(text, lo, open_pos)
    if not words or text[words[-1][1] : open_pos].strip() not in (",", ":", ""):
        return False
    return is_verb(text, words, len(words) - 1)


def verb_nearby(doc: DocContext, lo: int, hi: int, n: int = 4) -> bool:
    """True when one of the last n words before hi is a speech verb that is not a naming verb."""
    text = doc.text
    words = word_spans(text, lo, hi)
    return any(
        (is_verb(text, words, k) or lower(text, words[k]) in SPEECH_ING)
        and lower(text, words[k]) not in NAMING_VERBS
        for k in range(max(0, len(words) - n), len(words))
    )


def after_naming_noun(doc: DocContext, lo: int, open_pos: int) -> bool:
    """True when the marks follow a noun that introduces a name or a saying: "the term “…”",
    "a slogan of “…”", "its culture of “work hard, play hard”", "the so-called “…”"."""
    text = doc.text
    words = word_spans(text, lo, open_pos)
    linked = bool(words) and lower(text, words[-1]) in ("of", "as")
    if linked:
        words = words[:-1]
    if not words or lower(text, words[-1]) not in NAMING_NOUNS:
        return False
    # "the term “…”" and "a culture of “…”", but not "the nine-year recommended term “…”".
    return linked or (len(words) > 1 and lower(text, words[-2]) in NOUN_MARKERS)


def lead_in(
    doc: DocContext, paras: list[tuple[int, int]], p: int, lo: int, open_pos: int
) -> Attribution | None:
    """The speaker of the sentence before an unattributed quote: "Kirby said:", "She added that"."""
    text = doc.text
    p_lo = paras[p][0]
    j = open_pos - 1
    while j >= lo and text[j].isspace():
        j -= 1
    if j < lo and lo == p_lo and p > 0:
        # The quote opens its paragraph: only a colon lead-in carries over a paragraph break.
        q_lo, q_hi = paras[p - 1]
        k = q_hi - 1
        while k >= q_lo and text[k].isspace():
            k -= 1
        if k < q_lo:
            return None
        start = clause_start(text, q_lo, k)
        if text[k] == ":":
            return verb_search(doc, start, k)
        # "Mr Thomas said the rules were clear.¶“If in doubt retain …”": a quote that opens a
        # paragraph without an attribution continues the reported speech just before it, when
        # that sentence names its speaker and holds no quotation of its own.
        if any(c in DOUBLE_MARKS for c in text[start:k]):
            return None
        found = verb_search(doc, start, k + 1)
        if found is None or found.speaker is None or not is_named(doc, found.speaker):
            return None
        return found
    if j < lo:
        return None
    # Same paragraph: the sentence ending right before the quote (colon or full stop).
    start = clause_start(text, lo, j)
    return verb_search(doc, start, j + 1)


def pronoun_subject(doc: DocContext, lo: int, hi: int) -> Attribution | None:
    """For a quote inside a sentence with no speech verb: the he/she the sentence is about, as in
    "he intends to go into the next parliament “on the front foot”" (no verb to report). Not
    when the quote follows a verb whose subject, in the parse, is someone else ("the closer he
    gets to Election Day, the more the people shrug and think, “…”": the people's words)."""
    words = word_spans(doc.text, lo, hi)
    for span in words:
        if doc.text[span[0] : span[1]].lower() in RESOLVABLE_PRONOUNS:
            if _other_subject(doc, lo, words[-1], span, hi):
                return None
            return Attribution(span, None)
    return None


def _other_subject(
    doc: DocContext, lo: int, last: tuple[int, int], pronoun: tuple[int, int], hi: int
) -> bool:
    """The word before the opening mark (after at most a comma or colon) is a verb whose subject
    the parse finds, and the pronoun is not that subject."""
    if doc.syntax is None or doc.text[last[1] : hi].strip() not in (",", ":"):
        return False
    subject = subject_words(doc.syntax, lo, last, conjunct=True)
    if subject is None:
        return False  # no verb, or no subject the parse can tell
    return not any(a <= pronoun[0] and pronoun[1] <= b for a, b in subject)


def is_scare_quote(
    doc: DocContext,
    joined: str,
    attr: Attribution | None,
    own: Attribution | None,
    clause_lo: int,
    open_pos: int,
) -> bool:
    """True for marks around a name, title, term or slogan rather than a quotation: a fragment
    (no final . ? !) that nobody next to it is said to utter. Short ones need a speaker or speech
    verb; a Title Case span is a name unless a non-naming speech verb or an attribution is next
    to it ("Originally dubbed “Jerry's Guide to the World Wide Web”"); a lowercase phrase of up to
    six words inside a sentence with no speech verb is a slogan ("its culture of “work hard, play
    hard” still remains")."""
    tokens = joined.split()
    capitalised = all(w[0].isupper() or not w[0].isalpha() for w in tokens)
    inside = bool(doc.text[clause_lo:open_pos].strip())
    if joined[-1] in TERMINALS and not (
        joined[-1] == "." and len(tokens) <= 3 and capitalised and inside
    ):
        # (American style puts a sentence's period inside the marks of a name too: known as
        # the “Three Amigos.”, including “Mary Poppins” and “Bambi.”; a sentence of its own,
        # “Please.”, is said)
        return False
    if attr is None and after_naming_noun(doc, clause_lo, open_pos):
        return True
    nearby = attr is not None or verb_nearby(doc, clause_lo, open_pos)
    if len(tokens) <= 3:
        return (capitalised and not nearby) or (not capitalised and own is None)
    long_words = [w for w in tokens if len(w) > 3 and w[0].isalpha()]
    title_case = len(long_words) >= 2 and all(w[0].isupper() for w in long_words)
    if title_case and len(tokens) <= 8 and not nearby:
        return True
    speech = verb_nearby(doc, clause_lo, open_pos, n=100)
    return len(tokens) <= 6 and own is None and inside and not speech
