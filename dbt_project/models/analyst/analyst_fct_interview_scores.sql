{{ config(alias='fct_interview_scores') }}

with

fct_interview_scores as (

    select * from {{ ref('fct_interview_scores') }}

),

final as (

    select
        score_key,
        rater_type,
        interview_id,
        assessment_id,
        {{ pseudonymize('candidate_key') }} as candidate_pid,
        {{ pseudonymize('employee_key') }} as employee_pid,
        competency_code,
        score,
        model_version,
        {{ pseudonymize('interviewer_key') }} as interviewer_pid,
        is_blind,
        interview_date,
        job_family,
        org_unit_code,
        recruiting_channel
    from fct_interview_scores

)

select * from final
