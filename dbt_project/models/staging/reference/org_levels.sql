-- The customer's org_levels (reference data: <home>/reference/org_levels.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_org_levels') }}

),

final as (

    select
        {{ as_text('level_code') }} as level_code,
        cast(level_rank as integer) as level_rank,
        is_business_unit,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en
    from source

)

select * from final
