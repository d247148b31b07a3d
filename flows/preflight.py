"""What a run needs, checked before Prefect starts: inputs to read, a warehouse it can write with
room to spare, and the spaCy model. Each failure is one line naming the path and what to do; a
run that would fail on any of them costs no server or worker start and no traceback."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from flows import storage
from flows.config import SPACY_MODEL
from flows.errors import Reason, RejectedInput, Rejection
from flows.ingest import decode_input, discover, excluded, format_of, input_limit, read_input
from flows.warehouse import known_doc_ids

#: Below this much free space on a local warehouse's disk a run is refused: a batch's staged
#: files and the commit's merged ones need room, and a full disk mid-commit helps nobody.
MIN_FREE_BYTES = 100 * 1024 * 1024


class PreflightError(Exception):
    """A run cannot start; the message says why, naming the path, and what to do."""


def check_inputs(inputs: Sequence[str], exclude: Sequence[str] = ()) -> None:
    """At least one input file to read (InputNotFound for a path that does not exist)."""
    if next(iter(discover(inputs, exclude)), None) is None:
        but = " that no --exclude pattern matches" if exclude else ""
        raise PreflightError(
            f"no input files{but} in {' '.join(inputs)}: nothing to read (hidden files and "
            "folders are skipped); a scheduled run (broadsheet serve) of an empty folder is no "
            "error"
        )


#: What a dry run says of each input (`plan`).
NEW, KNOWN, EXCLUDED, REJECTED = "new", "known", "excluded", "rejected"


def plan(
    inputs: Sequence[str], warehouse: str | Path, *, exclude: Sequence[str], max_bytes: int
) -> Iterator[tuple[str, str, str]]:
    """What a run would do with each input, without writing anything: (what, input, detail).

    `known`: every document it holds is already in the warehouse (or earlier in this list);
    `new`: at least one is not (the detail counts them for a multi-document input);
    `rejected`: it would become a `rejects` row (the detail gives the reason); `excluded`: it
    matches an --exclude pattern. Each input is read and decoded as a run reads it."""
    known = known_doc_ids(warehouse) if storage.exists(warehouse) else set()
    for ref in discover(inputs):
        if excluded(ref.location, exclude):
            yield EXCLUDED, ref.source_uri, ""
            continue
        try:
            data = read_input(ref, input_limit(format_of(ref.name)[0], max_bytes))
        except RejectedInput as exc:
            yield REJECTED, ref.source_uri, f"{exc.reason}: {exc.detail}"
            continue
        except OSError as exc:
            yield REJECTED, ref.source_uri, f"{Reason.UNREADABLE}: {exc.strerror or exc}"
            continue
        new = old = 0
        problems: list[str] = []
        items = decode_input(data, source_uri=ref.source_uri, name=ref.name, max_bytes=max_bytes)
        for item in items:
            if isinstance(item, Rejection):
                problems.append(f"{item.reason}: {item.detail}")
            elif item.doc_id in known:
                old += 1
            else:
                known.add(item.doc_id)
                new += 1
        if new:
            detail = f"{new} of {new + old} documents" if new + old > 1 else ""
            yield NEW, ref.source_uri, detail
        elif old:
            yield KNOWN, ref.source_uri, ""
        if problems:
            yield REJECTED, ref.source_uri, "; ".join(problems[:3])


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
