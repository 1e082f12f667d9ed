with

source as (

    select * from {{ source('raw', 'org_units') }}

),

renamed as (

    select
        {{ as_text('org_unit_code') }} as org_unit_code,
        {{ as_text("nullif(trim(parent_code), '')") }} as parent_code,
        name_zh as org_unit_name_zh,
        name_en as org_unit_name_en,
        level as org_level,
        city,
        opened_date,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
