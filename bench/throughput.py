"""Benchmark: pipeline throughput against bare spaCy NER, the unchanged re-run, peak memory, and a
second, ten-times-larger size point; all measured in one invocation.

    .venv/bin/python bench/throughput.py [--shared PATH] [--workers 2] [--reuters-limit N] [--json]

On `<shared>/corpora/bbc` (2,225 .txt articles):

(a) **baseline**: bare spaCy NER, the pipeline's model with everything but the tokenizer and NER
    excluded, `nlp.pipe(texts, batch_size=B, n_process=WORKERS)` over the same texts the
    pipeline's NER sees: each file decoded by `flows.ingest.decode_document`, cleaned by
    `flows.clean.clean_text`, one text per distinct doc_id (the pipeline skips the corpus's exact
    duplicates, so it never parses them). B is the pipeline's own NER batch
    (`flows.nlp.NER_BATCH_SIZE`), so that both sides run the model alike. Preparing the texts and
    loading the model are not timed.
(b) **pipeline**: `broadsheet run BBC --warehouse TMP --workers WORKERS --json` in a subprocess;
    reported as the flow's own elapsed time (the summary's `elapsed_s`) and the wall time of the
    command (Prefect's start-up and shutdown included).
(c) **re-run**: the same command again on the same warehouse; it must add no document.

(a) and (b) alternate `--repeat` times (default 5: a b a b ...): this machine's speed drifts by
10-30% over minutes, and in bursts more (pairs of one run: 0.862, 0.698, 1.115), which a single
(a) and a single (b) would read as a difference between them. Each (a, b) pair gives a ratio;
the headline ratio is the median pair's (robust to two bad pairs in five), the table shows the
median run of each side and the peak RSS is the largest of any pipeline run.

Words are whitespace-separated tokens of the cleaned texts (`documents.n_words` for the pipeline,
which counts the same way), so both sides count the same words. Peak RSS is the largest VmHWM (the
kernel's per-process high-water mark, /proc/PID/status) over the command's process tree, polled
every 0.2 s: the CLI (flow) process, its worker processes and Prefect's ephemeral server; the
maximum over processes, not their sum.

Second size point: `<shared>/corpora/reuters21578` (22 SGML files, 21,578 stories) converted to
JSON Lines in a temporary folder outside the repository (the corpus is research-use only), one
`.jsonl` per `.sgm.gz`, stories with a BODY only: id = NEWID, title, text = unescaped body,
published_at from DATE. The pipeline runs on it like (b), so that time and memory at ~2k and ~20k
documents sit side by side. `--reuters-limit N` keeps the first N stories; 0 skips this point.

Before the measurements one small run on `seeds/` creates Prefect's database in a private
PREFECT_HOME (so concurrent sessions do not share it) and measures the start-up cost.

Prints a table, then one JSON line. Not part of the test suite (it takes ~20-25 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import reuters_stories  # noqa: E402  (after the path insert)

from flows.runtime.committer import PROCESS_NAME  # noqa: E402

BROADSHEET = Path(sys.executable).with_name("broadsheet")
NER_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

# --- memory ---------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """All descendants of pid (Linux /proc), without psutil."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the parent pid follows the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _hwm_kb(pid: int) -> int | None:
    """The process's peak resident set (VmHWM) in kB; None once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as fh:
            return fh.read().strip()
    except OSError:
        return "?"


def _role(cmd: str, comm: str = "") -> str:
    if comm == PROCESS_NAME:
        return "commit helper"
    if "prefect" in cmd and ("server" in cmd or "uvicorn" in cmd):
        return "prefect server"
    if "broadsheet" in cmd and " run " in f"{cmd} ":
        return "flow (CLI)"
    if "multiprocessing" in cmd or "spawn" in cmd or "forkserver" in cmd:
        return "worker"
    return cmd[:60]


class PeakRSS:
    """Polls a process tree every `interval` seconds; keeps each process's VmHWM (peak RSS)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peaks: dict[int, tuple[int, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def sample(self) -> None:
        try:
            pids = [self.pid, *_children(self.pid)]
        except OSError:
            return
        for pid in pids:
            kb = _hwm_kb(pid)
            if kb is None:
                continue
            old = self.peaks.get(pid)
            # The role is read at every sample: the commit helper names itself only once its
            # interpreter has started.
            self.peaks[pid] = (max(kb, old[0] if old else 0), _role(_cmdline(pid), _comm(pid)))

    def largest(self) -> tuple[float, str]:
        """(MB, role) of the process with the highest peak."""
        if not self.peaks:
            return 0.0, "?"
        kb, role = max(self.peaks.values())
        return kb / 1024, role

    def by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for kb, role in self.peaks.values():
            out[role] = max(out.get(role, 0.0), kb / 1024)
        return out


