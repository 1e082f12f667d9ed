-- The customer's pay grades (reference data: <home>/reference/grades.csv, loaded by the ingest):
-- the code the exports write and its rank (1 = entry, higher = more senior).
with

source as (

    select * from {{ source('raw', 'vocab_grades') }}

),

final as (

    select
        {{ as_text('code') }} as grade_code,
        cast({{ adapter.quote('rank') }} as integer) as grade_rank,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en
    from source

)

select * from final
