-- Most-mentioned entities across the warehouse: canonical name, label, mentions and documents.
-- Grain: one row per entity (entity_key), most-mentioned first.
-- Counts come from mentions rather than entities.n_mentions so that they always match the facts;
-- the name and label fall back to the mentions when an entity has no entities row yet.

with

mentions as (
    select * from mentions
),

entities as (
    select * from entities
),

mention_counts as (
    select
        entity_key,
        count(*) as n_mentions,
        count(distinct doc_id) as n_documents,
        -- the most frequent per-document canonical form, for entities missing from `entities`
        mode(canonical_name) as mention_canonical_name,
        mode(label) as mention_label,
    from mentions
    group by entity_key
),

final as (
    select
        mention_counts.entity_key,
        coalesce(entities.canonical_name, mention_counts.mention_canonical_name) as canonical_name,
        coalesce(entities.label, mention_counts.mention_label) as label,
        mention_counts.n_mentions,
        mention_counts.n_documents,
    from mention_counts
    left join entities
        on mention_counts.entity_key = entities.entity_key
)

select *
from final
order by n_mentions desc, n_documents desc, canonical_name, entity_key
