-- Entity mentions per day: how often each entity is named each day, for time-series charts.
-- Grain: one row per day, date basis and entity (day, date_basis, entity_key).
-- day is the UTC publication day when the document gives one (date_basis 'published'), else the
-- UTC day it was ingested (date_basis 'ingested'); filter on date_basis for a strict publication
-- timeline. Names and labels fall back to the mentions for an entity without an entities row.
--
-- Key: day, date_basis, entity_key
-- References: entity_key -> entities
-- Columns:
--   day: the UTC publication day, or the UTC ingestion day when the document has no date
--   date_basis: published or ingested: which of the two day is
--   entity_key: the entity
--   canonical_name: the entity's name
--   entity_label: the entity's label (PERSON, ORG, GPE, ...)
--   n_mentions: mentions of it that day
--   n_documents: documents naming it that day

create or replace view mentions_daily as

with

documents as (
    select * from stg_documents
),

mentions as (
    select * from stg_mentions
),

entities as (
    select * from stg_entities
),

document_days as (
    select
        doc_id,
        day,
        date_basis,
    from documents
),

daily as (
    select
        document_days.day,
        document_days.date_basis,
        mentions.entity_key,
        mode(mentions.entity_label) as mention_label,
        mode(mentions.document_canonical_name) as mention_name,
        count(*) as n_mentions,
        count(distinct mentions.doc_id) as n_documents,
    from mentions
    inner join document_days
        on mentions.doc_id = document_days.doc_id
    group by document_days.day, document_days.date_basis, mentions.entity_key
),

final as (
    select
        daily.day,
        daily.date_basis,
        daily.entity_key,
        coalesce(entities.canonical_name, daily.mention_name) as canonical_name,
        coalesce(entities.entity_label, daily.mention_label) as entity_label,
        daily.n_mentions,
        daily.n_documents,
    from daily
    left join entities
        on daily.entity_key = entities.entity_key
)

select * from final
