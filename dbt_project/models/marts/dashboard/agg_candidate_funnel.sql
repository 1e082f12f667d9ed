{#- AI-interview candidates per org unit x job family x recruiting channel of their latest
    application: assessed, advanced by the AI, hired. dim_candidate counted, so the recruitment
    funnel reads a table whose size does not grow with the number of candidates. -#}
with

candidates as (

    select * from {{ ref('dim_candidate') }}

),

counted as (

    select
        latest_org_unit_code as org_unit_code,
        latest_job_family as job_family,
        recruiting_channel,
        count(*) as candidates,
        sum(case when latest_ai_recommendation = 'advance' then 1 else 0 end) as advanced,
        sum(case when is_hired then 1 else 0 end) as hired
    from candidates
    group by latest_org_unit_code, latest_job_family, recruiting_channel

),

final as (

    select
        coalesce(org_unit_code, '') || ':' || coalesce(job_family, '') || ':'
            || coalesce(recruiting_channel, '') as funnel_cell_key,
        org_unit_code,
        job_family,
        recruiting_channel,
        cast(candidates as integer) as candidates,
        cast(coalesce(advanced, 0) as integer) as advanced,
        cast(coalesce(hired, 0) as integer) as hired
    from counted

)

select * from final
