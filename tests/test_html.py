"""HTML input: main text, title and date from web pages (flows/formats/html.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import time
from pathlib import Path

import pytest

from flows.errors import RejectedInput
from flows.formats.html import MAX_DEPTH, MAX_ELEMENTS, HtmlArticle, extract_article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "html"
BENCH = ROOT / "bench" / "html_extraction.py"

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the harbour district, ending "
    "months of debate over how to pay for repairs to the old sea wall.",
    "Councillors backed the plan by seven votes to four after a three-hour meeting in which "
    "residents described flooding that had closed shops along the waterfront twice this year.",
    "The mayor, Ana Ribeiro, said the money would come from a mix of port fees and a loan from "
    "the regional development bank, and that work would start in the spring.",
    "Opponents argued that the district's small businesses would end up paying most of the cost "
    "through higher fees, and called for a public consultation before any contract is signed.",
]


def page(head: str = "", title: str = "Council approves harbour budget | The Daily Example") -> str:
    """A news page with the usual furniture around four article paragraphs."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience on
 our website. <button>Accept all cookies</button> <a href="/cookies">Manage preferences</a></div>
<header><nav class="main-nav"><ul>
 <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
 <li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<div class="share-bar"><span>Share this</span> <a href="#">Facebook</a> <a href="#">X</a></div>
{paragraphs}
<div class="share">Share this article</div>
</article></main>
<aside class="related"><h2>Related stories</h2><ul>
 <li><a href="/a">Storm damages the pier again</a></li><li><a href="/b">Port fees to rise</a></li>
</ul></aside>
<footer class="site-footer"><p>Copyright 2024 The Daily Example. All rights reserved.</p>
 <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""


def test_main_text_is_the_article_paragraphs_separated_by_blank_lines() -> None:
    article = extract_article(page())
    assert isinstance(article, HtmlArticle)
    assert article.text == "\n\n".join(PARAGRAPHS)


FURNITURE = [
    *("cookie", "Accept all", "Home", "Weather", "Share this", "Facebook", "Related stories"),
    *("Storm damages", "Copyright", "All rights reserved", "Privacy policy", "Terms of use"),
]


@pytest.mark.parametrize("furniture", FURNITURE)
def test_boilerplate_is_left_out(furniture: str) -> None:
    assert furniture not in extract_article(page()).text


def test_lines_are_stripped_and_blocks_separated_by_exactly_one_blank_line() -> None:
    html = page().replace(f"<p>{PARAGRAPHS[1]}</p>", f"<p>\n   {PARAGRAPHS[1]}   \n\n</p>")
    text = extract_article(html).text
    assert text == "\n\n".join(PARAGRAPHS)
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))


def test_a_link_inside_a_sentence_keeps_its_words_whatever_its_class() -> None:
    # A cbssports.com page wraps in-sentence links in <span class="link">, a class trafilatura
    # discards: "has reported that the NFL will fine Rudolph for his role" lost its middle.
    linked = PARAGRAPHS[2].replace(
        "a loan from the regional development bank",
        '<span class="link"><a href="/bank" class="related-link">a loan from the regional '
        "development bank</a></span>",
    )
    html = page().replace(f"<p>{PARAGRAPHS[2]}</p>", f"<p>{linked}</p>")
    assert extract_article(html).text == "\n\n".join(PARAGRAPHS)


def test_headings_and_list_items_are_blocks_of_their_own_items_marked() -> None:
    extra = (
        "<h2>What happens next</h2><ul><li>Tenders open in January for the sea wall.</li>"
        "<li>Work starts in the spring, weather permitting.</li></ul>"
    )
    html = page().replace(f"<p>{PARAGRAPHS[2]}</p>", extra + f"<p>{PARAGRAPHS[2]}</p>")
    blocks = extract_article(html).text.split("\n\n")
    assert blocks[2:5] == [
        "What happens next",
        "- Tenders open in January for the sea wall.",
        "- Work starts in the spring, weather permitting.",
    ]


def test_table_rows_are_blocks_with_cells_joined_by_bars() -> None:
    table = (
        "<table><tr><th>Item</th><th>Cost</th></tr>"
        "<tr><td>Sea wall repairs</td><td>4.2m</td></tr></table>"
    )
    html = page().replace(f"<p>{PARAGRAPHS[3]}</p>", f"<p>{PARAGRAPHS[3]}</p>{table}")
    assert extract_article(html).text.endswith(
        f"{PARAGRAPHS[3]}\n\nItem | Cost\n\nSea wall repairs | 4.2m"
    )


def test_title_from_the_title_element_without_the_site_name() -> None:
    assert extract_article(page()).title == "Council approves harbour budget"


def test_title_from_open_graph_when_present() -> None:
    head = '<meta property="og:title" content="Harbour budget approved after long debate">'
    assert extract_article(page(head)).title == "Harbour budget approved after long debate"


def test_no_title_when_the_page_has_none() -> None:
    html = page().replace("<title>Council approves harbour budget | The Daily Example</title>", "")
    assert extract_article(html).title is None


def test_published_time_from_article_meta_is_converted_to_utc() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T14:30:00+01:00">'
    when = extract_article(page(head)).published_at
    assert when == dt.datetime(2024, 3, 5, 13, 30, tzinfo=dt.UTC)
    assert when is not None and when.utcoffset() == dt.timedelta(0)


def test_published_time_from_json_ld() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "headline": "Harbour budget passes", '
        '"datePublished": "2024-03-06T09:15:00Z"}</script>'
    )
    article = extract_article(page(head))
    assert article.published_at == dt.datetime(2024, 3, 6, 9, 15, tzinfo=dt.UTC)
    assert article.title == "Harbour budget passes"


