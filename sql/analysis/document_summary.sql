-- Per-document overview: title, source, counts of sentences, mentions, numbers, dates and quotes, top entity.
-- Grain: one row per document (doc_id), newest first.
-- Counts are taken from the fact tables (0 when a document has none); top_entity is the entity
-- with the most mentions in the document, ties broken by name.

with

documents as (
    select * from documents
),

sentences as (
    select * from sentences
),

mentions as (
    select * from mentions
),

numbers as (
    select * from numbers
),

dates as (
    select * from dates
),

quotes as (
    select * from quotes
),

entities as (
    select * from entities
),

sentence_counts as (
    select doc_id, count(*) as n_sentences,
    from sentences
    group by doc_id
),

mention_counts as (
    select doc_id, count(*) as n_mentions, count(distinct entity_key) as n_entities,
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
    select doc_id, count(*) as n_quotes,
    from quotes
    group by doc_id
),

entity_mentions_per_document as (
    select
        doc_id,
        entity_key,
        -- mentions.canonical_name is the fullest form in this document: the fallback name
        max(canonical_name) as mention_canonical_name,
        count(*) as n_mentions,
    from mentions
    group by doc_id, entity_key
),

ranked_entities as (
    select
        entity_mentions_per_document.doc_id,
        coalesce(
            entities.canonical_name, entity_mentions_per_document.mention_canonical_name
        ) as canonical_name,
        entity_mentions_per_document.n_mentions,
        row_number() over (
            partition by entity_mentions_per_document.doc_id
            order by
                entity_mentions_per_document.n_mentions desc,
                coalesce(
                    entities.canonical_name, entity_mentions_per_document.mention_canonical_name
                ),
                entity_mentions_per_document.entity_key
        ) as entity_rank,
    from entity_mentions_per_document
    left join entities
        on entity_mentions_per_document.entity_key = entities.entity_key
),

top_entities as (
    select
        doc_id,
        canonical_name as top_entity,
        n_mentions as top_entity_mentions,
    from ranked_entities
    where entity_rank = 1
),

final as (
    select
        documents.doc_id,
        documents.title,
        documents.source_uri,
        documents.published_at,
        documents.n_words,
        coalesce(sentence_counts.n_sentences, 0) as n_sentences,
        coalesce(mention_counts.n_mentions, 0) as n_mentions,
        coalesce(mention_counts.n_entities, 0) as n_entities,
        coalesce(number_counts.n_numbers, 0) as n_numbers,
        coalesce(date_counts.n_dates, 0) as n_dates,
        coalesce(quote_counts.n_quotes, 0) as n_quotes,
        top_entities.top_entity,
        top_entities.top_entity_mentions,
    from documents
    left join sentence_counts
        on documents.doc_id = sentence_counts.doc_id
    left join mention_counts
        on documents.doc_id = mention_counts.doc_id
    left join number_counts
        on documents.doc_id = number_counts.doc_id
    left join date_counts
        on documents.doc_id = date_counts.doc_id
    left join quote_counts
        on documents.doc_id = quote_counts.doc_id
    left join top_entities
        on documents.doc_id = top_entities.doc_id
)

select *
from final
order by published_at desc nulls last, doc_id
