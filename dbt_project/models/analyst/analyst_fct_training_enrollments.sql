{{ config(alias='fct_training_enrollments') }}

with

fct_training_enrollments as (

    select * from {{ ref('fct_training_enrollments') }}

),

final as (

    select
        enrollment_id,
        {{ pseudonymize('employee_key') }} as employee_pid,
        course_code,
        competency_code,
        enrolled_date,
        sessions_planned,
        sessions_attended,
        attendance_rate,
        exam_score,
        is_completed,
        completed_date,
        updated_at
    from fct_training_enrollments

)

select * from final
