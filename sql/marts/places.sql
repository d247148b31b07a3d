-- Places in the news (GPE and LOC entities) with mention counts, ready to be grouped by country.
-- Grain: one row per place entity (entity_key).
-- country_code (ISO 3166-1 alpha-2), latitude and longitude come from the entities dimension,
-- resolved offline (flows.geo: ISO names and GeoNames); null for a place that could not be told
-- apart (Cambridge, England or Massachusetts) or is not in one country (Europe, the Middle East).
-- Counts come from the mentions, so they always match the facts.
--
-- Key: entity_key
-- References: entity_key -> entities
-- Columns:
--   entity_key: the place entity
--   place_name: its name
--   entity_label: GPE (country, city, state) or LOC (other location)
--   country_code: ISO 3166-1 alpha-2 code of the country it is or lies in; null when unknown
--   latitude: WGS84 latitude of a representative point; null when unknown or ambiguous
--   longitude: WGS84 longitude of that point; null when unknown or ambiguous
--   n_mentions: mentions of it
--   n_documents: documents naming it
--   first_published_date: the earliest publication day of a document naming it
--   last_published_date: the latest publication day of a document naming it

create or replace view places as

with

mentions as (
    select * from stg_mentions
),

entities as (
    select * from stg_entities
),

documents as (
    select * from stg_documents
),

place_mentions as (
    select
        mentions.entity_key,
        mode(mentions.entity_label) as mention_label,
        mode(mentions.document_canonical_name) as mention_name,
        count(*) as n_mentions,
        count(distinct mentions.doc_id) as n_documents,
        min(documents.published_date) as first_published_date,
        max(documents.published_date) as last_published_date,
    from mentions
    left join documents
        on mentions.doc_id = documents.doc_id
    group by mentions.entity_key
),

final as (
    select
        place_mentions.entity_key,
        coalesce(entities.canonical_name, place_mentions.mention_name) as place_name,
        coalesce(entities.entity_label, place_mentions.mention_label) as entity_label,
        entities.country_code,
        entities.latitude,
        entities.longitude,
        place_mentions.n_mentions,
        place_mentions.n_documents,
        place_mentions.first_published_date,
        place_mentions.last_published_date,
    from place_mentions
    left join entities
        on place_mentions.entity_key = entities.entity_key
    where coalesce(entities.entity_label, place_mentions.mention_label) in ('GPE', 'LOC')
)

select * from final
