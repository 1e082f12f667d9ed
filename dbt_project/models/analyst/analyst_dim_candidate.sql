{{ config(alias='dim_candidate') }}

with

dim_candidate as (

    select * from {{ ref('dim_candidate') }}

),

final as (

    -- No birth year: an age band in the year of the first assessment.
    select
        {{ pseudonymize('candidate_key') }} as candidate_pid,
        latest_job_family,
        latest_org_unit_code,
        recruiting_channel,
        education_code,
        years_experience,
        major,
        certifications,
        -- X (another sex or none stated) is rare, and with a unit and an age band it would name
        -- the person: analysts see it as unknown, like a blank.
        case when sex in ('M', 'F') then sex end as sex,
        {{ age_band('birth_year', 'first_assessed_at') }} as age_band,
        assessment_count,
        first_assessed_at,
        latest_assessed_at,
        latest_ai_recommendation,
        {{ pseudonymize('employee_key') }} as employee_pid,
        link_rule,
        link_status,
        is_hired
    from dim_candidate

)

select * from final
