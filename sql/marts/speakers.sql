-- Quotes per speaker: how often each speaker is quoted and reported, in how many documents.
-- Grain: one row per speaker (speaker_id): a resolved entity (speaker_key), else the speaker as
-- written, case-folded ("an official"), plus one 'unattributed' row for statements with no
-- speaker.
-- n_quotes counts direct quotations, n_reported reported speech; with the verbs they used.

create or replace view speakers as

with

quotes as (
    select * from quotes_attributed
),

identified as (
    select
        *,
        coalesce(
            speaker_key,
            'text:' || nullif(lower(trim(speaker_text)), ''),
            'unattributed'
        ) as speaker_id,
    from quotes
),

final as (
    select
        speaker_id,
        any_value(speaker_key) as speaker_key,
        mode(speaker_name) as speaker_name,
        any_value(speaker_label) as speaker_label,
        bool_or(is_speaker_resolved) as is_resolved,
        count(*) filter (where kind = 'direct') as n_quotes,
        count(*) filter (where kind = 'indirect') as n_reported,
        count(*) as n_statements,
        count(distinct doc_id) as n_documents,
        cast(coalesce(sum(n_quote_words) filter (where kind = 'direct'), 0) as bigint)
            as n_quote_words,
        string_agg(distinct speech_verb, ', ' order by speech_verb) as speech_verbs,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        arg_max(quote_text, n_quote_words) filter (where kind = 'direct') as longest_quote_text,
    from identified
    group by speaker_id
)

select * from final
