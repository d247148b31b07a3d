-- Every span lies inside its document's text: 0 <= char_start <= char_end <= length(text).
-- Grain: one row per span out of bounds.
with spans as (
    select 'paragraphs' as table_name, doc_id, paragraph_idx as idx, char_start, char_end from paragraphs
    union all select 'sentences', doc_id, sentence_idx, char_start, char_end from sentences
    union all select 'mentions', doc_id, mention_idx, char_start, char_end from mentions
    union all select 'numbers', doc_id, number_idx, char_start, char_end from numbers
    union all select 'dates', doc_id, date_idx, char_start, char_end from dates
    union all select 'quotes', doc_id, quote_idx, char_start, char_end from quotes
)
select spans.*, length(documents.text) as text_length
from spans
join documents using (doc_id)
where spans.char_start < 0
   or spans.char_end < spans.char_start
   or spans.char_end > length(documents.text)
