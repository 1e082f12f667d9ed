{#- Monthly headcount snapshot, one row per employee and month: fct_headcount_segments expanded
    month by month, with the month's flags and tenure. A view: at a million employees its 179M
    rows cost 4-12 s to read in full and over 100 s to store (docs/architecture.md). -#}
{{ config(materialized='view') }}

with

segments as (

    select * from {{ ref('fct_headcount_segments') }}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

final as (

    {{ headcount_month_rows(segment_months('segments', 'calendar')) }}

)

select * from final
