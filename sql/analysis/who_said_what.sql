-- Who said what: every quotation and reported statement with its speaker, verb and document.
-- Grain: one row per statement (doc_id, quote_idx), in publication then document order.
-- `kind` tells a direct quotation from reported speech.
-- speaker_name is the entity's canonical name when the speaker is resolved (speaker_key), else the
-- speaker as written ("an official"), else null.

with

quotes as (
    select * from quotes
),

entities as (
    select * from entities
),

documents as (
    select * from documents
),

final as (
    select
        quotes.doc_id,
        quotes.quote_idx,
        quotes.kind,
        documents.title,
        documents.published_at,
        coalesce(entities.canonical_name, quotes.speaker_text) as speaker_name,
        quotes.speaker_key,
        quotes.speaker_text,
        quotes.verb,
        -- joined_text folds a multi-paragraph quote onto one line, which reads better in a grid
        quotes.joined_text as quote_text,
        documents.source_uri,
    from quotes
    left join entities
        on quotes.speaker_key = entities.entity_key
    left join documents
        on quotes.doc_id = documents.doc_id
)

select *
from final
order by published_at nulls last, doc_id, quote_idx
