{{ config(alias='quarantine_summary') }}

with

quarantine_summary as (

    select * from {{ ref('quarantine_summary') }}

),

final as (

    select * from quarantine_summary

)

select * from final
