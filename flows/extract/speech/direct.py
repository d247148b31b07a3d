"""Direct quotations: paired marks (marks.py) -> statements with their speaker phrase and verb.

Pass 2, filtering: a fragment (no final . ? !) is a name, term or slogan rather than a quotation
when nobody next to it is said to utter it (see attribution.is_scare_quote); a second fragment of
an attributed sentence is kept. Pass 3, attribution, nearest evidence first: the clause right after
the closing mark (`“…,” said X`, `“…,” X said`, `X was quoted as saying`; a following `He added:
“…”` belongs to the next quote), for a fragment the end of its sentence (`…, he said.`, `…,
according to X.`), then the clause before the opening mark (`X said, “…”`, `X called it “…”`,
`Said X: “…”`), then a lead-in sentence ending in a colon, then the sentence just before (also
across a paragraph break when it names its speaker), then the previous quote's speaker (`“A,” he
said. “B.”`, a paragraph that resumes the quote). Resolution to an entity is resolve.py's.
"""

from __future__ import annotations

from bisect import bisect_right

from flows.extract.speech.attribution import (
    after_quote,
    is_scare_quote,
    lead_in,
    pronoun_subject,
    verb_right_before,
    verb_search,
)
from flows.extract.speech.marks import content_segments, pair_marks, pair_singles
from flows.extract.speech.phrases import DocContext
from flows.extract.speech.statement import Statement
from flows.extract.speech.text import TERMINALS, clause_start, same_sentence

Span = tuple[int, int]


def quote_spans(text: str, paras: list[Span]) -> list[tuple[object, list[Span]]]:
    """Every paired quotation (double and single marks) with its content segments, in order."""
    doubles = pair_marks(text, paras)
    taken = [
        (c.open_pos, (c.close_pos if c.close_pos is not None else c.segments[-1][1]) + 1)
        for c in doubles
        if c.segments
    ]
    singles = pair_singles(text, paras, taken)
    pairs = sorted(doubles + singles, key=lambda c: c.open_pos)
    cands = [(c, content_segments(text, c)) for c in pairs]
    return [(c, segs) for c, segs in cands if segs]


def direct_statements(
    doc: DocContext, paras: list[Span], cands: list[tuple[object, list[Span]]]
) -> list[Statement]:
    """The quotations that are quotations, each with its attribution (or `inherits`)."""
    text = doc.text
    para_starts = [s for s, _ in paras]

    def para_of(pos: int) -> int:
        return max(bisect_right(para_starts, pos) - 1, 0)

    out: list[Statement] = []
    prev_verb: str | None = None  # the previous kept quote's verb, its own or inherited
    prev_fragment = False  # the previous quote ended without . ? ! (a fragment in a sentence)
    prev_close_para = -2
    prev_close = -1
    for cand, segs in cands:
        start, end = segs[0][0], segs[-1][1]
        p = para_of(cand.open_pos)
        p_lo = paras[p][0]
        last_p_hi = paras[para_of(end - 1)][1]
        lo = max(p_lo, prev_close + 1)  # never search inside the previous quote
        before_lo = clause_start(text, lo, cand.open_pos)
        joined = " ".join(text[s:e] for s, e in segs)

        # The punctuation just inside the closing mark (the comma already cut from the text;
        # sloppy sources put a space before the mark: `technology. " said Lee Rainie`).
        # A closing single mark hides it too: `… sending?'" he said`.
        inner = text[start : cand.close_pos] if cand.close_pos is not None else ""
        inner = inner.rstrip().rstrip("'’").rstrip()
        last_char = inner[-1] if inner else text[end - 1]
        attr = after_quote(doc, cand, last_char, last_p_hi)
        introduced = verb_right_before(doc, before_lo, cand.open_pos)
        if attr is not None and introduced:
            # `… and said, “…,” the prosecutor's office said`: the verb that opens the quote
            # is its own; the one after attributes the whole sentence (reported speech).
            attr = None
        own = attr or verb_search(doc, before_lo, cand.open_pos)

        # A second fragment of one sentence shares the first one's speaker: Whitman called 2004
        # an “outstanding success” that generated “tremendous momentum”.
        continues = (
            own is None
            and prev_verb is not None
            and para_of(prev_close) == p
            and prev_fragment
            and same_sentence(text, prev_close + 1, cand.open_pos)
        )
        if not continues and is_scare_quote(doc, joined, attr, own, before_lo, cand.open_pos):
            continue

        if own is None and not text[before_lo : cand.open_pos].strip():
            own = lead_in(doc, paras, p, lo, cand.open_pos)
        if cand.single and (own is None or own.speaker is None or len(joined.split()) <= 3):
            # Single marks need a speaker ('reject EU' in a headline has none), and short ones
            # are names or terms far more often than words someone said ("agreed to create
            # 'Television Sur'", "in search of 'tranquillity.'").
            continue
        if own is None and not continues:
            own = pronoun_subject(doc, before_lo, cand.open_pos)
        outer = (cand.open_pos, cand.close_pos + 1 if cand.close_pos is not None else end)
        if own is not None:
            statement = Statement(
                start,
                end,
                joined,
                "direct",
                own.speaker,
                own.verb,
                introduced=introduced,
                outer=outer,
            )
        else:
            # “A,” he said. “B.” / a paragraph resuming the last speaker. A quote inside a
            # sentence of its own ("The question is: “…”") does not inherit.
            inherits = bool(out) and (
                continues
                or (para_of(prev_close) == p and not text[before_lo : cand.open_pos].strip())
                or (prev_close_para == p - 1 and cand.open_pos == p_lo)
            )
            statement = Statement(start, end, joined, "direct", inherits=inherits, outer=outer)
        out.append(statement)
        prev_verb = prev_verb if statement.inherits else statement.verb
        prev_fragment = last_char not in TERMINALS
        prev_close = cand.close_pos if cand.close_pos is not None else end
        prev_close_para = para_of(prev_close)
    return out
