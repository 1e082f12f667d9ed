with

source as (

    select * from {{ source('raw', 'performance_reviews') }}

),

renamed as (

    select
        {{ as_text('review_id') }} as review_id,
        {{ as_text('employee_id') }} as employee_id,
        upper(trim(period)) as review_period,
        score as review_score,
        grade as review_grade,
        sales_target,
        sales_actual,
        {{ as_text('reviewer_id') }} as reviewer_id,
        submitted_at,
        _load_id as load_id,
        _file as source_file,
        _line as source_line,
        _loaded_at as loaded_at
    from source

)

select * from renamed
