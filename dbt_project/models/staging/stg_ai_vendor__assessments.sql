with

source as (

    select * from {{ source('raw', 'ai_interviews') }}

),

renamed as (

    select
        {{ as_text('assessment_id') }} as assessment_id,
        {{ as_text('candidate_id') }} as candidate_id,
        {{ as_text('employee_no') }} as employee_no,
        job_family,
        {{ as_text('org_unit_code') }} as org_unit_code,
        recruiting_channel,
        assessed_at,
        cast(assessed_at as date) as assessed_date,
        model_version,
        {%- for c in competency_codes() %}
        score_{{ c }},
        {%- endfor %}
        overall_score,
        ai_recommendation,
        education as education_code,
        years_experience,
        major,
        certifications,
        sex,
        birth_year,
        national_id_hash,
        exported_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
