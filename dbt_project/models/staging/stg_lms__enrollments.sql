with

source as (

    select * from {{ source('raw', 'training_enrollments') }}

),

renamed as (

    select
        {{ as_text('enrollment_id') }} as enrollment_id,
        {{ as_text('learner_id') }} as learner_id,
        {{ as_text('course_code') }} as course_code,
        enrolled_date,
        sessions_planned,
        sessions_attended,
        exam_score,
        completed as is_completed,
        completed_date,
        updated_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
