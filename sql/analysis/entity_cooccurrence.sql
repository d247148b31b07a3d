-- Pairs of entities mentioned in the same sentence, with how many sentences and documents share them.
-- Grain: one row per unordered entity pair (entity_key_a < entity_key_b), most frequent first.
-- A view over the entity_network mart: an entity named twice in one sentence counts once for that
-- sentence.

with

entity_network as (
    select * from entity_network
),

final as (
    select
        canonical_name_a,
        canonical_name_b,
        n_sentences,
        n_documents,
        entity_key_a,
        entity_key_b,
    from entity_network
)

select *
from final
order by n_sentences desc, n_documents desc, entity_key_a, entity_key_b
