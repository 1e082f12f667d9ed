{#- Optional source (issue 22 part 4): effective-dated pay records. The band midpoint is taken
    as delivered, or as the middle of the band's min and max when the export has only those. -#}
with

source as (

    select * from {{ source('raw', 'compensation') }}

),

renamed as (

    select
        {{ as_text('employee_id') }} as employee_id,
        effective_date,
        grade,
        base_pay,
        band_min,
        band_max,
        coalesce(band_midpoint, (band_min + band_max) / 2) as band_midpoint,
        change_reason,
        recorded_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
