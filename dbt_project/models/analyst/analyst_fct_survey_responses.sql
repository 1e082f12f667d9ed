{{ config(alias='fct_survey_responses') }}

with

fct_survey_responses as (

    select * from {{ ref('fct_survey_responses') }}

),

final as (

    select * from fct_survey_responses

)

select * from final
