with

reviews as (

    select * from {{ ref('stg_performance__reviews') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

keyed as (

    -- The key is (employee, period): a later submission replaces the earlier one, even when the
    -- source wrote the employee number differently.
    select
        reviews.*,
        employee_ids.employee_key,
        reviewer_ids.employee_key as reviewer_key,
        row_number() over (
            partition by employee_ids.employee_key, reviews.review_period
            order by
                reviews.submitted_at desc,
                reviews.loaded_at desc,
                reviews.source_file desc,
                reviews.source_line desc
        ) as version_rank
    from reviews
    inner join resolved_ids as employee_ids
        on employee_ids.source_name = 'performance_reviews'
        and employee_ids.id_field = 'employee_id'
        and reviews.employee_id = employee_ids.raw_id
    left join resolved_ids as reviewer_ids
        on reviewer_ids.source_name = 'performance_reviews'
        and reviewer_ids.id_field = 'reviewer_id'
        and reviews.reviewer_id = reviewer_ids.raw_id
    where employee_ids.resolution_status = 'matched'

),

periods as (

    select
        keyed.*,
        cast(
            substr(review_period, 1, 4) || '-'
            || case substr(review_period, 6, 1)
                when '1' then '01' when '2' then '04' when '3' then '07' else '10'
            end
            || '-01' as date
        ) as period_start_date
    from keyed
    where version_rank = 1

),

final as (

    select
        employee_key || ':' || review_period as review_key,
        review_id,
        employee_key,
        review_period,
        period_start_date,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'period_start_date')) }} as date)
            as period_end_date,
        cast(review_score as {{ type_double() }}) as review_score,
        review_grade,
        cast(sales_target as {{ type_double() }}) as sales_target,
        cast(sales_actual as {{ type_double() }}) as sales_actual,
        cast(
            case when sales_target > 0 then sales_actual / sales_target end as {{ type_double() }}
        ) as target_attainment,
        reviewer_key,
        submitted_at
    from periods

)

-- Stored by person: one employee's history (the portrait page) then reads a few row groups
-- instead of scanning 8M rows at a million employees.
select * from final
order by employee_key, period_start_date
