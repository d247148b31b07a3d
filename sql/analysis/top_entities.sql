-- Most-mentioned entities across the warehouse: canonical name, label, mentions and documents.
-- Grain: one row per entity (entity_key), most-mentioned first.
-- Read from the entities dimension, whose counts every commit keeps equal to the mentions (a run
-- updates the entities it touched, --reprocess and repair rebuild it): an aggregation over every
-- mention instead cost seconds at 100k documents (issue 19). A mention whose entity has no
-- entities row (a warehouse written before its next commit) is counted from the mentions, named
-- and labelled as most of its mentions are.

with

entities as (
    select * from stg_entities
),

orphan_mentions as (
    select mentions.*
    from stg_mentions as mentions
    anti join entities
        on mentions.entity_key = entities.entity_key
    where mentions.entity_key is not null
),

orphans as (
    select
        entity_key,
        mode(document_canonical_name) as canonical_name,
        mode(entity_label) as label,
        count(*) as n_mentions,
        count(distinct doc_id) as n_documents,
    from orphan_mentions
    group by entity_key
),

final as (
    select
        entity_key,
        canonical_name,
        entity_label as label,
        n_mentions,
        n_documents,
    from entities
    union all by name
    select
        entity_key,
        canonical_name,
        label,
        n_mentions,
        n_documents,
    from orphans
)

select
    entity_key,
    canonical_name,
    label,
    cast(n_mentions as bigint) as n_mentions,
    cast(n_documents as bigint) as n_documents,
from final
order by n_mentions desc, n_documents desc, canonical_name, entity_key
