with

source as (

    select * from {{ source('raw', 'job_changes') }}

),

renamed as (

    select
        {{ as_text('change_id') }} as change_id,
        {{ as_text('employee_id') }} as employee_id,
        effective_date,
        change_type,
        {{ as_text('to_org_unit_code') }} as to_org_unit_code,
        to_position,
        to_job_family,
        to_grade,
        {{ as_text('to_manager_id') }} as to_manager_id,
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
