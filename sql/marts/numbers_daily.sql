-- Numbers per day: how many numbers count each thing each day, for time-series charts.
-- Grain: one row per day, date basis, counted object, number kind and unit (day, date_basis,
-- counted_object_key, number_kind, unit).
-- day is the UTC publication day when the document gives one (date_basis 'published'), else the
-- UTC day it was ingested (date_basis 'ingested'), as in mentions_daily. Numbers that count
-- nothing named share one row per day, kind and unit with a null counted_object_key. Values are
-- not summed across units.
--
-- Key: none (counted_object_key and unit may be null)
-- Columns:
--   day: the UTC publication day, or the UTC ingestion day when the document has no date
--   date_basis: published or ingested: which of the two day is
--   counted_object_key: what is counted, lower-cased; null for the numbers that count nothing
--     named (filter it out for a chart of what is counted)
--   counted_object: what is counted, in its most frequent written form that day
--   number_kind: cardinal, ordinal, money, percent or quantity
--   unit: ISO 4217 code for money, '%' for percent, the unit name for quantities; else null
--   n_numbers: numbers in this group that day
--   n_documents: documents holding one of them
--   n_hedged: those with a qualifier (approximately, at least, more than, ...)
--   min_value: the smallest value
--   max_value: the largest value
--   total_value: the sum of the values (one unit per row, never summed across units)

create or replace view numbers_daily as

with

documents as (
    select * from stg_documents
),

numbers as (
    select * from stg_numbers
),

final as (
    select
        documents.day,
        documents.date_basis,
        numbers.counted_object_key,
        mode(numbers.counted_object) as counted_object,
        numbers.number_kind,
        numbers.unit,
        count(*) as n_numbers,
        count(distinct numbers.doc_id) as n_documents,
        count(*) filter (where numbers.is_hedged) as n_hedged,
        min(numbers.number_value) as min_value,
        max(numbers.number_value) as max_value,
        sum(numbers.number_value) as total_value,
    from numbers
    inner join documents
        on numbers.doc_id = documents.doc_id
    group by
        documents.day,
        documents.date_basis,
        numbers.counted_object_key,
        numbers.number_kind,
        numbers.unit
)

select * from final
