with

source as (

    select * from {{ source('raw', 'surveys') }}

),

renamed as (

    select
        {{ as_text('response_id') }} as response_id,
        respondent_type,
        survey_date,
        question_code,
        answer as answer_score,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
