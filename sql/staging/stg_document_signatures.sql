-- Document signatures, typed and renamed: MinHash and LSH band keys for near-duplicate search.
-- Grain: one row per document (doc_id).

create or replace view stg_document_signatures as

with

source as (
    select * from document_signatures
),

renamed as (
    select
        cast(doc_id as varchar) as doc_id,
        cast(minhash as blob) as minhash,
        cast(bands as varchar[]) as lsh_bands,
        len(bands) as n_bands,
    from source
)

select * from renamed
