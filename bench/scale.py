"""Benchmark: a warehouse of ~100k documents. What one small run and two analysis questions cost
on it, beside the same on an empty warehouse (issue 19's second point).

    .venv/bin/python bench/scale.py [--shared PATH] [--documents 100000] [--reuters 2225]
                                    [--repeat 3] [--base WAREHOUSE] [--keep DIR] [--json]

1. **A real run**: `broadsheet run` of `<shared>/corpora/bbc` (2,225 articles) and the first
   `--reuters` stories of Reuters-21578 (2,225 by default; as JSON Lines records written by
   bench/corpora.py to a scratch folder) into a base warehouse: long feature articles and short
   wire copy, as a real feed mixes them (`--base` reuses such a warehouse instead).
2. **Repeated under new ids**: its rows of every per-document table copied until the warehouse
   holds `--documents` documents, each copy under new doc ids (md5 of the old id and the copy
   number) and new source URIs, written as large files of one run (`synthcopies`) as a
   compaction leaves them; the entities dimension keeps its rows with counts multiplied (the
   copies name the same entities). This stands for the corpus fed again and again with a line
   making each copy new, without analysing 100k documents here.
3. **Measured**, alternating big and empty `--repeat` times: a run of one new document (an
   article written by this script, different each time) as `broadsheet run FILE --json`, its
   flow time (`elapsed_s`: ingest to commit, no Prefect start-up) and wall time, against a
   running Prefect server; then `top_entities` and `who_said_what` asked in this process
   (`views.connect` with only the views they need, then the query: its first 50 rows, as the CLI
   shows on a terminal or a BI grid's first screen, and all its rows as Arrow) and through
   `broadsheet sql --format csv` (a new process, start-up and every row printed included).

The headline: the median one-document flow time on the big warehouse over the same on the empty
one, and the queries' median seconds. The corpora are read from `--shared` and nothing of them is
kept in the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import reuters_stories  # noqa: E402
from schedule import _start_server  # noqa: E402

from flows import views  # noqa: E402
from flows.schema import PER_DOCUMENT_TABLES, Run, to_arrow  # noqa: E402
from flows.warehouse.layout import INIT_FILE, runs_file_name, whole_file  # noqa: E402

BROADSHEET = [sys.executable, "-m", "flows.cli"]
COPIES_RUN = "synthcopies"
#: Copies per written file: ~500k rows of the widest tables, as a compaction writes them.
COPIES_PER_FILE = 8
QUESTIONS = ("top_entities", "who_said_what")


def _broadsheet(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*BROADSHEET, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"broadsheet {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


def repeat_warehouse(base: Path, out: Path, documents: int) -> int:
    """Copy `base` into `out` with its documents repeated under new ids up to `documents`;
    the number of documents in `out` back."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(base, out, ignore=shutil.ignore_patterns("_staging", "_logs", "_writer.lock"))
    con = duckdb.connect()
    (n_base,) = con.execute(
        f"select count(*) from read_parquet('{base}/documents/*.parquet')"
    ).fetchone() or (0,)
    copies = max(documents // max(n_base, 1) - 1, 0)
    con.execute(f"create table k as select range as k from range(1, {copies + 1})")
    for table in PER_DOCUMENT_TABLES:
        files = [f for f in sorted((base / table).glob("*.parquet")) if f.name != INIT_FILE]
        if not files:
            continue
        src = f"read_parquet([{', '.join(repr(str(f)) for f in files)}], union_by_name = true)"
        names = [r[0] for r in con.execute(f"describe select * from {src}").fetchall()]

        def column(name: str) -> str:
            if name in ("doc_id", "duplicate_of"):
                return f"substr(md5({name} || ':' || k), 1, 16) as {name}"
            if name == "source_uri":
                return f"{name} || '#copy' || k as {name}"
            if name == "run_id":
                return f"'{COPIES_RUN}' as run_id"
            return name

        select = ", ".join(column(n) for n in names)
        for lo in range(1, copies + 1, COPIES_PER_FILE):
            hi = min(lo + COPIES_PER_FILE - 1, copies)
            target = out / table / f"part-{COPIES_RUN}-{lo:05d}.parquet"
            con.execute(
                f"copy (select {select} from {src}, k where k between {lo} and {hi} "
                f"order by doc_id) to '{target}' (format parquet)"
            )
    for table in ("entities", "entity_variants"):
        path = out / table / whole_file(table)
        rows = pq.read_table(path)
        con.register("dimension", rows)
        select = ", ".join(
            f"{c} * {copies + 1} as {c}" if c in ("n_mentions", "n_documents") else c
            for c in rows.column_names
        )
        scaled = con.sql(f"select {select} from dimension").to_arrow_table()
        pq.write_table(scaled.cast(rows.schema), path)
        con.unregister("dimension")
    now = dt.datetime.now(dt.UTC)
    added = n_base * copies
    row = Run(COPIES_RUN, now, now, "completed", added, added, 0, 0, "bench-copies", 0, [], 0)
    pq.write_table(to_arrow("runs", [row]), out / "runs" / runs_file_name(COPIES_RUN))
    return n_base * (copies + 1)


def _reuters_records(corpus: Path, limit: int) -> list[str]:
    """The first `limit` Reuters-21578 stories with a body, as JSON Lines records."""
    if not corpus.is_dir():
        raise SystemExit(f"no Reuters-21578 corpus at {corpus} (--reuters 0 runs BBC alone)")
    out: list[str] = []
    for _, record in reuters_stories(corpus):
        if record is not None:
            out.append(json.dumps(record, ensure_ascii=False))
            if len(out) >= limit:
                break
    return out


def _article(i: int) -> str:
    """A new article each call (never a duplicate of the corpus or of an earlier one)."""
    return (
        f"Officials in Leeds said on Tuesday that {1200 + i} new homes would be built by 2028.\n\n"
        f"“We have waited {i + 3} years for this,” said council leader Maria Gomez. The plan "
        f"costs £{40 + i}m, the Housing Ministry said, and work begins in March.\n"
    )


def _one_run(warehouse: Path, inbox: Path, i: int, env: dict[str, str]) -> dict[str, float]:
    path = inbox / f"new-{i:04d}.txt"
    path.write_text(_article(i), encoding="utf-8")
    started = time.perf_counter()
    done = _broadsheet(["run", str(path), "--warehouse", str(warehouse), "--json"], env)
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    if summary["n_documents_new"] != 1:
        raise SystemExit(f"the one-document run added {summary['n_documents_new']} documents")
    return {"flow_s": summary["elapsed_s"], "wall_s": wall}


def _arrow(relation: duckdb.DuckDBPyRelation) -> object:
    return relation.to_arrow_table()


def _questions(warehouse: Path, env: dict[str, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    named = views.named_queries()
    for name in QUESTIONS:
        sql = named[name].sql
        # The first page (what the CLI shows on a terminal, a BI grid's first screen), then
        # every row as Arrow (a notebook's or an export's).
        for key, fetch in (("s", lambda r: r.limit(50).fetchall()), ("all_s", _arrow)):
            started = time.perf_counter()
            with views.connect(warehouse, snapshot=True, only=views.views_for(sql)) as con:
                fetch(con.sql(sql))
            out[f"{name}_{key}"] = time.perf_counter() - started
        started = time.perf_counter()
        _broadsheet(["sql", name, "--warehouse", str(warehouse), "--format", "csv"], env)
        out[f"{name}_cli_s"] = time.perf_counter() - started
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--reuters", type=int, default=2225, help="Reuters stories in the base run")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--base", type=Path, help="a warehouse of one real run to repeat")
    ap.add_argument("--keep", type=Path, help="keep the big warehouse: copy it here at the end")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-scale-"))
    home = tmp / "prefect-home"
    home.mkdir()
    server, url = _start_server(home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=url)
    result: dict[str, object] = {}
    try:
        base = args.base
        if base is None:
            corpus = args.shared / "corpora" / "bbc"
            if not corpus.is_dir():
                raise SystemExit(f"no BBC corpus at {corpus}")
            inputs = [str(corpus)]
            if args.reuters:
                stories = _reuters_records(args.shared / "corpora" / "reuters21578", args.reuters)
                records = tmp / "reuters.jsonl"
                records.write_text("\n".join(stories) + "\n", encoding="utf-8")
                inputs.append(str(records))
                result["reuters_stories"] = len(stories)
            base = tmp / "base"
            started = time.perf_counter()
            _broadsheet(["run", *inputs, "--warehouse", str(base), "--quiet"], env)
            result["base_run_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        big, empty, inbox = tmp / "big", tmp / "empty", tmp / "inbox"
        inbox.mkdir()
        result["documents"] = repeat_warehouse(base, big, args.documents)
        result["build_s"] = round(time.perf_counter() - started, 1)
        rows: dict[str, list[dict[str, float]]] = {"big": [], "empty": []}
        for i in range(args.repeat):
            for name, warehouse in (("big", big), ("empty", empty)):
                if name == "empty":
                    shutil.rmtree(empty, ignore_errors=True)
                figures = _one_run(warehouse, inbox, 2 * i + (name == "empty"), env)
                figures.update(_questions(warehouse, env))
                figures["load"] = os.getloadavg()[0]
                rows[name].append(figures)
                print(json.dumps({"warehouse": name, **figures}), file=sys.stderr, flush=True)
        if args.keep:
            shutil.copytree(big, args.keep, dirs_exist_ok=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    medians = {
        name: {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
        for name, runs in rows.items()
    }
    result.update(medians=medians, runs=rows)
    print(f"scale: {result['documents']:,} documents (built in {result['build_s']} s)")
    print(
        "| warehouse | one-document flow s | wall s | top_entities s: first 50 rows / all / CLI "
        "| who_said_what s: first 50 rows / all / CLI |"
    )
    print("|---|---|---|---|---|")
    for name, m in medians.items():
        cells = [" / ".join(str(m[f"{q}_{k}"]) for k in ("s", "all_s", "cli_s")) for q in QUESTIONS]
        print(f"| {name} | {m['flow_s']} | {m['wall_s']} | {cells[0]} | {cells[1]} |")
    ratio = medians["big"]["flow_s"] / medians["empty"]["flow_s"]
    print(f"one-document run, big / empty (flow time, medians of {args.repeat}): {ratio:.2f}")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
