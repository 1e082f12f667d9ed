with

enrollments as (

    select * from {{ ref('stg_lms__enrollments') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

courses as (

    select * from {{ ref('dim_course') }}

),

keyed as (

    -- A later update of an enrollment replaces the earlier one; exact duplicates collapse.
    select
        enrollments.*,
        learner_ids.employee_key,
        row_number() over (
            partition by enrollments.enrollment_id
            order by
                enrollments.updated_at desc,
                enrollments.loaded_at desc,
                enrollments.source_file desc,
                enrollments.source_line desc
        ) as version_rank
    from enrollments
    inner join resolved_ids as learner_ids
        on learner_ids.source_name = 'training_enrollments'
        and learner_ids.id_field = 'learner_id'
        and enrollments.learner_id = learner_ids.raw_id
    where learner_ids.resolution_status = 'matched'

),

final as (

    select
        keyed.enrollment_id,
        keyed.employee_key,
        keyed.course_code,
        courses.competency_code,
        keyed.enrolled_date,
        cast(keyed.sessions_planned as integer) as sessions_planned,
        cast(keyed.sessions_attended as integer) as sessions_attended,
        cast(
            case
                when keyed.sessions_planned > 0
                    then least(1.0 * keyed.sessions_attended / keyed.sessions_planned, 1.0)
            end as {{ type_double() }}
        ) as attendance_rate,
        cast(keyed.exam_score as {{ type_double() }}) as exam_score,
        keyed.is_completed,
        keyed.completed_date,
        keyed.updated_at
    from keyed
    left join courses
        on keyed.course_code = courses.course_code
    where keyed.version_rank = 1

)

select * from final
