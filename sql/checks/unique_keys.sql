-- Every table's key is unique (a run never writes a row twice).
-- Grain: one row per duplicated key, with its table and count.
select 'documents' as table_name, doc_id as key, count(*) as n from documents group by all having n > 1
union all
select 'entities', entity_key, count(*) from entities group by all having count(*) > 1
union all
select 'runs', run_id, count(*) from runs group by all having count(*) > 1
union all
select 'paragraphs', doc_id || '/' || paragraph_idx, count(*) from paragraphs group by all having count(*) > 1
union all
select 'sentences', doc_id || '/' || sentence_idx, count(*) from sentences group by all having count(*) > 1
union all
select 'mentions', doc_id || '/' || mention_idx, count(*) from mentions group by all having count(*) > 1
union all
select 'numbers', doc_id || '/' || number_idx, count(*) from numbers group by all having count(*) > 1
union all
select 'dates', doc_id || '/' || date_idx, count(*) from dates group by all having count(*) > 1
union all
select 'quotes', doc_id || '/' || quote_idx, count(*) from quotes group by all having count(*) > 1
union all
select 'document_signatures', doc_id, count(*) from document_signatures group by all having count(*) > 1
union all
select 'entity_variants', entity_key || '/' || label || '/' || canonical_name, count(*) from entity_variants group by all having count(*) > 1
