with

source as (

    select * from {{ source('raw', 'exits') }}

),

renamed as (

    select
        {{ as_text('employee_id') }} as employee_id,
        exit_date,
        exit_type,
        reason_code as exit_reason_code,
        reason_text as exit_reason_text,
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
