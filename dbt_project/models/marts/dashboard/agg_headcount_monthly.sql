{#- Headcount at month end, hires and exits per month x org unit x job family: fct_headcount_monthly
    summed, so the dashboards read a table whose size follows months and org units, not employees.
    Sums over any set of cells equal the same sums over the fact's rows exactly.

    Summed from the runs of fct_headcount_segments without expanding their months (179M rows at a
    million employees, 8 s to read): within a run every measure counts on a range of consecutive
    months, so each range adds its weight at its first month and takes it back the month after
    its last, and a running sum per cell gives every month's value. The ranges restate the month
    flags of headcount_month_rows; tests/warehouse checks the two agree on every cell. -#}
with

segments as (

    select * from {{ ref('fct_headcount_segments') }}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

runs as (

    select
        org_unit_code,
        job_family,
        first_month_start_date,
        last_month_start_date,
        cast({{ dbt.date_trunc('month', 'hire_date') }} as date) as hire_month,
        cast({{ dbt.date_trunc('month', 'exit_date') }} as date) as exit_month,
        -- Not active from the month of the day after the exit: the exit month, or the next one
        -- when the exit falls on the month's last day.
        cast({{ dbt.date_trunc('month', dbt.dateadd('day', 1, 'exit_date')) }} as date)
            as inactive_from_month,
        carried_month_start_date,
        carried_hires,
        carried_exits
    from segments

),

ranges as (

    -- One row per run and measure: the months of the run in which the measure counts, and by
    -- how much. employees: every month; headcount is employees less the inactive months;
    -- hires: months up to the hire's (hire_date >= month start); exits: months from the exit's
    -- (exit_date <= month end); a carried hire or exit counts in its month only.
    select org_unit_code, job_family, first_month_start_date as first_month,
        last_month_start_date as last_month, 1 as employees, 0 as inactive, 0 as hires, 0 as exits
    from runs
    union all
    select org_unit_code, job_family, greatest(first_month_start_date, inactive_from_month),
        last_month_start_date, 0, 1, 0, 0
    from runs
    where inactive_from_month <= last_month_start_date
    union all
    select org_unit_code, job_family, first_month_start_date,
        least(last_month_start_date, hire_month), 0, 0, 1, 0
    from runs
    where hire_month >= first_month_start_date
    union all
    select org_unit_code, job_family, greatest(first_month_start_date, exit_month),
        last_month_start_date, 0, 0, 0, 1
    from runs
    where exit_month <= last_month_start_date
    union all
    select org_unit_code, job_family, carried_month_start_date, carried_month_start_date,
        0, 0, carried_hires, carried_exits
    from runs
    where carried_month_start_date >= first_month_start_date
        and carried_month_start_date <= last_month_start_date

),

changes as (

    select org_unit_code, job_family, month_start_date,
        sum(employees) as employees, sum(inactive) as inactive, sum(hires) as hires,
        sum(exits) as exits
    from (
        select org_unit_code, job_family, first_month as month_start_date,
            employees, inactive, hires, exits
        from ranges
        union all
        select org_unit_code, job_family,
            cast({{ dbt.dateadd('month', 1, 'last_month') }} as date),
            -employees, -inactive, -hires, -exits
        from ranges
    ) as steps
    group by org_unit_code, job_family, month_start_date

),

levels as (

    -- Each cell's values from one change to the month before the next.
    select
        org_unit_code,
        job_family,
        month_start_date as first_month_start_date,
        coalesce(
            cast({{ dbt.dateadd('month', -1, 'next_month') }} as date), month_start_date
        ) as last_month_start_date,
        employees,
        inactive,
        hires,
        exits
    from (
        select
            org_unit_code,
            job_family,
            month_start_date,
            lead(month_start_date) over cell as next_month,
            sum(employees) over cell_to_date as employees,
            sum(inactive) over cell_to_date as inactive,
            sum(hires) over cell_to_date as hires,
            sum(exits) over cell_to_date as exits
        from changes
        window
            cell as (partition by org_unit_code, job_family order by month_start_date),
            cell_to_date as (
                partition by org_unit_code, job_family order by month_start_date
                rows between unbounded preceding and current row
            )
    ) as running
    where employees > 0

),

months as (

    select distinct month_start_date, month_end_date from calendar

),

summed as (

    {{ segments_in_months('levels', 'months') }}

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
        cast(summed.employees - summed.inactive as integer) as headcount,
        cast(summed.hires as integer) as hires,
        cast(summed.exits as integer) as exits
    from summed
    left join org_units
        on summed.org_unit_code = org_units.org_unit_code

)

select * from final
