{#- The employee-month snapshot stored as runs: one row per employee, spell and dim_employee
    version, with the first and last month in which that version is the one valid on the month's
    reference date. fct_headcount_monthly expands it to one row per month. At a million employees
    the 179M snapshot rows are 3.6M runs: writing them costs a fifth of writing every month
    (docs/architecture.md). -#}
with

spells as (

    select * from {{ ref('int_employee_spells') }}

),

versions as (

    select * from {{ ref('int_employee_versions') }}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

bounds as (

    -- From the month of the first hire to the month of the latest HR extract (the as-of date).
    select
        min(hire_date) as first_date,
        max(cast(latest_extracted_at as date)) as as_of_date
    from spells

),

months as (

    select distinct
        calendar.month_start_date,
        calendar.month_end_date
    from calendar
    cross join bounds
    where calendar.date_day between bounds.first_date and bounds.as_of_date

),

spell_months as (

    -- Every month a spell touches and in which no later spell of the person has started; the
    -- reference date is the month's last day, or the exit date when the spell ends earlier.
    select
        spells.employee_key,
        spells.spell_number,
        months.month_start_date,
        case
            when spells.exit_date < months.month_end_date then spells.exit_date
            else months.month_end_date
        end as reference_date
    from spells
    inner join months
        on spells.start_date <= months.month_end_date
        and (spells.exit_date is null or spells.exit_date >= months.month_start_date)
        and (spells.next_hire_date is null or spells.next_hire_date > months.month_end_date)

),

carried as (

    -- A spell that ends in the month its successor (a rehire) starts shows its exit, and its
    -- hire when it also started that month, on the successor's row: one row per employee and
    -- month, every hire and exit counted. Kept on the run holding that month.
    select
        employee_key,
        cast({{ dbt.date_trunc('month', 'next_hire_date') }} as date) as month_start_date,
        sum(
            case
                when {{ dbt.date_trunc('month', 'hire_date') }} = {{ dbt.date_trunc('month', 'next_hire_date') }}
                    then 1
                else 0
            end
        ) as carried_hires,
        count(*) as carried_exits
    from spells
    where next_hire_date is not null
        and {{ dbt.date_trunc('month', 'exit_date') }} = {{ dbt.date_trunc('month', 'next_hire_date') }}
    group by employee_key, cast({{ dbt.date_trunc('month', 'next_hire_date') }} as date)

),

versioned as (

    select
        spell_months.employee_key,
        spell_months.spell_number,
        spell_months.month_start_date,
        versions.employee_version_key
    from spell_months
    left join versions
        on spell_months.employee_key = versions.employee_key
        and spell_months.reference_date between versions.valid_from and versions.valid_to

),

runs as (

    -- The months of one spell and version are consecutive: reference dates rise with the month,
    -- and an employee's versions do not overlap. A month with no version is a run of its own.
    select
        employee_key,
        spell_number,
        employee_version_key,
        case when employee_version_key is null then month_start_date end as unversioned_month,
        min(month_start_date) as first_month_start_date,
        max(month_start_date) as last_month_start_date
    from versioned
    group by
        employee_key,
        spell_number,
        employee_version_key,
        case when employee_version_key is null then month_start_date end

),

final as (

    select
        runs.employee_key,
        runs.first_month_start_date,
        runs.last_month_start_date,
        cast(runs.spell_number as integer) as spell_number,
        spells.hire_date,
        spells.exit_date,
        runs.employee_version_key,
        versions.org_unit_code,
        versions.job_family,
        versions.position,
        cast(versions.grade as integer) as grade,
        versions.manager_key,
        carried.month_start_date as carried_month_start_date,
        cast(carried.carried_hires as integer) as carried_hires,
        cast(carried.carried_exits as integer) as carried_exits
    from runs
    inner join spells
        on runs.employee_key = spells.employee_key
        and runs.spell_number = spells.spell_number
    left join versions
        on runs.employee_version_key = versions.employee_version_key
    left join carried
        on runs.employee_key = carried.employee_key
        and carried.month_start_date >= runs.first_month_start_date
        and carried.month_start_date <= runs.last_month_start_date

)

select * from final
