{#- One row per hire that went through the AI interview: the performance the interview predicted
    (ml.hire_predictions, cross-fitted per job family) beside the performance observed, with the
    job family, branch, recruiting channel and AI model version to compare them by.
    Before the model asset has run, the predictions are empty and the prediction columns null. -#}
{%- set predictions_rel = source('ml', 'hire_predictions') -%}
{%- set has_predictions = execute and adapter.get_relation(
    database=predictions_rel.database, schema=predictions_rel.schema,
    identifier=predictions_rel.identifier) is not none -%}
with

hires as (

    select * from {{ ref('competency_performance') }}
    where is_hired

),

predictions as (

    {% if has_predictions %}
    select assessment_id, predicted_performance from {{ predictions_rel }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as assessment_id,
        cast(null as {{ type_double() }}) as predicted_performance
    where 1 = 0
    {% endif %}

),

final as (

    select
        hires.assessment_id,
        hires.employee_key,
        hires.hire_date,
        hires.job_family,
        hires.branch_code,
        hires.org_unit_code,
        hires.recruiting_channel,
        hires.model_version,
        hires.overall_score,
        cast(predictions.predicted_performance as {{ type_double() }}) as predicted_performance,
        hires.performance_score as observed_performance,
        hires.performance_reviews,
        cast(hires.performance_score - predictions.predicted_performance as {{ type_double() }})
            as performance_gap,
        hires.performance_score < predictions.predicted_performance - 1.0 as is_miss,
        hires.exit_date is not null as has_left
    from hires
    left join predictions
        on hires.assessment_id = predictions.assessment_id

)

select * from final
