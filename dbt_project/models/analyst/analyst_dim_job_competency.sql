{{ config(alias='dim_job_competency') }}

with

dim_job_competency as (

    select * from {{ ref('dim_job_competency') }}

),

final as (

    select * from dim_job_competency

)

select * from final
