with

spells as (

    select * from {{ ref('int_employee_spells') }}

),

job_changes as (

    select * from {{ ref('int_job_changes_deduplicated') }}

),

onboarding as (

    select * from {{ ref('stg_hr__onboarding') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

exit_reasons as (

    select * from {{ ref('exit_reasons') }}

),

hires as (

    select
        employee_key,
        spell_number,
        'hire' as event_type,
        hire_date as event_date,
        cast(null as {{ dbt.type_string() }}) as change_id,
        hire_org_unit_code as org_unit_code,
        hire_job_family as job_family,
        cast(hire_grade as integer) as grade,
        recruiting_channel,
        cast(null as {{ dbt.type_string() }}) as probation_result,
        cast(null as {{ dbt.type_string() }}) as exit_type,
        cast(null as {{ dbt.type_string() }}) as exit_reason_code,
        cast(null as {{ dbt.type_string() }}) as exit_reason_text
    from spells
    where is_hire_date_known

),

changes as (

    select
        spells.employee_key,
        spells.spell_number,
        job_changes.change_type as event_type,
        job_changes.effective_date as event_date,
        job_changes.change_id,
        job_changes.to_org_unit_code as org_unit_code,
        job_changes.to_job_family as job_family,
        cast(job_changes.to_grade as integer) as grade,
        cast(null as {{ dbt.type_string() }}) as recruiting_channel,
        cast(null as {{ dbt.type_string() }}) as probation_result,
        cast(null as {{ dbt.type_string() }}) as exit_type,
        cast(null as {{ dbt.type_string() }}) as exit_reason_code,
        cast(null as {{ dbt.type_string() }}) as exit_reason_text
    from job_changes
    inner join spells
        on job_changes.employee_key = spells.employee_key
        and job_changes.effective_date >= spells.start_date
        and (spells.next_hire_date is null or job_changes.effective_date < spells.next_hire_date)

),

onboarding_keyed as (

    -- The key is (employee, hire date): a later record replaces the earlier one.
    select
        employee_ids.employee_key,
        onboarding.hire_date,
        onboarding.probation_end_date,
        onboarding.probation_result,
        row_number() over (
            partition by employee_ids.employee_key, onboarding.hire_date
            order by
                onboarding.recorded_at desc,
                onboarding.loaded_at desc,
                onboarding.source_file desc,
                onboarding.source_line desc
        ) as version_rank
    from onboarding
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'onboarding'
        and employee_ids.id_field = 'employee_id'
        and onboarding.employee_id = employee_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

probations as (

    select
        spells.employee_key,
        spells.spell_number,
        'probation' as event_type,
        onboarding_keyed.probation_end_date as event_date,
        cast(null as {{ dbt.type_string() }}) as change_id,
        cast(null as {{ dbt.type_string() }}) as org_unit_code,
        cast(null as {{ dbt.type_string() }}) as job_family,
        cast(null as integer) as grade,
        cast(null as {{ dbt.type_string() }}) as recruiting_channel,
        onboarding_keyed.probation_result,
        cast(null as {{ dbt.type_string() }}) as exit_type,
        cast(null as {{ dbt.type_string() }}) as exit_reason_code,
        cast(null as {{ dbt.type_string() }}) as exit_reason_text
    from onboarding_keyed
    inner join spells
        on onboarding_keyed.employee_key = spells.employee_key
        and onboarding_keyed.hire_date = spells.hire_date
    where onboarding_keyed.version_rank = 1

),

exits as (

    select
        employee_key,
        spell_number,
        'exit' as event_type,
        exit_date as event_date,
        cast(null as {{ dbt.type_string() }}) as change_id,
        cast(null as {{ dbt.type_string() }}) as org_unit_code,
        cast(null as {{ dbt.type_string() }}) as job_family,
        cast(null as integer) as grade,
        cast(null as {{ dbt.type_string() }}) as recruiting_channel,
        cast(null as {{ dbt.type_string() }}) as probation_result,
        exit_type,
        exit_reason_code,
        exit_reason_text
    from spells
    where exit_date is not null

),

events as (

    select * from hires
    union all
    select * from changes
    union all
    select * from probations
    union all
    select * from exits

),

final as (

    select
        events.event_type || ':' || events.employee_key || ':' || {{ as_text('events.spell_number') }}
            || ':' || coalesce(events.change_id, {{ as_text('events.event_date') }}) as event_key,
        events.employee_key,
        cast(events.spell_number as integer) as spell_number,
        events.event_type,
        events.event_date,
        events.change_id,
        events.org_unit_code,
        events.job_family,
        events.grade,
        events.recruiting_channel,
        events.probation_result,
        events.exit_type,
        events.exit_reason_code,
        {{ as_text('exit_reasons.name_zh') }} as exit_reason_name_zh,
        {{ as_text('exit_reasons.name_en') }} as exit_reason_name_en,
        events.exit_reason_text,
        events.exit_type = 'voluntary' as is_voluntary_exit
    from events
    left join exit_reasons
        on events.exit_reason_code = exit_reasons.reason_code

)

select * from final
