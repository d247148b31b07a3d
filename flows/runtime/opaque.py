"""Task parameters that Prefect hands over without looking inside.

Saves: Prefect walks every parameter element by element, looking for futures to wait on, in the
flow and again in the worker, per analysis batch and per ingest batch (bench/throughput.py)."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Opaque(Generic[T]):
    """A task parameter that Prefect hands over without looking inside. Prefect's own `quote`
    does this too, but it is a tuple, which a Dask cluster unpacks on the way to its workers."""

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value
