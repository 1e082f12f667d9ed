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

month_range as (

    select
        min(month_start_date) as first_month,
        max(month_start_date) as last_month
    from months

),

spell_ranges as (

    -- The months a spell touches and in which no later spell of the person has started: from the
    -- month it starts to the month it ends, the month before the next hire or the last month.
    select
        spells.employee_key,
        spells.spell_number,
        spells.exit_date,
        greatest(
            cast({{ dbt.date_trunc('month', 'spells.start_date') }} as date),
            month_range.first_month
        ) as first_month,
        least(
            month_range.last_month,
            coalesce(
                cast({{ dbt.date_trunc('month', 'spells.exit_date') }} as date),
                month_range.last_month
            ),
            coalesce(
                cast({{ dbt.dateadd('month', -1, dbt.date_trunc('month', 'spells.next_hire_date')) }} as date),
                month_range.last_month
            )
        ) as last_month
    from spells
    cross join month_range
    where spells.start_date is not null

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

version_runs as (

    -- Within a spell, the months whose reference date (the month's last day, or the exit date
    -- when earlier) falls in a version's validity. Reference dates rise with the month, so these
    -- months are consecutive and follow from the dates alone: no month is expanded (at a million
    -- employees that was 179M rows to group back into 3.6M runs).
    --  * from the month of valid_from, provided the spell has not ended before it;
    --  * to the month before the one valid_to's next day starts, or to the spell's last month
    --    when the spell ends within the validity (the exit date is then every later reference).
    select
        spell_ranges.employee_key,
        spell_ranges.spell_number,
        versions.employee_version_key,
        greatest(
            cast({{ dbt.date_trunc('month', 'versions.valid_from') }} as date),
            spell_ranges.first_month
        ) as first_month_start_date,
        case
            when spell_ranges.exit_date <= versions.valid_to then spell_ranges.last_month
            else least(
                spell_ranges.last_month,
                cast({{ dbt.dateadd('month', -1, dbt.date_trunc('month', dbt.dateadd('day', 1, 'versions.valid_to'))) }} as date)
            )
        end as last_month_start_date,
        spell_ranges.first_month as spell_first_month,
        spell_ranges.last_month as spell_last_month
    from spell_ranges
    inner join versions
        on spell_ranges.employee_key = versions.employee_key
        and versions.valid_from <= versions.valid_to
        and (spell_ranges.exit_date is null or spell_ranges.exit_date >= versions.valid_from)

),

versioned_runs as (

    select * from version_runs
    where first_month_start_date <= last_month_start_date

),

ordered_runs as (

    select
        versioned_runs.*,
        lag(last_month_start_date) over (
            partition by employee_key, spell_number order by first_month_start_date
        ) as previous_last_month,
        lead(first_month_start_date) over (
            partition by employee_key, spell_number order by first_month_start_date
        ) as next_first_month
    from versioned_runs

),

gaps as (

    -- Months of a spell that no version covers: before its first run, between two runs, after
    -- its last run, or the whole spell when it has no run. Rare (none at a million employees).
    select
        employee_key,
        spell_number,
        coalesce(
            cast({{ dbt.dateadd('month', 1, 'previous_last_month') }} as date), spell_first_month
        ) as gap_first_month,
        cast({{ dbt.dateadd('month', -1, 'first_month_start_date') }} as date) as gap_last_month
    from ordered_runs
    union all
    select
        employee_key,
        spell_number,
        cast({{ dbt.dateadd('month', 1, 'last_month_start_date') }} as date) as gap_first_month,
        spell_last_month as gap_last_month
    from ordered_runs
    where next_first_month is null
    union all
    select
        spell_ranges.employee_key,
        spell_ranges.spell_number,
        spell_ranges.first_month as gap_first_month,
        spell_ranges.last_month as gap_last_month
    from spell_ranges
    where not exists (
        select 1
        from versioned_runs
        where versioned_runs.employee_key = spell_ranges.employee_key
            and versioned_runs.spell_number = spell_ranges.spell_number
    )

),

unversioned_runs as (

    -- A month with no version is a run of its own.
    select
        gaps.employee_key,
        gaps.spell_number,
        cast(null as {{ dbt.type_string() }}) as employee_version_key,
        months.month_start_date as first_month_start_date,
        months.month_start_date as last_month_start_date
    from gaps
    inner join months
        on months.month_start_date >= gaps.gap_first_month
        and months.month_start_date <= gaps.gap_last_month
    -- Nearly every gap is empty (first after last); dropped before the range join, which
    -- otherwise sorts all 3.6M of them at a million employees (1.7 s).
    where gaps.gap_first_month <= gaps.gap_last_month

),

runs as (

    select employee_key, spell_number, employee_version_key, first_month_start_date, last_month_start_date
    from versioned_runs
    union all
    select employee_key, spell_number, employee_version_key, first_month_start_date, last_month_start_date
    from unversioned_runs

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
