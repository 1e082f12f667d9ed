with

source as (

    select * from {{ source('raw', 'onboarding') }}

),

renamed as (

    select
        {{ as_text('employee_id') }} as employee_id,
        hire_date,
        contract_signed_date,
        social_insurance_date,
        probation_end_date,
        probation_result,
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
