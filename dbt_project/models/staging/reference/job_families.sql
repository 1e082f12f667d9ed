-- The customer's job_families (reference data: <home>/reference/job_families.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_job_families') }}

),

final as (

    select
        {{ as_text('job_family') }} as job_family,
        cast(sort_order as integer) as sort_order,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en,
        has_sales_target
    from source

)

select * from final
