{{ config(alias='fct_performance_reviews') }}

with

fct_performance_reviews as (

    select * from {{ ref('fct_performance_reviews') }}

),

final as (

    select
        {{ pseudonymize('employee_key') }} as employee_pid,
        review_id,
        review_period,
        period_start_date,
        period_end_date,
        review_score,
        review_grade,
        sales_target,
        sales_actual,
        target_attainment,
        {{ pseudonymize('reviewer_key') }} as reviewer_pid,
        submitted_at
    from fct_performance_reviews

)

select * from final
