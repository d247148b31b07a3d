-- Entity mentions, typed and renamed: each name as written, its label and the entity it refers to.
-- Grain: one row per mention (doc_id, mention_idx).
-- document_canonical_name is the fullest form within the document; the warehouse-wide name is
-- stg_entities.canonical_name.

create or replace view stg_mentions as

with

source as (
    select * from mentions
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(mention_idx as integer) as mention_idx,
        cast(sentence_idx as integer) as sentence_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(text as varchar) as mention_text,
        cast(label as varchar) as entity_label,
        cast(entity_key as varchar) as entity_key,
        cast(canonical_name as varchar) as document_canonical_name,
    from source
)

select * from renamed
