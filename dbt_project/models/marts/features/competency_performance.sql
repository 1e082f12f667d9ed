{#- One row per AI-interview assessment: the seven competency scores, resume fields, whether this
    assessment led to a hire and, for hires, their later performance (mean review score over the
    spell the hire opened, from the review of the quarter of the hire on). The input of
    competency weighting and candidate re-ranking. -#}
with

assessments as (

    select * from {{ ref('int_assessments_deduplicated') }}

),

candidates as (

    select * from {{ ref('dim_candidate') }}

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

events as (

    select * from {{ ref('fct_employment_events') }}

),

education_levels as (

    select * from {{ ref('education_levels') }}

),

reviews as (

    select * from {{ ref('fct_performance_reviews') }}

),

hires as (

    select
        hire.employee_key,
        hire.spell_number,
        hire.event_date as hire_date,
        min(exits.event_date) as exit_date
    from events as hire
    left join events as exits
        on exits.employee_key = hire.employee_key
        and exits.spell_number = hire.spell_number
        and exits.event_type = 'exit'
    where hire.event_type = 'hire'
    group by hire.employee_key, hire.spell_number, hire.event_date

),

hire_assessment_ranked as (

    -- The assessment that led to a hire: the person's latest AI assessment on or before the hire.
    select
        hires.employee_key,
        hires.spell_number,
        hires.hire_date,
        hires.exit_date,
        assessments.assessment_id,
        row_number() over (
            partition by hires.employee_key, hires.spell_number
            order by assessments.assessed_at desc, assessments.assessment_id desc
        ) as recency_rank
    from hires
    inner join candidates
        on candidates.employee_key = hires.employee_key
        and candidates.link_status = 'linked'
    inner join assessments
        on assessments.candidate_key = candidates.candidate_key
        and assessments.assessed_date <= hires.hire_date

),

hire_assessments as (

    select * from hire_assessment_ranked where recency_rank = 1

),

hire_performance as (

    select
        hire_assessments.assessment_id,
        avg(reviews.review_score) as performance_score,
        count(*) as performance_reviews,
        min(reviews.period_start_date) as first_review_period_start
    from hire_assessments
    inner join reviews
        on reviews.employee_key = hire_assessments.employee_key
        -- The quarter of the hire counts: staff hired early enough in a quarter are reviewed for
        -- it, and for a hire who leaves soon after it may be the only review. Dropping it would
        -- leave out early leavers, who are selected on fit and stability.
        and reviews.period_end_date >= hire_assessments.hire_date
        and (hire_assessments.exit_date is null or reviews.period_start_date <= hire_assessments.exit_date)
    group by hire_assessments.assessment_id

),

final as (

    select
        assessments.assessment_id,
        assessments.candidate_key,
        hire_assessments.employee_key,
        assessments.job_family,
        assessments.org_unit_code,
        org_units.branch_code,
        assessments.recruiting_channel,
        assessments.model_version,
        assessments.assessed_date,
        {% for c in competency_codes() %}
        cast(assessments.score_{{ c }} as {{ type_double() }}) as ai_score_{{ c }},
        {% endfor %}
        cast(assessments.overall_score as {{ type_double() }}) as overall_score,
        assessments.ai_recommendation,
        assessments.education_code,
        -- The rank of the customer's education levels (reference data), not a fixed list.
        cast(education_levels.education_rank as {{ type_double() }}) as education_level,
        cast(assessments.years_experience as {{ type_double() }}) as years_experience,
        hire_assessments.assessment_id is not null as is_hired,
        hire_assessments.hire_date,
        hire_assessments.exit_date,
        cast(hire_performance.performance_score as {{ type_double() }}) as performance_score,
        cast(coalesce(hire_performance.performance_reviews, 0) as integer) as performance_reviews,
        hire_performance.first_review_period_start
    from assessments
    left join hire_assessments
        on assessments.assessment_id = hire_assessments.assessment_id
    left join hire_performance
        on assessments.assessment_id = hire_performance.assessment_id
    left join education_levels
        on assessments.education_code = education_levels.education_code
    left join org_units
        on assessments.org_unit_code = org_units.org_unit_code

)

select * from final
