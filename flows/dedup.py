"""Near-duplicate detection: word shingles, MinHash signatures and LSH band keys.

A syndicated copy or a lightly edited re-publication of an article gets a new doc_id (the id is
derived from the exact content), so exact-content dedup does not catch it. Here each document gets
a `DocumentSignature`:

- the set of word 5-shingles of its normalised text (lower-cased ``\\w+`` tokens; a text of fewer
  than five words is one shingle of the words it has, a text with no words is the empty set);
- a MinHash of that set: 128 permutations, datasketch's ``affine64`` scheme with a fixed seed, so
  the same text gives the same bytes in every process, run and machine. The signature is stored as
  the 128 hash values, little-endian uint64 (1,024 bytes);
- 16 LSH band keys ``"b<band>:<hex>"``, one per band of 8 consecutive hash values (the hex is an
  8-byte BLAKE2b digest of the band's bytes). Two documents sharing a key are candidates.

Bands and rows: 16 x 8 uses all 128 values. A pair with Jaccard similarity s shares at least one
band with probability 1 - (1 - s^8)^16, which is 0.06 at s=0.5, 0.61 at 0.7, 0.947 at 0.8, 0.994
at 0.85 and 0.9999 at 0.9 (the curve's midpoint, (1/16)^(1/8), is about 0.71). Since candidates
are then checked against the signature estimate, the band curve only has to sit below the 0.8
threshold so that true near-duplicates are rarely missed, while keeping the candidate rate of
unrelated articles (whose 5-shingle Jaccard is close to 0) negligible. At s=0.8 itself the
estimate check (128 values, standard error 0.035) passes about half the pairs anyway, so tighter
bands (21 x 6, 32 x 4) would mostly add candidates, not recall.

`NearDuplicateIndex` keeps band key -> doc_ids and doc_id -> (add order, hash values) and answers
"which earlier document is this a near-copy of". Everything here is pure: no I/O, deterministic.
The flow does not build one over the whole warehouse: per batch, it builds one over only the
stored documents that share a band key with the batch (`lookup_keys`), which gives the same
answers in memory that does not grow with the corpus.

Changing NUM_PERM, SEED, the scheme, the shingling or BANDS x ROWS makes new signatures
incomparable with stored ones (``document_signatures`` would have to be recomputed);
`test_signature_golden` pins the output so that such a change, or a datasketch upgrade that
alters hashing, cannot happen unnoticed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from datasketch import MinHash

from flows.schema import Document, DocumentSignature

NUM_PERM = 128
#: Fixed MinHash seed: the permutations, hence every stored signature, depend on it.
SEED = 20_050_101
#: datasketch >= 2.0 permutation scheme; 64-bit values avoid the 32-bit collision bias.
SCHEME = "affine64"
SHINGLE_WORDS = 5
BANDS = 16
ROWS = 8
DEFAULT_THRESHOLD = 0.8

_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u8")
_EMPTY = np.uint64(np.iinfo(np.uint64).max)  # the value of every slot of an empty set's MinHash
_KEY_DIGEST_BYTES = 8

if BANDS * ROWS != NUM_PERM:
    raise ValueError("the bands must use every MinHash value")

# Built once: datasketch draws the permutations from the seed in the constructor, which costs more
# than hashing a whole article. Each signature starts from a copy of this empty MinHash.
_EMPTY_MINHASH = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)


def shingles(text: str) -> set[bytes]:
    """The word 5-shingles of the normalised text, as UTF-8 bytes."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8", "surrogatepass") for i in range(n)
    }


def minhash_values(text: str) -> np.ndarray:
    """The MinHash of the text's shingles: NUM_PERM uint64 values (all max for an empty text).

    Uses datasketch's `MinHash.update_batch`, which hashes each shingle (SHA-1, 64 bits) in Python
    and applies the 128 permutations to all shingles at once with numpy.
    """
    m = _EMPTY_MINHASH.copy()
    m.update_batch(shingles(text))
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(hashvalues: np.ndarray) -> list[str]:
    """One key per band of ROWS consecutive values: ``"b<band>:<16 hex digits>"``."""
    raw = np.asarray(hashvalues, dtype=_DTYPE).tobytes()
    width = ROWS * _DTYPE.itemsize
    return [
        f"b{band}:"
        + hashlib.blake2b(
            raw[band * width : (band + 1) * width], digest_size=_KEY_DIGEST_BYTES
        ).hexdigest()
        for band in range(BANDS)
    ]


def signature(text: str, *, doc_id: str) -> DocumentSignature:
    """The MinHash signature and LSH band keys of a document's text."""
    values = minhash_values(text)
    return DocumentSignature(
        doc_id=doc_id,
        minhash=values.astype(_DTYPE, copy=False).tobytes(),
        bands=band_keys(values),
    )


def hashvalues(minhash: bytes) -> np.ndarray:
    """Signature bytes -> NUM_PERM native uint64 values."""
    if len(minhash) != NUM_PERM * _DTYPE.itemsize:
        raise ValueError(
            f"a MinHash signature is {NUM_PERM * _DTYPE.itemsize} bytes, got {len(minhash)}"
        )
    return np.frombuffer(minhash, dtype=_DTYPE).astype(np.uint64)


def candidate_probability(similarity: float) -> float:
    """Probability that two documents with this Jaccard similarity share a band key (S-curve)."""
    return 1.0 - (1.0 - similarity**ROWS) ** BANDS


