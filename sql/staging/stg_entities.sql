-- Entities, typed and renamed: one real-world person, organisation or place with its usual name.
-- Grain: one row per entity (entity_key).
-- is_place marks the labels the places mart reads: GPE (countries, cities, states) and LOC;
-- country_code, latitude and longitude are set for the places resolved offline (flows.geo).

create or replace view stg_entities as

with

source as (
    select * from entities
),

renamed as (
    select
        cast(entity_key as varchar) as entity_key,
        cast(label as varchar) as entity_label,
        cast(canonical_name as varchar) as canonical_name,
        cast(n_mentions as bigint) as n_mentions,
        cast(n_documents as bigint) as n_documents,
        label in ('GPE', 'LOC') as is_place,
        cast(country_code as varchar) as country_code,
        cast(latitude as double) as latitude,
        cast(longitude as double) as longitude,
    from source
)

select * from renamed
