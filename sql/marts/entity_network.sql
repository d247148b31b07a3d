-- Entity co-occurrence network: an edge between two entities named in the same sentence.
-- Grain: one row per unordered entity pair (entity_key_a < entity_key_b) that shares a sentence.
-- Weight an edge by n_sentences; an entity named twice in one sentence counts once there. Load
-- into a graph tool with entity_key_a and entity_key_b as source and target.
--
-- Key: entity_key_a, entity_key_b
-- References: entity_key_a -> entities, entity_key_b -> entities
-- Columns:
--   entity_key_a: one entity of the pair (the smaller key)
--   entity_key_b: the other entity of the pair
--   canonical_name_a: entity_key_a's name
--   canonical_name_b: entity_key_b's name
--   entity_label_a: entity_key_a's label (PERSON, ORG, GPE, ...)
--   entity_label_b: entity_key_b's label
--   n_sentences: sentences naming both (the edge weight)
--   n_documents: documents with such a sentence

create or replace view entity_network as

with

mentions as (
    select * from stg_mentions
),

entities as (
    select * from stg_entities
),

sentence_entities as (
    select distinct
        doc_id,
        sentence_idx,
        entity_key,
    from mentions
),

mention_names as (
    select
        entity_key,
        mode(document_canonical_name) as mention_name,
        mode(entity_label) as mention_label,
    from mentions
    group by entity_key
),

entity_names as (
    select
        mention_names.entity_key,
        coalesce(entities.canonical_name, mention_names.mention_name) as canonical_name,
        coalesce(entities.entity_label, mention_names.mention_label) as entity_label,
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
        and a.entity_key < b.entity_key
    group by a.entity_key, b.entity_key
),

final as (
    select
        pairs.entity_key_a,
        pairs.entity_key_b,
        names_a.canonical_name as canonical_name_a,
        names_b.canonical_name as canonical_name_b,
        names_a.entity_label as entity_label_a,
        names_b.entity_label as entity_label_b,
        pairs.n_sentences,
        pairs.n_documents,
    from pairs
    left join entity_names as names_a
        on pairs.entity_key_a = names_a.entity_key
    left join entity_names as names_b
        on pairs.entity_key_b = names_b.entity_key
)

select * from final
