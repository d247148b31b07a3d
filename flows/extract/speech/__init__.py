"""Who said what: documents.text + paragraphs + sentences + mentions -> `quotes` rows.

A pure, rule-based extractor: no I/O; the one model call, a dependency parse of the few sentences
whose subject stands behind appositives, goes through the parser the caller passes. One module
per job:

- marks.py: quotation marks paired into quotations (double and single marks, quotes over
  several paragraphs, lost opening marks);
- direct.py and attribution.py: which paired spans are quotations and which speaker phrase and
  verb each belongs to;
- reported.py: reported speech, the content clause of a reporting verb outside quotations;
  complement.py: where that clause lies, from the dependency parse, where word order cannot tell;
- phrases.py: the speaker phrase around a verb, trimmed to the name;
- syntax.py: the subject of a verb from the dependency parse, for the sentences that need it;
- resolve.py: a phrase to an entity, pronouns and descriptions by salience and agreement;
- lexicon.py and text.py: the word lists and the word and clause spans all of them walk over.

Statements of both kinds are resolved together in text order, so that whoever spoke last is
salient for the next "he said" whichever kind of statement it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from flows.extract.speech.direct import direct_statements, quote_spans
from flows.extract.speech.phrases import DocContext
from flows.extract.speech.reported import reported_statements
from flows.extract.speech.resolve import Resolver
from flows.extract.speech.statement import Statement
from flows.extract.speech.syntax import SentenceParser, SyntaxCache
from flows.extract.speech.text import paragraph_bounds
from flows.schema import Mention, Paragraph, Quote, Sentence
from flows.spans import index_at


def _within_reported(quote: Statement, reported: Sequence[Statement]) -> Statement:
    """A quotation inside a reported statement's clause (`Pompeo said that after legal
    consultation Washington had concluded the settlements were “not inconsistent with
    international law”`) is the reported speaker's words: the statement's speaker and verb,
    unless the quote's own attribution lies outside that clause."""
    if quote.introduced:
        return quote  # `… he asked about the group and said, “…,” the office said`
    for st in reported:
        if st.start <= quote.start and quote.end <= st.end:
            own = quote.speaker
            if own is None or (st.start <= own[0] and own[1] <= st.end):
                return replace(quote, speaker=st.speaker, verb=st.verb, inherits=False)
    return quote


def _enclosing_clause(
    quote: Statement, clauses: Sequence[tuple[Statement, str | None]]
) -> tuple[Statement, str | None] | None:
    """The reported statement, already resolved, that holds a quotation with the same speaker
    phrase: the quotation's speaker is the statement's."""
    if quote.kind != "direct" or quote.speaker is None:
        return None
    return next(
        (
            (rep, key)
            for rep, key in clauses
            if rep.start <= quote.start
            and quote.end <= rep.end
            and rep.speaker == quote.speaker
            and key is not None  # a statement left unresolved says nothing of its quotation
        ),
        None,
    )


def extract_quotes(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    doc_id: str,
    parse: SentenceParser | None = None,
) -> list[Quote]:
    """Direct quotations and reported statements of one document, with their speakers, in text
    order (`quotes.kind` tells them apart). `parse` (tagger and dependency parser over
    sentences, see syntax.py) is asked only about the sentences whose subject stands behind
    appositives and those whose reported clause word order cannot place (complement.py); without
    it the surface walk decides."""
    paras = paragraph_bounds(text, paragraphs)
    cands = quote_spans(text, paras)
    sentence_bounds = [(s.char_start, s.char_end) for s in sentences] or paras
    doc = DocContext(
        text=text,
        mentions=tuple(sorted(mentions, key=lambda m: (m.char_start, m.char_end))),
        # Double-mark quotations only: a single-mark pair may be a misread apostrophe.
        quote_ranges=tuple((segs[0][0], segs[-1][1]) for c, segs in cands if not c.single),
        syntax=SyntaxCache(text, sentence_bounds, parse) if parse is not None else None,
    )
    direct = direct_statements(doc, paras, cands)
    quoted = [st.outer or (st.start - 1, st.end + 1) for st in direct]
    reported = reported_statements(doc, sentence_bounds, quoted)
    if not direct and not reported:
        return []  # most documents of a wire feed: no need to read them for speakers
    direct = [_within_reported(st, reported) for st in direct]
    resolver = Resolver(doc, sentence_bounds, paras)

    statements = sorted(direct + reported, key=lambda st: (st.start, st.kind))
    rows: list[tuple[Statement, str | None, str | None, str | None]] = []
    previous: tuple[str | None, str | None, str | None] = (None, None, None)  # last direct
    # Reported statements resolved so far: a quoted fragment inside one, with its speaker
    # (`But Mr Blair had been "hurt" by the Iraq controversy, he added`), is that statement's,
    # whom the names inside the statement do not change.
    clauses: list[tuple[Statement, str | None]] = []
    for st in statements:
        if st.kind == "direct" and st.speaker is None and st.inherits:
            said, key, verb = previous
        else:
            span = st.speaker
            said = text[span[0] : span[1]] if span else None
            outer = _enclosing_clause(st, clauses)
            key = outer[1] if outer else resolver.resolve(span, st.start, (st.start, st.end))
            verb = st.verb
        if st.kind != "direct":
            clauses.append((st, key))
        content = None if st.kind == "direct" else (st.start, st.end)
        resolver.record(st.start, key, st.speaker, content)
        if st.kind == "direct":
            previous = (said, key, verb)
        rows.append((st, said, key, verb))
    return [
        Quote(
            doc_id=doc_id,
            quote_idx=idx,
            sentence_idx=index_at(sentences, st.start) if sentences else 0,
            char_start=st.start,
            char_end=st.end,
            text=text[st.start : st.end],
            joined_text=st.joined,
            speaker_text=said,
            speaker_key=key,
            verb=verb,
            kind=st.kind,
        )
        for idx, (st, said, key, verb) in enumerate(rows)
    ]
