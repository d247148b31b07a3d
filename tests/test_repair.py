"""`broadsheet verify` and `broadsheet repair` (issue 17, item 5): a truncated file is found,
quarantined, and what it held is extracted again by `run --reprocess`, leaving the warehouse a
clean run would leave; a lost documents file's documents are removed whole, for re-feeding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows import views
from flows.checks import warehouse_digest
from flows.cli import main
from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse

from conftest import SEEDS

EXTRA = {
    "lima.txt": "Maria Lopez said, “We will open 12 schools in Lima.” The plan costs $4.5m.",
    "acme.txt": "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.",
    "paris.txt": "About 300 people marched in Paris last Friday, police said.",
}


@pytest.fixture(scope="module")
def clean(harness, tmp_path_factory) -> Path:
    """A warehouse of four documents in two runs (so two batches' files per table)."""
    corpus = tmp_path_factory.mktemp("repair-in")
    shutil.copytree(SEEDS, corpus / "seeds")
    wh = tmp_path_factory.mktemp("repair-clean") / "warehouse"
    run_pipeline(inputs=[str(corpus / "seeds")], warehouse=str(wh), batch_size=2)
    for name, text in EXTRA.items():
        (corpus / name).write_text(text, encoding="utf-8")
    run_pipeline(inputs=[str(corpus)], warehouse=str(wh), batch_size=2)
    return wh


def _copy(clean: Path, tmp_path: Path) -> Path:
    wh = tmp_path / "warehouse"
    shutil.copytree(clean, wh)
    return wh


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _part_files(wh: Path, table: str) -> list[Path]:
    folder = Warehouse.at(wh).table_dir(table)
    return sorted(p for p in folder.glob("part-*-*.parquet") if not p.name.endswith("init.parquet"))


def test_a_truncated_file_is_found_quarantined_and_reprocessed_to_a_clean_warehouse(
    clean, tmp_path, capsys
):
    wh = _copy(clean, tmp_path)
    damaged = next(p for p in _part_files(wh, "mentions") if p.stat().st_size > 0)
    _truncate(damaged)

    # A query names the file and what to do.
    with pytest.raises(SystemExit) as exit_:
        main(["sql", "select count(*) from mentions", "--warehouse", str(wh)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert damaged.name in err and "broadsheet verify" in err and "broadsheet repair" in err

    assert main(["verify", "--warehouse", str(wh)]) == 1
    out = capsys.readouterr().out
    assert f"damaged  mentions/{damaged.name}" in out

    assert main(["repair", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"quarantined mentions/{damaged.name}" in out
    assert (wh / "_quarantine" / "mentions" / damaged.name).exists()
    assert "lost facts; their text is intact" in out and "the warehouse is readable" in out
    with views.connect(wh) as con:
        marked = con.sql("select count(*) from documents where pipeline_version = 'lost-facts'")
        assert marked.fetchall()[0][0] >= 1
    # Every file reads now; until the reprocess, the marked documents' quotes may name speakers
    # whose mentions were in the quarantined file, and the whole-warehouse checks say so.
    assert main(["verify", "--warehouse", str(wh)]) == 0
    capsys.readouterr()
    if main(["verify", "--warehouse", str(wh), "--full"]) != 0:
        assert "problem  check mentions_have_entities" in capsys.readouterr().out

    summary = run_pipeline(inputs=[], warehouse=str(wh), reprocess=True)
    assert summary.status == "completed" and summary.n_documents_reprocessed >= 1
    assert warehouse_digest(wh) == warehouse_digest(clean)
    assert main(["verify", "--warehouse", str(wh), "--full"]) == 0


def test_a_lost_documents_file_removes_its_documents_whole_and_lists_them(clean, tmp_path, capsys):
    wh = _copy(clean, tmp_path)
    lost_file = _part_files(wh, "documents")[-1]  # the second run's
    import pyarrow.parquet as pq

    lost_ids = set(pq.read_table(lost_file, columns=["doc_id"]).column("doc_id").to_pylist())
    _truncate(lost_file)

    assert main(["repair", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert f"{len(lost_ids)} document(s) lost their text; feed their inputs again" in out
    assert all(doc_id in out for doc_id in lost_ids)
    digest = warehouse_digest(wh)
    assert digest["failed_checks"] == []  # no fact row left without its document
    assert set(digest["doc_ids"]) == set(warehouse_digest(clean)["doc_ids"]) - lost_ids


def test_verify_of_a_sound_warehouse_says_so(clean, capsys):
    assert main(["verify", "--warehouse", str(clean), "--full"]) == 0
    assert "no problem found" in capsys.readouterr().out


def test_the_verify_flow_passes_a_sound_warehouse_and_fails_naming_damage(clean, tmp_path):
    from flows.pipeline import WarehouseDamaged, verify_warehouse

    assert verify_warehouse(str(clean))["files"] > 0
    wh = _copy(clean, tmp_path)
    damaged = next(p for p in _part_files(wh, "quotes") if p.stat().st_size > 0)
    _truncate(damaged)
    with pytest.raises(WarehouseDamaged, match=f"damaged quotes/{damaged.name}"):
        verify_warehouse(str(wh))


def test_the_verify_flow_runs_every_check_over_the_whole_warehouse(clean, tmp_path):
    from flows.pipeline import WarehouseDamaged, verify_warehouse

    wh = _copy(clean, tmp_path)
    # Rows broken outside broadsheet: a sentence's text no longer equals its slice. The files
    # read, so only the checks over every row find it.
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = next(p for p in _part_files(wh, "sentences") if pq.read_metadata(p).num_rows)
    table = pq.read_table(path)
    texts = table.column("text").to_pylist()
    texts[0] = texts[0] + " (edited)"
    pq.write_table(
        table.set_column(table.schema.get_field_index("text"), "text", pa.array(texts)), path
    )
    with pytest.raises(WarehouseDamaged, match="check span_text_equals_slice failed on 1 row"):
        verify_warehouse(str(wh))
