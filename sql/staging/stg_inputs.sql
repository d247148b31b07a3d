-- Input files as runs read them, typed and renamed: a run skips a file read before, unchanged.
-- Grain: one row per document an input gave when a run read it (source_uri, version, record).
-- The version is the file's size and modification time (or ETag) when it was read.

create or replace view stg_inputs as

with

source as (
    select * from inputs
),

renamed as (
    select
        cast(source_uri as varchar) as source_uri,
        cast(version as varchar) as input_version,
        cast(record as integer) as record_idx,
        cast(doc_id as varchar) as doc_id,
        cast(run_id as varchar) as run_id,
    from source
)

select * from renamed
