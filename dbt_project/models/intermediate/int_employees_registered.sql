{#- The person registry: one row per canonical employee number that an HR record is about -
    the master extracts, onboarding, job-change and exit records (the subject's `employee_id`) -
    so a person whose master row was quarantined is still a person; with the attributes of the
    latest master extract. A number that only refers to someone (a manager, a reviewer, an
    interviewer, the subject of a performance review) never creates a person: a reference to an
    unknown number is an exception of the crosswalk (`unknown_employee_number`), or managers
    from another number space would become phantom "active" employees (issue 18). The AI
    vendor's employee numbers and the learning system's learner IDs are foreign renderings that
    can be wrong, so they never create a person either. -#}
with

hr_employees as (

    select * from {{ ref('stg_hr__employees') }}

),

source_ids as (

    select * from {{ ref('int_source_ids_normalized') }}

),

hr_system_numbers as (

    select distinct normalized_id as employee_key
    from source_ids
    where id_kind = 'employee'
        and source_name in ('hr_employees', 'onboarding', 'job_changes', 'exits')
        and id_field = 'employee_id'
        and normalized_id is not null

),

keyed as (

    select
        source_ids.normalized_id as employee_key,
        hr_employees.*
    from hr_employees
    inner join source_ids
        on source_ids.source_name = 'hr_employees'
        and source_ids.id_field = 'employee_id'
        and hr_employees.employee_id = source_ids.raw_id
    where source_ids.normalized_id is not null

),

ranked as (

    select
        keyed.*,
        row_number() over (
            partition by employee_key
            order by extracted_at desc, hire_date desc, loaded_at desc, source_file desc, source_line desc
        ) as extract_rank
    from keyed

),

national_ids as (

    select
        employee_key,
        count(distinct national_id_hash) as national_id_variants
    from keyed
    group by employee_key

),

final as (

    select
        hr_system_numbers.employee_key,
        ranked.employee_name,
        ranked.sex,
        ranked.birth_date,
        ranked.national_id_hash,
        ranked.education_code,
        ranked.recruiting_channel,
        ranked.extracted_at as latest_extracted_at,
        coalesce(national_ids.national_id_variants, 0) as national_id_variants,
        ranked.employee_key is not null as is_in_master
    from hr_system_numbers
    left join ranked
        on hr_system_numbers.employee_key = ranked.employee_key
        and ranked.extract_rank = 1
    left join national_ids
        on hr_system_numbers.employee_key = national_ids.employee_key

)

select * from final
