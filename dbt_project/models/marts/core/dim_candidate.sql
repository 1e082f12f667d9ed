with

assessments as (

    select * from {{ ref('int_assessments_deduplicated') }}

),

candidates as (

    select * from {{ ref('int_candidates_linked') }}

),

ranked as (

    select
        assessments.*,
        row_number() over (
            partition by candidate_key
            order by assessed_at desc, assessment_id desc
        ) as recency_rank,
        count(*) over (partition by candidate_key) as assessment_count,
        min(assessed_at) over (partition by candidate_key) as first_assessed_at
    from assessments

),

final as (

    select
        candidates.candidate_key,
        ranked.job_family as latest_job_family,
        ranked.org_unit_code as latest_org_unit_code,
        ranked.recruiting_channel,
        ranked.education_code,
        ranked.years_experience,
        ranked.major,
        ranked.certifications,
        ranked.sex,
        cast(ranked.birth_year as integer) as birth_year,
        cast(coalesce(ranked.assessment_count, 0) as integer) as assessment_count,
        ranked.first_assessed_at,
        ranked.assessed_at as latest_assessed_at,
        ranked.ai_recommendation as latest_ai_recommendation,
        candidates.employee_key,
        candidates.link_rule,
        candidates.link_status,
        candidates.link_status = 'linked' as is_hired
    from candidates
    left join ranked
        on candidates.candidate_key = ranked.candidate_key
        and ranked.recency_rank = 1

)

select * from final
