with

source as (

    select * from {{ source('raw', 'training_catalog') }}

),

renamed as (

    select
        {{ as_text('course_code') }} as course_code,
        name_zh as course_name_zh,
        name_en as course_name_en,
        competency_code,
        hours as course_hours,
        delivery as delivery_mode,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
