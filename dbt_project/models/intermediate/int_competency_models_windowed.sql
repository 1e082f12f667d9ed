{#- The competency model of each job family over time: the latest delivery of a (family,
    competency, effective date) wins; a version is valid until the family's next effective date. -#}
with

competency_models as (

    select * from {{ ref('stg_hr__competency_models') }}

),

latest as (

    select
        competency_models.*,
        row_number() over (
            partition by job_family, competency_code, effective_date
            order by loaded_at desc, source_file desc, source_line desc
        ) as version_rank
    from competency_models

),

effective_dates as (

    select
        job_family,
        effective_date,
        lead(effective_date) over (partition by job_family order by effective_date) as next_effective_date
    from (select distinct job_family, effective_date from latest where version_rank = 1) as family_dates

),

final as (

    select
        latest.job_family,
        latest.job_family_name_zh,
        latest.job_family_name_en,
        latest.competency_code,
        latest.required_level,
        latest.hiring_weight_pct,
        latest.effective_date,
        cast(coalesce(
            {{ dbt.dateadd('day', -1, 'effective_dates.next_effective_date') }},
            {{ date_literal(var('open_end_date')) }}
        ) as date) as valid_to,
        effective_dates.next_effective_date is null as is_current
    from latest
    inner join effective_dates
        on latest.job_family = effective_dates.job_family
        and latest.effective_date = effective_dates.effective_date
    where latest.version_rank = 1

)

select * from final
