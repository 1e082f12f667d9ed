with

courses as (

    select * from {{ ref('stg_lms__courses') }}

),

latest as (

    select
        courses.*,
        row_number() over (
            partition by course_code
            order by loaded_at desc, source_file desc, source_line desc
        ) as version_rank
    from courses

),

final as (

    select
        course_code,
        course_name_zh,
        course_name_en,
        competency_code,
        course_hours,
        delivery_mode
    from latest
    where version_rank = 1

)

select * from final
