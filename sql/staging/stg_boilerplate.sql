-- Boilerplate lines, typed and renamed: each line the cleaner removed and the rule that removed it.
-- Grain: one row per removed line (doc_id, line_idx).

create or replace view stg_boilerplate as

with

source as (
    select * from boilerplate
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(line_idx as integer) as line_idx,
        cast(text as varchar) as line_text,
        cast(reason as varchar) as removal_rule,
    from source
)

select * from renamed
