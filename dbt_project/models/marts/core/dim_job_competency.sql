with

competency_models as (

    select * from {{ ref('int_competency_models_windowed') }}

),

final as (

    select
        job_family || ':' || competency_code || ':' || {{ as_text('effective_date') }}
            as job_competency_key,
        job_family,
        competency_code,
        required_level,
        hiring_weight_pct,
        effective_date as valid_from,
        valid_to,
        is_current
    from competency_models

)

select * from final
