"""How inputs are grouped into tasks: read-ahead for ingest, analysis batches, the last batch
split so the workers finish together, and a finished batch's memory released at once.

Saves: Prefect's per-task overhead on unchanged inputs (`ReadAhead`), idle workers at the end of
a run (`chunks`), and a batch's documents kept alive until a full garbage collection (`release`);
bench/throughput.py measures each."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

from flows.ingest import InputRef, RawDocument, format_of

_MAX_READ_AHEAD = 4
T = TypeVar("T")


class ReadAhead:
    """How many inputs the next ingest task reads: the batch size while new documents come out,
    doubled after every batch that held none, up to `_MAX_READ_AHEAD` batches.

    An unchanged re-run reads and hashes every input to find nothing new, and each ingest task
    costs Prefect time in the flow on top of its reading. A new document brings the size back at
    once, so new work is not held up; the documents of a larger read are still analysed in
    batches of the batch size."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.size = batch_size

    def __call__(self) -> int:
        return self.size

    def saw(self, n_new: int) -> None:
        """The last ingest task's count of new documents."""
        if n_new:
            self.size = self.batch_size
        else:
            self.size = min(2 * self.size, _MAX_READ_AHEAD * self.batch_size)


def batches(refs: Iterator[InputRef], size: int | Callable[[], int]) -> Iterator[list[InputRef]]:
    """Inputs to read together: up to `size` articles (a number, or asked before each batch), but
    a JSON Lines input (up to thousands of records) alone, so that at most one such file's
    documents are held at a time."""
    next_size = (lambda: size) if isinstance(size, int) else size
    batch: list[InputRef] = []
    for ref in refs:
        if format_of(ref.name)[0] == "jsonl":
            if batch:
                yield batch
                batch = []
            yield [ref]
            continue
        batch.append(ref)
        if len(batch) >= next_size():
            yield batch
            batch = []
    if batch:
        yield batch


def with_last(items: Iterator[list[InputRef]]) -> Iterator[tuple[list[InputRef], bool]]:
    """Each batch of inputs with whether it is the run's last (one batch of look-ahead: discovery
    lists names, it reads nothing)."""
    current = next(items, None)
    while current is not None:
        following = next(items, None)
        yield current, following is None
        current = following


def chunks(
    docs: list[RawDocument], size: int, *, last: bool, workers: int
) -> list[list[RawDocument]]:
    """Documents in analysis batches of `size`; the run's last batch in 2 x `workers` pieces.

    The workers finish together: a whole last batch left the other workers idle until it was
    done. Smaller pieces everywhere would cost Prefect's per-task overhead on every batch; at
    the end they cost it a few times."""
    out = [docs[i : i + size] for i in range(0, len(docs), size)]
    if last and workers > 1 and out:
        tail = out.pop()
        piece = max(8, -(-len(tail) // (2 * workers)))  # ceil; a few documents make no task
        out.extend(tail[i : i + piece] for i in range(0, len(tail), piece))
    return out


class _Releasable(Protocol):
    documents: list
    signatures: list


def release(staged: _Releasable) -> None:
    """Drop a finished batch's documents and signatures now, rather than whenever Python's cycle
    collector next runs.

    Prefect keeps the result on the future's final state, and the future sits in a reference
    cycle of its own (its done-callback, held by the process pool's future it wraps), so the
    batch outlives its use until a full collection, which a process with a large heap runs
    rarely: on a large corpus the flow's peak grew during the analysis."""
    staged.documents.clear()
    staged.signatures.clear()


class InFlight(Generic[T]):
    """Batches submitted to the task runner, numbered in submission order and finished oldest
    first (so the output does not depend on the number of workers), at most `limit` at once (so
    memory stays flat however large the corpus)."""

    def __init__(self, limit: int, finish: Callable[[int, T, bool], None]) -> None:
        self.limit = max(limit, 1)
        self.next_part = 0
        self._finish = finish
        self._pending: deque[tuple[int, T, bool]] = deque()

    def add(self, future: T, *, stored: bool) -> None:
        """Take the future of batch `next_part`; finish the oldest while too many are pending."""
        self._pending.append((self.next_part, future, stored))
        self.next_part += 1
        while len(self._pending) >= self.limit:
            self._finish(*self._pending.popleft())

    def drain(self) -> None:
        while self._pending:
            self._finish(*self._pending.popleft())
