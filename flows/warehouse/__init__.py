"""The warehouse: Parquet files per table, written by runs that commit all at once.

- `layout`: where each table's files are and which a reader sees (the layout's three rules).
- `journal`: staging, the commit journal, recovery, and replacing re-extracted documents' files.
- `derive`: what is computed from committed rows (entities and places, known documents and
  rejects, inputs read unchanged, near-duplicate candidates, stale documents, row counts).
"""

from __future__ import annotations

from flows.errors import WarehouseError
from flows.warehouse.derive import (
    band_key_index,
    build_dimension,
    build_entities,
    input_key,
    known_doc_ids,
    known_rejects,
    read_inputs,
    row_counts,
    signature_candidates,
    signature_rows,
    stale_documents,
    with_places,
)
from flows.warehouse.journal import (
    COMPACT_MIN_FILES,
    REEXTRACTED_TABLES,
    Recovery,
    commit,
    compact_staging,
    discard_staging,
    drop_staged_rows,
    init_warehouse,
    is_committed,
    recover,
    retire_replaced,
    stage_batch,
    stage_replacements,
    stage_run,
    staging_dir,
)
from flows.warehouse.layout import JOURNAL, STAGING, Warehouse, scan_sql

__all__ = [
    "COMPACT_MIN_FILES",
    "JOURNAL",
    "REEXTRACTED_TABLES",
    "STAGING",
    "Recovery",
    "Warehouse",
    "WarehouseError",
    "band_key_index",
    "build_dimension",
    "build_entities",
    "commit",
    "compact_staging",
    "discard_staging",
    "drop_staged_rows",
    "init_warehouse",
    "input_key",
    "is_committed",
    "known_doc_ids",
    "known_rejects",
    "read_inputs",
    "recover",
    "retire_replaced",
    "row_counts",
    "scan_sql",
    "signature_candidates",
    "signature_rows",
    "stage_batch",
    "stage_replacements",
    "stage_run",
    "staging_dir",
    "stale_documents",
    "with_places",
]
