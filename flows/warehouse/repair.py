"""Finding and repairing damaged files: `broadsheet verify` and `broadsheet repair`.

One truncated Parquet file made the whole warehouse unreadable: every query, the next run and
the catalog read every file of a table. `verify` opens every committed file's footer (with
`full`, every page too), checks its columns against the contract and each run's documents
against its runs row, and lists what is wrong. `repair` moves unreadable files to
`_quarantine/<table>/`, and in one commit through the journal, as a run's:
- documents whose facts were in a quarantined file are marked for the next `run --reprocess`
  (their `pipeline_version` set to 'lost-facts'; their text is intact in `documents`);
- documents whose `documents` file itself was lost have every other row removed (so that feeding
  their inputs again adds them whole, once) and are listed, for their inputs to be fed again;
- a lost `inputs` file marks nothing: the next run reads its inputs again;
- near-duplicate signatures missing for a stored document are computed again from its text, the
  entities dimension is rebuilt, and a lost runs row is written again from what its files hold.
A file's documents are known from the intact files of the same batch in other tables (every
table's files of one batch share the name `part-<run_id>-<batch>`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from flows import dedup, storage
from flows.schema import PER_DOCUMENT_TABLES, TABLES, Document, Run, columns, to_arrow
from flows.warehouse.journal import (
    commit,
    retire_replaced,
    stage_batch,
    stage_replacements,
    stage_run,
)
from flows.warehouse.layout import (
    INIT_FILE,
    Warehouse,
    literal,
    parse_part,
    runs_file_name,
)

#: Where repair moves the files it cannot read (never deleted: a person may want them).
QUARANTINE = "_quarantine"
#: documents.pipeline_version of a document whose facts repair found lost: no version made the
#: facts the warehouse holds now, so `run --reprocess` extracts them again.
LOST_FACTS = "lost-facts"

#: Those whose files hold one analysis batch's documents, under the batch's name. Not `inputs`:
#: the run stages it in chunks of its own, and a lost inputs file only means that its inputs
#: are read again (flows.warehouse.derive.read_inputs), so it marks no document.
_BATCH_TABLES = tuple(t for t in PER_DOCUMENT_TABLES if t != "inputs")


@dataclass(frozen=True, slots=True)
class Damage:
    """A committed file that cannot be read as the contract says, and why."""

    table: str
    name: str
    detail: str

    @property
    def key(self) -> str:
        return f"{self.table}/{self.name}"


@dataclass(slots=True)
class Verification:
    """What `verify` found: files and rows read, damaged files, other problems (a run whose
    files hold another number of documents than its runs row says)."""

    files: int = 0
    rows: int = 0
    damaged: list[Damage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.problems


@dataclass(slots=True)
class Repair:
    """What `repair` did."""

    quarantined: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # doc_ids for the next run --reprocess
    lost: list[str] = field(default_factory=list)  # doc_ids whose text is gone: feed again
    lost_runs: list[str] = field(default_factory=list)  # runs rows written again
    signatures: int = 0  # signatures computed again
    boilerplate_lost: list[str] = field(default_factory=list)  # doc_ids (cleaning is not redone)


def _read_footer(path: storage.Location) -> pq.FileMetaData:
    if isinstance(path, Path):
        return pq.read_metadata(path)
    fs, p = storage.filesystem(path)
    with fs.open(p, "rb") as fh:
        return pq.read_metadata(fh)


def _read_all(path: storage.Location) -> None:
    if isinstance(path, Path):
        pq.read_table(path)
        return
    fs, p = storage.filesystem(path)
    with fs.open(p, "rb") as fh:
        pq.read_table(fh)


def verify(warehouse: str | Path, *, full: bool = False) -> Verification:
    """Open every committed file of every table (footer and columns; with `full`, every page)
    and compare each completed run's documents with its runs row."""
    wh = Warehouse.at(warehouse)
    found = Verification()
    older: dict[str, int] = {}
    for table in TABLES:
        folder = wh.table_dir(table)
        expected = set(columns(table))
        for name in storage.files(folder, ".parquet"):
            path = storage.join(folder, name)
            found.files += 1
            try:
                meta = _read_footer(path)
                if full:
                    _read_all(path)
            except Exception as exc:  # any failure to read is what is being looked for
                text = str(exc).splitlines()[0] if str(exc) else ""
                found.damaged.append(Damage(table, name, f"{type(exc).__name__}: {text}"))
                continue
            found.rows += meta.num_rows
            # A file written before a column existed is no damage: readers see null there.
            for column in expected - set(meta.schema.names):
                older[f"{table}.{column}"] = older.get(f"{table}.{column}", 0) + 1
    found.notes.extend(
        f"{n} file(s) predate the column {column} (readers see null in it)"
        for column, n in sorted(older.items())
    )
    if not any(d.table in ("documents", "runs") for d in found.damaged):
        found.problems.extend(_runs_against_documents(wh))
    return found


