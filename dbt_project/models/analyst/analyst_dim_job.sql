{{ config(alias='dim_job') }}

with

dim_job as (

    select * from {{ ref('dim_job') }}

),

final as (

    select * from dim_job

)

select * from final
