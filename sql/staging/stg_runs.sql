-- Pipeline runs, typed and renamed: when each run ran, how it ended and its input accounting.
-- Grain: one row per run (run_id).

create or replace view stg_runs as

with

source as (
    select * from runs
),

renamed as (
    select
        cast(run_id as varchar) as run_id,
        cast(started_at as timestamptz) as started_at,
        cast(finished_at as timestamptz) as finished_at,
        epoch(finished_at) - epoch(started_at) as duration_seconds,
        cast(status as varchar) as run_status,
        cast(n_inputs as bigint) as n_inputs,
        cast(n_documents_new as bigint) as n_documents_new,
        cast(n_documents_skipped as bigint) as n_documents_skipped,
        cast(n_rejected as bigint) as n_rejected,
        n_inputs = n_documents_new + n_documents_skipped + n_rejected as is_balanced,
        cast(pipeline_version as varchar) as pipeline_version,
        cast(coalesce(n_documents_reprocessed, 0) as bigint) as n_documents_reprocessed,
        cast(coalesce(n_files_replaced, len(replaced_files), 0) as bigint) as n_files_replaced,
        cast(coalesce(n_documents_unread, 0) as bigint) as n_documents_unread,
    from source
)

select * from renamed
