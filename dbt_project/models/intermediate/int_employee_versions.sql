{#- SCD2 history of each employee's org unit, position, job family, grade and manager, after
    Fivetran's Workday package: union the change dates (each hire with the state at hire, each job
    change with its new state), keep the last record of a day, and end each version the day
    before the next starts; the last version is open (9999-12-31). Ordering by the effective date
    (not the date recorded) places back-dated changes where they belong. -#}
with

spells as (

    select * from {{ ref('int_employee_spells') }}

),

job_changes as (

    select * from {{ ref('int_job_changes_deduplicated') }}

),

grade_steps as (

    -- One grade step down and up from each rank of the customer's grades (reference data).
    select
        grade_rank,
        lag(grade_rank) over (order by grade_rank) as rank_below,
        lead(grade_rank) over (order by grade_rank) as rank_above
    from {{ ref('grades') }}

),

change_points as (

    -- A change belongs to the spell it takes effect in.
    select
        spells.employee_key,
        spells.spell_number,
        spells.hire_date,
        spells.exit_date,
        job_changes.effective_date as valid_from,
        job_changes.change_type,
        job_changes.change_id,
        1 as point_order,
        job_changes.recorded_at,
        job_changes.to_org_unit_code as org_unit_code,
        job_changes.to_position as position,
        job_changes.to_job_family as job_family,
        job_changes.to_grade as grade,
        job_changes.to_manager_key as manager_key
    from job_changes
    inner join spells
        on job_changes.employee_key = spells.employee_key
        and job_changes.effective_date >= spells.start_date
        and (spells.next_hire_date is null or job_changes.effective_date < spells.next_hire_date)

),

first_changes as (

    select
        change_points.*,
        row_number() over (
            partition by employee_key, spell_number
            order by valid_from, recorded_at, change_id
        ) as change_rank
    from change_points

),

hire_points as (

    -- The HR master shows the state now, not at hire. The state at hire is inferred backwards
    -- from the spell's first change: a change that is not a transfer leaves the org unit and
    -- manager as they were, a promotion or grade change is one grade step (the next rank of the
    -- customer's grades), a transfer keeps the grade. Whatever the first change does not tell
    -- comes from the HR master.
    select
        spells.employee_key,
        spells.spell_number,
        spells.hire_date,
        spells.exit_date,
        spells.start_date as valid_from,
        case when spells.is_hire_date_known then 'hire' else 'unknown_start' end as change_type,
        cast(null as {{ dbt.type_string() }}) as change_id,
        0 as point_order,
        cast(null as {{ dbt.type_timestamp() }}) as recorded_at,
        case
            when first_changes.change_type in ('promotion', 'grade_change', 'demotion')
                then first_changes.org_unit_code
            else spells.hire_org_unit_code
        end as org_unit_code,
        spells.hire_position as position,
        coalesce(first_changes.job_family, spells.hire_job_family) as job_family,
        case
            when first_changes.change_type in ('promotion', 'grade_change')
                then coalesce(grade_steps.rank_below, first_changes.grade)
            when first_changes.change_type = 'demotion'
                then coalesce(grade_steps.rank_above, first_changes.grade)
            when first_changes.change_type = 'transfer' then first_changes.grade
            else spells.hire_grade
        end as grade,
        case
            when first_changes.change_type in ('promotion', 'grade_change', 'demotion')
                then first_changes.manager_key
            else spells.hire_manager_key
        end as manager_key
    from spells
    left join first_changes
        on spells.employee_key = first_changes.employee_key
        and spells.spell_number = first_changes.spell_number
        and first_changes.change_rank = 1
    left join grade_steps
        on first_changes.grade = grade_steps.grade_rank

),

points as (

    select * from hire_points
    union all
    select * from change_points

),

last_of_day as (

    select
        points.*,
        row_number() over (
            partition by employee_key, valid_from
            order by point_order desc, recorded_at desc, change_id desc
        ) as day_rank
    from points

),

windowed as (

    select
        employee_key,
        spell_number,
        hire_date,
        exit_date,
        valid_from,
        coalesce(
            {{ dbt.dateadd('day', -1, 'lead(valid_from) over (partition by employee_key order by valid_from)') }},
            {{ date_literal(var('open_end_date')) }}
        ) as valid_to,
        change_type,
        change_id,
        org_unit_code,
        position,
        job_family,
        grade,
        manager_key
    from last_of_day
    where day_rank = 1

),

final as (

    select
        employee_key || '@' || {{ as_text('valid_from') }} as employee_version_key,
        employee_key,
        spell_number,
        hire_date,
        exit_date,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to,
        valid_to = {{ date_literal(var('open_end_date')) }} as is_current,
        change_type,
        change_id,
        org_unit_code,
        position,
        job_family,
        grade,
        manager_key
    from windowed

)

select * from final
