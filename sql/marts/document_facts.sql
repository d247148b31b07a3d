-- Document facts: one wide row per document with its dates, size, counts of every fact and top entity.
-- Grain: one row per document (doc_id).
-- Counts are 0, not null, for a document without such facts; n_people, n_organisations and
-- n_places count distinct entities (PERSON, ORG, GPE or LOC); top_entity is the most-mentioned
-- entity, ties broken by name.
-- published_at_source says where published_at comes from (metadata, dateline or none); day is
-- the one day to chart by: the UTC publication day, else the UTC ingestion day, and date_basis
-- says which ('published' or 'ingested').
--
-- Key: doc_id
-- References: doc_id -> documents, run_id -> runs
-- Columns:
--   doc_id: the document
--   title: its headline, when the input gives one
--   source_uri: where it came from (file path, URL, path#N)
--   source_name: the publisher, when the input names it
--   url: the article's URL, when the input gives one
--   published_at: publication time, when the input gives one
--   published_date: published_at's UTC calendar day
--   ingested_at: when the document was written to the warehouse
--   run_id: the run that wrote it
--   is_duplicate: whether it is a near-duplicate of an earlier document
--   duplicate_of_doc_id: the earlier document it nearly duplicates
--   n_words: whitespace-separated words in its text
--   n_paragraphs: paragraphs in its text
--   n_sentences: sentences in its text
--   n_mentions: entity mentions
--   n_entities: distinct entities mentioned
--   n_people: distinct PERSON entities mentioned
--   n_organisations: distinct ORG entities mentioned
--   n_places: distinct GPE and LOC entities mentioned
--   n_numbers: numeric expressions
--   n_dates: date and time expressions
--   n_quotes: direct quotations
--   n_quotes_resolved: direct quotations whose speaker is a known entity
--   n_reported: reported statements (indirect speech)
--   n_reported_resolved: reported statements whose speaker is a known entity
--   n_unattributed: statements (direct or reported) with no speaker found at all
--   n_boilerplate_lines: lines the cleaner removed from it
--   top_entity: its most-mentioned entity's name (ties broken by name)
--   top_entity_mentions: mentions of that entity in it
--   published_at_source: where published_at comes from: metadata (the input's), dateline (the
--     text's dateline or dated line), or none
--   day: the one day to chart by: the UTC publication day, else the UTC ingestion day
--   date_basis: published or ingested: which of the two day is

create or replace view document_facts as

with

documents as (
    select * from stg_documents
),

mentions as (
    select * from stg_mentions
),

numbers as (
    select * from stg_numbers
),

dates as (
    select * from stg_dates
),

quotes as (
    select * from stg_quotes
),

boilerplate as (
    select * from stg_boilerplate
),

entities as (
    select * from stg_entities
),

mention_counts as (
    select
        doc_id,
        count(*) as n_mentions,
        count(distinct entity_key) as n_entities,
        count(distinct entity_key) filter (where entity_label = 'PERSON') as n_people,
        count(distinct entity_key) filter (where entity_label = 'ORG') as n_organisations,
        count(distinct entity_key) filter (where entity_label in ('GPE', 'LOC')) as n_places,
    from mentions
    group by doc_id
),

number_counts as (
    select doc_id, count(*) as n_numbers,
    from numbers
    group by doc_id
),

date_counts as (
    select doc_id, count(*) as n_dates,
    from dates
    group by doc_id
),

quote_counts as (
    select
        doc_id,
        count(*) filter (where quote_kind = 'direct') as n_quotes,
        count(*) filter (where quote_kind = 'direct' and is_speaker_resolved) as n_quotes_resolved,
        count(*) filter (where quote_kind = 'indirect') as n_reported,
        count(*) filter (where quote_kind = 'indirect' and is_speaker_resolved)
            as n_reported_resolved,
        count(*) filter (where not is_speaker_resolved and nullif(trim(speaker_text), '') is null)
            as n_unattributed,
    from quotes
    group by doc_id
),

boilerplate_counts as (
    select doc_id, count(*) as n_boilerplate_lines,
    from boilerplate
    group by doc_id
),

entity_mentions as (
    select
        mentions.doc_id,
        coalesce(entities.canonical_name, mentions.document_canonical_name) as canonical_name,
        count(*) as n_mentions,
    from mentions
    left join entities
        on mentions.entity_key = entities.entity_key
    group by all
),

top_entities as (
    select
        doc_id,
        arg_min(canonical_name, (-n_mentions, canonical_name)) as top_entity,
        max(n_mentions) as top_entity_mentions,
    from entity_mentions
    group by doc_id
),

final as (
    select
        documents.doc_id,
        documents.title,
        documents.source_uri,
        documents.source_name,
        documents.url,
        documents.published_at,
        documents.published_date,
        documents.ingested_at,
        documents.run_id,
        documents.is_duplicate,
        documents.duplicate_of_doc_id,
        documents.n_words,
        documents.n_paragraphs,
        documents.n_sentences,
        coalesce(mention_counts.n_mentions, 0) as n_mentions,
        coalesce(mention_counts.n_entities, 0) as n_entities,
        coalesce(mention_counts.n_people, 0) as n_people,
        coalesce(mention_counts.n_organisations, 0) as n_organisations,
        coalesce(mention_counts.n_places, 0) as n_places,
        coalesce(number_counts.n_numbers, 0) as n_numbers,
        coalesce(date_counts.n_dates, 0) as n_dates,
        coalesce(quote_counts.n_quotes, 0) as n_quotes,
        coalesce(quote_counts.n_quotes_resolved, 0) as n_quotes_resolved,
        coalesce(quote_counts.n_reported, 0) as n_reported,
        coalesce(quote_counts.n_reported_resolved, 0) as n_reported_resolved,
        coalesce(quote_counts.n_unattributed, 0) as n_unattributed,
        coalesce(boilerplate_counts.n_boilerplate_lines, 0) as n_boilerplate_lines,
        top_entities.top_entity,
        top_entities.top_entity_mentions,
        documents.published_at_source,
        documents.day,
        documents.date_basis,
    from documents
    left join mention_counts
        on documents.doc_id = mention_counts.doc_id
    left join number_counts
        on documents.doc_id = number_counts.doc_id
    left join date_counts
        on documents.doc_id = date_counts.doc_id
    left join quote_counts
        on documents.doc_id = quote_counts.doc_id
    left join boilerplate_counts
        on documents.doc_id = boilerplate_counts.doc_id
    left join top_entities
        on documents.doc_id = top_entities.doc_id
)

select * from final
