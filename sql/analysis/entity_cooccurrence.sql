-- Pairs of entities mentioned in the same sentence, with how many sentences and documents share them.
-- Grain: one row per unordered entity pair (entity_key_a < entity_key_b), most frequent first.
-- An entity named twice in one sentence counts once for that sentence.

with

mentions as (
    select * from mentions
),

entities as (
    select * from entities
),

sentence_entities as (
    select distinct
        doc_id,
        sentence_idx,
        entity_key,
    from mentions
),

mention_names as (
    -- fallback names for entities missing from `entities`
    select
        entity_key,
        mode(canonical_name) as canonical_name,
    from mentions
    group by entity_key
),

entity_names as (
    select
        mention_names.entity_key,
        coalesce(entities.canonical_name, mention_names.canonical_name) as canonical_name,
    from mention_names
    left join entities
        on mention_names.entity_key = entities.entity_key
),

pairs as (
    select
        a.entity_key as entity_key_a,
        b.entity_key as entity_key_b,
        count(*) as n_sentences,
        count(distinct a.doc_id) as n_documents,
    from sentence_entities as a
    inner join sentence_entities as b
        on a.doc_id = b.doc_id
        and a.sentence_idx = b.sentence_idx
        -- one row per unordered pair, and never an entity with itself
        and a.entity_key < b.entity_key
    group by a.entity_key, b.entity_key
),

final as (
    select
        names_a.canonical_name as canonical_name_a,
        names_b.canonical_name as canonical_name_b,
        pairs.n_sentences,
        pairs.n_documents,
        pairs.entity_key_a,
        pairs.entity_key_b,
    from pairs
    left join entity_names as names_a
        on pairs.entity_key_a = names_a.entity_key
    left join entity_names as names_b
        on pairs.entity_key_b = names_b.entity_key
)

select *
from final
order by n_sentences desc, n_documents desc, entity_key_a, entity_key_b
