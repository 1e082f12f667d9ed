with

source as (

    select * from {{ source('raw', 'quarantine') }}

),

renamed as (

    -- The payload is left out on purpose: it can hold personal data and nothing downstream needs it.
    select
        load_id,
        source as source_name,
        file as source_file,
        line as source_line,
        rule as quarantine_rule,
        field as field_name,
        quarantined_at
    from source

)

select * from renamed
