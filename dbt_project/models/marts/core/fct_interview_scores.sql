with

assessments as (

    select * from {{ ref('int_assessments_deduplicated') }}

),

human_interviews as (

    select * from {{ ref('int_human_interviews_deduplicated') }}

),

candidates as (

    select * from {{ ref('int_candidates_linked') }}

),

ai_scores as (

    {% for c in var('competencies') %}
    select
        'ai' as rater_type,
        assessment_id as interview_id,
        assessment_id,
        candidate_key,
        '{{ c }}' as competency_code,
        score_{{ c }} as score,
        model_version,
        cast(null as {{ dbt.type_string() }}) as interviewer_key,
        cast(null as {{ dbt.type_boolean() }}) as is_blind,
        assessed_date as interview_date,
        job_family,
        org_unit_code,
        recruiting_channel
    from assessments
    where score_{{ c }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

human_scores as (

    {% for c in var('competencies') %}
    select
        'human' as rater_type,
        human_interviews.interview_id,
        human_interviews.paired_assessment_id as assessment_id,
        human_interviews.candidate_key,
        '{{ c }}' as competency_code,
        human_interviews.score_{{ c }} as score,
        assessments.model_version,
        human_interviews.interviewer_key,
        human_interviews.is_blind,
        human_interviews.interviewed_date as interview_date,
        assessments.job_family,
        assessments.org_unit_code,
        assessments.recruiting_channel
    from human_interviews
    left join assessments
        on human_interviews.paired_assessment_id = assessments.assessment_id
    where human_interviews.score_{{ c }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

scores as (

    select * from ai_scores
    union all
    select * from human_scores

),

final as (

    select
        scores.rater_type || ':' || scores.interview_id || ':' || scores.competency_code as score_key,
        scores.rater_type,
        scores.interview_id,
        scores.assessment_id,
        scores.candidate_key,
        candidates.employee_key,
        scores.competency_code,
        cast(scores.score as {{ type_double() }}) as score,
        scores.model_version,
        scores.interviewer_key,
        scores.is_blind,
        scores.interview_date,
        scores.job_family,
        scores.org_unit_code,
        scores.recruiting_channel
    from scores
    left join candidates
        on scores.candidate_key = candidates.candidate_key

)

select * from final
