{#- One row per employment spell (employee x hire date): the spells of the HR master, plus those
    only the onboarding records show (a master row can be quarantined), plus one spell of unknown
    start for a person the HR system knows (job changes, exits) with neither: such a person was
    hired before the records began, so the spell starts at `unknown_start_date` with a NULL
    hire date and ends at their exit record, if any. The master's rows of a
    spell collapse (its latest extract wins for current attributes, its earliest gives the state
    at hire); the exit that ends the spell is attached. A rehire keeps the employee number and
    opens a new spell. -#}
with

hr_employees as (

    select * from {{ ref('stg_hr__employees') }}

),

exits as (

    select * from {{ ref('stg_hr__exits') }}

),

onboarding as (

    select * from {{ ref('stg_hr__onboarding') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

employees as (

    select * from {{ ref('int_employees_registered') }}

),

hr_keyed as (

    select
        employee_ids.employee_key,
        manager_ids.employee_key as manager_key,
        hr_employees.*
    from hr_employees
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'hr_employees'
        and employee_ids.id_field = 'employee_id'
        and hr_employees.employee_id = employee_ids.raw_id
    left join resolved_ids as manager_ids
        on manager_ids.source_name = 'hr_employees'
        and manager_ids.id_field = 'manager_id'
        and hr_employees.manager_id = manager_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

hr_ranked as (

    select
        hr_keyed.*,
        row_number() over (
            partition by employee_key, hire_date
            order by extracted_at desc, loaded_at desc, source_file desc, source_line desc
        ) as latest_rank,
        row_number() over (
            partition by employee_key, hire_date
            order by extracted_at, loaded_at, source_file, source_line
        ) as earliest_rank
    from hr_keyed

),

onboarding_starts as (

    select distinct
        employee_ids.employee_key,
        onboarding.hire_date
    from onboarding
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'onboarding'
        and employee_ids.id_field = 'employee_id'
        and onboarding.employee_id = employee_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

known_starts as (

    select employee_key, hire_date from hr_ranked where latest_rank = 1
    union
    select employee_key, hire_date from onboarding_starts

),

spell_starts as (

    select employee_key, hire_date from known_starts
    union all
    select
        employees.employee_key,
        cast(null as date) as hire_date
    from employees
    left join (select distinct employee_key from known_starts) as known
        on employees.employee_key = known.employee_key
    where known.employee_key is null

),

spells as (

    select
        spell_starts.employee_key,
        spell_starts.hire_date,
        coalesce(spell_starts.hire_date, {{ date_literal(var('unknown_start_date')) }}) as start_date,
        latest.org_unit_code,
        latest.position,
        latest.job_family,
        latest.grade,
        latest.manager_key,
        latest.is_active_in_extract,
        latest.recruiting_channel,
        latest.extracted_at as latest_extracted_at,
        earliest.org_unit_code as hire_org_unit_code,
        earliest.position as hire_position,
        earliest.job_family as hire_job_family,
        earliest.grade as hire_grade,
        earliest.manager_key as hire_manager_key,
        row_number() over (
            partition by spell_starts.employee_key order by spell_starts.hire_date nulls first
        ) as spell_number,
        lead(spell_starts.hire_date) over (
            partition by spell_starts.employee_key order by spell_starts.hire_date nulls first
        ) as next_hire_date,
        -- The same window as the two above, so the three share one pass over the spells.
        min(spell_starts.hire_date) over (
            partition by spell_starts.employee_key order by spell_starts.hire_date nulls first
            rows between unbounded preceding and unbounded following
        ) as first_hire_date
    from spell_starts
    left join hr_ranked as latest
        on spell_starts.employee_key = latest.employee_key
        and spell_starts.hire_date = latest.hire_date
        and latest.latest_rank = 1
    left join hr_ranked as earliest
        on spell_starts.employee_key = earliest.employee_key
        and spell_starts.hire_date = earliest.hire_date
        and earliest.earliest_rank = 1

),

exits_keyed as (

    select
        employee_ids.employee_key,
        exits.exit_date,
        exits.exit_type,
        exits.exit_reason_code,
        exits.exit_reason_text,
        exits.recorded_at,
        exits.loaded_at,
        exits.source_file,
        exits.source_line
    from exits
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'exits'
        and employee_ids.id_field = 'employee_id'
        and exits.employee_id = employee_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

spell_exits as (

    -- An exit belongs to the spell it falls in; a re-sent exit of the same spell replaces the
    -- earlier one (the latest recorded wins, even when it corrects the date).
    select
        spells.employee_key,
        spells.start_date,
        exits_keyed.exit_date,
        exits_keyed.exit_type,
        exits_keyed.exit_reason_code,
        exits_keyed.exit_reason_text,
        row_number() over (
            partition by spells.employee_key, spells.start_date
            order by
                exits_keyed.recorded_at desc,
                exits_keyed.loaded_at desc,
                exits_keyed.source_file desc,
                exits_keyed.source_line desc
        ) as exit_rank
    from spells
    inner join exits_keyed
        on spells.employee_key = exits_keyed.employee_key
        and exits_keyed.exit_date >= spells.start_date
        and (spells.next_hire_date is null or exits_keyed.exit_date < spells.next_hire_date)

),

final as (

    select
        spells.employee_key,
        spells.spell_number,
        spells.employee_key || '-' || {{ as_text('spells.spell_number') }} as spell_key,
        spells.hire_date,
        spells.start_date,
        spells.hire_date is not null as is_hire_date_known,
        spell_exits.exit_date,
        spell_exits.exit_type,
        spell_exits.exit_reason_code,
        spell_exits.exit_reason_text,
        spells.next_hire_date,
        spells.first_hire_date,
        spells.recruiting_channel,
        spells.org_unit_code,
        spells.position,
        spells.job_family,
        spells.grade,
        spells.manager_key,
        spells.hire_org_unit_code,
        spells.hire_position,
        spells.hire_job_family,
        spells.hire_grade,
        spells.hire_manager_key,
        spells.is_active_in_extract,
        spells.latest_extracted_at
    from spells
    left join spell_exits
        on spells.employee_key = spell_exits.employee_key
        and spells.start_date = spell_exits.start_date
        and spell_exits.exit_rank = 1

)

select * from final
