-- Numbers, typed and renamed: each numeric expression with value, kind, unit, counted object, hedge.
-- Grain: one row per numeric expression (doc_id, number_idx).
-- counted_object_key folds case and surrounding space ("Troops " and "troops" count together).

create or replace view stg_numbers as

with

source as (
    select * from numbers
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(number_idx as integer) as number_idx,
        cast(sentence_idx as integer) as sentence_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(text as varchar) as number_text,
        cast(kind as varchar) as number_kind,
        cast(value as double) as number_value,
        cast(unit as varchar) as unit,
        cast(object as varchar) as counted_object,
        nullif(lower(trim(object)), '') as counted_object_key,
        cast(qualifier as varchar) as qualifier,
        qualifier is not null as is_hedged,
    from source
)

select * from renamed
