{#- Headcount at month end, hires and exits per month x org unit x job family: fct_headcount_monthly
    summed, so the dashboards read a table whose size follows months and org units, not employees.
    Sums over any set of cells equal the same sums over the fact's rows exactly. -#}
with

headcount as (

    select * from {{ ref('fct_headcount_monthly') }}

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

summed as (

    select
        month_start_date,
        org_unit_code,
        job_family,
        count(*) as employees,
        sum(case when is_active then 1 else 0 end) as headcount,
        sum(hires_in_month) as hires,
        sum(exits_in_month) as exits
    from headcount
    group by month_start_date, org_unit_code, job_family

),

final as (

    select
        {{ as_text('summed.month_start_date') }} || ':' || coalesce(summed.org_unit_code, '')
            || ':' || coalesce(summed.job_family, '') as headcount_cell_key,
        summed.month_start_date,
        summed.org_unit_code,
        org_units.branch_code,
        summed.job_family,
        cast(summed.employees as integer) as employees,
        cast(summed.headcount as integer) as headcount,
        cast(coalesce(summed.hires, 0) as integer) as hires,
        cast(coalesce(summed.exits, 0) as integer) as exits
    from summed
    left join org_units
        on summed.org_unit_code = org_units.org_unit_code

)

select * from final
