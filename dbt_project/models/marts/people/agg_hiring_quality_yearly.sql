{#- AI-assessed hires per hire year x org unit: hires, the sum and count of their observed
    performance (mean = sum / count), misses and leavers: hiring_quality counted, so the overview
    page reads a table whose size does not grow with the number of hires. -#}
with

hires as (

    select * from {{ ref('hiring_quality') }}

),

counted as (

    select
        cast(extract(year from hire_date) as integer) as hire_year,
        org_unit_code,
        count(*) as hires,
        count(observed_performance) as hires_with_performance,
        sum(observed_performance) as performance_sum,
        sum(case when is_miss then 1 else 0 end) as misses,
        sum(case when has_left then 1 else 0 end) as leavers
    from hires
    group by cast(extract(year from hire_date) as integer), org_unit_code

),

final as (

    select
        coalesce({{ as_text('hire_year') }}, '') || ':' || coalesce(org_unit_code, '')
            as hiring_cell_key,
        hire_year,
        org_unit_code,
        cast(hires as integer) as hires,
        cast(hires_with_performance as integer) as hires_with_performance,
        cast(performance_sum as {{ type_double() }}) as performance_sum,
        cast(coalesce(misses, 0) as integer) as misses,
        cast(coalesce(leavers, 0) as integer) as leavers
    from counted

)

select * from final
