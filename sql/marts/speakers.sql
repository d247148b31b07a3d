-- Quotes per speaker: how often each speaker is quoted and reported, in how many documents.
-- Grain: one row per speaker (speaker_id): a resolved entity (speaker_key), else the speaker as
-- written, case-folded ("an official").
-- n_quotes counts direct quotations, n_reported reported speech; with the verbs they used.
-- Statements with no speaker at all are left out, so that every row names someone (a chart of
-- the top speakers starts with a speaker): document_facts.n_unattributed counts them per
-- document, and quotes_attributed lists them with a null speaker_name.
--
-- Key: speaker_id
-- References: speaker_key -> entities
-- Columns:
--   speaker_id: the entity key of a resolved speaker, else text:<speaker as written, lower-cased>
--   speaker_key: the speaker entity, when resolved
--   speaker_name: the speaker's canonical name, else as most often written
--   speaker_label: the speaker entity's label (PERSON, ORG, ...), when resolved
--   is_resolved: whether the speaker is a known entity
--   n_quotes: their direct quotations
--   n_reported: their reported statements (indirect speech)
--   n_statements: both together
--   n_documents: documents they are quoted or reported in
--   n_quote_words: words of their direct quotations
--   speech_verbs: the speech verbs used, comma-separated
--   first_published_at: the earliest publication time of a document quoting them
--   last_published_at: the latest publication time of a document quoting them
--   longest_quote_text: their longest direct quotation

create or replace view speakers as

with

quotes as (
    select * from quotes_attributed
),

identified as (
    select
        *,
        coalesce(speaker_key, 'text:' || nullif(lower(trim(speaker_text)), '')) as speaker_id,
    from quotes
),

attributed as (
    select * from identified
    where speaker_id is not null
),

final as (
    select
        speaker_id,
        any_value(speaker_key) as speaker_key,
        -- A resolved speaker without an entities row (an older warehouse) and no written form
        -- still gets a name to show: its key.
        coalesce(mode(speaker_name), any_value(speaker_key)) as speaker_name,
        any_value(speaker_label) as speaker_label,
        bool_or(is_speaker_resolved) as is_resolved,
        count(*) filter (where kind = 'direct') as n_quotes,
        count(*) filter (where kind = 'indirect') as n_reported,
        count(*) as n_statements,
        count(distinct doc_id) as n_documents,
        cast(coalesce(sum(n_quote_words) filter (where kind = 'direct'), 0) as bigint)
            as n_quote_words,
        string_agg(distinct speech_verb, ', ' order by speech_verb) as speech_verbs,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        arg_max(quote_text, n_quote_words) filter (where kind = 'direct') as longest_quote_text,
    from attributed
    group by speaker_id
)

select * from final
