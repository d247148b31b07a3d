-- Inputs that could not become documents, counted by reject reason, with an example of each.
-- Grain: one row per reason code, most frequent first.
-- n_inputs counts distinct fingerprints: the same bad bytes seen under two names are one input.

with

rejects as (
    select * from rejects
),

final as (
    select
        reason,
        count(*) as n_rejects,
        count(distinct fingerprint) as n_inputs,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at,
        arg_min(source_uri, seen_at) as example_source_uri,
        arg_min(detail, seen_at) as example_detail,
    from rejects
    group by reason
)

select *
from final
order by n_rejects desc, reason
