"""Benchmark: main-text extraction from real article pages, ours against trafilatura's defaults.

    .venv/bin/python bench/html_extraction.py [--shared PATH] [--limit N]

Reads `<shared>/corpora/html/*.html.gz` and `ground-truth.json` (181 pages from the Zyte/
Scrapinghub article-extraction benchmark, with hand-made `articleBody`) and scores each page's
extracted text against its `articleBody` as bags of words:

- tokens: `re.findall(r"\\w+", text.lower())` (Unicode word characters, so non-English pages
  count too);
- overlap: multiset intersection (a word found twice in both counts twice);
- precision = overlap / extracted tokens, recall = overlap / ground-truth tokens, F1 their
  harmonic mean; a page with nothing extracted (or a rejection) scores 0 / 0 / 0.

It reports the mean of the per-page P, R and F1 ("macro"), and, as FACTS.md states its figure,
the F1 of the mean P and R. Baseline: `trafilatura.extract(html)` with every default. Prints a
table, then one JSON line. Importable (tests load it by path): `score_pages(shared)`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: `flows` is beside bench/
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from flows.errors import RejectedInput  # noqa: E402
from flows.formats.html import extract_article  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str, str | None], str]


def tokens(text: str) -> Counter[str]:
    """Bag of lower-cased `\\w+` word tokens."""
    return Counter(_TOKEN.findall(text.lower()))


def prf(extracted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of extracted text against the ground truth."""
    got, gold = tokens(extracted), tokens(truth)
    overlap = sum((got & gold).values())
    n_got, n_gold = sum(got.values()), sum(gold.values())
    precision = overlap / n_got if n_got else 0.0
    recall = overlap / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(shared: Path, limit: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(page id, url, html, articleBody) for each page with ground truth, sorted by id."""
    folder = shared / "corpora" / "html"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for n, page_id in enumerate(sorted(truth)):
        if limit is not None and n >= limit:
            return
        html = gzip.decompress((folder / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        yield page_id, truth[page_id]["url"], html, truth[page_id]["articleBody"]


def ours(html: str, url: str | None) -> str:
    try:
        return extract_article(html, url=url).text
    except RejectedInput:
        return ""


def baseline(html: str, url: str | None) -> str:
    return trafilatura.extract(html) or ""


def _summary(scores: list[tuple[float, float, float]], seconds: float) -> dict[str, float]:
    n = len(scores)
    p = sum(s[0] for s in scores) / n
    r = sum(s[1] for s in scores) / n
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(sum(s[2] for s in scores) / n, 4),
        "f1_of_means": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "ms_per_page": round(1000 * seconds / n, 1),
        "pages_per_s": round(n / seconds, 1) if seconds else 0.0,
    }


def score_pages(
    shared: Path = DEFAULT_SHARED,
    *,
    limit: int | None = None,
    with_baseline: bool = True,
) -> dict:
    """Score ours (and trafilatura's defaults) on the benchmark pages; returns the summary.

    `{"pages": n, "ours": {...}, "baseline": {...}, "per_page": {id: {"url", "ours", ...}}}`,
    where each summary has precision, recall, f1 (mean per page), f1_of_means, ms_per_page and
    pages_per_s, and each per-page score is [P, R, F1].
    """
    extractors: dict[str, Extractor] = {"ours": ours}
    if with_baseline:
        extractors["baseline"] = baseline
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    per_page: dict[str, dict] = {}
    for page_id, url, html, truth in load_pages(shared, limit):
        per_page[page_id] = {"url": url}
        for name, extract in extractors.items():
            start = time.perf_counter()
            text = extract(html, url)
            seconds[name] += time.perf_counter() - start
            score = prf(text, truth)
            scores[name].append(score)
            per_page[page_id][name] = [round(x, 4) for x in score]
    if not per_page:
        raise FileNotFoundError(f"no benchmark pages under {shared / 'corpora' / 'html'}")
    result: dict = {"pages": len(per_page)}
    for name in extractors:
        result[name] = _summary(scores[name], seconds[name])
    result["per_page"] = per_page
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--worst", type=int, default=0, help="list our N lowest-F1 pages")
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "html" / "ground-truth.json").is_file():
        parser.error(f"no corpora/html/ground-truth.json under {args.shared}")
    result = score_pages(args.shared, limit=args.limit)
    print(f"{result['pages']} pages, bag-of-words scores against ground-truth articleBody")
    print(f"{'':24} {'P':>7} {'R':>7} {'F1':>7} {'F1(P,R)':>8} {'ms/page':>8} {'pages/s':>8}")
    for name, label in (("ours", "ours"), ("baseline", "trafilatura defaults")):
        s = result[name]
        print(
            f"{label:24} {s['precision']:7.4f} {s['recall']:7.4f} {s['f1']:7.4f}"
            f" {s['f1_of_means']:8.4f} {s['ms_per_page']:8.1f} {s['pages_per_s']:8.1f}"
        )
    print("F1 = mean of per-page F1; F1(P,R) = F1 of the mean P and R (FACTS.md's figure)")
    if args.worst:
        worst = sorted(result["per_page"].items(), key=lambda kv: kv[1]["ours"][2])[: args.worst]
        for page_id, page in worst:
            p, r, f = page["ours"]
            print(f"  {page_id[:12]} P {p:.3f} R {r:.3f} F1 {f:.3f}  {page['url']}")
    summary = {k: v for k, v in result.items() if k != "per_page"}
    summary["f1_ratio"] = round(result["ours"]["f1"] / result["baseline"]["f1"], 4)
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
