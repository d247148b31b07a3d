-- Places in the news: countries, cities and regions by mentions, with their country code when known.
-- Grain: one row per place entity (entity_key), most-mentioned first.
-- Built on the places mart (GPE and LOC entities); country_code is null until a gazetteer fills it.

with

places as (
    select * from places
),

final as (
    select
        place_name,
        entity_label,
        country_code,
        n_mentions,
        n_documents,
        first_published_date,
        last_published_date,
        entity_key,
    from places
)

select *
from final
order by n_mentions desc, n_documents desc, place_name, entity_key
