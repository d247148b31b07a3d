-- Declares every warehouse table as a DuckDB view over its Parquet files.
-- Grain: one view per table of flows.schema.TABLES, named after the table, with that table's grain.
--
-- This is the only file that names Parquet paths; everything else in sql/ reads these views.
-- The warehouse folder comes from the DuckDB variable `warehouse`. In the duckdb CLI, from the
-- repository root:
--
--     set variable warehouse = 'data/warehouse';
--     .read sql/sources.sql
--     .read sql/analysis/top_entities.sql
--
-- When the variable is not set, the first statement below sets it to the pipeline's default,
-- 'data/warehouse' (flows.config.DEFAULT_WAREHOUSE). From Python, flows.views.connect(warehouse)
-- sets the variable to an absolute path, then runs this file unchanged.
--
-- Why a variable rather than a literal path: one file then serves every warehouse. DuckDB
-- (checked on 2.0.1) evaluates getvariable() in a view each time the view is queried, not when it
-- is created, so:
--   * relative paths resolve against the working directory of the process running the query;
--   * changing the variable re-points every view at once (set variable warehouse = '...');
--   * a view stored in a DuckDB database file needs the variable set again in every new session,
--     otherwise read_parquet fails with "cannot take NULL list as parameter".
--
-- hive_partitioning and union_by_name follow the data contract: a table may be split into
-- key=value folders (the key becomes a column) and older files may lack newer columns.

-- Only committed runs are visible: a run's files are named part-<run_id>-<batch>.parquet and its
-- runs row is written last, so a fact view keeps the files whose run has a runs row. A reader that
-- queries while a commit is moving files sees the warehouse before or after it, never between.
-- (entities is one file, replaced atomically; runs rows are the commit marks themselves.)

set variable warehouse = coalesce(getvariable('warehouse'), 'data/warehouse');

-- A run that re-extracts stored documents (`broadsheet run --reprocess`) rewrites the files that
-- held their old rows and names the old files in its runs row (`replaced_files`, as
-- '<table>/<file name>'): from the moment that row exists they are hidden, and the commit then
-- deletes them. Readers thus see the old rows or the new ones, never both nor neither.

create or replace view runs as
select *
from read_parquet(
    getvariable('warehouse') || '/runs/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true
);

create or replace view paragraphs as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/paragraphs/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view sentences as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/sentences/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view mentions as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/mentions/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view numbers as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/numbers/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view dates as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/dates/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view quotes as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/quotes/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view boilerplate as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/boilerplate/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view rejects as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/rejects/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view document_signatures as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/document_signatures/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view documents as
select * exclude (filename)
from read_parquet(
    getvariable('warehouse') || '/documents/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
)
where regexp_extract(filename, 'part-(.+)-[0-9]+\.parquet$', 1) in (select run_id from runs)
    and regexp_extract(filename, '[^/]+/[^/]+$') not in (select unnest(replaced_files) from runs);

create or replace view entities as
select *
from read_parquet(
    getvariable('warehouse') || '/entities/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true
);

