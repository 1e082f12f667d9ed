{#- One row per employee employed today: interview competency profile and gap to the job's
    required level, training taken and its measured effect, performance trajectory, retention
    risk with its drivers, and a talent segment by the rules documented in docs/models.md:
      1. at_risk            risk band high
      2. high_potential     average performance of the last year in the top 20% of the job
                            family, trend not falling (>= -0.25), at most one competency below
                            the required level
      3. needs_development  average performance in the bottom 25% of the family, latest rating
                            in the lower half of the customer's scale (normalised score below
                            0.5: C or D of S-D), or three or more competencies below the required level
      4. solid              everyone else (including new staff without reviews yet)
    Model outputs come from ml.* tables; before the model assets have run they are empty and
    the model columns null. -#}
{%- set ml_tables = ['retention_scores', 'competency_gaps', 'training_outcomes', 'training_recommendations'] -%}
{%- set present = {} -%}
{%- for t in ml_tables -%}
    {%- set rel = source('ml', t) -%}
    {%- do present.update({t: execute and adapter.get_relation(
        database=rel.database, schema=rel.schema, identifier=rel.identifier) is not none}) -%}
{%- endfor -%}
with

employees as (

    select * from {{ ref('dim_employee') }}
    where is_current and is_active

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

reviews as (

    select * from {{ ref('fct_performance_reviews') }}

),

ratings as (

    select * from {{ ref('performance_ratings') }}

),

enrollments as (

    select * from {{ ref('fct_training_enrollments') }}

),

headcount_segments as (

    select * from {{ ref('fct_headcount_segments') }}

),

last_month as (

    -- The last month of data (not the wall clock), so a rebuild is reproducible.
    select distinct month_start_date, month_end_date
    from {{ ref('dim_date') }}
    where month_start_date = (select max(last_month_start_date) from headcount_segments)

),

latest_month as (

    -- Tenure as of that month: fct_headcount_monthly's rows for it, through the view's own
    -- logic, from the runs (the view would expand every month to keep one).
    select employee_key, tenure_months
    from ({{ headcount_month_rows(segments_in_months('headcount_segments', 'last_month')) }})
        as last_month_rows

),

retention_scores as (

    {% if present['retention_scores'] %}
    select * from {{ source('ml', 'retention_scores') }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as employee_key,
        cast(null as {{ type_double() }}) as p_exit_12m,
        cast(null as {{ dbt.type_string() }}) as risk_band,
        {% for k in [1, 2, 3] %}
        cast(null as {{ dbt.type_string() }}) as driver_{{ k }}_feature,
        cast(null as {{ type_double() }}) as driver_{{ k }}_contribution,
        cast(null as {{ dbt.type_string() }}) as driver_{{ k }}_text,
        {% endfor %}
        cast(null as {{ dbt.type_string() }}) as model
    where 1 = 0
    {% endif %}

),

competency_gaps as (

    {% if present['competency_gaps'] %}
    select * from {{ source('ml', 'competency_gaps') }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as employee_key,
        cast(null as {{ dbt.type_string() }}) as competency_code,
        cast(null as {{ type_double() }}) as level,
        cast(null as {{ type_double() }}) as required_level,
        cast(null as {{ type_double() }}) as gap
    where 1 = 0
    {% endif %}

),

training_outcomes as (

    {% if present['training_outcomes'] %}
    select * from {{ source('ml', 'training_outcomes') }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as employee_key,
        cast(null as {{ type_double() }}) as relative_change
    where 1 = 0
    {% endif %}

),

training_recommendations as (

    {% if present['training_recommendations'] %}
    select * from {{ source('ml', 'training_recommendations') }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as employee_key,
        cast(null as integer) as rank,
        cast(null as {{ dbt.type_string() }}) as course_code,
        cast(null as {{ dbt.type_string() }}) as reason
    where 1 = 0
    {% endif %}

),

current_month as (

    select max(period_start_date) as last_period_start from reviews

),

profile as (

    select
        employee_key,
        {% for c in competency_codes() %}
        max(case when competency_code = '{{ c }}' then level end) as level_{{ c }},
        max(case when competency_code = '{{ c }}' then gap end) as gap_{{ c }},
        {% endfor %}
        sum(case when gap > 0 then 1 else 0 end) as competencies_below_required,
        max(gap) as largest_gap
    from competency_gaps
    group by employee_key

),

largest_gap as (

    select employee_key, competency_code as largest_gap_competency
    from (
        select
            employee_key,
            competency_code,
            row_number() over (partition by employee_key order by gap desc, competency_code) as gap_rank
        from competency_gaps
        where gap > 0
    ) as ranked
    where gap_rank = 1

),

recent_reviews as (

    select
        reviews.employee_key,
        reviews.review_score,
        reviews.review_grade,
        ratings.normalised_score as review_rating_score,
        row_number() over (partition by reviews.employee_key order by reviews.period_start_date desc)
            as recency_rank
    from reviews
    cross join current_month
    left join ratings
        on reviews.review_grade = ratings.rating_code
    where reviews.period_start_date > {{ dbt.dateadd('month', -12, 'current_month.last_period_start') }}

),

performance as (

    select
        employee_key,
        max(case when recency_rank = 1 then review_score end) as perf_score_last,
        max(case when recency_rank = 1 then review_grade end) as perf_grade_last,
        max(case when recency_rank = 1 then review_rating_score end) as perf_rating_score_last,
        avg(review_score) as perf_score_avg_4q,
        avg(case when recency_rank <= 2 then review_score end)
            - avg(case when recency_rank > 2 then review_score end) as perf_trend,
        count(*) as perf_reviews_4q
    from recent_reviews
    group by employee_key

),

training as (

    select
        enrollments.employee_key,
        count(*) as courses_enrolled,
        sum(case when enrollments.is_completed then 1 else 0 end) as courses_completed,
        avg(enrollments.attendance_rate) as training_attendance_rate
    from enrollments
    group by enrollments.employee_key

),

training_effect as (

    select employee_key, avg(relative_change) as training_relative_change
    from training_outcomes
    group by employee_key

),

first_recommendation as (

    select employee_key, course_code as recommended_course_code, reason as recommendation_reason
    from training_recommendations
    where rank = 1

),

combined as (

    select
        employees.employee_key,
        employees.job_family,
        employees.org_unit_code,
        org_units.branch_code,
        employees.grade,
        employees.hire_date,
        latest_month.tenure_months,
        {% for c in competency_codes() %}
        profile.level_{{ c }},
        profile.gap_{{ c }},
        {% endfor %}
        coalesce(profile.competencies_below_required, 0) as competencies_below_required,
        largest_gap.largest_gap_competency,
        coalesce(training.courses_enrolled, 0) as courses_enrolled,
        coalesce(training.courses_completed, 0) as courses_completed,
        training.training_attendance_rate,
        training_effect.training_relative_change,
        first_recommendation.recommended_course_code,
        first_recommendation.recommendation_reason,
        performance.perf_score_last,
        performance.perf_grade_last,
        performance.perf_rating_score_last,
        performance.perf_score_avg_4q,
        performance.perf_trend,
        coalesce(performance.perf_reviews_4q, 0) as perf_reviews_4q,
        percent_rank() over (
            partition by employees.job_family, performance.perf_score_avg_4q is null
            order by performance.perf_score_avg_4q
        ) as perf_percentile_in_family,
        retention_scores.p_exit_12m,
        retention_scores.risk_band,
        retention_scores.driver_1_text,
        retention_scores.driver_2_text,
        retention_scores.driver_3_text
    from employees
    left join org_units
        on employees.org_unit_code = org_units.org_unit_code
    left join latest_month
        on employees.employee_key = latest_month.employee_key
    left join profile
        on employees.employee_key = profile.employee_key
    left join largest_gap
        on employees.employee_key = largest_gap.employee_key
    left join training
        on employees.employee_key = training.employee_key
    left join training_effect
        on employees.employee_key = training_effect.employee_key
    left join first_recommendation
        on employees.employee_key = first_recommendation.employee_key
    left join performance
        on employees.employee_key = performance.employee_key
    left join retention_scores
        on employees.employee_key = retention_scores.employee_key

),

final as (

    select
        employee_key,
        job_family,
        org_unit_code,
        branch_code,
        cast(grade as integer) as grade,
        hire_date,
        tenure_months,
        {% for c in competency_codes() %}
        cast(level_{{ c }} as {{ type_double() }}) as level_{{ c }},
        cast(gap_{{ c }} as {{ type_double() }}) as gap_{{ c }},
        {% endfor %}
        cast(competencies_below_required as integer) as competencies_below_required,
        largest_gap_competency,
        cast(courses_enrolled as integer) as courses_enrolled,
        cast(courses_completed as integer) as courses_completed,
        cast(training_attendance_rate as {{ type_double() }}) as training_attendance_rate,
        cast(training_relative_change as {{ type_double() }}) as training_relative_change,
        recommended_course_code,
        recommendation_reason,
        cast(perf_score_last as {{ type_double() }}) as perf_score_last,
        perf_grade_last,
        cast(perf_score_avg_4q as {{ type_double() }}) as perf_score_avg_4q,
        cast(perf_trend as {{ type_double() }}) as perf_trend,
        cast(perf_reviews_4q as integer) as perf_reviews_4q,
        case
            when perf_reviews_4q < 2 or perf_trend is null then 'not enough reviews'
            when perf_trend >= 0.5 then 'improving'
            when perf_trend <= -0.5 then 'declining'
            else 'steady'
        end as perf_trajectory,
        cast(p_exit_12m as {{ type_double() }}) as p_exit_12m,
        risk_band,
        driver_1_text,
        driver_2_text,
        driver_3_text,
        case
            when risk_band = 'high' then 'at_risk'
            when perf_score_avg_4q is not null
                and perf_percentile_in_family >= 0.8
                and coalesce(perf_trend, 0) >= -0.25
                and competencies_below_required <= 1
                then 'high_potential'
            when (perf_score_avg_4q is not null and perf_percentile_in_family < 0.25)
                or perf_rating_score_last < 0.5
                or competencies_below_required >= 3
                then 'needs_development'
            else 'solid'
        end as segment
    from combined

)

select * from final
