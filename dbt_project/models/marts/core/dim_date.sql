with

spine as (

    {{ dbt.date_spine('day', date_literal(var('date_spine_start')), date_literal(var('date_spine_end'))) }}

),

final as (

    select
        cast(date_day as date) as date_day,
        cast(extract(year from date_day) as integer) as calendar_year,
        cast(extract(quarter from date_day) as integer) as calendar_quarter,
        cast(extract(month from date_day) as integer) as calendar_month,
        cast(extract(day from date_day) as integer) as day_of_month,
        cast({{ talentloop.iso_day_of_week('date_day') }} as integer) as iso_day_of_week,
        {{ as_text('extract(year from date_day)') }} || 'Q' || {{ as_text('extract(quarter from date_day)') }}
            as year_quarter,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.last_day('date_day', 'month') }} as date) as month_end_date,
        cast(date_day as date) = cast({{ dbt.last_day('date_day', 'month') }} as date) as is_month_end
    from spine

)

select * from final
