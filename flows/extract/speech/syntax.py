"""The subject of a speech verb from a dependency parse, for the sentences that need one.

The surface walk back from a verb (phrases.backward_groups) reads comma groups; a subject behind
appositives that hold their own names, prepositions and "and" ("Cmdr. Sean Robertson, a
spokesperson for Inherent Resolve, the U.S. military operation against Islamic State in Iraq and
Syria, told …") defeats it, and it then takes the nearest name ("Syria"). The parser's `nsubj` of
the verb does not care how long the appositives are. Parsing every speech sentence would cost
about 40% of the NER's time, so only the words before a verb whose walk crossed commas without
finding a person are parsed (phrases.speaker_before; about 2% of sentences, 3-5% of the NER's
time); the caller passes a parser or None (then the surface walk alone decides). The parse also
gives a speech verb with no subject of its own the subject of the verb it is coordinated with
("the firm employs 7,600 workers and insists …"), asked only when the surface reading finds none.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from flows.extract.speech.text import word_spans

Span = tuple[int, int]
#: One call parses the texts given (clauses) with the dependency parser (flows.nlp).
SentenceParser = Callable[[Sequence[str]], list[Doc]]

# Active subjects only: a passive's subject is what was said about, not who said it ("The
# posters were labelled a misjudgement").
_SUBJECTS = frozenset({"nsubj"})
# A relative pronoun is the subject of its own clause ("the British authorities, who promised"):
# the walk's antecedent is the better answer.
_RELATIVES = frozenset({"who", "which", "that", "whom", "whose"})
# Where a subject's own words end: an appositive, a bracket or a relative clause begins.
_CUT_BEFORE = frozenset({",", "(", "—", "–", "-", ";", ":"})
# Clauses that modify a subject: a relative clause ("who did not wish to be named"), a
# participle ("reached by phone").
_CLAUSES = frozenset({"relcl", "acl"})


class SyntaxCache:
    """The parses of one document's clauses, made when first asked for."""

    def __init__(self, text: str, sentences: Sequence[Span], parse: SentenceParser) -> None:
        self.text = text
        self._starts = sorted(s for s, _ in sentences)
        self._parse = parse
        self._docs: dict[Span, Doc | None] = {}
        self._asked: list[Span] | None = None

    def note_only(self) -> None:
        """From now on, note the spans asked for and parse nothing (see `prefetch`)."""
        self._asked = []

    def prefetch(self) -> None:
        """Parse the spans noted since `note_only` in one batch, and parse on demand again: one
        nlp.pipe call over many sentences costs about half as much as one call per sentence."""
        todo = list(dict.fromkeys(k for k in self._asked or () if k not in self._docs))
        self._asked = None
        if not todo:
            return
        try:
            docs: list[Doc | None] = list(self._parse([self.text[a:b] for a, b in todo]))
        except Exception:  # a parser failure leaves the surface walk's answer standing
            docs = [None] * len(todo)
        self._docs.update(zip(todo, docs, strict=True))

    def upto(self, lo: int, verb: Span) -> tuple[int, Doc | None]:
        """The parse of the text from `lo` (or the start of the verb's sentence, if later) to
        the end of the verb: the subject stands before its verb, and a parse of the words up to
        it costs a fraction of the whole sentence's (quotations, clauses after it)."""
        i = bisect_right(self._starts, verb[0]) - 1
        start = max(lo, self._starts[i] if i >= 0 else 0)
        key = (start, verb[1])
        if self._asked is not None and key not in self._docs:
            self._asked.append(key)  # a first pass only notes what it would parse (prefetch)
            return start, None
        if key not in self._docs:
            try:
                self._docs[key] = self._parse([self.text[start : verb[1]]])[0]
            except Exception:  # a parser failure leaves the surface walk's answer standing
                self._docs[key] = None
        return start, self._docs[key]


def _token_at(doc: Doc, offset: int) -> Token | None:
    for tok in doc:
        if tok.idx == offset:
            return tok
    return None


def subject_words(
    cache: SyntaxCache, lo: int, verb: Span, *, conjunct: bool = False
) -> list[Span] | None:
    """The word spans of the verb's subject, up to where an appositive begins ("A spokesman for
    Reebok Japan" of "A spokesman for Reebok Japan, the local subsidiary of …, said"); [] when
    the subject is two people joined by "and" (no one speaker); None when the parse has no
    subject for the verb (or the verb is no token of it)."""
    s_lo, doc = cache.upto(lo, verb)
    if doc is None:
        return None
    tok = _token_at(doc, verb[0] - s_lo)
    if tok is None:
        return None
    subjects = [c for c in tok.children if c.dep_ in _SUBJECTS and c.i < tok.i]
    # `conjunct`: a verb with no subject of its own shares the subject of the verb it is
    # coordinated with ("the firm employs 7,600 workers and insists …").
    while conjunct and not subjects and tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
        subjects = [c for c in tok.children if c.dep_ in _SUBJECTS and c.i < tok.i]
    if not subjects:
        return None
    subj = subjects[0]
    if subj.lower_ in _RELATIVES or subj.left_edge.lower_ in _RELATIVES:
        return None
    children = list(subj.children)
    conjuncts = [c for c in children if c.dep_ == "conj"]
    # spaCy chains a list: "the Netherlands, Portugal and the Czech Republic" has its "and"
    # on the last conjunct. A "conj" with no "and" anywhere in the chain is a misparse of a
    # possessive appositive ("Mayer, Disney's chairman of …, said").
    chain = [subj, *conjuncts]
    while conjuncts:
        conjuncts = [c for x in conjuncts for c in x.children if c.dep_ == "conj"]
        chain += conjuncts
    if len(chain) > 1 and any(c.dep_ == "cc" for x in chain for c in x.children):
        return []  # "Vindman and Williams told": two speakers
    # (No part-of-speech tags: the parser runs alone, so a name is a capitalised word here.)
    named = [c for c in children if c.dep_ == "appos" and c.text[:1].isupper() and c.i > subj.i]
    if named and subj.text[:1].islower():
        # "Radio 1's controller, Andy Parfitt, said": the name in apposition, not the title.
        subj = named[0]
    left = subj.left_edge.i
    # The subject's own words: from its left edge to the comma that opens an appositive
    # ("Mayer, Disney's chairman of …, said"), keeping the head itself.
    right = subj.i
    # A relative or participle clause on the subject is no part of the name either: "A
    # spokesperson who did not wish to be named because of agency policy said".
    clause = min(
        (c.left_edge.i for c in children if c.dep_ in _CLAUSES and c.i > subj.i), default=None
    )
    for t in doc[subj.i + 1 : subj.right_edge.i + 1]:
        if t.text in _CUT_BEFORE or t.i == clause:
            break
        right = t.i
    start = s_lo + doc[left].idx
    end = s_lo + doc[right].idx + len(doc[right].text)
    return word_spans(cache.text, start, end)
