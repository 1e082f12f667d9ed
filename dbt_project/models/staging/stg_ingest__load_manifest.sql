with

source as (

    select * from {{ source('raw', 'load_manifest') }}

),

renamed as (

    select
        load_id,
        source as source_name,
        file as source_file,
        file_hash,
        status as load_status,
        rows_read,
        rows_loaded,
        rows_quarantined,
        message as load_message,
        loaded_at
    from source

)

select * from renamed
