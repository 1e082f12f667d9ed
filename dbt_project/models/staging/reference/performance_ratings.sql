-- The customer's performance_ratings (reference data: <home>/reference/performance_ratings.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_performance_ratings') }}

),

final as (

    select
        {{ as_text('rating_code') }} as rating_code,
        cast(rating_rank as integer) as rating_rank,
        cast(normalised_score as {{ dbt.type_float() }}) as normalised_score,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en
    from source

)

select * from final
