-- Numbers with what they count: value, kind, unit, counted object, hedge and the sentence around it.
-- Grain: one row per numeric expression (doc_id, number_idx), grouped by counted object.
-- Numbers without an object (bare cardinals, percentages) sort last rather than being dropped.

with

numbers as (
    select * from numbers
),

sentences as (
    select * from sentences
),

documents as (
    select * from documents
),

final as (
    select
        numbers.object,
        numbers.value,
        numbers.kind,
        numbers.unit,
        numbers.qualifier,
        numbers.text as number_text,
        sentences.text as sentence_text,
        numbers.doc_id,
        numbers.number_idx,
        numbers.sentence_idx,
        documents.title,
    from numbers
    left join sentences
        on numbers.doc_id = sentences.doc_id
        and numbers.sentence_idx = sentences.sentence_idx
    left join documents
        on numbers.doc_id = documents.doc_id
)

select *
from final
order by lower(object) nulls last, object, value desc nulls last, doc_id, number_idx
