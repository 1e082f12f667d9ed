{#- Every ID a source delivers, per load: (source, field, raw value, load). The list of ID columns
    mirrors the seed `id_normalization_rules`; a relationships test keeps the two in step. -#}
{%- set id_columns = [
    ('hr_employees', 'stg_hr__employees', 'employee_id'),
    ('hr_employees', 'stg_hr__employees', 'manager_id'),
    ('hr_employees', 'stg_hr__employees', 'ai_candidate_id'),
    ('ai_interviews', 'stg_ai_vendor__assessments', 'candidate_id'),
    ('ai_interviews', 'stg_ai_vendor__assessments', 'employee_no'),
    ('human_interviews', 'stg_recruiting__human_interviews', 'candidate_id'),
    ('human_interviews', 'stg_recruiting__human_interviews', 'interviewer_id'),
    ('job_changes', 'stg_hr__job_changes', 'employee_id'),
    ('job_changes', 'stg_hr__job_changes', 'to_manager_id'),
    ('onboarding', 'stg_hr__onboarding', 'employee_id'),
    ('training_enrollments', 'stg_lms__enrollments', 'learner_id'),
    ('performance_reviews', 'stg_performance__reviews', 'employee_id'),
    ('performance_reviews', 'stg_performance__reviews', 'reviewer_id'),
    ('exits', 'stg_hr__exits', 'employee_id'),
    ('compensation', 'stg_payroll__compensation', 'employee_id'),
    ('engagement_surveys', 'stg_survey__engagement', 'employee_id'),
    ('time_records', 'stg_time__records', 'employee_id'),
] -%}
{%- set models = id_columns | map(attribute=1) | unique | list -%}

with

{% for model in models %}
{{ model }} as (

    select * from {{ ref(model) }}

),

{% endfor %}
-- Grouped field by field: the source and field are constants of each branch, so each group-by
-- hashes only the value and the load, in a table the size of one field's IDs.
final as (

    {% for source_name, model, column in id_columns %}
    select
        '{{ source_name }}' as source_name,
        '{{ column }}' as id_field,
        {{ column }} as raw_id,
        load_id,
        count(*) as row_count
    from {{ model }}
    where {{ column }} is not null and trim({{ column }}) <> ''
    group by {{ column }}, load_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
