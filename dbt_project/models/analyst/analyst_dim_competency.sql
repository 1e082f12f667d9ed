{{ config(alias='dim_competency') }}

with

dim_competency as (

    select * from {{ ref('dim_competency') }}

),

final as (

    select * from dim_competency

)

select * from final
