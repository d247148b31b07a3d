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

-- The warehouse layout's rules (flows/warehouse/layout.py), stated once for readers in the macro
-- `committed_files` below:
--   1. a run's files are named part-<run_id>-<batch>.parquet;
--   2. a run counts once its runs row is committed: the commit writes that row last, so a fact
--      view keeps the files whose run has a runs row, and a reader that queries while a commit is
--      moving files sees the warehouse before or after it, never between;
--   3. a run that re-extracts stored documents (`broadsheet run --reprocess`) rewrites the files
--      that held their old rows and names the old files in its runs row (`replaced_files`, as
--      '<table>/<file name>'): from the moment that row exists they are hidden, and the commit
--      then deletes them. Readers thus see the old rows or the new ones, never both nor neither.
-- (entities and entity_variants are one file each, replaced atomically; runs rows are the commit
-- marks themselves.)

set variable warehouse = coalesce(getvariable('warehouse'), 'data/warehouse');

-- Every file of a table: the runs rows (the commit marks themselves) and entities (one file,
-- replaced whole at each commit) are read this way.
create or replace macro table_files(table_name) as table
select *
from read_parquet(
    getvariable('warehouse') || '/' || table_name || '/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true
);

-- The runs rows: every runs file but those a compaction merged into its own runs file, which
-- lists them in its replaced_files (rule 3 for the runs folder itself: until their grace period
-- ends the old files are still there, and their rows would otherwise be read twice).
create or replace view runs as
with listed as materialized (
    -- One listing of the folder for both sides of the test below: two listings taken on either
    -- side of a compaction's commit would hide the old files without showing the new one.
    select *
    from read_parquet(
        getvariable('warehouse') || '/runs/**/*.parquet',
        hive_partitioning = true,
        union_by_name = true,
        filename = true
    )
)
select * exclude (filename)
from listed
where regexp_extract(filename, '[^/]+/[^/]+$') not in (
    select unnest(replaced_files) from listed where replaced_files is not null
);

-- The runs are listed before the table's files (they stand first in the join, which DuckDB binds
-- first, and are read once): a commit moves its files in before its runs row, so whatever a
-- commit does meanwhile, the files listed include every file of every run listed. Listed the
-- other way round, a reader could see a compaction's runs row, which hides the old files,
-- without the merged files it had not listed yet.
create or replace macro committed_files(table_name) as table
with committed as materialized (select run_id, replaced_files from runs)
select f.* exclude (filename)
from (select distinct run_id from committed) as r
join read_parquet(
    getvariable('warehouse') || '/' || table_name || '/**/*.parquet',
    hive_partitioning = true,
    union_by_name = true,
    filename = true
) as f
    on r.run_id = regexp_extract(f.filename, 'part-(.+)-[0-9]+\.parquet$', 1)
where regexp_extract(f.filename, '[^/]+/[^/]+$') not in (
    select unnest(replaced_files) from committed where replaced_files is not null
);

create or replace view paragraphs as from committed_files('paragraphs');
create or replace view sentences as from committed_files('sentences');
create or replace view mentions as from committed_files('mentions');
create or replace view numbers as from committed_files('numbers');
create or replace view dates as from committed_files('dates');
create or replace view quotes as from committed_files('quotes');
create or replace view boilerplate as from committed_files('boilerplate');
create or replace view rejects as from committed_files('rejects');
create or replace view document_signatures as from committed_files('document_signatures');
create or replace view documents as from committed_files('documents');
create or replace view inputs as from committed_files('inputs');
create or replace view entities as from table_files('entities');
create or replace view entity_variants as from table_files('entity_variants');
