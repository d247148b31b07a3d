-- Statements, typed and renamed: the quoted or reported words, who said them and the speech verb.
-- Grain: one row per statement (doc_id, quote_idx); a quote over several paragraphs is one row.
-- quote_kind tells a direct quotation from reported speech.
-- quote_text is the readable form (contract column joined_text); quote_span_text is the exact
-- span documents.text[char_start:char_end] (contract column text).

create or replace view stg_quotes as

with

source as (
    select * from quotes
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(quote_idx as integer) as quote_idx,
        cast(sentence_idx as integer) as sentence_idx,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(joined_text as varchar) as quote_text,
        cast(text as varchar) as quote_span_text,
        cast(speaker_text as varchar) as speaker_text,
        cast(speaker_key as varchar) as speaker_key,
        cast(verb as varchar) as speech_verb,
        cast(kind as varchar) as quote_kind,
        speaker_key is not null as is_speaker_resolved,
    from source
)

select * from renamed
