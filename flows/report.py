"""Run reports: what one run wrote, as a table of rows per table and a short markdown summary.

`rows_written` and `run_markdown` read only the committed warehouse (through flows.views), so they
work on any run id, long after the run. `publish_run_report` turns both into Prefect artifacts
(the only function here that imports Prefect) for the flow to call after its commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import duckdb

from flows import views
from flows.runtime.committer import Call, here
from flows.schema import TABLES, columns

if TYPE_CHECKING:
    from flows.ledger import RunSummary

#: Prefect artifact keys (lower-case letters, digits and dashes): one history per key in the UI.
ROWS_ARTIFACT_KEY = "broadsheet-rows-written"
SUMMARY_ARTIFACT_KEY = "broadsheet-run-summary"

#: Rows shown per section of the markdown summary.
DEFAULT_LIMIT = 10
#: Longest quotation or detail shown in full in the markdown; longer ones are cut with an ellipsis.
MAX_CELL_CHARS = 160

_RUN_DOCS = "select doc_id from documents where run_id = $run_id"
#: What `run_markdown` reads (views.views_for adds what those are built on): the run's report
#: creates only these views, not every mart.
_MARKDOWN_READS = (
    "documents stg_runs stg_mentions stg_entities stg_numbers stg_rejects quotes_attributed"
)


def _count(con: duckdb.DuckDBPyConnection, sql: str, run_id: str) -> int:
    row = con.execute(sql, {"run_id": run_id}).fetchone()
    return int(row[0]) if row else 0


def rows_written(warehouse: str | Path, run_id: str) -> list[dict[str, Any]]:
    """One dict per table: `table`, `rows_written` by the run, `rows_total` in the warehouse.

    A table with a run_id column counts the run's rows; one keyed by doc_id counts the rows of the
    documents the run added (a document is written by one run only). `entities` is rebuilt whole
    by every run that adds documents: its rows_written are the entities those documents mention
    (entity_variants: those entities' variants).
    """
    with views.connect(warehouse, snapshot=True, only=set(TABLES)) as con:
        out = []
        for table in TABLES:
            cols = columns(table)
            if "run_id" in cols:
                sql = f"select count(*) from {table} where run_id = $run_id"
            elif "doc_id" in cols:
                sql = f"select count(*) from {table} where doc_id in ({_RUN_DOCS})"
            elif table == "entities":
                sql = (
                    f"select count(distinct entity_key) from mentions where doc_id in ({_RUN_DOCS})"
                )
            elif table == "entity_variants":
                sql = (
                    "select count(*) from entity_variants where entity_key in "
                    f"(select entity_key from mentions where doc_id in ({_RUN_DOCS}))"
                )
            else:  # a table that cannot be traced to a run: report its total only
                sql = None
            total = con.execute(f"select count(*) from {table}").fetchone()
            out.append(
                {
                    "table": table,
                    "rows_written": 0 if sql is None else _count(con, sql, run_id),
                    "rows_total": int(total[0]) if total else 0,
                }
            )
    return out


def _cell(value: Any) -> str:
    """A value as one markdown table cell: one line, pipes escaped, long text cut."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    else:
        text = " ".join(str(value).split())
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1].rstrip() + "…"
    return text.replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    if not rows:
        return "_none_"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def run_markdown(
    warehouse: str | Path,
    run_id: str,
    *,
    rejects: Sequence[tuple[str, str, str]] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """A markdown summary of one run: accounting, top entities, numbers, quotes and rejects.

    The facts shown are those of the documents the run added. `rejects` (source_uri, reason,
    detail) replaces the warehouse's rejects of the run, which hold each bad input only once
    across runs, when the caller has the run's full list.
    """
    params = {"run_id": run_id, "limit": limit}
    with views.connect(warehouse, snapshot=True, only=views.views_for(_MARKDOWN_READS)) as con:
        run = con.execute(
            "select run_status, n_inputs, n_documents_new, n_documents_skipped, n_rejected, "
            "duration_seconds from stg_runs where run_id = $run_id",
            {"run_id": run_id},
        ).fetchone()
        entities = con.execute(
            f"""
            select
                any_value(coalesce(e.canonical_name, m.document_canonical_name)),
                any_value(coalesce(e.entity_label, m.entity_label)),
                count(*) as n_mentions,
                count(distinct m.doc_id) as n_documents,
            from stg_mentions as m
            left join stg_entities as e on m.entity_key = e.entity_key
            where m.doc_id in ({_RUN_DOCS})
            group by m.entity_key
            order by n_mentions desc, n_documents desc, 1
            limit $limit
            """,
            params,
        ).fetchall()
        numbers = con.execute(
            f"""
            select number_value, unit, counted_object, qualifier, number_text
            from stg_numbers
            where doc_id in ({_RUN_DOCS}) and counted_object is not null
            order by number_value desc nulls last, doc_id, number_idx
            limit $limit
            """,
            params,
        ).fetchall()
        quotes = con.execute(
            f"""
            select speaker_name, speech_verb, quote_text
            from quotes_attributed
            where doc_id in ({_RUN_DOCS})
            order by published_at nulls last, doc_id, quote_idx
            limit $limit
            """,
            params,
        ).fetchall()
        if rejects is None:
            rejects = con.execute(
                "select source_uri, reject_reason, reject_detail from stg_rejects "
                "where run_id = $run_id order by source_uri",
                {"run_id": run_id},
            ).fetchall()
    if run is None:
        head = "_No runs row for this run: it has not committed._"
    else:
        status, n_inputs, n_new, n_skipped, n_rejected, seconds = run
        head = (
            f"**{status}** in {seconds or 0:.1f} s: {n_inputs} inputs, {n_new} new, "
            f"{n_skipped} skipped (already in the warehouse), {n_rejected} rejected"
        )
    shown_rejects = list(rejects)[:limit]
    more = len(rejects) - len(shown_rejects)
    sections = [
        f"# broadsheet run `{run_id}`",
        head,
        "## Top entities",
        _table(("entity", "label", "mentions", "documents"), entities),
        "## Numbers and what they count",
        _table(("value", "unit", "object", "hedge", "as written"), numbers),
        "## Quotes",
        _table(("speaker", "verb", "quote"), quotes),
        "## Rejected inputs",
        _table(("input", "reason", "detail"), shown_rejects)
        + (f"\n\n… and {more} more (see the rejects table)" if more > 0 else ""),
    ]
    return "\n\n".join(sections) + "\n"


def publish_run_report(
    warehouse: str | Path, summary: RunSummary, *, call: Call = here
) -> tuple[UUID, UUID]:
    """Publish the run's table and markdown artifacts to Prefect; their ids back.

    Call it after the commit (the reports read the committed warehouse); inside a flow run the
    artifacts attach to that run. `call` runs the two queries: the flow passes its commit helper's
    (their memory grows with the warehouse).
    """
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    table_id = create_table_artifact(
        table=call(rows_written, warehouse, summary.run_id),
        key=ROWS_ARTIFACT_KEY,
        description=f"Rows written per table by broadsheet run {summary.run_id} "
        "(entities: the entities its new documents mention; the table is rebuilt whole).",
    )
    markdown_id = create_markdown_artifact(
        markdown=call(run_markdown, warehouse, summary.run_id, rejects=summary.rejects),
        key=SUMMARY_ARTIFACT_KEY,
        description=f"What broadsheet run {summary.run_id} found",
    )
    return table_id, markdown_id
