"""Where a reporting verb's content clause lies, from the dependency parse of its sentence.

The surface rules of reported.py read most statements right, but three shapes defeat word order
alone, on every publisher's text:

- a verb that takes a noun as often as a clause: `added 25 points` and `added a goal` (sports),
  `announced this latest spending boost`, `promised a package of measures after the budget was
  passed` hold no statement, while `denied the plan amounts to …`, `confirmed its chairman, … were
  all in custody` and `told reporters the decision … had been taken` do; the parser's `dobj`
  against `ccomp` tells them apart where a list of finite verbs cannot;
- a date or place between the verb and a clause without "that", the wire's style: `said on
  Friday demarcation … could begin`, `told a conference in Frankfurt on Tuesday the central bank
  has …`;
- an attribution after its statement whose speaker follows the verb and runs long (`…, said Mark
  Quinlan, PG&E's senior director of …`, `…, said the UK National Tremor Foundation`) or whose
  subject before it does (`…, a second person briefed on last weekend's trade phone call said`):
  the parse puts the verb's `nsubj` after it, or its `ccomp` before it.

The parser runs only on the sentences where the surface rules cannot decide (see reported.py),
through the document's SyntaxCache; without one (parse=None) the surface rules alone decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from flows.extract.speech.lexicon import HEARER_VERBS
from flows.extract.speech.syntax import SyntaxCache

Span = tuple[int, int]

#: Dependents of a verb that stand for its content clause.
_CLAUSES = frozenset({"ccomp"})
#: A first object the parser hangs between a verb and its clause: `confirmed its chairman, chief
#: financial officer and … were all in custody` (the list's head taken as the object).
_OBJECTS = frozenset({"dobj"})


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
_ADVERBIALS = frozenset({"prep", "npadvmod", "punct"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})


def _relative(clause: Token) -> bool:
    """A relative clause the parser took for a content clause: `reported telephone wait times
    that exceeded two hours` (its subject is the relative pronoun)."""
    return any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE_PRONOUNS for c in clause.children)


@dataclass(frozen=True, slots=True)
class Complement:
    """The parse's reading of one reporting verb: the offset of its content clause's first word
    after the verb (None: no clause after it), whether its subject follows it (`…, said Kirby`)
    and the end offset of a content clause before it (None: none)."""

    after: int | None
    inverted: bool
    before_end: int | None
    subject: bool = True  # the clause after has a subject of its own
    after_end: int | None = None  # where the clause after ends


def _sentence(cache: SyntaxCache, lo: int, hi: int) -> tuple[int, Doc | None]:
    # SyntaxCache parses from `lo` to the end of the span given: the whole sentence here.
    return cache.upto(lo, (max(lo, hi - 1), hi))


def _token(doc: Doc, offset: int) -> Token | None:
    for tok in doc:
        if tok.idx == offset:
            return tok
    return None


def complement(cache: SyntaxCache, lo: int, hi: int, verb: Span) -> Complement | None:
    """The parse's reading of the reporting verb at `verb` in the sentence text[lo:hi]; None
    when the parse failed or the verb is no token of it."""
    start, doc = _sentence(cache, lo, hi)
    if doc is None:
        return None
    tok = _token(doc, verb[0] - start)
    if tok is None:
        return None
    kids = list(tok.children)
    right = [c for c in kids if c.dep_ in _CLAUSES and c.i > tok.i]
    left = [c for c in kids if c.dep_ in _CLAUSES and c.i < tok.i]
    after = None
    after_end = None
    subject = True
    if right and not _relative(right[0]):
        clause = right[0]
        first = clause.left_edge
        if first.dep_ == "mark" and first.lower_ == "that" and first.i + 1 < len(doc):
            first = doc[first.i + 1]
        else:
            # `said on Friday it will pay …`, `said outside court the pair denied …`: without
            # "that" the parser hangs the verb's date or place on the clause; the statement
            # starts at the clause's subject.
            subjects = [c for c in clause.children if c.dep_ in _SUBJECTS and c.i < clause.i]
            subject = bool(subjects)
            if subjects and subjects[0].left_edge.i > first.i:
                lead = [c for c in clause.children if c.i < subjects[0].left_edge.i]
                # Only a date or place (`on Friday`); a subordinate clause is the statement's
                # own (`said if Patrick can get his message out, he's someone …`).
                if all(c.dep_ in _ADVERBIALS for c in lead):
                    first = subjects[0].left_edge
        objects = [c for c in kids if c.dep_ in _OBJECTS and tok.i < c.i < clause.i]
        if objects and tok.lower_ not in HEARER_VERBS:
            first = min(first, objects[0].left_edge, key=lambda t: t.i)
        after = start + first.idx
        last = clause.right_edge
        after_end = start + last.idx + len(last.text)
    inverted = any(c.dep_ == "nsubj" and c.i > tok.i for c in kids)
    before_end = None
    if left:
        last = left[-1].right_edge
        while last.i > 0 and (last.is_punct or last.lower_ in ("that",)):
            last = doc[last.i - 1]
        before_end = start + last.idx + len(last.text)
    return Complement(after, inverted, before_end, subject, after_end)
