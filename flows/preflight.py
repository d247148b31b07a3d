"""What a run needs, checked before Prefect starts: inputs to read, a warehouse it can write with
room to spare, and the spaCy model. Each failure is one line naming the path and what to do; a
run that would fail on any of them costs no server or worker start and no traceback."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from flows import storage
from flows.config import SPACY_MODEL
from flows.ingest import discover

#: Below this much free space on a local warehouse's disk a run is refused: a batch's staged
#: files and the commit's merged ones need room, and a full disk mid-commit helps nobody.
MIN_FREE_BYTES = 100 * 1024 * 1024


class PreflightError(Exception):
    """A run cannot start; the message says why, naming the path, and what to do."""


def check_inputs(inputs: Sequence[str]) -> None:
    """At least one input file to read (InputNotFound for a path that does not exist)."""
    if next(iter(discover(inputs)), None) is None:
        raise PreflightError(
            f"no input files in {' '.join(inputs)}: nothing to read (hidden files and folders "
            "are skipped); a scheduled run (broadsheet serve) of an empty folder is no error"
        )


def check_warehouse(warehouse: str | Path, *, min_free: int = MIN_FREE_BYTES) -> None:
    """A local warehouse folder can be created and written, with `min_free` bytes free on its
    disk. (Object storage is checked by the run's writer lock, the first object it writes.)"""
    root = storage.location(warehouse)
    if not isinstance(root, Path):
        return
    if root.exists() and not root.is_dir():
        raise PreflightError(f"warehouse {root} exists and is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise PreflightError(
            f"warehouse {root} is not writable ({exc.strerror or exc}): choose another "
            "--warehouse or fix its permissions"
        ) from None
    free = shutil.disk_usage(root).free
    if free < min_free:
        raise PreflightError(
            f"warehouse {root} has only {free // 2**20} MB free on its disk (a run needs at "
            f"least {min_free // 2**20} MB): free some space or choose another --warehouse"
        )


def check_model(model: str = SPACY_MODEL) -> None:
    """The spaCy model package is installed (it comes from PyPI with broadsheet)."""
    if importlib.util.find_spec(model) is None:
        raise PreflightError(
            f"the spaCy model package {model} is not installed in this Python: "
            "run 'make install' (or pip install -e .) in the broadsheet folder"
        )
