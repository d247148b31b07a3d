-- Most-mentioned entities across the warehouse: canonical name, label, mentions and documents.
-- Grain: one row per entity (entity_key), most-mentioned first.
-- Totals of the mentions_daily mart over all days: counts come from the mentions rather than
-- entities.n_mentions so that they always match the facts, and a document falls on one day only,
-- so its per-day document counts add up. The name and label fall back to the mentions when an
-- entity has no entities row yet (then the form named on its busiest day).

with

mentions_daily as (
    select * from mentions_daily
),

final as (
    select
        entity_key,
        arg_max(canonical_name, n_mentions) as canonical_name,
        arg_max(entity_label, n_mentions) as label,
        cast(sum(n_mentions) as bigint) as n_mentions,
        cast(sum(n_documents) as bigint) as n_documents,
    from mentions_daily
    group by entity_key
)

select *
from final
order by n_mentions desc, n_documents desc, canonical_name, entity_key
