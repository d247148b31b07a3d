-- Sentences, typed and renamed: each sentence with its paragraph and offsets.
-- Grain: one row per sentence (doc_id, sentence_idx).

create or replace view stg_sentences as

with

source as (
    select * from sentences
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(sentence_idx as integer) as sentence_idx,
        cast(paragraph_idx as integer) as paragraph_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(text as varchar) as sentence_text,
    from source
)

select * from renamed
