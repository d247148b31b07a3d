"""The only place a spaCy pipeline is built. Each is loaded once per process and cached."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flows.config import SPACY_MODEL

# The named-entity pipeline runs over whole documents. The tagger shares nothing with the NER in the
# small model (NER has its own tok2vec), and costs a fifth of the NER's time when run everywhere
# (bench/RESULTS.md), so it runs only on the few sentences that need part-of-speech tags
# (numbers' counted objects).
_NER_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# The dependency parser shares the tagger's pipeline (and its tok2vec): it runs only on the few
# sentences whose speaker stands behind appositives (flows.extract.speech.syntax), so it costs
# memory once and time almost never; the tagger's calls disable it.
_TAGGER_EXCLUDE = ["attribute_ruler", "lemmatizer", "ner", "senter"]


@cache
def ner_pipeline(model: str = SPACY_MODEL) -> Language:
    """The NER-only pipeline (tokenizer + ner)."""
    return spacy.load(model, exclude=_NER_EXCLUDE)


@cache
def tagger_pipeline(model: str = SPACY_MODEL) -> Language:
    """The part-of-speech and dependency pipeline (tokenizer + tok2vec + tagger + parser); Penn
    tags in token.tag_, the parse in token.dep_ and token.head."""
    return spacy.load(model, exclude=_TAGGER_EXCLUDE)


def warm_up(model: str = SPACY_MODEL) -> None:
    """Load both pipelines now (a worker process's initializer), not inside the first batch."""
    ner_pipeline(model)
    tagger_pipeline(model)


# nlp.pipe's batch for the NER: 16 documents ran faster than 64 (bench/RESULTS.md), with the same
# entities; the small model's arrays stay in cache. The throughput benchmark's bare-spaCy
# baseline uses the same batch.
NER_BATCH_SIZE = 16


def parse_entities(
    texts: Iterable[str], *, model: str = SPACY_MODEL, batch_size: int = NER_BATCH_SIZE
) -> list[Doc]:
    """Run NER over a batch of document texts; offsets index into each text as given."""
    return list(ner_pipeline(model).pipe(texts, batch_size=batch_size))


def make_tagger(model: str = SPACY_MODEL) -> Callable[[Sequence[str]], list[Doc]]:
    """A callable that POS-tags short texts (sentences) in one batch."""

    def tag(texts: Sequence[str]) -> list[Doc]:
        return list(tagger_pipeline(model).pipe(texts, batch_size=256, disable=["parser"]))

    return tag


def make_dependency_parser(model: str = SPACY_MODEL) -> Callable[[Sequence[str]], list[Doc]]:
    """A callable that parses short texts (sentences): token.dep_ and token.head, no tags (the
    small model's parser reads only the shared tok2vec, and the tagger would add a third to its
    time)."""

    def parse(texts: Sequence[str]) -> list[Doc]:
        return list(tagger_pipeline(model).pipe(texts, disable=["tagger"]))

    return parse
