"""The entities dimension a run updates from its own mentions (issue 19, item 3) is the table a
rebuild from every mention gives: counts, chosen labels and names, and places."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows import views
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse, build_dimension

from conftest import SEEDS, SHARED

# Three runs whose documents name some of the same entities in other forms, so that counts add
# up across runs and an entity's most frequent name can change with a later run.
RUNS = [
    {
        "a1.txt": "Joe Biden met Olaf Scholz in Berlin on Monday. Biden said NATO would stay.",
        "a2.txt": "NATO ministers met in Brussels. Jens Stoltenberg said the alliance was ready.",
    },
    {
        "b1.txt": "President Biden flew to Warsaw. Biden spoke about NATO and about Ukraine.",
        "b2.txt": "In Berlin, Scholz said Germany would send more aid to Ukraine, Reuters said.",
        "b3.txt": "Stoltenberg said NATO allies in Brussels agreed on a plan for Ukraine.",
    },
    {
        "c1.txt": "Joseph Biden and Joseph Biden's aides met in Paris. Biden praised France.",
        "c2.txt": "Reuters reported that Olaf Scholz and Emmanuel Macron met in Paris on Friday.",
    },
]


def _committed(wh: Path) -> tuple[list[dict], list[dict]]:
    folder = Warehouse.at(wh)
    return (
        pq.read_table(folder.table_dir("entities") / "entities.parquet").to_pylist(),
        pq.read_table(folder.table_dir("entity_variants") / "entity_variants.parquet").to_pylist(),
    )


def _rebuilt(wh: Path) -> tuple[list[dict], list[dict]]:
    entities, variants = build_dimension(wh)  # no run: from every committed mention
    return entities.to_pylist(), variants.to_pylist()


def test_runs_that_add_documents_update_entities_as_a_rebuild_would(harness, tmp_path):
    wh, inbox = tmp_path / "warehouse", tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    for files in RUNS:
        for name, text in files.items():
            (inbox / name).write_text(text, encoding="utf-8")
        run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
        committed = _committed(wh)
        assert committed == _rebuilt(wh)
    entities = {e["entity_key"]: e for e in committed[0]}
    with views.connect(wh) as con:
        mentions = dict(
            con.execute("select entity_key, count(*) from mentions group by 1").fetchall()
        )
    assert {k: e["n_mentions"] for k, e in entities.items()} == mentions
    # Counts added across the three runs, and a place resolved by a later run.
    nato = next(e for e in entities.values() if e["canonical_name"] == "NATO")
    assert nato["n_documents"] >= 4 and nato["n_mentions"] >= 5
    paris = next(e for e in entities.values() if e["canonical_name"] == "Paris")
    assert paris["country_code"] == "FR"


@pytest.mark.skipif(not (SHARED / "corpora" / "bbc").is_dir(), reason="needs ../shared/corpora/bbc")
def test_the_same_on_bbc_articles_in_small_runs(harness, tmp_path):
    wh, inbox = tmp_path / "warehouse", tmp_path / "inbox"
    inbox.mkdir()
    articles = sorted((SHARED / "corpora" / "bbc" / "politics").glob("*.txt"))[:24]
    for i in range(0, len(articles), 8):
        for path in articles[i : i + 8]:
            shutil.copy(path, inbox / path.name)
        run_pipeline(inputs=[str(inbox)], warehouse=str(wh))
        assert _committed(wh) == _rebuilt(wh)


def test_a_run_that_adds_documents_reads_no_committed_mention(tmp_path, monkeypatch):
    """The update path is the one taken: with the rebuild from every mention made to fail, the
    second run's dimension still comes out (and adds up)."""
    import datetime as dt

    from flows import warehouse as store
    from flows.schema import Mention, Run
    from flows.warehouse import derive

    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    def stage(run_id: str, doc_id: str, names: list[str]) -> None:
        mentions = [
            Mention(doc_id, i, 0, 0, len(n), n, "ORG", "org:" + n.lower(), n)
            for i, n in enumerate(names)
        ]
        store.init_warehouse(tmp_path)
        store.stage_batch(tmp_path, run_id, 0, {"mentions": mentions})
        run = Run(run_id, t0, t0, "completed", 1, 1, 0, 0, "t")
        store.stage_run(tmp_path, run, rebuild_entities=True)
        store.commit(tmp_path, run_id)

    stage("r1", "d1", ["NATO", "NATO", "Acme"])

    def no_rebuild(*args, **kwargs):
        raise AssertionError("rebuilt from every mention")

    monkeypatch.setattr(derive, "_rebuilt", no_rebuild)
    stage("r2", "d2", ["NATO", "Reuters"])
    entities, _ = _committed(tmp_path)
    assert {e["entity_key"]: (e["n_mentions"], e["n_documents"]) for e in entities} == {
        "org:nato": (3, 2),
        "org:acme": (1, 1),
        "org:reuters": (1, 1),
    }
    monkeypatch.undo()
    assert _committed(tmp_path) == _rebuilt(tmp_path)
