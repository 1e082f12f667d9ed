{{ config(alias='id_resolution_summary') }}

with

id_resolution_summary as (

    select * from {{ ref('id_resolution_summary') }}

),

final as (

    select * from id_resolution_summary

)

select * from final
