"""The `broadsheet` command: run the pipeline, query the warehouse.

Exit codes: 0 success, 1 the run or query failed, 2 usage error (bad argument, missing path).
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import os
import re
import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from flows.config import DEFAULT_INPUTS, DEFAULT_WAREHOUSE, PIPELINE_VERSION, Settings

if TYPE_CHECKING:
    from flows.ledger import RunSummary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Prefect's ephemeral server prints CancelledError tracebacks from its task-run recorder at exit
# (upstream #15033) and a telemetry ERROR with no network; neither service is needed for a local
# run (FACTS.md). Set before Prefect is imported; a user's own settings win.
_PREFECT_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The ephemeral server's 20 s start-up allowance is too short on a busy 2-core host (seen
    # here: "Timed out while attempting to connect to ephemeral Prefect API server").
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `broadsheet: error: ...` and exit code 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message} (see '{self.prog} --help')", EXIT_USAGE)


def _fail(message: str, code: int) -> NoReturn:
    print(f"broadsheet: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return n


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {value!r}")
    return seconds


def _location(value: str) -> str | Path:
    """A --warehouse/--output value: an fsspec URL (s3://bucket/prefix) as given, else a path."""
    from flows.storage import is_url

    return value if is_url(value) else Path(value)


def _check_warehouse_arg(warehouse: str | Path) -> None:
    """A local --warehouse that is a file is a usage error; a URL is checked when the run opens it
    (that takes the network and credentials)."""
    if isinstance(warehouse, Path) and warehouse.exists() and not warehouse.is_dir():
        _fail(f"--warehouse {warehouse} exists and is not a folder", EXIT_USAGE)


def _add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    """The inputs and options that `run` and `serve` share, as both process inputs the same way."""
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=f"files, folders (recursive) or glob patterns; default: {' '.join(DEFAULT_INPUTS)}",
    )
    parser.add_argument(
        "--warehouse",
        type=_location,
        default=DEFAULT_WAREHOUSE,
        metavar="DIR|URL",
        help=f"output folder or s3://bucket/prefix (default: {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--batch-size",
        type=_positive_int,
        default=Settings.batch_size,
        metavar="N",
        help=f"documents per task (default: {Settings.batch_size})",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out inputs whose path or file name matches GLOB (e.g. '*.html', "
        "'*/drafts/*'); may be given more than once",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=Settings.max_bytes,
        metavar="N",
        help=f"reject larger inputs as too_large (default: {Settings.max_bytes:,})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="broadsheet",
        description="News-text ETL: raw articles -> Parquet tables of sentences, entity mentions, "
        "numbers, dates and quotes, queried with DuckDB SQL.",
    )
    parser.add_argument("--version", action="version", version=f"broadsheet {PIPELINE_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="process input files into the warehouse",
        description="Process articles into the warehouse. Documents already there are skipped; "
        "inputs that cannot be read become rows of the rejects table. Prints a summary.",
    )
    _add_pipeline_arguments(run)
    run.add_argument(
        "--workers",
        type=_positive_int,
        default=Settings.workers,
        metavar="N",
        help=f"worker processes analysing batches in parallel (default: cores, {Settings.workers})",
    )
    run.add_argument(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        default=None,
        help="send the batches to this existing Dask cluster instead of local workers",
    )
    run.add_argument(
        "--reprocess",
        action="store_true",
        help="also extract again, from their stored text, the documents whose rows an older "
        f"pipeline version made (this is {PIPELINE_VERSION}); their old rows are replaced in the "
        "same commit. With no INPUT, only that is done",
    )
    run.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="when another run is writing the warehouse, wait up to this long for it to finish "
        "(default: 0, refuse at once, naming the run that writes)",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="list what a run would do with each input (new, known, excluded, rejected) and "
        "write nothing",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show Prefect's log lines and tracebacks on the terminal too (they are always in "
        "the run log, <warehouse>/_logs/<run_id>.log)",
    )
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run.add_argument(
        "--quiet",
        action="store_true",
        help="print only warnings and errors (no progress, no summary); the exit code tells",
    )

    sql = sub.add_parser(
        "sql",
        help="run DuckDB SQL over the warehouse",
        description="Run DuckDB SQL in which every table is a view under its own name. QUERY is "
        "SQL text, a .sql file, or the name of a query in sql/analysis/ (see --list).",
    )
    sql.add_argument("query", nargs="?", metavar="QUERY|FILE.sql|NAME")
    sql.add_argument(
        "--warehouse",
        type=_location,
        default=DEFAULT_WAREHOUSE,
        metavar="DIR|URL",
        help=f"warehouse folder or s3://bucket/prefix (default: {DEFAULT_WAREHOUSE})",
    )
    sql.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default: table)",
    )
    sql.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="show at most N rows, 0 for all (default: 50 as a table on a terminal, else all)",
    )
    sql.add_argument("--list", action="store_true", help="list the named analysis queries")

    serve = sub.add_parser(
        "serve",
        help="run the pipeline on a schedule from a Prefect server",
        description="Serve the pipeline as a Prefect deployment on a schedule until Ctrl-C. Each "
        "run processes the inputs again and adds only new documents. Needs a real Prefect server "
        "(make server) and PREFECT_API_URL pointing at it.",
    )
    _add_pipeline_arguments(serve)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", metavar="EXPR", help="cron schedule, e.g. '*/15 * * * *' (UTC)")
    when.add_argument(
        "--interval", type=_positive_int, metavar="SECONDS", help="run every SECONDS seconds"
    )
    serve.add_argument(
        "--verify-cron",
        metavar="EXPR",
        help="also verify the whole warehouse on this cron schedule (as broadsheet verify "
        "--full: every file read whole, every check over every row; a run checks only what it "
        "adds), e.g. '0 3 * * *'",
    )
    serve.add_argument(
        "--name",
        default="broadsheet-scheduled",
        metavar="NAME",
        help="deployment name (default: broadsheet-scheduled)",
    )

    catalog = sub.add_parser(
        "catalog",
        help="write a DuckDB file of every table and mart for BI tools",
        description="Copy every warehouse table and mart into one DuckDB file for BI tools, "
        "replacing the previous file atomically. The file holds the data, so it keeps working "
        "when moved or copied; open it read-only.",
    )
    catalog.add_argument(
        "--warehouse",
        type=_location,
        default=DEFAULT_WAREHOUSE,
        metavar="DIR|URL",
        help=f"warehouse folder or s3://bucket/prefix (default: {DEFAULT_WAREHOUSE})",
    )
    catalog.add_argument(
        "--output",
        type=_location,
        metavar="FILE|URL",
        help="the DuckDB file to write (default: <warehouse name>.duckdb beside the warehouse "
        "folder, e.g. data/warehouse.duckdb)",
    )

    verify = sub.add_parser(
        "verify",
        help="check that every committed file of the warehouse can be read",
        description="Open every committed Parquet file (its footer and columns; with --full, "
        "every page) and compare each run's documents with its runs row. Lists what is wrong; "
        "exit 1 if anything is. Read-only: runs may go on meanwhile.",
    )
    repair = sub.add_parser(
        "repair",
        help="quarantine damaged files and mark what they held for the next run --reprocess",
        description="Move the files verify finds unreadable to <warehouse>/_quarantine/, then, "
        "in one commit: documents whose facts were lost are marked for the next run "
        "--reprocess (their text is intact); documents whose text was lost are removed "
        "whole and listed (feed their inputs again); signatures and entities are rebuilt. Takes "
        "the writer lock.",
    )
    compact = sub.add_parser(
        "compact",
        help="merge older runs' small files into large ones",
        description="Merge each table's small committed files (of any number of runs) into "
        "files of up to --target-rows rows sorted by doc_id, committed through the journal as "
        "a run is (readers see the old files or the new, never both; the old ones are deleted "
        "10 minutes later). Runs do this by themselves when a table holds more than 64 small "
        "files. Takes the writer lock.",
    )
    compact.add_argument(
        "--target-rows",
        type=_positive_int,
        default=None,
        metavar="N",
        help="rows per merged file (default: 500,000); files with fewer than half as many are "
        "merged",
    )
    for command in (verify, repair, compact):
        command.add_argument(
            "--warehouse",
            type=_location,
            default=DEFAULT_WAREHOUSE,
            metavar="DIR|URL",
            help=f"warehouse folder or s3://bucket/prefix (default: {DEFAULT_WAREHOUSE})",
        )
    verify.add_argument(
        "--full",
        action="store_true",
        help="read every page too, not only each file's footer, and run the data-quality checks "
        "(sql/checks) over the whole warehouse (a run checks only the rows it adds)",
    )

    evaluate = sub.add_parser(
        "eval",
        help="score the warehouse against hand-annotated gold files",
        description="Score a warehouse against gold files (one JSON per article, in the format of "
        "tests/golden/seed.json): precision, recall and F1 for sentences, mentions, numbers, "
        "dates, quotes and reported speech, plus unit, object, resolution and speaker accuracy "
        "and boilerplate removal. A folder of split folders (tests/gold/dev, tests/gold/test) "
        "is scored split by split, side by side. Prints a table and a JSON line.",
    )
    evaluate.add_argument(
        "gold_dir",
        type=Path,
        metavar="GOLD_DIR",
        help="folder of *.json gold files, or of split folders holding them",
    )
    evaluate.add_argument(
        "--warehouse",
        type=_location,
        default=DEFAULT_WAREHOUSE,
        metavar="DIR|URL",
        help=f"warehouse folder or s3://bucket/prefix (default: {DEFAULT_WAREHOUSE})",
    )
    evaluate.add_argument("--json", action="store_true", help="print only the JSON line")
    evaluate.add_argument(
        "--errors",
        action="store_true",
        help="instead of the figures, list the quotes and reported statements missed, spurious "
        "or given another speaker (for tuning on a development split, never on a test split)",
    )
    return parser


