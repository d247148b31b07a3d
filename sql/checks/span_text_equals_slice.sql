-- Every span's text equals documents.text[char_start:char_end] (offsets are code points).
-- Grain: one row per span whose text differs from the slice it claims.
with spans as (
    select 'paragraphs' as table_name, doc_id, paragraph_idx as idx, char_start, char_end, text from paragraphs
    union all select 'sentences', doc_id, sentence_idx, char_start, char_end, text from sentences
    union all select 'mentions', doc_id, mention_idx, char_start, char_end, text from mentions
    union all select 'numbers', doc_id, number_idx, char_start, char_end, text from numbers
    union all select 'dates', doc_id, date_idx, char_start, char_end, text from dates
    union all select 'quotes', doc_id, quote_idx, char_start, char_end, text from quotes
)
select spans.table_name, spans.doc_id, spans.idx, spans.text
from spans
join documents using (doc_id)
where substring(documents.text, spans.char_start + 1, spans.char_end - spans.char_start) <> spans.text
