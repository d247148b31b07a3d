-- Numbers by counted object: how many numbers count each thing, in which unit, and their range.
-- Grain: one row per counted object, number kind and unit (counted_object_key, number_kind, unit).
-- Numbers that count nothing named (bare cardinals, most percentages) share one row per kind and
-- unit with a null counted_object_key. Values are not summed across units.

create or replace view counted_objects as

with

numbers as (
    select * from stg_numbers
),

final as (
    select
        counted_object_key,
        mode(counted_object) as counted_object,
        number_kind,
        unit,
        count(*) as n_numbers,
        count(distinct doc_id) as n_documents,
        count(*) filter (where is_hedged) as n_hedged,
        min(number_value) as min_value,
        max(number_value) as max_value,
        median(number_value) as median_value,
        sum(number_value) as total_value,
        arg_max(number_text, number_value) as largest_number_text,
    from numbers
    group by counted_object_key, number_kind, unit
)

select * from final
