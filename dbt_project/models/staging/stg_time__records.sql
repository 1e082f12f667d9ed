{#- Optional source (issue 22 part 4): overtime hours and absence days per person and month; any
    day of the month names the month. -#}
with

source as (

    select * from {{ source('raw', 'time_records') }}

),

renamed as (

    select
        {{ as_text('employee_id') }} as employee_id,
        cast({{ dbt.date_trunc('month', 'month') }} as date) as month_start_date,
        overtime_hours,
        absence_days,
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
