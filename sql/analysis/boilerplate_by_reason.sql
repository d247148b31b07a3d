-- What the cleaner removed: boilerplate lines counted by rule, with the most repeated line of each.
-- Grain: one row per cleaning rule (reason), most lines first.
-- A rule that removes many distinct lines from few documents deserves a look: it may eat real text.

with

boilerplate as (
    select * from boilerplate
),

final as (
    select
        reason,
        count(*) as n_lines,
        count(distinct text) as n_distinct_lines,
        count(distinct doc_id) as n_documents,
        mode(text) as most_common_line,
    from boilerplate
    group by reason
)

select *
from final
order by n_lines desc, reason
