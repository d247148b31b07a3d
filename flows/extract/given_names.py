"""Given names of people, with the gender they are given to, from Faker's name lists.

The small NER model's most frequent confusion is a person taken for an organisation ("Adam
Neumann" ORG in a business story), and the speaker resolver needs a person's gender where the
article never says "Mr" or "she". A name's first word being a given name is evidence that
generalises across publishers where no list of particular people could. Faker (MIT, kept up to
date) ships given names for some eighty locales, drawn from national statistics; we read the
Latin-script ones (about 19,000 names) once per process, in a quarter of a second.

Only the evidence lives here; how much it weighs is for its users (flows.extract.entities,
flows.extract.speech.resolve).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from functools import cache
from pathlib import Path

import faker.providers.person as person
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import Lookups

from flows.config import SPACY_MODEL
from flows.lexicon import MONTHS, WEEKDAYS

#: The model's lemmatizer tables, inside its package folder.
_LOOKUPS = "*/lemmatizer/lookups"
#: Written in the Latin alphabet, capitalised, one word ("José", "Zoë", "O'Neil", "Jean-Luc").
_LATIN_NAME = re.compile(r"^[A-Z][a-zà-öø-ÿ\u0100-\u017f'’-]+$")
#: Given names that are also words a sentence or a date uses ("May", "Will", "June", "Said"): as the
#: first word of a capitalised span they are no evidence of a person.
_COMMON = frozenset((*MONTHS, *WEEKDAYS, "said")) | STOP_WORDS


#: A given name that is also an English word ("Golden", "Paris", "Crystal") counts only when
#: at least this many locales list it ("Mark", "Grace", "Victoria" do; the US list's "Golden",
#: "London" or "Royal" do not).
_COMMON_WORD_LOCALES = 4


@cache
def _english_words() -> frozenset[str]:
    """The English common words the spaCy model's lemmatizer knows (WordNet's index and its
    irregular forms)."""
    spec = importlib.util.find_spec(SPACY_MODEL)
    folders = list(Path(spec.origin).parent.glob(_LOOKUPS)) if spec and spec.origin else []
    if not folders:
        return frozenset()  # a model without them: given names are taken as listed
    lookups = Lookups().from_disk(folders[0])
    # The lemmas, and the irregular forms of them ("said", "men", "went").
    exceptions = lookups.get_table("lemma_exc").values()
    return frozenset().union(*lookups.get_table("lemma_index").values(), *exceptions)


@cache
def _lexicon() -> dict[str, str]:
    """Given name -> 'm', 'f' or 'u' (given to both in some locale's list)."""
    genders: dict[str, set[str]] = {}
    locales: dict[str, int] = {}
    for info in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
        seen: set[str] = set()
        for attr, gender in (("first_names_male", "m"), ("first_names_female", "f")):
            names = getattr(provider, attr, ())
            for name in names if not isinstance(names, property) else ():
                if _LATIN_NAME.match(name) and name.lower() not in _COMMON:
                    genders.setdefault(name, set()).add(gender)
                    seen.add(name)
        for name in seen:
            locales[name] = locales.get(name, 0) + 1
    words = _english_words()
    return {
        n: (next(iter(g)) if len(g) == 1 else "u")
        for n, g in genders.items()
        if locales[n] >= _COMMON_WORD_LOCALES or n.lower() not in words
    }


def is_common_word(word: str) -> bool:
    """Whether `word`, lower-cased, is an English common word the model's lemmatizer knows
    ("fiber", "benchmark", "download"; not "ascom" or "azpurua")."""
    return word.lower() in _english_words()


def is_given_name(word: str) -> bool:
    """Whether `word` (as written, capitalised) is a given name in some locale's list."""
    return word in _lexicon()


def gender_of(word: str) -> str | None:
    """'m' or 'f' when every list that has the given name `word` gives it to one gender only;
    None for names given to both ("Kim", "Jordan") and for words that are no given name."""
    g = _lexicon().get(word)
    return g if g in ("m", "f") else None


@cache
def _family_names() -> frozenset[str]:
    """The family names of Faker's English-speaking locales (en_US, en_GB, en_IE ...)."""
    out: set[str] = set()
    for info in pkgutil.iter_modules(person.__path__):
        if info.name.startswith("en"):
            provider = importlib.import_module(f"{person.__name__}.{info.name}").Provider
            names = getattr(provider, "last_names", ())
            out.update(n for n in names if isinstance(n, str))
    return frozenset(out)


def is_family_name(word: str) -> bool:
    """Whether `word` (as written) is a common family name in English-speaking countries: a
    place that is also one ("Houston", "Jackson", "Washington") is no evidence against a person."""
    return word in _family_names()
