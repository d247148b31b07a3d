"""Benchmark: which lines the cleaner removes from real corpora, by reason.

    .venv/bin/python bench/boilerplate.py [--shared PATH] [--corpus bbc,html,reuters,agnews]
                                          [--lines] [--json]

Reads the corpora of `<shared>/corpora` as the pipeline ingests them (`flows.ingest.decode_input`:
BBC `.txt` files with their headline, the 181 web pages through the HTML reader, Reuters-21578
stories and AG News rows as JSON Lines records) and cleans each document with
`flows.clean.clean_text`. It prints, per corpus, the documents read and the lines removed per
reason; `--lines` prints every removed line (corpus, source, reason, text) so that a person can
read them.

A body sentence must never be removed (issue 15), and the BBC articles hold no boilerplate, so
what this prints for BBC is what to read first. The articles of the gold test split
(`tests/gold/test`) are counted but their lines are never printed: nobody reads the test split
while writing rules. `removed_lines(shared, corpus)` is importable (tests load this file by path).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: `flows` is beside bench/
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import ag_news_rows, reuters_stories  # noqa: E402

from flows.clean import clean_text  # noqa: E402
from flows.ingest import RawDocument, decode_input  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
CORPORA = ("bbc", "html", "reuters", "agnews")
_MAX_BYTES = 50_000_000


def test_split_sources(gold_dir: Path = ROOT / "tests" / "gold" / "test") -> set[str]:
    """The gold test split's sources in this script's naming (`bbc/<topic>/<NNN>.txt`,
    `html/<id>`, `reuters/<NEWID>`, `agnews/<row>`): never printed."""
    out = set()
    for path in gold_dir.glob("*.json"):
        source = json.loads(path.read_text(encoding="utf-8"))["source"]
        kind, _, rest = source.partition("/")
        if kind == "html":
            out.add(f"html/{rest.split('.')[0]}")
        elif kind == "reuters21578":
            out.add(f"reuters/{rest.split('.')[0]}")
        elif kind == "ag_news":
            out.add(f"agnews/{rest.split('.')[0]}")
        else:
            out.add(f"bbc/{source}")
    return out


def _decoded(data: bytes, source: str, name: str) -> Iterator[tuple[str, RawDocument]]:
    for doc in decode_input(data, source_uri=source, name=name, max_bytes=_MAX_BYTES):
        if isinstance(doc, RawDocument):
            yield source, doc


def documents(shared: Path, corpus: str) -> Iterator[tuple[str, RawDocument]]:
    """(source, document) for every document of one corpus, decoded as the pipeline does."""
    root = shared / "corpora"
    if corpus == "bbc":
        for path in sorted((root / "bbc").glob("*/*.txt")):
            source = f"bbc/{path.parent.name}/{path.name}"
            yield from _decoded(path.read_bytes(), source, path.name)
    elif corpus == "html":
        for path in sorted((root / "html").glob("*.html.gz")):
            source = f"html/{path.name.split('.')[0]}"
            yield from _decoded(path.read_bytes(), source, path.name)
    elif corpus == "reuters":
        for _, record in reuters_stories(root / "reuters21578"):
            if record is not None:
                line = json.dumps(record).encode()
                yield from _decoded(line, f"reuters/{record['id']}", "story.jsonl")
    elif corpus == "agnews":
        for record in ag_news_rows(root / "ag_news"):
            line = json.dumps(record).encode()
            yield from _decoded(line, f"agnews/{record['id']}", "row.jsonl")
    else:
        raise ValueError(f"unknown corpus {corpus!r}: one of {', '.join(CORPORA)}")


def removed_lines(shared: Path, corpus: str) -> tuple[int, list[tuple[str, int, str, str]]]:
    """(documents read, [(source, line_idx, reason, text)]) for one corpus."""
    n_docs = 0
    out: list[tuple[str, int, str, str]] = []
    for source, doc in documents(shared, corpus):
        n_docs += 1
        for r in clean_text(doc.body, title=doc.title).removed:
            out.append((source, r.line_idx, r.reason, r.text))
    return n_docs, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--corpus", default=",".join(CORPORA))
    parser.add_argument("--lines", action="store_true", help="print every removed line")
    parser.add_argument("--json", action="store_true", help="one JSON line of the counts")
    args = parser.parse_args(argv)
    hidden = test_split_sources()
    result: dict[str, dict[str, object]] = {}
    for corpus in args.corpus.split(","):
        n_docs, removed = removed_lines(args.shared, corpus)
        reasons = Counter(reason for _, _, reason, _ in removed)
        in_test = sum(1 for source, *_ in removed if source in hidden)
        result[corpus] = {
            "documents": n_docs,
            "removed": len(removed),
            "documents_with_removals": len({source for source, *_ in removed}),
            "in_test_split": in_test,
            "reasons": dict(reasons.most_common()),
        }
        if not args.json:
            print(f"== {corpus}: {n_docs} documents, {len(removed)} lines removed", end="")
            print(f" ({in_test} of them in gold test articles, not shown)")
            for reason, n in reasons.most_common():
                print(f"  {reason:<16} {n}")
            if args.lines:
                for source, idx, reason, text in removed:
                    if source not in hidden:
                        print(f"  {source}:{idx}\t{reason}\t{text}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
