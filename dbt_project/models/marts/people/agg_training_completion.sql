{#- Enrolments and completions of current employees per org unit (their current one, as in
    employee_portraits) x course: fct_training_enrollments counted, so the training page reads a
    table whose size does not grow with the number of employees. -#}
with

enrollments as (

    select * from {{ ref('fct_training_enrollments') }}

),

portraits as (

    select * from {{ ref('employee_portraits') }}

),

counted as (

    select
        portraits.org_unit_code,
        portraits.branch_code,
        enrollments.course_code,
        count(*) as enrolled,
        sum(case when enrollments.is_completed then 1 else 0 end) as completed
    from enrollments
    inner join portraits
        on enrollments.employee_key = portraits.employee_key
    group by portraits.org_unit_code, portraits.branch_code, enrollments.course_code

),

final as (

    select
        coalesce(org_unit_code, '') || ':' || coalesce(course_code, '') as completion_cell_key,
        org_unit_code,
        branch_code,
        course_code,
        cast(enrolled as integer) as enrolled,
        cast(coalesce(completed, 0) as integer) as completed
    from counted

)

select * from final
