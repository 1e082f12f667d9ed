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

carried as (

    -- A spell that ends in the month its successor (a rehire) starts shows its exit, and its
    -- hire when it also started that month, on the successor's row: one row per employee and
    -- month, every hire and exit counted. Rare, so computed apart from the big join.
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

spell_months as (

    -- Every month a spell touches and in which no later spell of the person has started; the
    -- reference date is the month's last day, or the exit date when the spell ends earlier.
    select
        spells.employee_key,
        spells.spell_number,
        spells.hire_date,
        spells.exit_date,
        months.month_start_date,
        months.month_end_date,
        spells.exit_date is null or spells.exit_date >= months.month_end_date as is_active,
        case when spells.hire_date >= months.month_start_date then 1 else 0 end as is_hire,
        case when spells.exit_date <= months.month_end_date then 1 else 0 end as is_exit,
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

with_tenure as (

    select
        spell_months.*,
        {{ months_between('spell_months.hire_date', 'spell_months.reference_date') }} as tenure
    from spell_months

),

final as (

    select
        with_tenure.employee_key,
        with_tenure.month_start_date,
        with_tenure.month_end_date,
        with_tenure.reference_date,
        cast(with_tenure.spell_number as integer) as spell_number,
        with_tenure.hire_date,
        with_tenure.exit_date,
        versions.employee_version_key,
        versions.org_unit_code,
        versions.job_family,
        versions.position,
        cast(versions.grade as integer) as grade,
        versions.manager_key,
        cast(with_tenure.tenure as integer) as tenure_months,
        case
            when with_tenure.tenure is null then 'unknown'
            when with_tenure.tenure < 12 then '0-1y'
            when with_tenure.tenure < 24 then '1-2y'
            when with_tenure.tenure < 60 then '2-5y'
            when with_tenure.tenure < 120 then '5-10y'
            else '10y+'
        end as tenure_band,
        with_tenure.is_active,
        with_tenure.is_hire + coalesce(carried.carried_hires, 0) > 0 as is_hired_in_month,
        with_tenure.is_exit + coalesce(carried.carried_exits, 0) > 0 as is_exited_in_month,
        cast(with_tenure.is_hire + coalesce(carried.carried_hires, 0) as integer) as hires_in_month,
        cast(with_tenure.is_exit + coalesce(carried.carried_exits, 0) as integer) as exits_in_month
    from with_tenure
    left join carried
        on with_tenure.employee_key = carried.employee_key
        and with_tenure.month_start_date = carried.month_start_date
    left join versions
        on with_tenure.employee_key = versions.employee_key
        and with_tenure.reference_date between versions.valid_from and versions.valid_to

)

select * from final