def test_a_date_without_a_time_is_midnight_utc() -> None:
    head = '<meta name="date" content="2023-11-19">'
    assert extract_article(page(head)).published_at == dt.datetime(2023, 11, 19, tzinfo=dt.UTC)


def test_no_date_when_the_page_states_none() -> None:
    # The footer's copyright year is not a publication date (no extensive search).
    assert extract_article(page()).published_at is None


def test_date_from_the_url_is_a_hint_not_a_fetch() -> None:
    article = extract_article(page(), url="https://news.example/2022/07/14/harbour-budget")
    assert article.published_at == dt.datetime(2022, 7, 14, tzinfo=dt.UTC)


def test_result_does_not_depend_on_the_clock() -> None:
    # htmldate's upper bound is fixed, not "today": a page dated after the run is kept as stated.
    head = '<meta property="article:published_time" content="2031-01-02T03:04:05Z">'
    assert extract_article(page(head)).published_at == dt.datetime(
        2031, 1, 2, 3, 4, 5, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    "html",
    [
        "",
        "  \n ",
        "<html><head><title>Nothing here</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><head><script>var a = 1;</script></head><body><script>x()</script></body></html>",
    ],
    ids=["empty", "blank", "empty-body", "menu-only", "scripts-only"],
)
def test_a_page_without_main_text_is_rejected(html: str) -> None:
    with pytest.raises(RejectedInput) as err:
        extract_article(html)
    assert err.value.reason == "no_main_text"


def test_not_html_is_rejected_as_bad_html() -> None:
    with pytest.raises(RejectedInput) as err:
        extract_article("<p>a lone fragment</p>")
    assert err.value.reason == "bad_html"


def test_a_lone_surrogate_is_rejected_rather_than_cut_short() -> None:
    with pytest.raises(RejectedInput) as err:
        extract_article(page().replace("harbour district", "harbour \ud800 district"))
    assert err.value.reason == "bad_html"


def nested(depth: int) -> str:
    return (
        "<html><body>" + "<div>" * depth + f"<p>{PARAGRAPHS[0]}</p>" + "</div>" * depth
    ) + "</body></html>"


def test_a_hundred_thousand_nested_divs_are_rejected_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(RejectedInput) as err:
        extract_article(nested(100_000))
    assert time.perf_counter() - start < 5
    assert err.value.reason == "bad_html"
    assert f"more than {MAX_DEPTH} levels" in err.value.detail


def test_nesting_just_under_the_limit_is_still_extracted() -> None:
    # html + body + divs + p = MAX_DEPTH levels exactly.
    article = extract_article(nested(MAX_DEPTH - 3))
    assert article.text == PARAGRAPHS[0]


def test_too_many_elements_are_rejected_quickly() -> None:
    html = "<html><body>" + "<p>word</p>" * (MAX_ELEMENTS + 1) + "</body></html>"
    start = time.perf_counter()
    with pytest.raises(RejectedInput) as err:
        extract_article(html)
    assert time.perf_counter() - start < 5
    assert err.value.reason == "too_large"


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract_article tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    head = '<link rel="canonical" href="https://news.example/2024/03/05/harbour-budget">'
    article = extract_article(page(head), url="https://news.example/2024/03/05/harbour-budget")
    assert article.published_at == dt.datetime(2024, 3, 5, tzinfo=dt.UTC)


def test_extraction_is_pure() -> None:
    html = page('<meta property="article:published_time" content="2024-03-05T14:30:00Z">')
    assert extract_article(html) == extract_article(html)


# --- the real pages ---------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "ground-truth.json").is_file(),
    reason=f"needs the HTML benchmark pages in {CORPUS} (../shared/corpora/html)",
)


def load_bench():
    spec = importlib.util.spec_from_file_location("html_extraction_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_tokenisation_and_scores() -> None:
    bench = load_bench()
    assert bench.tokens("The cat, the CAT's hat.") == {"the": 2, "cat": 2, "s": 1, "hat": 1}
    assert bench.prf("a b c d", "a b c d") == (1.0, 1.0, 1.0)
    p, r, f = bench.prf("a a b x", "a b b c")
    assert (p, r) == (0.5, 0.5) and f == pytest.approx(0.5)
    assert bench.prf("", "a b") == (0.0, 0.0, 0.0)


@pytest.mark.shared
@needs_corpus
def test_real_pages_bag_of_words_f1_is_at_least_095() -> None:
    """All 181 pages (about 7 s for ours; the baseline run is the bench script's job)."""
    result = load_bench().score_pages(SHARED, with_baseline=False)
    ours = result["ours"]
    assert result["pages"] == 181
    # Measured: P 0.968, R 0.981, mean per-page F1 0.970 (trafilatura defaults: 0.933 / 0.983 /
    # 0.948). The floor is the brief's 0.95, with the measured figures a little below as a guard.
    assert ours["f1"] >= 0.95
    assert ours["f1"] >= 0.965
    assert ours["precision"] >= 0.96
    assert ours["recall"] >= 0.975


@pytest.mark.shared
@needs_corpus
def test_real_pages_extract_metadata() -> None:
    bench = load_bench()
    pages = list(bench.load_pages(SHARED, limit=20))
    articles = [extract_article(html, url=url) for _, url, html, _ in pages]
    assert sum(a.title is not None for a in articles) == len(articles)
    dated = [a.published_at for a in articles if a.published_at is not None]
    assert len(dated) >= 18
    assert all(d.tzinfo is dt.UTC and 2000 <= d.year <= 2020 for d in dated)
    assert all("\n\n\n" not in a.text and a.text == a.text.strip() for a in articles)
