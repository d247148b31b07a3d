"""Run reports: rows written per table and the markdown summary, from the warehouse alone, and
both published as Prefect artifacts that can be read back from the API."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterId
from prefect.runtime import flow_run
from test_sql import RUN_ID, build_fixture_rows, write_warehouse

from flows import report, schema
from flows.ledger import RunSummary
from flows.report import (
    ROWS_ARTIFACT_KEY,
    SUMMARY_ARTIFACT_KEY,
    publish_run_report,
    rows_written,
    run_markdown,
)

FIXTURE_ROWS = {table: len(rows) for table, rows in build_fixture_rows().items()}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_warehouse(tmp_path_factory.mktemp("report") / "warehouse", build_fixture_rows())


def test_rows_written_by_the_run(warehouse: Path) -> None:
    got = {
        r["table"]: (r["rows_written"], r["rows_total"]) for r in rows_written(warehouse, RUN_ID)
    }
    assert list(got) == list(schema.TABLES)
    # Every fixture row was written by RUN_ID; entities counts the 4 entities its documents name.
    assert got == {t: (n, n) for t, n in FIXTURE_ROWS.items()}


def test_rows_written_by_another_run_are_none(warehouse: Path) -> None:
    got = {r["table"]: (r["rows_written"], r["rows_total"]) for r in rows_written(warehouse, "x")}
    assert got == {t: (0, n) for t, n in FIXTURE_ROWS.items()}


def test_markdown_summary(warehouse: Path) -> None:
    md = run_markdown(warehouse, RUN_ID)
    assert md.startswith(f"# broadsheet run `{RUN_ID}`\n")
    assert (
        "**completed** in 60.0 s: 6 inputs, 3 new, 0 skipped (already in the warehouse), "
        "3 rejected" in md
    )
    assert "| John Kirby | PERSON | 5 | 2 |" in md
    assert "| 8,500 |  | troops | approximate | some 8,500 |" in md
    assert "| 1,000 |  | troops | more_than | more than 1,000 |" in md
    assert "| John Kirby | reiterated | We are ready |" in md
    assert "| an official | said | It is a drill |" in md
    assert "| seeds/photo.jpg | binary | NUL bytes in the first 8 KiB |" in md
    sections = [line for line in md.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Top entities",
        "## Numbers and what they count",
        "## Quotes",
        "## Rejected inputs",
    ]


def test_markdown_limit_and_given_rejects(warehouse: Path) -> None:
    rejects = [(f"in/{i}.bin", "binary", "NUL bytes") for i in range(3)]
    md = run_markdown(warehouse, RUN_ID, rejects=rejects, limit=2)
    assert "| John Kirby | PERSON | 5 | 2 |" in md and "| NATO | ORG | 2 | 2 |" in md
    assert "Pentagon" not in md.split("## Numbers")[0]  # third entity: over the limit
    assert "| in/1.bin | binary | NUL bytes |" in md and "in/2.bin" not in md
    assert "… and 1 more (see the rejects table)" in md


def test_markdown_for_an_unknown_run(warehouse: Path) -> None:
    md = run_markdown(warehouse, "never-ran")
    assert "_No runs row for this run: it has not committed._" in md
    assert md.count("_none_") == 4


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (8500.0, "8,500"),
        (12.5, "12.5"),
        ("a | b", "a \\| b"),
        ("two\n\nparagraphs", "two paragraphs"),
        ("x" * 500, "x" * (report.MAX_CELL_CHARS - 1) + "…"),
    ],
)
def test_cells_stay_on_one_line(value: object, cell: str) -> None:
    assert report._cell(value) == cell


@flow
def publishing_flow(warehouse: str) -> tuple[UUID, UUID, str]:
    """What the pipeline does after its commit: publish the report of its own run."""
    summary = RunSummary(
        run_id=RUN_ID, status="completed", warehouse=warehouse, rejects=[("a.txt", "empty", "")]
    )
    table_id, markdown_id = publish_run_report(warehouse, summary)
    return table_id, markdown_id, str(flow_run.get_id())


def test_publish_run_report_as_artifacts(harness: None, warehouse: Path) -> None:
    table_id, markdown_id, flow_run_id = publishing_flow(str(warehouse))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(id=ArtifactFilterId(any_=[table_id, markdown_id]))
        )
    assert {str(a.flow_run_id) for a in artifacts} == {flow_run_id}
    by_key = {a.key: a for a in artifacts}
    assert set(by_key) == {ROWS_ARTIFACT_KEY, SUMMARY_ARTIFACT_KEY}
    table = by_key[ROWS_ARTIFACT_KEY]
    assert table.type == "table"
    data = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert data == rows_written(warehouse, RUN_ID)
    markdown = by_key[SUMMARY_ARTIFACT_KEY]
    assert markdown.type == "markdown"
    assert markdown.data == run_markdown(warehouse, RUN_ID, rejects=[("a.txt", "empty", "")])
    assert "| a.txt | empty |  |" in markdown.data
    for key in (ROWS_ARTIFACT_KEY, SUMMARY_ARTIFACT_KEY):
        assert key == key.lower() and set(key) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
