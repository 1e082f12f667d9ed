{#- Human-interviewer scores keyed to canonical candidates and interviewers, each paired with the
    candidate's AI assessment it can be compared with (the latest on or before the interview,
    else the earliest after it); a later entry of an interview replaces the earlier one. -#}
with

human_interviews as (

    select * from {{ ref('stg_recruiting__human_interviews') }}

),

assessments as (

    select * from {{ ref('int_assessments_deduplicated') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

keyed as (

    select
        human_interviews.*,
        candidate_ids.candidate_key,
        interviewer_ids.employee_key as interviewer_key,
        row_number() over (
            partition by human_interviews.interview_id
            order by
                human_interviews.recorded_at desc,
                human_interviews.loaded_at desc,
                human_interviews.source_file desc,
                human_interviews.source_line desc
        ) as version_rank
    from human_interviews
    inner join resolved_ids as candidate_ids
        on candidate_ids.source_name = 'human_interviews'
        and candidate_ids.id_field = 'candidate_id'
        and human_interviews.candidate_id = candidate_ids.raw_id
    left join resolved_ids as interviewer_ids
        on interviewer_ids.source_name = 'human_interviews'
        and interviewer_ids.id_field = 'interviewer_id'
        and human_interviews.interviewer_id = interviewer_ids.raw_id
    where candidate_ids.candidate_key is not null

),

paired as (

    select
        keyed.*,
        assessments.assessment_id as paired_assessment_id,
        row_number() over (
            partition by keyed.interview_id
            order by
                case when assessments.assessed_date <= keyed.interviewed_date then 0 else 1 end,
                case
                    when assessments.assessed_date <= keyed.interviewed_date
                        then {{ dbt.datediff('assessments.assessed_date', 'keyed.interviewed_date', 'day') }}
                    else {{ dbt.datediff('keyed.interviewed_date', 'assessments.assessed_date', 'day') }}
                end,
                assessments.assessment_id
        ) as pair_rank
    from keyed
    left join assessments
        on keyed.candidate_key = assessments.candidate_key
    where keyed.version_rank = 1

),

final as (

    select
        interview_id,
        candidate_key,
        interviewer_key,
        paired_assessment_id,
        interviewed_date,
        is_blind,
        {%- for c in competency_codes() %}
        score_{{ c }},
        {%- endfor %}
        recorded_at
    from paired
    where pair_rank = 1

)

select * from final
