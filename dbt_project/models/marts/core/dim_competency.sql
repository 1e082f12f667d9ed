with

competencies as (

    select * from {{ ref('competencies') }}

),

final as (

    select
        {{ as_text('competency_code') }} as competency_code,
        cast(sort_order as integer) as sort_order,
        {{ as_text('name_zh') }} as competency_name_zh,
        {{ as_text('name_en') }} as competency_name_en
    from competencies

)

select * from final
