"""Benchmark: a warehouse fed on a schedule. Many small runs into one warehouse, as `broadsheet
serve` makes them, against a running Prefect server; per run: wall time, the flow's time, files
in the warehouse, and the time of three analysis queries.

    .venv/bin/python bench/schedule.py [--shared PATH] [--runs 300] [--docs 20] [--every 10]
                                       [--grace S] [--no-compact] [--keep DIR] [--out FILE] [--json]

Each run adds `--docs` new BBC articles (from `<shared>/corpora/bbc`, 2,225 .txt files; past the
corpus's end the articles come again with a line that makes them new documents) to an inbox
folder that keeps growing, then runs `broadsheet run INBOX --warehouse TMP --json` in a
subprocess (a new process, as a scheduled run is). A Prefect server (`prefect server start`, in a
private PREFECT_HOME) is started first, so no run pays for a temporary one. Every `--every` runs,
three questions are asked through `broadsheet sql` (in a subprocess each: what a user pays,
process start-up included): `count(*)` of mentions, `top_entities` and `who_said_what`, each
its first 50 rows (what a terminal shows; all of who_said_what grows with the warehouse).

The table prints runs 1, 10, 50, 100, 300 (those reached) and the medians of the first and the
last 50 runs (or tenth, for fewer runs); `--json` adds every run's figures. Automatic compaction
(flows.warehouse.compact) is on, as in every run; `--no-compact` sets its threshold past reach to
show the warehouse without it. `--grace S` sets how long a compaction's replaced files stay
(BROADSHEET_COMPACT_GRACE_S): runs here come every ~20 s, not every 15 minutes, so the default
10 minutes would keep ~30 runs' replaced files that a real schedule deletes at its next run; a
grace shorter than the time between runs keeps the real proportion. `--out FILE` appends each
run's figures (with the machine's load average) as they come; `--keep DIR` keeps the warehouse.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BROADSHEET = [sys.executable, "-m", "flows.cli"]
LIMIT = ("--limit", "50")
QUERIES = {
    "count": "select count(*) from mentions",
    "top_entities": "top_entities",
    "who_said_what": "who_said_what",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED="false",
    )
    prefect = Path(sys.executable).with_name("prefect")
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit("the Prefect server did not start within 180 s")


def _files(warehouse: Path) -> int:
    return sum(1 for p in warehouse.rglob("*.parquet") if "_staging" not in p.parts)


def _query_times(warehouse: Path, env: dict[str, str]) -> dict[str, float]:
    times = {}
    for name, query in QUERIES.items():
        started = time.perf_counter()
        subprocess.run(
            # The first 50 rows, what `broadsheet sql` shows on a terminal: printing every row
            # of who_said_what measures the answer's growing size (30x more statements at run
            # 300 than at run 10), not what each question costs.
            [*BROADSHEET, "sql", query, "--warehouse", str(warehouse), "--format", "csv", *LIMIT],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times[name] = time.perf_counter() - started
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--every", type=int, default=10, help="ask the queries every N runs")
    ap.add_argument("--no-compact", action="store_true")
    ap.add_argument(
        "--grace",
        type=float,
        default=None,
        help="seconds a compaction's replaced files stay (BROADSHEET_COMPACT_GRACE_S; default "
        "the pipeline's 600). A 15-minute schedule deletes them at the next run; at a run every "
        "~20 s, 600 s keeps ~30 runs' worth, so pass less than the time between runs to keep "
        "the schedule's proportions",
    )
    ap.add_argument("--keep", type=Path, help="keep the warehouse: copy it here at the end")
    ap.add_argument("--out", type=Path, help="append each run's figures to this JSON Lines file")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = sorted((args.shared / "corpora" / "bbc").rglob("*.txt"))
    if not corpus:
        raise SystemExit(f"no BBC articles under {args.shared}/corpora/bbc")
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-schedule-"))
    home = tmp / "prefect-home"
    home.mkdir()
    server, url = _start_server(home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=url)
    if args.no_compact:
        env["BROADSHEET_COMPACT_MIN_FILES"] = str(10**9)
    if args.grace is not None:
        env["BROADSHEET_COMPACT_GRACE_S"] = str(args.grace)
    inbox, warehouse = tmp / "inbox", tmp / "warehouse"
    inbox.mkdir()
    rows = []
    try:
        for run in range(1, args.runs + 1):
            for k in range(args.docs):
                i = (run - 1) * args.docs + k
                source = corpus[i % len(corpus)]
                text = source.read_text(encoding="utf-8", errors="replace")
                if i >= len(corpus):  # past the corpus: the same article as a new document
                    text = f"{text}\n\nEdition {i // len(corpus)}."
                (inbox / f"{i:06d}.txt").write_text(text, encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run(
                [*BROADSHEET, "run", str(inbox), "--warehouse", str(warehouse), "--json"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"run {run} failed:\n{done.stderr[-3000:]}")
            summary = json.loads(done.stdout.strip().splitlines()[-1])
            row = {
                "run": run,
                "wall_s": round(wall, 2),
                "flow_s": round(summary["elapsed_s"], 2),
                "new": summary["n_documents_new"],
                "files": _files(warehouse),
                "compacted": summary.get("compacted", [0, 0]),
                # The machine's 1-minute load average after the run: a shared machine's
                # figures are read beside it.
                "load": round(os.getloadavg()[0], 2),
            }
            if run == 1 or run % args.every == 0:
                row.update({k: round(v, 2) for k, v in _query_times(warehouse, env).items()})
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
            if args.out:
                with args.out.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(row) + "\n")
        if args.keep:
            shutil.copytree(warehouse, args.keep, dirs_exist_ok=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    _report(rows, args)


def _report(rows: list[dict[str, object]], args: argparse.Namespace) -> None:
    window = 50 if len(rows) >= 100 else max(len(rows) // 10, 1)
    first, last = rows[:window], rows[-window:]

    def med(part: list[dict[str, object]], key: str) -> float:
        return statistics.median(float(r[key]) for r in part)  # type: ignore[arg-type]

    print(
        f"schedule: {len(rows)} runs of {args.docs} new documents"
        f"{' (compaction off)' if args.no_compact else ''}"
    )
    print("| run | wall s | flow s | files | count(*) s | top_entities s | who_said_what s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if r["run"] in (1, 10, 50, 100, 300) and "count" in r:
            print(
                f"| {r['run']} | {r['wall_s']} | {r['flow_s']} | {r['files']} | {r['count']} | "
                f"{r['top_entities']} | {r['who_said_what']} |"
            )
    a, b = med(first, "wall_s"), med(last, "wall_s")
    print(
        f"median wall time, first {window} runs {a:.2f} s, last {window} runs {b:.2f} s "
        f"(ratio {b / a:.2f}); files at the end: {rows[-1]['files']}"
    )
    asked = [r for r in rows if "count" in r]
    if len(asked) >= 4:  # the queries' medians over the first and last fifth of their askings
        k = max(len(asked) // 5, 1)
        for name in QUERIES:
            q0, q1 = med(asked[:k], name), med(asked[-k:], name)
            print(
                f"{name}: median of the first {k} askings {q0:.2f} s, last {k} {q1:.2f} s "
                f"(ratio {q1 / q0:.2f})"
            )
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
