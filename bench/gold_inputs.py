"""The input files behind gold articles, from ../shared, for `broadsheet run`.

    .venv/bin/python bench/gold_inputs.py GOLD_DIR|SOURCE ... [--shared PATH] [--out DIR]

Prints one input path per line, for every gold file in the GOLD_DIRs (searched recursively) or
every SOURCE given. A gold `source` names where its article comes from:

| source | input |
|---|---|
| `<topic>/<NNN>.txt` | `<shared>/corpora/bbc/<topic>/<NNN>.txt` |
| `html/<id>.html.gz` | `<shared>/corpora/html/<id>.html.gz` |
| `reuters21578/<NEWID>.jsonl#1` | story NEWID, as `<out>/reuters21578/<NEWID>.jsonl` |
| `ag_news/<row>.jsonl#1` | AG News test.csv row (1-based), as `<out>/ag_news/<row>.jsonl` |

The two corpora that broadsheet does not read as they are become one-record JSON Lines files in
`--out` (default `data/gold-inputs`, git-ignored): the corpora are research-use only and are not
copied into the project. Exit status 2 names a source that cannot be found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpora import ag_news_rows, reuters_stories  # noqa: E402


def gold_sources(args: list[str]) -> list[str]:
    """The sources named by gold folders (their *.json files, recursively) or given as such."""
    out: list[str] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for gold in sorted(path.rglob("*.json")):
                out.append(json.loads(gold.read_text(encoding="utf-8"))["source"])
        else:
            out.append(arg)
    return out


def _write(out: Path, record: dict[str, object]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != line:
        out.write_text(line, encoding="utf-8")
    return out


def materialise(sources: list[str], shared: Path, out: Path) -> list[Path]:
    """An input path per source, in order; KeyError names a source that was not found."""
    corpora = shared / "corpora"
    wanted_reuters = {s.split("/")[1].split(".")[0] for s in sources if s.startswith("reuters")}
    wanted_ag = {s.split("/")[1].split(".")[0] for s in sources if s.startswith("ag_news/")}
    reuters = {}
    if wanted_reuters:
        for _, record in reuters_stories(corpora / "reuters21578"):
            if record is not None and record["id"] in wanted_reuters:
                reuters[record["id"]] = record
    ag = {}
    if wanted_ag:
        ag = {r["id"]: r for r in ag_news_rows(corpora / "ag_news") if r["id"] in wanted_ag}
    paths: list[Path] = []
    for source in sources:
        kind, _, rest = source.partition("/")
        key = rest.split(".")[0]
        if kind == "reuters21578":
            if key not in reuters:
                raise KeyError(f"{source}: no Reuters-21578 story with NEWID {key} and a body")
            paths.append(_write(out / kind / f"{key}.jsonl", reuters[key]))
        elif kind == "ag_news":
            if key not in ag:
                raise KeyError(f"{source}: AG News test.csv has no row {key}")
            paths.append(_write(out / kind / f"{key}.jsonl", ag[key]))
        elif kind == "html":
            paths.append(corpora / "html" / rest)
        else:
            paths.append(corpora / "bbc" / source)
        if not paths[-1].exists():
            raise KeyError(f"{source}: {paths[-1]} does not exist")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", metavar="GOLD_DIR|SOURCE")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "gold-inputs")
    args = parser.parse_args(argv)
    try:
        paths = materialise(gold_sources(args.gold), args.shared, args.out)
    except KeyError as exc:
        print(f"gold_inputs: {exc.args[0]}", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