def _check_inputs(inputs: Sequence[str]) -> None:
    from flows.ingest import InputNotFound, discover

    for item in inputs:
        try:
            next(iter(discover([item])), None)
        except InputNotFound as exc:
            _fail(str(exc), EXIT_USAGE)


def _print_summary(s: RunSummary, wall_s: float) -> None:
    print(f"broadsheet run {s.run_id}: {s.status} in {s.elapsed_s:.1f} s ({wall_s:.1f} s wall)")
    print(
        f"  inputs {s.n_inputs}: {s.n_documents_new} new, {s.n_documents_skipped} skipped "
        f"(already in the warehouse), {s.n_rejected} rejected"
    )
    if s.n_documents_unread:
        print(
            f"  {s.n_documents_unread} of the skipped came from files unchanged since a run read "
            "them: not read again"
        )
    if s.n_documents_reprocessed:
        print(
            f"  re-extracted {s.n_documents_reprocessed} stored document(s) made by older versions"
        )
    for uri, reason, detail in s.rejects[:20]:
        print(f"    rejected {uri}: {reason} ({detail})")
    if len(s.rejects) > 20:
        print(f"    ... and {len(s.rejects) - 20} more (see the rejects table)")
    if s.recovered or s.discarded:
        print(
            f"  recovered {len(s.recovered)} interrupted commit(s), "
            f"discarded {len(s.discarded)} uncommitted run(s)"
        )
    rows = ", ".join(f"{t} {n}" for t, n in s.rows_written.items())
    print(f"  rows written: {rows}")
    if s.compacted[0]:
        print(f"  compacted older runs' {s.compacted[0]} small files into {s.compacted[1]}")
    print(f"  warehouse: {s.warehouse}")
    if s.log_path:
        print(f"  run log: {s.log_path}")


