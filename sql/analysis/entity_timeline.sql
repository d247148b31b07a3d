-- Daily mentions of the ten most-mentioned entities, for a time-series chart of who is in the news.
-- Grain: one row per day, date basis and entity (day, date_basis, entity_key), oldest day first.
-- Built on the mentions_daily mart; date_basis says whether day is the publication day or, for
-- documents without one, the day they were ingested.

with

mentions_daily as (
    select * from mentions_daily
),

entity_totals as (
    select
        entity_key,
        cast(sum(n_mentions) as bigint) as n_mentions_total,
    from mentions_daily
    group by entity_key
),

top_entities as (
    select entity_key,
    from entity_totals
    order by n_mentions_total desc, entity_key
    limit 10
),

final as (
    select
        mentions_daily.day,
        mentions_daily.date_basis,
        mentions_daily.canonical_name,
        mentions_daily.entity_label,
        mentions_daily.n_mentions,
        mentions_daily.n_documents,
        mentions_daily.entity_key,
    from mentions_daily
    inner join top_entities
        on mentions_daily.entity_key = top_entities.entity_key
)

select *
from final
order by day, date_basis, n_mentions desc, canonical_name, entity_key
