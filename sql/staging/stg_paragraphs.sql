-- Paragraphs, typed and renamed: blank-line separated blocks of documents.text with their offsets.
-- Grain: one row per paragraph (doc_id, paragraph_idx).

create or replace view stg_paragraphs as

with

source as (
    select * from paragraphs
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(paragraph_idx as integer) as paragraph_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(text as varchar) as paragraph_text,
    from source
)

select * from renamed