def _self_hwm_mb() -> float:
    return (_hwm_kb(os.getpid()) or 0) / 1024


# --- the runs -------------------------------------------------------------------------------


def bbc_texts(bbc: Path) -> list[str]:
    """The cleaned bodies the pipeline's NER sees: one per distinct doc_id, in discovery order."""
    from flows.clean import clean_text
    from flows.ingest import RejectedInput, decode_document

    seen: set[str] = set()
    texts = []
    for path in sorted(bbc.rglob("*.txt")):
        try:
            raw = decode_document(path.read_bytes(), source_uri=str(path), suffix=".txt")
        except RejectedInput:
            continue
        if raw.doc_id in seen:
            continue
        seen.add(raw.doc_id)
        text = clean_text(raw.body).text
        if text:
            texts.append(text)
    return texts


def baseline(texts: list[str], workers: int) -> dict[str, Any]:
    import spacy

    from flows.config import SPACY_MODEL
    from flows.nlp import NER_BATCH_SIZE

    nlp = spacy.load(SPACY_MODEL, exclude=NER_EXCLUDE)
    words = sum(len(t.split()) for t in texts)
    with PeakRSS(os.getpid()) as peak:
        start = time.perf_counter()
        docs = nlp.pipe(texts, batch_size=NER_BATCH_SIZE, n_process=workers)
        n_ents = sum(len(doc.ents) for doc in docs)
        elapsed = time.perf_counter() - start
    largest, _ = peak.largest()
    return {
        "docs": len(texts),
        "words": words,
        "entities": n_ents,
        "elapsed_s": round(elapsed, 2),
        "docs_per_s": round(len(texts) / elapsed, 1),
        "words_per_s": round(words / elapsed),
        "peak_rss_mb": round(max(largest, _self_hwm_mb())),
    }


def run_cli(
    inputs: list[str], warehouse: Path, workers: int, env: dict[str, str]
) -> dict[str, Any]:
    """`broadsheet run ... --json` in a subprocess: its summary, wall time and peak RSS."""
    cmd = [str(BROADSHEET), "run", *inputs, "--warehouse", str(warehouse)]
    cmd += ["--workers", str(workers), "--json"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True
    )
    with PeakRSS(proc.pid) as peak:
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(err[-4000:])
        raise SystemExit(f"broadsheet run failed ({proc.returncode}): {' '.join(cmd)}")
    summary = json.loads(next(ln for ln in reversed(out.splitlines()) if ln.startswith("{")))
    largest, role = peak.largest()
    bad_lines = [ln for ln in (out + err).splitlines() if "Traceback" in ln or "| ERROR" in ln]
    return {
        "summary": summary,
        "wall_s": round(wall, 2),
        "elapsed_s": round(summary["elapsed_s"], 2),
        "peak_rss_mb": round(largest),
        "peak_rss_process": role,
        "peak_rss_by_role_mb": {k: round(v) for k, v in sorted(peak.by_role().items())},
        "error_lines": bad_lines[:5],
    }


