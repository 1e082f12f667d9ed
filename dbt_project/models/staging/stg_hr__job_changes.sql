with

source as (

    select * from {{ source('raw', 'job_changes') }}

),

grades as (

    select * from {{ ref('grades') }}

),

renamed as (

    select
        {{ as_text('source.change_id') }} as change_id,
        {{ as_text('source.employee_id') }} as employee_id,
        source.effective_date,
        source.change_type,
        {{ as_text('source.to_org_unit_code') }} as to_org_unit_code,
        source.to_position,
        source.to_job_family,
        grades.grade_rank as to_grade,
        {{ as_text('source.to_manager_id') }} as to_manager_id,
        source.recorded_at,
        source._load_id as load_id,
        source._file as source_file,
        source._line as source_line,
        source._loaded_at as loaded_at
    from source
    left join grades
        on source.to_grade = grades.grade_code

)

select * from renamed