def _cmd_run(args: argparse.Namespace) -> int:
    from flows import preflight

    started = time.perf_counter()
    inputs = args.inputs or ([] if args.reprocess else list(DEFAULT_INPUTS))
    _check_inputs(inputs)
    _check_warehouse_arg(args.warehouse)
    if args.dry_run:
        return _dry_run(inputs, args)
    try:  # before Prefect starts: a run that cannot work costs no server start
        if inputs:
            preflight.check_inputs(inputs, args.exclude)
        preflight.check_warehouse(args.warehouse)
        preflight.check_model()
    except preflight.PreflightError as exc:
        _fail(str(exc), EXIT_FAILED)
    for key, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if args.quiet:
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    _notes_to_stderr(logging.WARNING if args.quiet or args.json else logging.INFO)
    from flows.runtime import logs

    if not args.verbose:
        os.environ[logs.QUIET_ENV] = "1"  # worker processes inherit it
        logs.quiet_console()
    from flows.errors import explain
    from flows.pipeline import observe, run

    settings = Settings(
        warehouse=args.warehouse,
        batch_size=args.batch_size,
        max_bytes=args.max_bytes,
        workers=args.workers,
        dask_address=args.dask_address,
    )
    from flows.runtime.signals import EXIT_INTERRUPTED, RunInterrupted
    from flows.warehouse.lock import WarehouseBusy

    try:
        show = not (args.quiet or args.json) and sys.stderr.isatty()
        with _progress(enabled=show, lines=not (args.quiet or args.json)) as tick, observe(tick):
            summary = run(
                inputs, settings, reprocess=args.reprocess, wait_s=args.wait, exclude=args.exclude
            )
    except WarehouseBusy as exc:  # refused before anything started: the reason is the message
        _fail(str(exc), EXIT_FAILED)
    except RunInterrupted as exc:
        if exc.committed:  # the signal came after the commit: the run is complete
            print(f"broadsheet: {exc.args[0]} after the commit: the run completed", file=sys.stderr)
            return EXIT_OK
        _fail(
            f"run stopped by {exc.args[0]}: nothing of it was committed (its runs row says "
            "aborted); the next run starts again from the inputs, nothing lost or doubled",
            EXIT_INTERRUPTED,
        )
    except Exception as exc:  # the details are in the run log; say what failed, in one line
        log = next((n for n in getattr(exc, "__notes__", ()) if n.startswith("run log: ")), "")
        _fail(f"run failed: {explain(exc)}" + (f" ({log})" if log else ""), EXIT_FAILED)
    if args.json:
        print(json.dumps({k: getattr(summary, k) for k in summary.__slots__}, default=str))
    elif not args.quiet:
        _print_summary(summary, time.perf_counter() - started)
    return EXIT_OK if summary.status == "completed" else EXIT_FAILED


