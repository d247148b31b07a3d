-- Per-document overview: title, source, counts of sentences, mentions, numbers, dates and quotes, top entity.
-- Grain: one row per document (doc_id), newest first.
-- A view over the document_facts mart, which defines the counts (0 when a document has none) and
-- top_entity (the entity with the most mentions in the document, ties broken by name).

with

document_facts as (
    select * from document_facts
),

final as (
    select
        doc_id,
        title,
        source_uri,
        published_at,
        n_words,
        -- the mart keeps the staging types; this query has always returned counts as bigint
        cast(n_sentences as bigint) as n_sentences,
        n_mentions,
        n_entities,
        n_numbers,
        n_dates,
        n_quotes,
        top_entity,
        top_entity_mentions,
    from document_facts
)

select *
from final
order by published_at desc nulls last, doc_id
