with

source as (

    select * from {{ source('raw', 'hr_employees') }}

),

education_levels as (

    select * from {{ ref('education_levels') }}

),

grades as (

    select * from {{ ref('grades') }}

),

renamed as (

    select
        {{ as_text('source.employee_id') }} as employee_id,
        source.name as employee_name,
        source.sex,
        source.birth_date,
        source.national_id_hash,
        education_levels.education_code,
        source.hire_date,
        {{ as_text('source.org_unit_code') }} as org_unit_code,
        source.position,
        source.job_family,
        grades.grade_rank as grade,
        {{ as_text('source.manager_id') }} as manager_id,
        source.status = 'active' as is_active_in_extract,
        {{ as_text('source.ai_candidate_id') }} as ai_candidate_id,
        source.recruiting_channel,
        source.extracted_at,
        source._load_id as load_id,
        source._file as source_file,
        source._line as source_line,
        source._loaded_at as loaded_at
    from source
    left join education_levels
        on source.education = education_levels.hr_value
    left join grades
        on source.grade = grades.grade_code

)

select * from renamed
