-- The customer's competencies (reference data: <home>/reference/competencies.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_competencies') }}

),

final as (

    select
        {{ as_text('competency_code') }} as competency_code,
        cast(sort_order as integer) as sort_order,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en
    from source

)

select * from final
