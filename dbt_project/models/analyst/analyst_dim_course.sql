{{ config(alias='dim_course') }}

with

dim_course as (

    select * from {{ ref('dim_course') }}

),

final as (

    select * from dim_course

)

select * from final
