{{ config(alias='dim_org_unit') }}

with

dim_org_unit as (

    select * from {{ ref('dim_org_unit') }}

),

final as (

    select * from dim_org_unit

)

select * from final
