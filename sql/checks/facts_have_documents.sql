-- Every fact row's doc_id exists in documents (no orphans).
-- Grain: one row per table and orphan doc_id.
with facts as (
    select 'paragraphs' as table_name, doc_id from paragraphs
    union all select 'sentences', doc_id from sentences
    union all select 'mentions', doc_id from mentions
    union all select 'numbers', doc_id from numbers
    union all select 'dates', doc_id from dates
    union all select 'quotes', doc_id from quotes
    union all select 'boilerplate', doc_id from boilerplate
    union all select 'document_signatures', doc_id from document_signatures
)
select distinct facts.table_name, facts.doc_id
from facts
anti join documents using (doc_id)
