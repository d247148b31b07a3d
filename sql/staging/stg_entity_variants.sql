-- Entity variants, typed and renamed: each label and name an entity's mentions carry, counted.
-- Grain: one row per entity, label and canonical name (entity_key, entity_label, canonical_name).
-- entities.label and canonical_name are the most frequent here (ties: the first in sort order).

create or replace view stg_entity_variants as

with

source as (
    select * from entity_variants
),

renamed as (
    select
        cast(entity_key as varchar) as entity_key,
        cast(label as varchar) as entity_label,
        cast(canonical_name as varchar) as canonical_name,
        cast(n_mentions as bigint) as n_mentions,
    from source
)

select * from renamed
