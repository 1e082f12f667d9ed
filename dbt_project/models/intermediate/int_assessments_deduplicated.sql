{#- AI-interview assessments keyed to canonical candidates; a later export of an assessment is a
    correction that replaces the earlier one, exact duplicates collapse. -#}
with

assessments as (

    select * from {{ ref('stg_ai_vendor__assessments') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

keyed as (

    select
        assessments.*,
        candidate_ids.candidate_key,
        row_number() over (
            partition by assessments.assessment_id
            order by
                assessments.exported_at desc,
                assessments.loaded_at desc,
                assessments.source_file desc,
                assessments.source_line desc
        ) as version_rank
    from assessments
    inner join resolved_ids as candidate_ids
        on candidate_ids.source_name = 'ai_interviews'
        and candidate_ids.id_field = 'candidate_id'
        and assessments.candidate_id = candidate_ids.raw_id
    where candidate_ids.candidate_key is not null

),

final as (

    select
        assessment_id,
        candidate_key,
        job_family,
        org_unit_code,
        recruiting_channel,
        assessed_at,
        assessed_date,
        model_version,
        {%- for c in competency_codes() %}
        score_{{ c }},
        {%- endfor %}
        overall_score,
        ai_recommendation,
        education_code,
        years_experience,
        major,
        certifications,
        sex,
        birth_year,
        exported_at
    from keyed
    where version_rank = 1

)

select * from final
