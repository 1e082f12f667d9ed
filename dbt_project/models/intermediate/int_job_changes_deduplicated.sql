{#- Job changes keyed to canonical employees; a change re-sent with a later recorded_at replaces
    the earlier record, exact duplicates collapse. -#}
with

job_changes as (

    select * from {{ ref('stg_hr__job_changes') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

keyed as (

    select
        job_changes.*,
        employee_ids.employee_key,
        manager_ids.employee_key as to_manager_key,
        row_number() over (
            partition by job_changes.change_id
            order by
                job_changes.recorded_at desc,
                job_changes.loaded_at desc,
                job_changes.source_file desc,
                job_changes.source_line desc
        ) as version_rank
    from job_changes
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'job_changes'
        and employee_ids.id_field = 'employee_id'
        and job_changes.employee_id = employee_ids.raw_id
    left join resolved_ids as manager_ids
        on manager_ids.source_name = 'job_changes'
        and manager_ids.id_field = 'to_manager_id'
        and job_changes.to_manager_id = manager_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

final as (

    select
        change_id,
        employee_key,
        effective_date,
        change_type,
        to_org_unit_code,
        to_position,
        to_job_family,
        to_grade,
        to_manager_key,
        recorded_at
    from keyed
    where version_rank = 1

)

select * from final
