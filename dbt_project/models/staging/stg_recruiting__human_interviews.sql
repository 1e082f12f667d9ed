with

source as (

    select * from {{ source('raw', 'human_interviews') }}

),

renamed as (

    select
        {{ as_text('interview_id') }} as interview_id,
        {{ as_text('candidate_id') }} as candidate_id,
        {{ as_text('interviewer_id') }} as interviewer_id,
        interviewed_date,
        is_blind,
        {%- for c in competency_codes() %}
        score_{{ c }},
        {%- endfor %}
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
