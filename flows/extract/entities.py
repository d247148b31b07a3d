"""Entity mentions: spaCy NER spans -> name-only mention rows with in-document name matching.

The span is the name only (no leading "the", possessive or title), hyphenated compounds of places
are split, and every mention of one entity in a document gets the same label, canonical name (its
fullest form) and key ("Kirby" -> John Kirby). No I/O; the spaCy Doc comes in from the caller.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.schema import Mention, Sentence
from flows.spans import index_at

#: NER labels that are names (the rest, numeric and temporal, feed numbers and dates).
ENTITY_LABELS = frozenset(
    "PERSON ORG GPE LOC NORP FAC EVENT LAW PRODUCT WORK_OF_ART LANGUAGE".split()
)

# Titles and roles dropped from the front of a name span ("Secretary Blinken" -> Blinken).
_TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady sen senator rep gov governor president
    vice prime minister secretary chancellor chairman chairwoman chair ceo chief executive judge
    justice king queen prince princess pope general gen lt col colonel captain capt sgt sergeant
    major admiral commander ambassador mayor spokesman spokeswoman spokesperson director
    commissioner inspector detective officer deputy foreign defence defense home press state
    attorney former late premier president-elect""".split()
)
# Short forms that name a well-known entity whose standard full name differs.
_ALIASES = {
    "U.S.": "United States",
    "US": "United States",
    "U.S.A.": "United States",
    "USA": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "U.N.": "United Nations",
    "UN": "United Nations",
    "EU": "European Union",
    "E.U.": "European Union",
}
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_TITLE_PREFIX = re.compile(r"([\w.-]+)\s+(?=\S)")
_AFFIX = re.compile(r"^(?:pro|anti|non|ex|post|pre|neo)-", re.I)
# Places and groups joined by a hyphen are two names ("Ukraine-Russia border"); people are not
# ("Jean-Pierre"), and neither are lower-case affixes handled above.
_SPLIT_LABELS = frozenset({"GPE", "LOC", "NORP"})
_SLUG = re.compile(r"[^0-9a-z]+")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    label: str


def _strip_name(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Shrink a name span: leading "the", titles, affixes such as "pro-", a trailing possessive."""
    m = _LEADING_THE.match(text[start:end])
    if m:
        start += m.end()
    # Titles only precede people: "State Department" or "General Motors" keep their first word.
    while label == "PERSON":
        m = _TITLE_PREFIX.match(text[start:end])
        if not m or m.group(1).lower().rstrip(".") not in _TITLE_WORDS:
            break
        start += m.end()
    m = _AFFIX.match(text[start:end]) if label in _SPLIT_LABELS else None
    if m:
        start += m.end()
    m = _POSSESSIVE.search(text[start:end])
    if m:
        end = start + m.start()
    while end > start and text[end - 1] in " ,;:-'’\"”":
        end -= 1
    return start, end


def _split_hyphenated(text: str, span: _Span) -> list[_Span]:
    """ "Ukraine-Russia" -> Ukraine, Russia (places and groups only)."""
    if span.label not in _SPLIT_LABELS or "-" not in text[span.start : span.end]:
        return [span]
    parts: list[_Span] = []
    pos = span.start
    for piece in text[span.start : span.end].split("-"):
        if piece[:1].isupper():
            parts.append(_Span(pos, pos + len(piece), span.label))
        pos += len(piece) + 1
    return parts or [span]


def _candidate_spans(doc: Doc) -> list[_Span]:
    """Name spans from the NER, trimmed to the name and split at hyphens, in text order."""
    text = doc.text
    spans: list[_Span] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = _strip_name(text, ent.start_char, ent.end_char, ent.label_)
        if end <= start or not any(ch.isupper() for ch in text[start:end]):
            continue  # nothing name-like left ("the president" -> "president")
        spans.extend(_split_hyphenated(text, _Span(start, end, ent.label_)))
    # The NER may emit the same name twice once spans are trimmed; keep the first.
    seen: set[tuple[int, int]] = set()
    unique = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            unique.append(s)
    return unique


def _tokens(name: str) -> list[str]:
    return name.replace("’", "'").split()


def _initials(name: str) -> str:
    return "".join(w[0] for w in _tokens(name) if w[:1].isupper())


def _refers_to(short: str, long: str, short_label: str, long_label: str) -> bool:
    """Whether name `short` is a shorter form of name `long` within one document."""
    if short == long:
        return True
    st, lt = _tokens(short), _tokens(long)
    if len(st) >= len(lt):
        return False
    if long_label == "PERSON":
        # A surname or the last names of a person ("Kirby" -> "John Kirby"), whatever label the
        # NER gave the short form: names of people are the most often mislabelled.
        return lt[-len(st) :] == st
    if short_label != long_label:
        return False
    # "National Response Force" -> "NATO National Response Force"; one word is too ambiguous.
    if len(st) >= 2 and lt[-len(st) :] == st:
        return True
    # An acronym of the long form ("NATO" <- "North Atlantic Treaty Organization").
    return short.isupper() and len(short) >= 2 and short == _initials(long)


def entity_key(label: str, canonical: str) -> str:
    """Stable, readable key: label and the slug of the canonical name ("person:john_kirby")."""
    return f"{label.lower()}:{_SLUG.sub('_', canonical.lower()).strip('_')}"


def extract_mentions(doc: Doc, sentences: Sequence[Sentence], *, doc_id: str) -> list[Mention]:
    """A document's NER output -> mention rows with label, canonical name and entity key."""
    text = doc.text
    spans = _candidate_spans(doc)
    names = [text[s.start : s.end] for s in spans]
    # Cluster names: each distinct (name, label) attaches to the longest name it refers to.
    distinct = sorted(
        {(n, s.label) for n, s in zip(names, spans, strict=True)},
        key=lambda nl: (-len(_tokens(nl[0])), nl[0]),
    )
    head: dict[tuple[str, str], tuple[str, str]] = {}
    for name, label in distinct:
        target = (name, label)
        for other, other_label in distinct:
            if (other, other_label) == (name, label) or len(_tokens(other)) <= len(_tokens(name)):
                continue
            if _refers_to(name, other, label, other_label):
                target = head.get((other, other_label), (other, other_label))
                break
        head[(name, label)] = target
    # One label per entity: the majority over its mentions (ties: the head's own label).
    votes: dict[tuple[str, str], Counter[str]] = {}
    for name, span in zip(names, spans, strict=True):
        votes.setdefault(head[(name, span.label)], Counter())[span.label] += 1
    # The same name under two labels with no longer form is still one entity ("Lavrov" ORG and
    # PERSON): merge heads by name, keeping the label most mentions carry.
    by_name: dict[str, Counter[str]] = {}
    for (hname, _), counter in votes.items():
        by_name.setdefault(hname, Counter()).update(counter)

    mentions: list[Mention] = []
    for name, span in zip(names, spans, strict=True):
        hname, hlabel = head[(name, span.label)]
        counter = by_name[hname]
        top = max(counter.values())
        label = hlabel if counter[hlabel] == top else counter.most_common(1)[0][0]
        canonical = _ALIASES.get(hname, hname)
        mentions.append(
            Mention(
                doc_id=doc_id,
                mention_idx=len(mentions),
                sentence_idx=index_at(sentences, span.start),
                char_start=span.start,
                char_end=span.end,
                text=name,
                label=label,
                entity_key=entity_key(label, canonical),
                canonical_name=canonical,
            )
        )
    return mentions
