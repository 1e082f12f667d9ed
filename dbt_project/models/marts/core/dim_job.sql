with

job_families as (

    select * from {{ ref('job_families') }}

),

competency_models as (

    select * from {{ ref('int_competency_models_windowed') }}

),

current_models as (

    select
        job_family,
        max(job_family_name_zh) as job_family_name_zh,
        max(job_family_name_en) as job_family_name_en,
        max(effective_date) as competency_model_effective_date,
        count(*) as competency_count
    from competency_models
    where is_current
    group by job_family

),

final as (

    select
        {{ as_text('job_families.job_family') }} as job_family,
        -- Labels are the customer's reference data; the competency models only date the model.
        {{ as_text('job_families.name_zh') }} as job_family_name_zh,
        {{ as_text('job_families.name_en') }} as job_family_name_en,
        coalesce(job_families.has_sales_target, false) as has_sales_target,
        current_models.competency_model_effective_date,
        cast(coalesce(current_models.competency_count, 0) as integer) as competency_count
    from job_families
    left join current_models
        on job_families.job_family = current_models.job_family

)

select * from final
