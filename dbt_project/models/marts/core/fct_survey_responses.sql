with

responses as (

    select * from {{ ref('stg_survey__responses') }}

),

questions as (

    select * from {{ ref('survey_questions') }}

),

latest as (

    -- Surveys have no version field: a re-sent answer of the same response and question is a
    -- duplicate, the latest delivery wins.
    select
        responses.*,
        row_number() over (
            partition by response_id, question_code
            order by loaded_at desc, source_file desc, source_line desc
        ) as version_rank
    from responses

),

final as (

    select
        latest.response_id || ':' || latest.question_code as response_key,
        latest.response_id,
        latest.question_code,
        {{ as_text('questions.name_en') }} as question_name_en,
        {{ as_text('questions.name_zh') }} as question_name_zh,
        latest.respondent_type,
        latest.survey_date,
        cast(latest.answer_score as integer) as answer_score,
        latest.answer_score >= 4 as is_satisfied
    from latest
    left join questions
        on latest.question_code = questions.question_code
    where latest.version_rank = 1

)

select * from final
