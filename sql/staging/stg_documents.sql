-- Documents, typed and renamed: the cleaned text, its counts and where and when it came from.
-- Grain: one row per document (doc_id).
-- published_date and ingested_date are UTC calendar days, so that they do not depend on the
-- reader's time zone setting.
-- published_at_source: metadata, dateline or none (rows written before datelines were read say
-- metadata when they have a date, else none).
-- day: the one day to chart by: published_date, else ingested_date; date_basis says which
-- ('published' or 'ingested').

create or replace view stg_documents as

with

source as (
    select * from documents
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(source_uri as varchar) as source_uri,
        cast(title as varchar) as title,
        cast(published_at as timestamptz) as published_at,
        cast(timezone('UTC', published_at) as date) as published_date,
        cast(text as varchar) as document_text,
        cast(n_paragraphs as integer) as n_paragraphs,
        cast(n_sentences as integer) as n_sentences,
        cast(n_words as integer) as n_words,
        cast(ingested_at as timestamptz) as ingested_at,
        cast(timezone('UTC', ingested_at) as date) as ingested_date,
        cast(run_id as varchar) as run_id,
        cast(pipeline_version as varchar) as pipeline_version,
        cast(duplicate_of as varchar) as duplicate_of_doc_id,
        duplicate_of is not null as is_duplicate,
        cast(url as varchar) as url,
        cast(external_id as varchar) as external_id,
        cast(source_name as varchar) as source_name,
        cast(encoding as varchar) as source_encoding,
        cast(
            coalesce(
                published_at_source,
                case when published_at is null then 'none' else 'metadata' end
            ) as varchar
        ) as published_at_source,
        coalesce(
            cast(timezone('UTC', published_at) as date),
            cast(timezone('UTC', ingested_at) as date)
        ) as day,
        case when published_at is null then 'ingested' else 'published' end as date_basis,
    from source
)

select * from renamed
