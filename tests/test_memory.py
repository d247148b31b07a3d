"""What keeps the flow's own process from growing with the warehouse: capped DuckDB connections
that spill outside the repository, and checks counted without fetching their rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq

from flows import checks, storage
from flows import warehouse as store
from flows.schema import Run, arrow_schema

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _setting(con, name: str) -> str:
    return str(con.execute(f"select current_setting('{name}')").fetchone()[0])


def test_connections_are_capped_and_spill_to_a_folder_of_their_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # DuckDB's own default spill folder would be ./.tmp
    with storage.connect(tmp_path) as con:
        assert _setting(con, "memory_limit") == "488.2 MiB"  # 512 MB
        assert 1 <= int(_setting(con, "threads")) <= 4
        spill = Path(_setting(con, "temp_directory"))
        assert spill.is_absolute() and not spill.is_relative_to(tmp_path)
        with storage.connect(tmp_path) as other:  # another connection, another folder
            assert Path(_setting(other, "temp_directory")) != spill
        # Past the cap a large aggregation spills instead of failing or growing.
        con.execute("set memory_limit = '24MB'")
        n = con.execute(
            "select count(*) from (select distinct i::varchar || '-padding-padding' as s "
            "from range(1500000) t(i))"
        ).fetchone()[0]
        assert n == 1_500_000
        assert spill.is_dir()  # it did spill, into its own folder
    assert not spill.exists()  # removed with the connection
    assert not (tmp_path / ".tmp").exists()
    with storage.connect(tmp_path, threads=1, memory_limit="64MB") as con:  # the caller wins
        assert _setting(con, "threads") == "1"
        assert _setting(con, "memory_limit") == "61.0 MiB"


def test_a_failing_check_is_counted_whole_with_a_sample(tmp_path):
    (tmp_path / "many.sql").write_text(
        "-- Every row fails.\nselect i from range(25003) t(i)\n", encoding="utf-8"
    )
    (tmp_path / "none.sql").write_text("-- Nothing fails.\nselect 1 where false\n")
    with storage.connect(tmp_path) as con:
        many, none = checks.run_checks(con, tmp_path)
    assert (many.name, many.n_rows, len(many.sample), many.ok) == ("many", 25003, 3, False)
    assert many.purpose == "Every row fails."
    assert (none.n_rows, none.sample, none.ok) == (0, [], True)


def test_the_commit_writes_a_schema_only_dimension_when_there_is_no_mention(tmp_path):
    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    store.stage_run(wh, Run("r1", T0, T0, "completed", 0, 0, 0, 0, "t"), rebuild_entities=True)
    staged = store.staging_dir(wh, "r1") / "entities" / "entities.parquet"
    table = pq.read_table(staged)
    assert table.num_rows == 0
    assert table.schema.equals(arrow_schema("entities"), check_metadata=True)