def _intact_scan(wh: Warehouse, table: str, skip: set[str]) -> str | None:
    """A read_parquet over a table's files but those in `skip` ('<table>/<name>'), with each
    row's file name; None when no file is left."""
    folder = wh.table_dir(table)
    skip = {*skip, *wh.lingering(table)}  # replaced files a compaction keeps for a while
    paths = [
        storage.as_text(storage.join(folder, n))
        for n in storage.files(folder, ".parquet")
        if f"{table}/{n}" not in skip
    ]
    if not paths:
        return None
    listed = ", ".join(literal(p) for p in paths)
    return f"read_parquet([{listed}], union_by_name = true, filename = true)"


def _runs_against_documents(wh: Warehouse) -> list[str]:
    """A completed run's runs row says how many new documents it committed; its files (named
    after it) hold exactly that many, unless a later --reprocess or repair replaced files."""
    runs = _intact_scan(wh, "runs", set())
    docs = _intact_scan(wh, "documents", set())
    if runs is None or docs is None:
        return []
    with storage.connect(wh.root) as con:
        hidden = wh.hidden_files(con)
        if hidden:
            return []  # replaced files: the per-run count no longer holds, nor is it checked
        rows = con.execute(
            f"""
            with held as (
                select regexp_extract(filename, 'part-(.+)-[0-9]+\\.parquet$', 1) as run_id,
                       count(*) as n
                from {docs} group by 1
            )
            select r.run_id, r.n_documents_new, coalesce(h.n, 0)
            from {runs} r left join held h using (run_id)
            where r.status = 'completed' and r.n_documents_new <> coalesce(h.n, 0)
            order by r.run_id
            """
        ).fetchall()
    return [
        f"run {run_id} committed {said} new document(s); its documents files hold {held}"
        for run_id, said, held in rows
    ]


def repair(warehouse: str | Path, run_id: str, *, now: dt.datetime | None = None) -> Repair:
    """Quarantine every damaged file and commit what the module docstring lists, as run
    `run_id` (the caller holds the writer lock and has recovered interrupted commits)."""
    wh = Warehouse.at(warehouse)
    found = verify(warehouse, full=True)
    done = Repair()
    if not found.damaged:
        return done
    damaged = {d.key for d in found.damaged}
    affected: dict[str, set[str]] = {}  # table -> doc_ids its damaged files held
    with storage.connect(wh.root) as con:
        for d in found.damaged:
            if d.table in _BATCH_TABLES and parse_part(d.name):
                affected.setdefault(d.table, set()).update(_doc_ids_of_batch(con, wh, d, damaged))
    for d in found.damaged:
        storage.move(storage.join(wh.table_dir(d.table), d.name), _quarantined(wh, d))
        done.quarantined.append(d.key)
    # A file with no intact sibling of its batch (a compaction's files of different tables hold
    # different documents): every document left with no row in that table is taken as one it
    # held. That also takes documents that never had a row there (reprocessing them is only
    # work); a document whose rows the file shared with the next one is missed.
    for d in found.damaged:
        if d.table in _BATCH_TABLES and d.table != "documents" and not affected.get(d.table):
            affected.setdefault(d.table, set()).update(_documents_without_rows(wh, d.table))
    lost = affected.pop("documents", set())
    done.boilerplate_lost = sorted(affected.pop("boilerplate", set()) - lost)
    affected.pop("document_signatures", None)  # computed again below, for any document
    marked = set().union(*affected.values()) - lost if affected else set()
    done.lost, done.marked = sorted(lost), sorted(marked)

    part = 0
    replaced = stage_replacements(
        wh.root, run_id, lost, first_part=part, tables=PER_DOCUMENT_TABLES
    )
    part += len(replaced)
    if marked:
        rows = _documents(wh, marked)
        more = stage_replacements(wh.root, run_id, marked, first_part=part, tables=("documents",))
        replaced += more
        part += len(more)
        # No version made their facts now: the next run --reprocess takes them.
        rows = [dataclasses.replace(doc, pipeline_version=LOST_FACTS) for doc in rows]
        stage_batch(wh.root, run_id, part, {"documents": rows})
        part += 1
    signatures = _missing_signatures(wh, lost, set(replaced))
    if signatures:
        stage_batch(wh.root, run_id, part, {"document_signatures": signatures})
        part += 1
    done.signatures = len(signatures)
    when = now or dt.datetime.now(dt.UTC)
    for d in found.damaged:
        if d.table == "runs" and d.name != INIT_FILE:
            done.lost_runs.append(_stage_lost_run(wh, run_id, d.name, when))
    stage_run(
        wh.root,
        Run(
            run_id=run_id,
            started_at=when,
            finished_at=dt.datetime.now(dt.UTC),
            status="repaired",
            n_inputs=0,
            n_documents_new=0,
            n_documents_skipped=0,
            n_rejected=0,
            pipeline_version=_version(),
            n_documents_reprocessed=0,
            replaced_files=replaced,
        ),
        rebuild_entities=True,
    )
    commit(wh.root, run_id)
    retire_replaced(wh.root)
    return done