def warehouse_words(warehouse: Path) -> tuple[int, int]:
    """(documents, words) in the warehouse."""
    from flows.views import connect

    with connect(warehouse) as con:
        n, words = con.execute("select count(*), sum(n_words) from documents").fetchone()
    return int(n), int(words or 0)


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median words/s (the upper one of an even count)."""
    return sorted(runs, key=lambda r: r["words_per_s"])[len(runs) // 2]


def _rates(result: dict[str, Any], docs: int, words: int) -> dict[str, Any]:
    result["docs"], result["words"] = docs, words
    for key, seconds in (("", result["elapsed_s"]), ("_wall", result["wall_s"])):
        result[f"docs_per_s{key}"] = round(docs / seconds, 1)
        result[f"words_per_s{key}"] = round(words / seconds)
    return result


# --- Reuters-21578 -> JSON Lines --------------------------------------------------------------


def reuters_to_jsonl(corpus: Path, out_dir: Path, limit: int | None) -> tuple[int, int]:
    """One .jsonl per reut2-NNN.sgm.gz; returns (stories with a body written, stories seen)."""
    written = seen = 0
    files: dict[str, list[str]] = {}
    for name, record in reuters_stories(corpus):
        if limit is not None and written >= limit:
            break
        seen += 1
        if record is None:
            continue
        files.setdefault(name, []).append(json.dumps(record, ensure_ascii=False))
        written += 1
    for name, lines in files.items():
        (out_dir / name.replace(".sgm.gz", ".jsonl")).write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return written, seen


# --- profile ---------------------------------------------------------------------------------

_SPACY_PARTS = ("/spacy/", "/thinc/", "/cymem/", "/preshed/", "/srsly/", "/numpy/", "/blis/")


def _is_spacy(frame: Any) -> bool:
    path = "/" + (frame.file_path or "")  # Cython frames have relative paths (spacy/...pyx)
    return any(part in path for part in _SPACY_PARTS) or path.endswith((".pyx", ".pxd"))


def profile(bbc: Path, n_docs: int) -> dict[str, Any]:
    """pyinstrument over what one analyse task does, in this process, on the first n_docs BBC
    files: decode, analyse_batch (NER + tagger + extractors) and staging Parquet, in batches of 64.

    spaCy's share is timed directly around the NER and tagger calls: pyinstrument loses the
    Python stack inside spaCy's Cython code (its samples land at the root as orphan `gemm`,
    `cinit`, `[self]` frames), so its tree cannot tell that share. The rest is attributed from the
    coherent part of the tree: each sample to the nearest enclosing flows/ function (its own time
    plus non-spaCy callees such as re, ftfy, datasketch, pyarrow)."""
    import datetime as dt_

    from pyinstrument import Profiler

    from flows import warehouse as store
    from flows.analyse import analyse_batch
    from flows.ingest import RejectedInput, decode_document
    from flows.nlp import make_dependency_parser, make_tagger, parse_entities, warm_up

    warm_up()
    tagger = make_tagger()
    parser = make_dependency_parser()
    spacy_s = {"ner": 0.0, "tagger": 0.0, "parser": 0.0}

    def parse(texts: list[str]) -> list[Any]:
        t0 = time.perf_counter()
        try:
            return parse_entities(texts)
        finally:
            spacy_s["ner"] += time.perf_counter() - t0

    def tag(texts: Any) -> list[Any]:
        t0 = time.perf_counter()
        try:
            return tagger(texts)
        finally:
            spacy_s["tagger"] += time.perf_counter() - t0

    def dependencies(texts: Any) -> list[Any]:
        t0 = time.perf_counter()
        try:
            return parser(texts)
        finally:
            spacy_s["parser"] += time.perf_counter() - t0

    # Each stage of the document step timed directly (exclusive of the spaCy calls made inside
    # it: the tagger runs once per batch, between find_numbers and finish_numbers; the
    # dependency parser inside extract_quotes, for the few sentences that need it).
    import flows.analyse as analyse_mod

    stage_s: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **kw: Any) -> Any:
            inner = spacy_s["tagger"] + spacy_s["parser"]
            t0, inner0 = time.perf_counter(), inner
            try:
                return fn(*a, **kw)
            finally:
                inner = spacy_s["tagger"] + spacy_s["parser"]
                took = time.perf_counter() - t0 - (inner - inner0)
                stage_s[name] = stage_s.get(name, 0.0) + took

        return wrapper

    stages = [
        "clean_text",
        "segment",
        "extract_mentions",
        "find_numbers",
        "finish_numbers",
        "extract_dates",
        "extract_quotes",
        "signature",
        "count_words",
    ]
    originals = {name: getattr(analyse_mod, name) for name in stages}
    for name, fn in originals.items():
        setattr(analyse_mod, name, timed(f"flows.analyse -> {fn.__module__}.{name}", fn))
    decode = timed("flows.ingest.decode_document", decode_document)
    stage = timed("flows.warehouse.stage_batch", store.stage_batch)

    paths = sorted(bbc.rglob("*.txt"))[:n_docs]

    def one_pass(profiler: Any) -> float:
        with tempfile.TemporaryDirectory(prefix="broadsheet-profile-") as tmp:
            wh = Path(tmp) / "wh"
            store.init_warehouse(wh)
            started = time.perf_counter()
            if profiler is not None:
                profiler.start()
            for start in range(0, len(paths), 64):
                raws = []
                for path in paths[start : start + 64]:
                    with contextlib.suppress(RejectedInput):
                        raws.append(decode(path.read_bytes(), source_uri=str(path), suffix=".txt"))
                batch = analyse_batch(
                    raws,
                    parse=parse,
                    tag=tag,
                    dependencies=dependencies,
                    run_id="profile",
                    ingested_at=dt_.datetime.now(dt_.UTC),
                    version="profile",
                )
                stage(wh, "profile", start // 64, batch.rows)
            if profiler is not None:
                profiler.stop()
            return time.perf_counter() - started

    # Pass 1, timers only: pyinstrument's hook fires on every call into spaCy's Cython code
    # (Token objects, Doc.__iter__), which inflates code that touches tokens; the shares come from
    # this pass. Pass 2, under pyinstrument: which flows/ functions, for the tree.
    try:
        total = one_pass(None)
        timed_stages = dict(stage_s)
        timed_spacy = dict(spacy_s)
        profiler = Profiler(interval=0.001)
        profiled_total = one_pass(profiler)
    finally:
        for name, fn in originals.items():
            setattr(analyse_mod, name, fn)
    session = profiler.last_session
    owners: dict[str, float] = {}
    libs: dict[str, float] = {}

    def walk(frame: Any, owner: str | None, in_spacy: bool) -> None:
        path = frame.file_path or ""
        if _is_spacy(frame):
            in_spacy = True
        elif "/flows/" in path and not in_spacy:
            owner = f"{path[path.rindex('/flows/') + 1 :]}:{frame.function}"
        own = frame.time - sum(child.time for child in frame.children)
        if owner is not None and not in_spacy and own > 0:
            owners[owner] = owners.get(owner, 0.0) + own
            # Self time sits in a synthetic "[self]" child: name it after its parent.
            real = frame.parent if frame.is_synthetic and frame.parent else frame
            real_path = real.file_path or ""
            if "/flows/" not in real_path and not real.is_synthetic:
                short = real_path.rsplit("site-packages/", 1)[-1].rsplit("python3.11/", 1)[-1]
                lib = f"{short or '<built-in>'}:{real.function}"
                libs[lib] = libs.get(lib, 0.0) + own
        for child in frame.children:
            walk(child, owner, in_spacy)

    walk(session.root_frame(), None, False)
    spacy_total = timed_spacy["ner"] + timed_spacy["tagger"] + timed_spacy["parser"]
    top = sorted(owners.items(), key=lambda kv: -kv[1])[:15]
    top_libs = sorted(libs.items(), key=lambda kv: -kv[1])[:10]
    return {
        "docs": len(paths),
        "total_s": round(total, 2),
        "spacy_ner_pct": round(100 * timed_spacy["ner"] / total, 1),
        "spacy_tagger_pct": round(100 * timed_spacy["tagger"] / total, 1),
        "spacy_parser_pct": round(100 * timed_spacy["parser"] / total, 1),
        "outside_spacy_pct": round(100 * (total - spacy_total) / total, 1),
        "profiled_total_s": round(profiled_total, 2),
        "attributed_outside_spacy_pct": round(100 * sum(owners.values()) / profiled_total, 1),
        "stages_pct": {
            k: round(100 * v / total, 1)
            for k, v in sorted(timed_stages.items(), key=lambda kv: -kv[1])
        },
        "top_outside_spacy": [(k, round(100 * v / profiled_total, 1)) for k, v in top],
        "top_library_self_time_outside_spacy": [
            (k, round(100 * v / profiled_total, 1)) for k, v in top_libs
        ],
        "text": profiler.output_text(unicode=False, color=False, show_all=False),
    }


# --- report ---------------------------------------------------------------------------------


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuters-limit", type=int, default=None, metavar="N")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        metavar="N",
        help="baseline and BBC pipeline alternate N times; the ratio is the median pair's",
    )
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead of the benchmark: pyinstrument on N BBC articles in this process",
    )
    args = parser.parse_args(argv)
    bbc = args.shared / "corpora" / "bbc"
    reuters = args.shared / "corpora" / "reuters21578"
    if not bbc.is_dir():
        print(f"no BBC corpus at {bbc}", file=sys.stderr)
        return 2
    say = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr, flush=True))
    if args.profile:
        prof = profile(bbc, args.profile)
        text = prof.pop("text")
        if not args.json:
            print(text)
            print(
                f"{prof['docs']} documents in {prof['total_s']} s: spaCy NER "
                f"{prof['spacy_ner_pct']}%, tagger {prof['spacy_tagger_pct']}% (timed), outside "
                f"spaCy {prof['outside_spacy_pct']}% ({prof['attributed_outside_spacy_pct']}% "
                "attributed by the profile)"
            )
            print("stages, timed (exclusive of the tagger; spaCy Token/Doc access included):")
            for name, pct in prof["stages_pct"].items():
                print(f"  {pct:5.1f}%  {name}")
            print("top costs outside spaCy (flows function, own time + non-spaCy callees):")
            for name, pct in prof["top_outside_spacy"]:
                print(f"  {pct:5.1f}%  {name}")
            print("top library functions outside spaCy (self time):")
            for name, pct in prof["top_library_self_time_outside_spacy"]:
                print(f"  {pct:5.1f}%  {name}")
        print(json.dumps({"profile": prof}))
        return 0

    result: dict[str, Any] = {
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # A fresh database's migrations on a busy machine can outlast the default 20 s wait.
        env = {
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
            **os.environ,
            "PREFECT_HOME": str(tmp / "prefect-home"),
        }
        env.pop("PREFECT_API_URL", None)

        say("start-up: broadsheet run seeds (creates the private Prefect database) ...")
        warm = run_cli([str(ROOT / "seeds")], tmp / "wh-seeds", args.workers, env)
        result["startup"] = {"wall_s": warm["wall_s"], "elapsed_s": warm["elapsed_s"]}

        say("baseline: preparing texts ...")
        texts = bbc_texts(bbc)
        # Baseline and pipeline alternate, `--repeat` times: this machine's speed drifts by 10-30%
        # over minutes, which one baseline and one pipeline measurement, a minute apart, take as
        # a difference between them. Each pair is a ratio; the headline is their median.
        bases: list[dict[str, Any]] = []
        fulls: list[dict[str, Any]] = []
        for i in range(1, args.repeat + 1):
            of = f" ({i} of {args.repeat})"
            say(f"baseline{of}: nlp.pipe over {len(texts)} texts, n_process={args.workers} ...")
            bases.append(baseline(texts, args.workers))
            say(f"pipeline{of}: broadsheet run bbc ...")
            wh = tmp / f"wh-bbc-{i}"
            fulls.append(_rates(run_cli([str(bbc)], wh, args.workers, env), *warehouse_words(wh)))
            say(f"  ratio {fulls[-1]['words_per_s'] / bases[-1]['words_per_s']:.3f}")
        del texts
        result["baseline"] = _median_run(bases)
        result["pipeline"] = full = _median_run(fulls)
        result["pairs"] = [
            {
                "baseline_words_per_s": b["words_per_s"],
                "pipeline_words_per_s": f["words_per_s"],
                "ratio": round(f["words_per_s"] / b["words_per_s"], 3),
                "ratio_wall": round(f["words_per_s_wall"] / b["words_per_s"], 3),
            }
            for b, f in zip(bases, fulls, strict=True)
        ]
        # The largest process of any pipeline run, not just of the median one.
        worst = max(fulls, key=lambda f: f["peak_rss_mb"])
        full["peak_rss_mb"], full["peak_rss_process"] = (
            worst["peak_rss_mb"],
            worst["peak_rss_process"],
        )
        full["peak_rss_by_role_mb"] = {
            role: max(f["peak_rss_by_role_mb"].get(role, 0) for f in fulls)
            for role in sorted({r for f in fulls for r in f["peak_rss_by_role_mb"]})
        }
        full["error_lines"] = [ln for f in fulls for ln in f["error_lines"]][:5]

        say("re-run: broadsheet run bbc (unchanged) ...")
        again = run_cli([str(bbc)], wh, args.workers, env)  # the last pipeline run's warehouse
        added = again["summary"]["n_documents_new"]
        result["rerun"] = {
            "wall_s": again["wall_s"],
            "elapsed_s": again["elapsed_s"],
            "n_documents_new": added,
            "peak_rss_mb": again["peak_rss_mb"],
            "pct_of_full_elapsed": round(100 * again["elapsed_s"] / full["elapsed_s"], 2),
            "pct_of_full_wall": round(100 * again["wall_s"] / full["wall_s"], 2),
        }
        ratio = statistics.median(p["ratio"] for p in result["pairs"])
        ratio_wall = statistics.median(p["ratio_wall"] for p in result["pairs"])
        result["ratio_pipeline_to_baseline"] = round(ratio, 3)
        result["ratio_pipeline_wall_to_baseline"] = round(ratio_wall, 3)

        if args.reuters_limit != 0 and reuters.is_dir():
            say("reuters: converting SGML to JSON Lines (temporary folder) ...")
            jsonl = tmp / "reuters-jsonl"
            jsonl.mkdir()
            n_written, n_seen = reuters_to_jsonl(reuters, jsonl, args.reuters_limit)
            say(f"reuters: broadsheet run over {n_written} stories ...")
            wh_r = tmp / "wh-reuters"
            big = run_cli([str(jsonl)], wh_r, args.workers, env)
            result["reuters"] = _rates(big, *warehouse_words(wh_r))
            result["reuters"]["stories_seen"] = n_seen
            result["reuters"]["stories_with_body"] = n_written
    result["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]

    if not args.json:
        base, pipe, rerun = result["baseline"], result["pipeline"], result["rerun"]
        med = f", median of {args.repeat}" if args.repeat > 1 else ""
        rows = [("run", "docs", "words", "time s", "docs/s", "words/s", "peak RSS MB")]
        rows.append(
            (
                f"bare spaCy NER, n_process={args.workers}{med}",
                f"{base['docs']:,}",
                f"{base['words']:,}",
                f"{base['elapsed_s']:.1f}",
                f"{base['docs_per_s']:.1f}",
                f"{base['words_per_s']:,}",
                f"{base['peak_rss_mb']:,}",
            )
        )
        for name, r in [
            ("BBC", pipe),
            *([("Reuters", result["reuters"])] if "reuters" in result else []),
        ]:
            for label, sfx, secs in (("flow", "", r["elapsed_s"]), ("wall", "_wall", r["wall_s"])):
                rows.append(
                    (
                        f"pipeline {name}, --workers {args.workers} ({label})"
                        + (med if name == "BBC" else ""),
                        f"{r['docs']:,}",
                        f"{r['words']:,}",
                        f"{secs:.1f}",
                        f"{r['docs_per_s' + sfx]:.1f}",
                        f"{r['words_per_s' + sfx]:,}",
                        f"{r['peak_rss_mb']:,}" if not sfx else "",
                    )
                )
        rows.append(
            (
                "re-run BBC, unchanged (flow / wall)",
                f"+{rerun['n_documents_new']}",
                "",
                f"{rerun['elapsed_s']:.1f} / {rerun['wall_s']:.1f}",
                "",
                "",
                f"{rerun['peak_rss_mb']:,}",
            )
        )
        print(_table(rows))
        print()
        pairs = ", ".join(f"{p['ratio']:.3f}" for p in result["pairs"])
        print(
            f"pipeline / baseline words/s, median of {len(result['pairs'])} alternating pairs "
            f"({pairs}): {ratio:.3f} (flow elapsed), {ratio_wall:.3f} (wall, with Prefect "
            f"start-up); start-up alone (seeds run): {warm['wall_s']:.1f} s wall"
        )
        print(
            f"re-run: {rerun['pct_of_full_elapsed']:.2f}% of the full run (flow elapsed), "
            f"{rerun['pct_of_full_wall']:.2f}% (wall); documents added: {rerun['n_documents_new']}"
        )
        for name, r in [
            ("BBC", pipe),
            *([("Reuters", result["reuters"])] if "reuters" in result else []),
        ]:
            print(f"peak RSS by process, {name}: {r['peak_rss_by_role_mb']}")
        print(f"load average: start {result['load_avg_at_start']}, end {result['load_avg_at_end']}")
        for name in ("pipeline", "reuters"):
            if result.get(name, {}).get("error_lines"):
                print(f"ERROR/traceback lines in the {name} run: {result[name]['error_lines']}")
    for r in (result["pipeline"], result.get("reuters", {})):
        r.pop("summary", None)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
