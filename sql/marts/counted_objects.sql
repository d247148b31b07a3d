-- Numbers by counted object: how many numbers count each thing, in which unit, and their range.
-- Grain: one row per counted object, number kind and unit (counted_object_key, number_kind, unit).
-- Numbers that count nothing named (bare cardinals, most percentages) share one row per kind and
-- unit with a null counted_object_key. Values are not summed across units.
--
-- Key: none (counted_object_key and unit may be null)
-- Columns:
--   counted_object_key: what is counted, lower-cased; null for the numbers that count nothing
--     named (filter it out for a chart of what is counted)
--   counted_object: what is counted, in its most frequent written form
--   number_kind: cardinal, ordinal, money, percent or quantity
--   unit: ISO 4217 code for money, '%' for percent, the unit name for quantities; else null
--   n_numbers: numbers in this group
--   n_documents: documents holding one of them
--   n_hedged: those with a qualifier (approximately, at least, more than, ...)
--   min_value: the smallest value
--   max_value: the largest value
--   median_value: the median value
--   total_value: the sum of the values (one unit per row, never summed across units)
--   largest_number_text: the largest number as written

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
