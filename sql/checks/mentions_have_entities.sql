-- Every mention's and quote speaker's entity_key exists in entities.
-- Grain: one row per dangling key.
select distinct 'mentions' as table_name, mentions.entity_key as key
from mentions anti join entities using (entity_key)
union all
select distinct 'quotes', quotes.speaker_key
from quotes
anti join entities on quotes.speaker_key = entities.entity_key
where quotes.speaker_key is not null
