-- Date and time expressions, typed and renamed: as written, their kind and the day they resolve to.
-- Grain: one row per date or time expression (doc_id, date_idx).

create or replace view stg_dates as

with

source as (
    select * from dates
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(date_idx as integer) as date_idx,
        cast(sentence_idx as integer) as sentence_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(text as varchar) as date_text,
        cast(kind as varchar) as date_kind,
        cast(resolved as date) as resolved_date,
        resolved is not null as is_resolved,
    from source
)

select * from renamed
