-- The customer's education_levels (reference data: <home>/reference/education_levels.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_education_levels') }}

),

final as (

    select
        {{ as_text('education_code') }} as education_code,
        cast(education_rank as integer) as education_rank,
        {{ as_text('hr_value') }} as hr_value,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en
    from source

)

select * from final
