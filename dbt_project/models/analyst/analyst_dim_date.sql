{{ config(alias='dim_date') }}

with

dim_date as (

    select * from {{ ref('dim_date') }}

),

final as (

    select * from dim_date

)

select * from final
