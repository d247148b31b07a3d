-- Places in the news: countries, cities and regions by mentions, with their country code when known.
-- Grain: one row per place entity (entity_key), most-mentioned first.
-- Built on the places mart (GPE and LOC entities); country_code, latitude and longitude are null
-- where the place could not be resolved offline.

with

places as (
    select * from places
),

final as (
    select
        place_name,
        entity_label,
        country_code,
        latitude,
        longitude,
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
