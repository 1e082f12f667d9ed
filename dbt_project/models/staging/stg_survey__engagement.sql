{#- Optional source (issue 22 part 4): employees' engagement or pulse survey, one score a
    person and survey (the candidate survey is stg_survey__responses). -#}
with

source as (

    select * from {{ source('raw', 'engagement_surveys') }}

),

renamed as (

    select
        {{ as_text('response_id') }} as response_id,
        {{ as_text('employee_id') }} as employee_id,
        survey_date,
        engagement_score,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
