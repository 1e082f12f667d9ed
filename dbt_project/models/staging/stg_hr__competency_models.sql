with

source as (

    select * from {{ source('raw', 'competency_models') }}

),

renamed as (

    select
        job_family,
        job_family_name_zh,
        job_family_name_en,
        competency_code,
        required_level,
        hiring_weight_pct,
        effective_date,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
