"""A hostile corpus, built here: every input ends in documents or rejects, nothing crashes the run.

One real `broadsheet run` in a subprocess (as a scheduled job runs it), then a second run of the
same flow, in this process (a process start less), that must change nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, SEED_FILE, cli_env

MB = 1024 * 1024


def _write(path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    d = os.fsencode(root)
    seed = SEED_FILE.read_bytes()
    article = (
        "Ministers met in Brussels on Tuesday. “We agreed on the budget,” said Ursula Lee, "
        "adding that some 300 officials would attend the summit."
    )
    plain = article.replace("“", '"').replace("”", '"')
    files: dict[bytes, bytes] = {
        b"empty.txt": b"",
        b"whitespace.txt": b" \n\t \n\n",
        b"binary.txt": bytes(range(256)) * 64,
        b"utf16.txt": ("UTF-16 article. " + article).encode("utf-16"),
        b"latin1.txt": ("Latin-1 article: Müller à Genève. " + plain).encode("latin-1"),
        b"cp1252.txt": ("cp1252 article — “quoted” €5. " + article).encode("cp1252"),
        b"nuls.txt": ("NUL article.\x00 " + article + "\x00").encode(),
        b"mojibake.txt": ("Mojibake article: cafÃ© owners said â€œnoâ€\x9d. " + article).encode(),
        b"long_line.txt": b"x" * (20 * MB),
        b"big.txt": (article.encode() + b"\n\n") * (30 * MB // (len(article) + 2)),
        b"bomb.txt.gz": gzip.compress(b"\0" * (200 * MB)),
        b"truncated.txt.gz": gzip.compress(seed)[:200],
        b"deep.html": b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000,
        b"page.html": (
            b"<html><head><title>A page</title></head><body><nav>Home | News</nav><article>"
            + b"".join(b"<p>" + article.encode() + b" Paragraph %d.</p>" % i for i in range(6))
            + b"</article><footer>Copyright 2024</footer></body></html>"
        ),
        b"feed.jsonl": b"\n".join(
            [
                json.dumps(
                    {
                        "id": "1",
                        "text": "JSONL article one. " + article,
                        "published_at": "2022-01-26T10:00:00Z",
                    }
                ).encode(),
                b"{broken json",
                json.dumps({"id": "3", "title": "no text field"}).encode(),
                json.dumps({"id": "4", "text": "y" * (6 * MB)}).encode(),
                json.dumps({"id": "5", "text": "JSONL article five. " + article}).encode(),
            ]
        ),
        b"seed copy.txt": seed,
        b"seed.txt": seed,  # same content, another name: one document
        b"quote'\"name.txt": b"Odd name one. " + article.encode(),
        b"new\nline.txt": b"Odd name two. " + article.encode(),
        b"bad\xffbyte.txt": b"Odd name three. " + article.encode(),
        b"notes.pdf": b"%PDF-1.4 not text",
    }
    for name, data in files.items():
        _write(d + b"/" + name, data)
    os.mkdir(d + b"/loop")
    os.symlink(d + b"/loop", d + b"/loop/again")
    return root


def _run(corpus, warehouse, tmp_path_factory, api_url):
    env = cli_env(tmp_path_factory.mktemp("prefect-home"), api_url)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "run",
            str(corpus),
            "--warehouse",
            str(warehouse),
            "--json",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def first_run(corpus, tmp_path_factory, prefect_api):
    warehouse = tmp_path_factory.mktemp("wh") / "warehouse"
    proc = _run(corpus, warehouse, tmp_path_factory, prefect_api)
    return warehouse, proc


def test_run_succeeds_quietly(first_run):
    _, proc = first_run
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "ERROR" not in output, output[-3000:]


def test_every_input_is_accounted_for(first_run, corpus):
    warehouse, proc = first_run
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    con = duckdb.connect()
    docs = con.sql(
        f"select source_uri from read_parquet('{warehouse}/documents/*.parquet')"
    ).fetchall()
    rejects = dict(
        con.sql(
            f"select source_uri, reason from read_parquet('{warehouse}/rejects/*.parquet')"
        ).fetchall()
    )
    root = str(corpus)
    expected_rejects = {
        "empty.txt": "empty",
        "whitespace.txt": "empty",
        "binary.txt": "binary",
        "long_line.txt": "too_large",
        "big.txt": "too_large",
        "bomb.txt.gz": "too_large",
        "truncated.txt.gz": "bad_gzip",
        "deep.html": "bad_html",
        "notes.pdf": "unsupported",
        "feed.jsonl#2": "bad_record",
        "feed.jsonl#3": "bad_record",
        "feed.jsonl#4": "too_large",
    }
    assert {uri.removeprefix(root + "/"): r for uri, r in rejects.items()} == expected_rejects
    names = sorted(uri.removeprefix(root + "/") for (uri,) in docs)
    assert names == sorted(
        [
            "utf16.txt",
            "latin1.txt",
            "cp1252.txt",
            "nuls.txt",
            "mojibake.txt",
            "page.html",
            "feed.jsonl#1",
            "feed.jsonl#5",
            "quote'\"name.txt",
            "new\nline.txt",
            "bad\\xffbyte.txt",
            "seed copy.txt",
        ]
    )
    # seed.txt is the same content as "seed copy.txt": skipped, not a second document.
    assert summary["n_documents_skipped"] == 1
    assert summary["n_inputs"] == len(names) + len(expected_rejects) + 1
    assert summary["n_rejected"] == len(expected_rejects)


def test_non_utf8_text_is_decoded_correctly(first_run):
    warehouse, _ = first_run
    texts = dict(
        duckdb.sql(
            f"select regexp_extract(source_uri, '[^/]+$'), text "
            f"from read_parquet('{warehouse}/documents/*.parquet')"
        ).fetchall()
    )
    assert texts["latin1.txt"].startswith("Latin-1 article: Müller à Genève.")
    assert texts["cp1252.txt"].startswith("cp1252 article — “quoted” €5.")
    assert texts["utf16.txt"].startswith("UTF-16 article.")
    assert texts["nuls.txt"].startswith("NUL article. Ministers")
    assert texts["mojibake.txt"].startswith("Mojibake article: café owners said “no”.")
    assert "\x00" not in "".join(texts.values())


def test_second_run_changes_nothing(first_run, corpus, harness):
    from flows.config import Settings
    from flows.pipeline import run

    warehouse, _ = first_run

    def counts():
        return {
            t: duckdb.sql(
                f"select count(*) from read_parquet('{warehouse}/{t}/*.parquet')"
            ).fetchall()[0][0]
            for t in ("documents", "rejects", "sentences", "mentions", "entities")
        }

    before = counts()
    # What `broadsheet run --workers 1` runs, with the CLI's defaults (Settings').
    summary = run([str(corpus)], Settings(warehouse=warehouse, workers=1))
    assert summary.status == "completed"
    assert summary.n_documents_new == 0
    assert counts() == before
