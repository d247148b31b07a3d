-- Who is quoted most: speakers by number of quotations, with documents, verbs and their longest quote.
-- Grain: one row per speaker (speaker_id), most quoted first.
-- Built on the speakers mart: a resolved speaker is one entity whatever name form the text used.

with

speakers as (
    select * from speakers
),

final as (
    select
        speaker_name,
        speaker_label,
        is_resolved,
        n_quotes,
        n_reported,
        n_documents,
        n_quote_words,
        speech_verbs,
        longest_quote_text,
        speaker_id,
    from speakers
)

select *
from final
order by n_quotes desc, n_reported desc, n_quote_words desc, speaker_name nulls last, speaker_id
