{#- Retention features: one row per employee employed on a snapshot date, every feature computed
    from data dated strictly before the snapshot, and the label "left voluntarily within the next
    12 months" (null while that window is still open). Snapshots fall every
    var('retention_snapshot_months') months back from the first day of the current month. -#}
{%- set snapshot_months = var('retention_snapshot_months', 12) -%}
{%- set snapshot_count = var('retention_snapshots', 8) -%}
{%- set recent_12m = "enrollments.enrolled_date >= " ~ dbt.dateadd('month', -12, 'population.snapshot_date') -%}
{%- set completed_before = "(enrollments.is_completed and enrollments.completed_date < population.snapshot_date)" -%}
{%- set over_before = "(enrollments.completed_date < population.snapshot_date or enrollments.enrolled_date < " ~ dbt.dateadd('day', -90, 'population.snapshot_date') ~ ")" -%}
with

employees as (

    select * from {{ ref('dim_employee') }}

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

events as (

    select * from {{ ref('fct_employment_events') }}

),

interview_scores as (

    select * from {{ ref('fct_interview_scores') }}

),

candidates as (

    select * from {{ ref('dim_candidate') }}

),

reviews as (

    select * from {{ ref('fct_performance_reviews') }}

),

enrollments as (

    select * from {{ ref('fct_training_enrollments') }}

),

headcount_segments as (

    select * from {{ ref('fct_headcount_segments') }}

),

calendar_months as (

    select distinct month_start_date, month_end_date from {{ ref('dim_date') }}

),

current_month as (

    -- The last month from the stored runs: the snapshot view would expand every month to find it.
    select max(last_month_start_date) as current_month_start
    from headcount_segments

),

snapshots as (

    {% for k in range(snapshot_count + 1) %}
    select
        cast({{ dbt.dateadd('month', -snapshot_months * k, 'current_month_start') }} as date)
            as snapshot_date,
        {{ k }} as snapshots_back
    from current_month
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

snapshot_months as (

    -- The month before each snapshot: its headcount says who was employed at the snapshot.
    select
        snapshots.snapshot_date,
        snapshots.snapshots_back,
        calendar_months.month_start_date,
        calendar_months.month_end_date
    from snapshots
    inner join calendar_months
        on calendar_months.month_start_date
        = cast({{ dbt.dateadd('month', -1, 'snapshots.snapshot_date') }} as date)

),

snapshot_headcount as (

    -- fct_headcount_monthly for those months only, through the view's own logic: expanding every
    -- month and keeping nine took 4.6 s at a million employees, reading the runs 0.5 s.
    {{ headcount_month_rows(segments_in_months('headcount_segments', 'snapshot_months')) }}

),

population as (

    -- Employed at the end of the month before the snapshot: attributes as of that day.
    select
        snapshot_months.snapshot_date,
        snapshot_months.snapshots_back,
        snapshot_headcount.employee_key,
        snapshot_headcount.spell_number,
        snapshot_headcount.hire_date,
        snapshot_headcount.org_unit_code,
        snapshot_headcount.job_family,
        snapshot_headcount.grade,
        snapshot_headcount.manager_key
    from snapshot_headcount
    inner join snapshot_months
        on snapshot_headcount.month_start_date = snapshot_months.month_start_date
    where snapshot_headcount.is_active

),

hire_events as (

    select employee_key, spell_number, recruiting_channel
    from events
    where event_type = 'hire'

),

probation as (

    select
        population.employee_key,
        population.snapshot_date,
        max(events.probation_result) as probation_result
    from population
    inner join events
        on events.employee_key = population.employee_key
        and events.spell_number = population.spell_number
        and events.event_type = 'probation'
        and events.event_date < population.snapshot_date
    group by population.employee_key, population.snapshot_date

),

job_moves as (

    select
        population.employee_key,
        population.snapshot_date,
        sum(case when events.event_type = 'transfer' then 1 else 0 end) as transfers_24m,
        sum(case when events.event_type = 'promotion' then 1 else 0 end) as promotions_24m
    from population
    inner join events
        on events.employee_key = population.employee_key
        and events.event_type in ('transfer', 'promotion')
        and events.event_date < population.snapshot_date
        and events.event_date >= {{ dbt.dateadd('month', -24, 'population.snapshot_date') }}
    group by population.employee_key, population.snapshot_date

),

manager_versions as (

    select
        employee_key,
        valid_from,
        manager_key,
        lag(manager_key) over (partition by employee_key order by valid_from) as previous_manager_key,
        row_number() over (partition by employee_key order by valid_from) as version_number
    from employees

),

manager_changes as (

    select
        population.employee_key,
        population.snapshot_date,
        count(*) as manager_changes_12m
    from population
    inner join manager_versions
        on manager_versions.employee_key = population.employee_key
        and manager_versions.version_number > 1
        and coalesce(manager_versions.manager_key, '-') <> coalesce(manager_versions.previous_manager_key, '-')
        and manager_versions.valid_from < population.snapshot_date
        and manager_versions.valid_from >= {{ dbt.dateadd('month', -12, 'population.snapshot_date') }}
    group by population.employee_key, population.snapshot_date

),

education as (

    select employee_key, max(education_code) as education_code
    from employees
    where is_current
    group by employee_key

),

ai_assessments as (

    -- One row per AI assessment of an employee, its scores side by side: the snapshots join
    -- 1.6M assessments instead of their 11M competency scores at a million employees.
    select
        assessment_id,
        candidate_key,
        employee_key,
        max(interview_date) as interview_date,
        {% for c in competency_codes() %}
        max(case when competency_code = '{{ c }}' then score end)
            as ai_score_{{ c }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from interview_scores
    where rater_type = 'ai' and employee_key is not null
    group by assessment_id, candidate_key, employee_key

),

ai_scores as (

    -- The latest AI assessment of the person before the snapshot.
    select *
    from (
        select
            population.employee_key,
            population.snapshot_date,
            ai_assessments.candidate_key,
            {% for c in competency_codes() %}
            ai_assessments.ai_score_{{ c }},
            {% endfor %}
            row_number() over (
                partition by population.employee_key, population.snapshot_date
                order by ai_assessments.interview_date desc, ai_assessments.assessment_id desc
            ) as recency_rank
        from population
        inner join ai_assessments
            on ai_assessments.employee_key = population.employee_key
            and ai_assessments.interview_date < population.snapshot_date
    ) as ranked
    where recency_rank = 1

),

review_window as (

    select
        population.employee_key,
        population.snapshot_date,
        reviews.period_start_date,
        reviews.review_score,
        reviews.review_grade,
        row_number() over (
            partition by population.employee_key, population.snapshot_date
            order by reviews.period_start_date desc
        ) as recency_rank
    from population
    inner join reviews
        on reviews.employee_key = population.employee_key
        and reviews.period_end_date < population.snapshot_date
        and cast(reviews.submitted_at as date) < population.snapshot_date
        and reviews.period_start_date >= {{ dbt.dateadd('month', -24, 'population.snapshot_date') }}

),

performance as (

    select
        employee_key,
        snapshot_date,
        max(case when recency_rank = 1 then review_score end) as perf_score_last,
        max(case when recency_rank = 1 then review_grade end) as perf_grade_last,
        avg(case when period_start_date >= {{ dbt.dateadd('month', -12, 'snapshot_date') }} then review_score end)
            as perf_score_avg_4q,
        avg(case when recency_rank <= 2 then review_score end)
            - avg(case when recency_rank between 3 and 4 then review_score end) as perf_trend,
        sum(case when period_start_date >= {{ dbt.dateadd('month', -12, 'snapshot_date') }} then 1 else 0 end)
            as perf_reviews_4q,
        avg(review_score) as perf_score_avg_8q,
        count(*) as perf_reviews_8q
    from review_window
    group by employee_key, snapshot_date

),

training as (

    -- Courses enrolled in the two years before the snapshot. Attendance and exam results count
    -- only for courses over by the snapshot (completed before it, or enrolled over 90 days before).
    select
        population.employee_key,
        population.snapshot_date,
        sum(case when {{ recent_12m }} then 1 else 0 end) as trainings_enrolled_12m,
        sum(case when {{ recent_12m }} and {{ completed_before }} then 1 else 0 end)
            as trainings_completed_12m,
        avg(case when {{ recent_12m }} and {{ over_before }} then enrollments.attendance_rate end)
            as training_attendance_rate_12m,
        avg(case when {{ recent_12m }} and {{ completed_before }} then enrollments.exam_score end)
            as training_exam_avg_12m,
        count(*) as trainings_enrolled_24m,
        avg(case when {{ over_before }} then enrollments.attendance_rate end)
            as training_attendance_rate_24m,
        {% for c in competency_codes() %}
        avg(
            case when {{ completed_before }} and enrollments.competency_code = '{{ c }}'
                then enrollments.exam_score end
        ) as exam_{{ c }}_24m{% if not loop.last %},{% endif %}
        {% endfor %}
    from population
    inner join enrollments
        on enrollments.employee_key = population.employee_key
        and enrollments.enrolled_date < population.snapshot_date
        and enrollments.enrolled_date >= {{ dbt.dateadd('month', -24, 'population.snapshot_date') }}
    group by population.employee_key, population.snapshot_date

),

voluntary_exits as (

    select
        population.employee_key,
        population.snapshot_date,
        min(events.event_date) as exit_date
    from population
    inner join events
        on events.employee_key = population.employee_key
        and events.event_type = 'exit'
        and events.is_voluntary_exit
        and events.event_date >= population.snapshot_date
        and events.event_date < {{ dbt.dateadd('month', 12, 'population.snapshot_date') }}
    group by population.employee_key, population.snapshot_date

),

final as (

    select
        population.employee_key || ':' || {{ as_text('population.snapshot_date') }} as retention_feature_key,
        population.employee_key,
        population.snapshot_date,
        population.snapshots_back = 0 as is_current_snapshot,
        population.hire_date,
        population.org_unit_code,
        org_units.branch_code,
        population.job_family,
        cast(population.grade as integer) as grade,
        cast({{ months_between('population.hire_date', 'population.snapshot_date') }} as integer)
            as tenure_months,
        case
            when {{ months_between('population.hire_date', 'population.snapshot_date') }} < 12 then '0-1y'
            when {{ months_between('population.hire_date', 'population.snapshot_date') }} < 24 then '1-2y'
            when {{ months_between('population.hire_date', 'population.snapshot_date') }} < 60 then '2-5y'
            when {{ months_between('population.hire_date', 'population.snapshot_date') }} < 120 then '5-10y'
            else '10y+'
        end as tenure_band,
        hire_events.recruiting_channel,
        education.education_code as education,
        case when ai_scores.employee_key is not null then candidates.years_experience end
            as years_experience,
        ai_scores.employee_key is not null as has_ai_interview,
        {% for c in competency_codes() %}
        cast(ai_scores.ai_score_{{ c }} as {{ type_double() }}) as ai_score_{{ c }},
        {% endfor %}
        cast(coalesce(training.trainings_enrolled_12m, 0) as integer) as trainings_enrolled_12m,
        cast(coalesce(training.trainings_completed_12m, 0) as integer) as trainings_completed_12m,
        cast(training.training_attendance_rate_12m as {{ type_double() }}) as training_attendance_rate_12m,
        cast(training.training_exam_avg_12m as {{ type_double() }}) as training_exam_avg_12m,
        cast(coalesce(training.trainings_enrolled_24m, 0) as integer) as trainings_enrolled_24m,
        cast(training.training_attendance_rate_24m as {{ type_double() }}) as training_attendance_rate_24m,
        {% for c in competency_codes() %}
        cast(training.exam_{{ c }}_24m as {{ type_double() }}) as exam_{{ c }}_24m,
        {% endfor %}
        cast(performance.perf_score_last as {{ type_double() }}) as perf_score_last,
        performance.perf_grade_last,
        cast(performance.perf_score_avg_4q as {{ type_double() }}) as perf_score_avg_4q,
        cast(performance.perf_trend as {{ type_double() }}) as perf_trend,
        cast(coalesce(performance.perf_reviews_4q, 0) as integer) as perf_reviews_4q,
        cast(performance.perf_score_avg_8q as {{ type_double() }}) as perf_score_avg_8q,
        cast(coalesce(performance.perf_reviews_8q, 0) as integer) as perf_reviews_8q,
        cast(coalesce(manager_changes.manager_changes_12m, 0) as integer) as manager_changes_12m,
        cast(coalesce(job_moves.transfers_24m, 0) as integer) as transfers_24m,
        cast(coalesce(job_moves.promotions_24m, 0) as integer) as promotions_24m,
        coalesce(
            probation.probation_result,
            case
                when {{ months_between('population.hire_date', 'population.snapshot_date') }} < 6
                    then 'pending'
            end
        ) as probation_result,
        case
            when {{ dbt.dateadd('month', 12, 'population.snapshot_date') }} <= current_month.current_month_start
                then voluntary_exits.exit_date is not null
        end as left_voluntarily_12m,
        voluntary_exits.exit_date as voluntary_exit_date
    from population
    cross join current_month
    left join org_units
        on population.org_unit_code = org_units.org_unit_code
    left join hire_events
        on population.employee_key = hire_events.employee_key
        and population.spell_number = hire_events.spell_number
    left join education
        on population.employee_key = education.employee_key
    left join ai_scores
        on population.employee_key = ai_scores.employee_key
        and population.snapshot_date = ai_scores.snapshot_date
    left join candidates
        on ai_scores.candidate_key = candidates.candidate_key
    left join training
        on population.employee_key = training.employee_key
        and population.snapshot_date = training.snapshot_date
    left join performance
        on population.employee_key = performance.employee_key
        and population.snapshot_date = performance.snapshot_date
    left join manager_changes
        on population.employee_key = manager_changes.employee_key
        and population.snapshot_date = manager_changes.snapshot_date
    left join job_moves
        on population.employee_key = job_moves.employee_key
        and population.snapshot_date = job_moves.snapshot_date
    left join probation
        on population.employee_key = probation.employee_key
        and population.snapshot_date = probation.snapshot_date
    left join voluntary_exits
        on population.employee_key = voluntary_exits.employee_key
        and population.snapshot_date = voluntary_exits.snapshot_date

)

select * from final