def _dry_run(inputs: Sequence[str], args: argparse.Namespace) -> int:
    """`run --dry-run`: one line per input saying what a run would do with it; nothing written,
    no Prefect."""
    from flows import preflight

    counts: dict[str, int] = {}
    for what, source, detail in preflight.plan(
        inputs, args.warehouse, exclude=args.exclude, max_bytes=args.max_bytes
    ):
        counts[what] = counts.get(what, 0) + 1
        print(f"{what:<9} {source}" + (f"  ({detail})" if detail else ""))
    said = ", ".join(
        f"{counts.get(w, 0)} {w}"
        for w in (preflight.NEW, preflight.KNOWN, preflight.EXCLUDED, preflight.REJECTED)
    )
    print(f"dry run: {said}; nothing was written", file=sys.stderr)
    return EXIT_OK


def _notes_to_stderr(level: int) -> None:
    """broadsheet's own notes (which Prefect server a run uses, ...) as `broadsheet: ...` lines."""
    logger = logging.getLogger("broadsheet")
    if not any(getattr(h, "_broadsheet", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("broadsheet: %(message)s"))
        handler._broadsheet = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


#: Without a terminal (cron, a CI log), a progress line at most this often.
PROGRESS_EVERY_S = 30.0


@contextmanager
def _progress(*, enabled: bool, lines: bool = False) -> Iterator[Callable[[RunSummary], None]]:
    """A live line on the terminal: inputs seen, documents new/skipped/rejected, docs/s. With
    `lines` and no terminal, a plain line every PROGRESS_EVERY_S seconds instead."""
    if not enabled:
        last = [time.monotonic()]

        def line(s: RunSummary) -> None:
            if lines and time.monotonic() - last[0] >= PROGRESS_EVERY_S:
                last[0] = time.monotonic()
                print(
                    f"broadsheet: {s.n_inputs} inputs so far: {s.n_documents_new} new, "
                    f"{s.n_documents_skipped} skipped, {s.n_rejected} rejected",
                    file=sys.stderr,
                    flush=True,
                )

        yield line
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("starting", total=None)

        def tick(s: RunSummary) -> None:
            bar.update(
                task,
                description=f"{s.n_inputs} inputs: {s.n_documents_new} new, "
                f"{s.n_documents_skipped} skipped, {s.n_rejected} rejected",
            )

        yield tick


def _cmd_sql(args: argparse.Namespace) -> int:
    from flows import views

    named = views.named_queries()
    if args.list:
        width = max((len(n) for n in named), default=0)
        for name, q in sorted(named.items()):
            print(f"{name:<{width}}  {q.purpose}")
        return EXIT_OK
    if not args.query:
        _fail("give a QUERY, a FILE.sql or a query NAME (or --list)", EXIT_USAGE)
    query: str = args.query
    if query in named:
        text = named[query].sql
    elif query.endswith(".sql"):
        path = Path(query)
        if not path.is_file():
            _fail(f"no such SQL file: {query}", EXIT_USAGE)
        text = path.read_text(encoding="utf-8")
    elif _QUERY_NAME.fullmatch(query) and query.lower() not in _BARE_STATEMENTS:
        # One word is a saved query's name, not SQL: say which names come close.
        close = difflib.get_close_matches(query, list(named), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        _fail(f"no saved query named {query!r}{hint} (broadsheet sql --list)", EXIT_USAGE)
    else:
        text = query
    import duckdb

    try:
        # One statement's views agree on one listing of the files (fewer object-store requests).
        # Only the views the statement names and those under them: each one created costs a
        # listing and the footers of its tables' files.
        con = views.connect(args.warehouse, snapshot=True, only=views.views_for(text))
    except views.WarehouseNotFound as exc:
        _fail(str(exc), EXIT_USAGE)
    except (OSError, duckdb.Error) as exc:  # e.g. object storage unreachable, a damaged file
        text = _with_damage_hint(f"{type(exc).__name__}: {exc}", args.warehouse)
        _fail(f"cannot read the warehouse: {text}", EXIT_FAILED)

    try:
        relation = con.sql(text)
        if relation is None:
            return EXIT_OK
        on_terminal = sys.stdout.isatty()
        table_on_terminal = on_terminal and args.format == "table"
        limit = args.limit if args.limit is not None else (50 if table_on_terminal else 0)
        if args.format == "table":
            columns = relation.columns
            total = relation.aggregate("count(*)").fetchall()[0][0] if limit else None
            rows = relation.limit(limit).fetchall() if limit else relation.fetchall()
        else:
            frame = relation.limit(limit).df() if limit else relation.df()
    except duckdb.Error as exc:
        _fail(f"query failed: {_with_damage_hint(str(exc), args.warehouse)}", EXIT_FAILED)
    try:
        if args.format == "csv":
            frame.to_csv(sys.stdout, index=False)
        elif args.format == "json":
            print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        else:
            _print_table(
                columns, rows, width=shutil.get_terminal_size().columns if on_terminal else None
            )
            if total is not None and total > len(rows):
                print(f"({len(rows)} of {total} rows; --limit 0 shows all)")
        sys.stdout.flush()
    except BrokenPipeError:
        # `broadsheet sql … | head`: the reader has what it wanted. Point stdout at nothing so
        # that Python's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _with_damage_hint(message: str, warehouse: object) -> str:
    """The first line of a DuckDB error; when it names a Parquet file (a damaged one), what to
    do about it."""
    first = message.splitlines()[0] if message else message
    if ".parquet" in first:
        first += (
            f"; broadsheet verify --warehouse {warehouse} lists damaged files, "
            "broadsheet repair quarantines them"
        )
    return first


#: A saved query's name: one word of letters, digits and underscores.
_QUERY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: One-word statements that are SQL, not names.
_BARE_STATEMENTS = {"show", "summarize", "pragma", "checkpoint", "vacuum", "commit", "rollback"}


def _cell(value: object) -> str:
    """A value as a person reads it: null empty, whole floats without '.0', no e+ notation for
    ordinary sizes."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return f"{value:f}".rstrip("0") if abs(value) < 1e18 else repr(value)
    return str(value)


def _print_table(
    columns: Sequence[str], rows: Sequence[Sequence[object]], width: int | None
) -> None:
    """An aligned table: numbers right, text left, nulls empty. With a `width` (a terminal's),
    the widest columns are narrowed until the table fits and their text wraps in place; without,
    every cell stays on one line (for grep and files)."""
    if not rows:
        print("(no rows)")
        return
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [
        all(isinstance(r[i], int | float) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]
    natural = [max(len(name), *(len(c[i]) for c in cells)) for i, name in enumerate(columns)]
    widths = natural if width is None else _fit(natural, width - 2 * (len(columns) - 1))

    def lines(texts: Sequence[str]) -> list[str]:
        parts = [
            textwrap.wrap(t, w, break_on_hyphens=False) or [""]
            for t, w in zip(texts, widths, strict=True)
        ]
        out = []
        for k in range(max(len(p) for p in parts)):
            out.append(
                "  ".join(
                    (p[k] if k < len(p) else "").rjust(w)
                    if num
                    else (p[k] if k < len(p) else "").ljust(w)
                    for p, w, num in zip(parts, widths, numeric, strict=True)
                ).rstrip()
            )
        return out

    print("\n".join(lines(columns)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("\n".join(lines(row)))


def _fit(natural: Sequence[int], available: int, narrowest: int = 8) -> list[int]:
    """Column widths that fit `available`: columns narrower than an equal share keep their width,
    the rest share what is left equally (never below `narrowest`)."""
    widths = list(natural)
    order = sorted(range(len(natural)), key=lambda i: natural[i])
    left = max(available, narrowest * len(natural))
    for k, i in enumerate(order):
        share = left // (len(order) - k)
        widths[i] = min(natural[i], max(share, narrowest))
        left -= widths[i]
    return widths


def _cmd_serve(args: argparse.Namespace) -> int:
    inputs = args.inputs or list(DEFAULT_INPUTS)
    _check_inputs(inputs)
    _check_warehouse_arg(args.warehouse)
    for key, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    from flows import serve

    try:
        serve.serve(
            inputs,
            args.warehouse,
            cron=args.cron,
            interval=args.interval,
            name=args.name,
            batch_size=args.batch_size,
            max_bytes=args.max_bytes,
            exclude=args.exclude,
            verify_cron=args.verify_cron,
        )
    except (serve.NoServerConfigured, serve.InvalidSchedule) as exc:
        _fail(str(exc), EXIT_USAGE)
    except serve.ServerUnreachable as exc:
        _fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _cmd_catalog(args: argparse.Namespace) -> int:
    import duckdb

    from flows import catalog, views

    try:
        result = catalog.write_catalog(args.warehouse, args.output)
    except views.WarehouseError as exc:
        _fail(str(exc), EXIT_USAGE)
    except (OSError, duckdb.Error) as exc:
        _fail(f"catalog failed: {type(exc).__name__}: {str(exc).splitlines()[0]}", EXIT_FAILED)
    print(
        f"broadsheet catalog: wrote {result.path} ({result.n_tables} tables, {result.n_marts} "
        f"marts, {sum(result.rows.values()):,} rows) in {result.elapsed_s:.1f} s"
    )
    for problem in result.problems:
        print(f"broadsheet catalog: warning: {problem}", file=sys.stderr)
    if result.problems:
        print(
            "broadsheet catalog: warning: those keys are left undeclared so that every row is "
            "kept; the queries of sql/checks/ list the rows that break them (broadsheet sql "
            "sql/checks/unique_keys.sql, facts_have_documents.sql, mentions_have_entities.sql)",
            file=sys.stderr,
        )
    if isinstance(result.path, Path):
        print(f"  SQLAlchemy URL (Superset, pandas): duckdb:///{result.path}")
        print("  open it read-only: a new catalog replaces the file after each write")
    else:
        print("  on object storage: copy it to a local file to open it in a BI tool")
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    import duckdb

    from flows import evaluate, views

    try:
        if args.errors:
            print(evaluate.format_errors(evaluate.speech_errors(args.warehouse, args.gold_dir)))
            return EXIT_OK
        result = evaluate.evaluate(args.warehouse, args.gold_dir)
    except (evaluate.GoldError, views.WarehouseError) as exc:
        _fail(str(exc), EXIT_USAGE)
    except (OSError, duckdb.Error) as exc:
        _fail(f"eval failed: {type(exc).__name__}: {str(exc).splitlines()[0]}", EXIT_FAILED)
    if not args.json:
        print(evaluate.format_table(result))
    print(json.dumps(result, ensure_ascii=False))
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from flows import storage
    from flows.warehouse.repair import verify

    root = storage.location(args.warehouse)
    if not storage.exists(root):
        _fail(f"warehouse folder not found: {args.warehouse}", EXIT_USAGE)
    found = verify(root, full=args.full)
    if args.full and not found.damaged:
        # A run checks only what it adds (flows.checks.connect_run); here, everything.
        from flows.checks import check_committed

        found.problems.extend(
            f"check {c.name} ({c.purpose}) failed on {c.n_rows} row(s), e.g. {c.sample[0]}"
            for c in check_committed(root)
            if not c.ok
        )
    for d in found.damaged:
        print(f"damaged  {d.key}: {d.detail}")
    for problem in found.problems:
        print(f"problem  {problem}")
    for note in found.notes:
        print(f"note     {note}")
    depth = "every page of" if args.full else "the footer of"
    print(
        f"broadsheet verify: read {depth} {found.files} file(s), {found.rows:,} rows: "
        + (
            "no problem found"
            if found.ok
            else f"{len(found.damaged)} damaged file(s), {len(found.problems)} other problem(s)"
        )
    )
    if found.damaged:
        print(f"  broadsheet repair --warehouse {args.warehouse} quarantines them", file=sys.stderr)
    return EXIT_OK if found.ok else EXIT_FAILED


def _cmd_repair(args: argparse.Namespace) -> int:
    import uuid

    from flows import storage
    from flows.warehouse import recover
    from flows.warehouse.lock import WarehouseBusy, writer_lock
    from flows.warehouse.repair import QUARANTINE, repair, verify

    root = storage.location(args.warehouse)
    if not storage.exists(root):
        _fail(f"warehouse folder not found: {args.warehouse}", EXIT_USAGE)
    repair_id = str(uuid.uuid4())
    try:
        with writer_lock(root, run_id=repair_id):
            recover(root)  # finish or discard what killed runs left, as a run's start does
            done = repair(root, repair_id)
            after = verify(root, full=True)
    except WarehouseBusy as exc:
        _fail(str(exc), EXIT_FAILED)
    if not done.quarantined:
        print("broadsheet repair: no damaged file; nothing to do")
    for key in done.quarantined:
        print(f"quarantined {key} -> {QUARANTINE}/{key}")
    if done.lost_runs:
        print(f"  wrote the lost runs row of {len(done.lost_runs)} run(s) again from their files")
    if done.marked:
        print(
            f"  {len(done.marked)} document(s) lost facts; their text is intact: "
            f"broadsheet run --reprocess --warehouse {args.warehouse} extracts them again"
        )
    if done.lost:
        print(f"  {len(done.lost)} document(s) lost their text; feed their inputs again:")
        for doc_id in done.lost[:50]:
            print(f"    {doc_id}")
        if len(done.lost) > 50:
            print(f"    ... and {len(done.lost) - 50} more")
    if done.boilerplate_lost:
        n = len(done.boilerplate_lost)
        print(f"  the removed-boilerplate rows of {n} document(s) are gone")
    if done.signatures:
        print(f"  computed {done.signatures} near-duplicate signature(s) again")
    state = "readable" if after.ok else "still not right: see broadsheet verify"
    print(f"broadsheet repair: the warehouse is {state}")
    return EXIT_OK if after.ok else EXIT_FAILED


def _duration(seconds: float) -> str:
    """`600` -> '10 min', `15` -> '15 s': a grace period as a user reads it."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return f"{seconds:g} s"


def _cmd_compact(args: argparse.Namespace) -> int:
    import uuid

    from flows import storage
    from flows.warehouse import recover, retire_replaced
    from flows.warehouse.compact import TARGET_ROWS, compact
    from flows.warehouse.journal import GRACE_S
    from flows.warehouse.lock import WarehouseBusy, writer_lock

    root = storage.location(args.warehouse)
    if not storage.exists(root):
        _fail(f"warehouse folder not found: {args.warehouse}", EXIT_USAGE)
    target = args.target_rows or TARGET_ROWS
    run_id = str(uuid.uuid4())
    started = time.perf_counter()
    try:
        with writer_lock(root, run_id=run_id):
            recover(root)
            retire_replaced(root)  # what earlier compactions replaced, once past their grace
            done = compact(root, run_id, target_rows=target, small_rows=max(target // 2, 1))
    except WarehouseBusy as exc:
        _fail(str(exc), EXIT_FAILED)
    took = time.perf_counter() - started
    if not done.replaced:
        print(f"broadsheet compact: no table has two small files to merge ({took:.1f} s)")
        return EXIT_OK
    for table, n in done.merged.items():
        print(f"  {table}: {n} files -> {done.written[table]}")
    print(
        f"broadsheet compact: merged {done.files_before} files into {done.files_after} "
        f"({done.rows:,} rows) as run {done.run_id} in {took:.1f} s; the old files go after "
        f"{_duration(GRACE_S)} (BROADSHEET_COMPACT_GRACE_S)"
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "run": _cmd_run,
        "sql": _cmd_sql,
        "serve": _cmd_serve,
        "catalog": _cmd_catalog,
        "verify": _cmd_verify,
        "repair": _cmd_repair,
        "compact": _cmd_compact,
        "eval": _cmd_eval,
    }[args.command]
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
