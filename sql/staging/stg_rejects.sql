-- Rejected inputs, typed and renamed: what could not become a document, and why.
-- Grain: one row per recorded rejection (source_uri, fingerprint, reject_reason).

create or replace view stg_rejects as

with

source as (
    select * from rejects
),

renamed as (
    select
        cast(source_uri as varchar) as source_uri,
        cast(reason as varchar) as reject_reason,
        cast(detail as varchar) as reject_detail,
        cast(run_id as varchar) as run_id,
        cast(seen_at as timestamptz) as seen_at,
        cast(fingerprint as varchar) as fingerprint,
    from source
)

select * from renamed