def is_empty(values: np.ndarray) -> bool:
    """True for the signature of a text without words (nothing to compare)."""
    return bool(np.all(values == _EMPTY))


def lookup_keys(signatures: Iterable[DocumentSignature]) -> list[str]:
    """The band keys under which `NearDuplicateIndex.find` would look these documents up, sorted:
    those of every signature with content (a text without words is never compared).

    The documents sharing one of them with the index are all the candidates `find` can see, so
    an index of only those (in the original order) answers `find` for these signatures exactly
    as an index of everything would: what lets the flow look up a batch in the warehouse
    instead of holding every stored signature in memory (flows.warehouse.signature_candidates)."""
    keys: set[str] = set()
    for sig in signatures:
        if not is_empty(hashvalues(sig.minhash)):
            keys.update(sig.bands)
    return sorted(keys)


class BandKeyIndex:
    """Which documents hold a band key: the warehouse's and this run's, kept compactly.

    The flow keeps one for a whole run instead of every signature (a `NearDuplicateIndex` of the
    warehouse holds every signature's hash values). Here a document costs its 16 keys as uint64
    (the key's digest; the band is the column) and its doc_id: a tenth of the memory. A batch's
    candidates come from it in memory (no per-batch scan of the stored signatures, which grew with
    the square of the corpus), and only their whole rows are then read
    (flows.warehouse.signature_candidates). Figures: bench/RESULTS.md."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._pending: list[list[int]] = []
        self._keys = np.empty((0, BANDS), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, bands: Iterable[str]) -> None:
        row = [0] * BANDS
        for key in bands:
            band, value = _parse_key(key)
            row[band] = value
        self._ids.append(doc_id)
        self._pending.append(row)

    def candidates(self, keys: Iterable[str]) -> set[str]:
        """doc_ids of the documents sharing at least one of `keys`."""
        if self._pending:
            self._keys = np.vstack([self._keys, np.array(self._pending, dtype=np.uint64)])
            self._pending = []
        wanted: dict[int, list[int]] = {}
        for key in keys:
            band, value = _parse_key(key)
            wanted.setdefault(band, []).append(value)
        if not wanted or not len(self._keys):
            return set()
        hit = np.zeros(len(self._keys), dtype=bool)
        for band, values in wanted.items():
            hit |= np.isin(self._keys[:, band], np.array(values, dtype=np.uint64))
        return {self._ids[i] for i in np.flatnonzero(hit)}


def _parse_key(key: str) -> tuple[int, int]:
    """``"b<band>:<hex>"`` -> (band, digest as an integer)."""
    band, _, digest = key.partition(":")
    return int(band[1:]), int(digest, 16)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal hash values (as `MinHash.jaccard`)."""
    return float(np.count_nonzero(a == b)) / float(len(a))


class NearDuplicateIndex:
    """Documents seen so far, looked up by shared LSH band keys.

    Holds band key -> doc_ids and doc_id -> (add order, hash values) only. A document whose text
    has no words is remembered but never offered as a candidate, and never matches: there is no
    content to be a copy of.
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._buckets: dict[str, list[str]] = {}
        self._docs: dict[str, tuple[int, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def add(self, sig: DocumentSignature) -> None:
        """Remember a document (in the warehouse, or accepted earlier in this run).

        Adding a doc_id again is a no-op: the first signature and position stand.
        """
        if sig.doc_id in self._docs:
            return
        values = hashvalues(sig.minhash)
        self._docs[sig.doc_id] = (len(self._docs), values)
        if is_empty(values):
            return
        for key in sig.bands:
            self._buckets.setdefault(key, []).append(sig.doc_id)

    def find(self, sig: DocumentSignature) -> tuple[str, float] | None:
        """The earliest-added document whose estimated Jaccard with sig is >= threshold.

        Returns (doc_id, estimate), or None. Only documents sharing a band key with sig are
        compared; a document never matches itself.
        """
        values = hashvalues(sig.minhash)
        if is_empty(values):
            return None
        candidates: set[str] = set()
        for key in sig.bands:
            bucket = self._buckets.get(key)
            if bucket:
                candidates.update(bucket)
        candidates.discard(sig.doc_id)
        for doc_id in sorted(candidates, key=lambda d: self._docs[d][0]):
            similarity = estimate(values, self._docs[doc_id][1])
            if similarity >= self.threshold:
                return doc_id, similarity
        return None

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, bytes, list[str]]],
        *,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> NearDuplicateIndex:
        """Rebuild from document_signatures rows (doc_id, minhash, bands), in the given order."""
        index = cls(threshold=threshold)
        for doc_id, minhash, bands in rows:
            index.add(DocumentSignature(doc_id=doc_id, minhash=bytes(minhash), bands=list(bands)))
        return index


def mark_near_duplicates(
    documents: Sequence[Document],
    signatures: Sequence[DocumentSignature],
    earlier: Iterable[tuple[str, bytes, list[str]]],
) -> list[Document]:
    """Set duplicate_of on documents that nearly repeat one already seen: one of `earlier` (the
    stored and staged documents sharing a band key with the batch, oldest first) or one earlier
    in the batch."""
    index = NearDuplicateIndex.from_rows(earlier)
    by_id = {sig.doc_id: sig for sig in signatures}
    marked = []
    for doc in documents:
        sig = by_id[doc.doc_id]
        match = index.find(sig)
        if match is not None:
            doc = replace(doc, duplicate_of=match[0])
        index.add(sig)
        marked.append(doc)
    return marked