def _version() -> str:
    from flows.config import PIPELINE_VERSION

    return PIPELINE_VERSION


def _quarantined(wh: Warehouse, d: Damage) -> storage.Location:
    return storage.join(storage.join(storage.join(wh.root, QUARANTINE), d.table), d.name)


def _doc_ids_of_batch(con: Any, wh: Warehouse, d: Damage, damaged: set[str]) -> set[str]:
    """The documents a damaged file of a batch held: those in the intact files of the same batch
    (same name) in the other per-document tables."""
    ids: set[str] = set()
    for table in _BATCH_TABLES:
        key = f"{table}/{d.name}"
        path = storage.join(wh.table_dir(table), d.name)
        if key in damaged or not storage.exists(path):
            continue
        source = f"read_parquet({literal(storage.as_text(path))})"
        ids.update(r[0] for r in con.execute(f"select distinct doc_id from {source}").fetchall())
    return ids


def _documents_without_rows(wh: Warehouse, table: str) -> set[str]:
    docs = _intact_scan(wh, "documents", set())
    rows = _intact_scan(wh, table, set())
    if docs is None:
        return set()
    held = f"select doc_id from {rows}" if rows else "select null::varchar as doc_id where false"
    with storage.connect(wh.root) as con:
        found = con.execute(f"select doc_id from {docs} where doc_id not in ({held})").fetchall()
    return {r[0] for r in found}


def _documents(wh: Warehouse, doc_ids: set[str]) -> list[Document]:
    """The stored documents rows of `doc_ids` (from the files repair kept)."""
    names = columns("documents")
    scan = _intact_scan(wh, "documents", set())
    if scan is None:
        return []
    with storage.connect(wh.root) as con:
        con.register("wanted", _doc_id_table(doc_ids))
        cursor = con.execute(
            f"select {', '.join(names)} from {scan} where doc_id in (select doc_id from wanted) "
            "order by doc_id"
        )
        return [Document(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def _missing_signatures(wh: Warehouse, lost: set[str], replaced: set[str]) -> list[Any]:
    """Signatures, from the stored text, of the documents that have none (a quarantined
    signatures file, or an older warehouse)."""
    docs = _intact_scan(wh, "documents", replaced)
    if docs is None:
        return []
    sigs = _intact_scan(wh, "document_signatures", replaced)
    have = f"select doc_id from {sigs}" if sigs else "select null::varchar as doc_id where false"
    with storage.connect(wh.root) as con:
        rows = con.execute(
            f"select doc_id, text from {docs} where doc_id not in ({have}) order by doc_id"
        ).fetchall()
    return [dedup.signature(text, doc_id=doc_id) for doc_id, text in rows if doc_id not in lost]


def _stage_lost_run(wh: Warehouse, repair_id: str, name: str, when: dt.datetime) -> str:
    """A runs row written again for a run whose runs file was lost: without it, every file of
    that run would be hidden as uncommitted. What it saw is gone; what it committed is counted."""
    lost_id = name.removeprefix("part-").removesuffix(".parquet")
    scan = _intact_scan(wh, "documents", set())
    n = 0
    if scan is not None:
        with storage.connect(wh.root) as con:
            n = con.execute(
                f"select count(*) from {scan} where filename like {literal(f'%part-{lost_id}-%')}"
            ).fetchall()[0][0]
    row = Run(
        run_id=lost_id,
        started_at=when,
        finished_at=when,
        status="completed",
        n_inputs=n,
        n_documents_new=n,
        n_documents_skipped=0,
        n_rejected=0,
        pipeline_version=None,
        n_documents_reprocessed=0,
        replaced_files=[],
        n_files_replaced=0,
    )
    target = wh.staged_file(repair_id, "runs", runs_file_name(lost_id))
    storage.write_parquet(to_arrow("runs", [row]), target)
    return lost_id


def _doc_id_table(doc_ids: Sequence[str] | set[str]) -> Any:
    import pyarrow as pa

    return pa.table({"doc_id": sorted(doc_ids)})
