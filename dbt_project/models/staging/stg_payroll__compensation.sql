{#- Optional source (issue 22 part 4): effective-dated pay records. The band midpoint is taken
    as delivered, or as the middle of the band's min and max when the export has only those. -#}
with

source as (

    select * from {{ source('raw', 'compensation') }}

),

grades as (

    select * from {{ ref('grades') }}

),

renamed as (

    select
        {{ as_text('source.employee_id') }} as employee_id,
        source.effective_date,
        grades.grade_rank as grade,
        source.base_pay,
        source.band_min,
        source.band_max,
        coalesce(source.band_midpoint, (source.band_min + source.band_max) / 2) as band_midpoint,
        source.change_reason,
        source.recorded_at,
        source._load_id as load_id,
        source._file as source_file,
        source._line as source_line,
        source._loaded_at as loaded_at
    from source
    left join grades
        on source.grade = grades.grade_code

)

select * from renamed
