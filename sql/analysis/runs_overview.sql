-- Pipeline runs, newest first, with their input accounting and whether it balances.
-- Grain: one row per run (run_id).
-- is_balanced checks the contract rule n_inputs = n_documents_new + n_documents_skipped + n_rejected.

with

runs as (
    select * from runs
),

final as (
    select
        run_id,
        status,
        started_at,
        finished_at,
        finished_at - started_at as duration,
        n_inputs,
        n_documents_new,
        n_documents_skipped,
        n_rejected,
        n_inputs = n_documents_new + n_documents_skipped + n_rejected as is_balanced,
        pipeline_version,
    from runs
)

select *
from final
order by started_at desc, run_id
