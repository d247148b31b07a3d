-- Who said what: every statement with its speaker's name and label, the speech verb and document.
-- Grain: one row per statement (doc_id, quote_idx).
-- A statement is a direct quotation or reported speech (kind).
-- speaker_name is the entity's canonical name when the speaker is resolved (speaker_key), else the
-- speaker as written ("an official"), else null (an unattributed quote).
-- ingested_at is when its document was ingested; day is the one day to chart by: the UTC
-- publication day, else the UTC ingestion day, and date_basis says which ('published' or
-- 'ingested').
--
-- Key: doc_id, quote_idx
-- References: doc_id -> documents, speaker_key -> entities
-- Columns:
--   doc_id: the document the statement is in
--   quote_idx: 0-based position of the statement in its document
--   kind: direct (words in quotation marks) or indirect (reported speech)
--   title: the document's headline, when the input gives one
--   published_at: the document's publication time, when the input gives one
--   published_date: published_at's UTC calendar day
--   speaker_name: the speaker's canonical name when resolved, else the speaker as written, else
--     null (no speaker found)
--   speaker_key: the speaker entity, when resolved
--   speaker_label: the speaker entity's label (PERSON, ORG, ...), when resolved
--   speaker_text: the speaker as written nearest the statement
--   is_speaker_resolved: whether the speaker is a known entity (speaker_key is set)
--   speech_verb: the speech verb as written (said, reiterated, ...)
--   quote_text: the quoted words, a multi-paragraph quote on one line; or the reported clause
--   n_quote_words: words quoted or reported
--   source_uri: where the document came from (file path, URL, path#N)
--   ingested_at: when the document was written to the warehouse
--   day: the one day to chart by: the UTC publication day, else the UTC ingestion day
--   date_basis: published or ingested: which of the two day is

create or replace view quotes_attributed as

with

quotes as (
    select * from stg_quotes
),

documents as (
    select * from stg_documents
),

entities as (
    select * from stg_entities
),

final as (
    select
        quotes.doc_id,
        quotes.quote_idx,
        quotes.quote_kind as kind,
        documents.title,
        documents.published_at,
        documents.published_date,
        coalesce(entities.canonical_name, quotes.speaker_text) as speaker_name,
        quotes.speaker_key,
        entities.entity_label as speaker_label,
        quotes.speaker_text,
        quotes.is_speaker_resolved,
        quotes.speech_verb,
        quotes.quote_text,
        len(regexp_split_to_array(trim(quotes.quote_text), '\s+')) as n_quote_words,
        documents.source_uri,
        documents.ingested_at,
        documents.day,
        documents.date_basis,
    from quotes
    left join documents
        on quotes.doc_id = documents.doc_id
    left join entities
        on quotes.speaker_key = entities.entity_key
)

select * from final
