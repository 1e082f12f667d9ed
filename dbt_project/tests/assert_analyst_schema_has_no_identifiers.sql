-- The analyst schema must never expose a name, a national ID hash, a birth date, free text or a
-- raw employee/candidate key: any such column is a failure.
-- depends_on: {{ ref('analyst_dim_employee') }}
-- depends_on: {{ ref('analyst_dim_candidate') }}
-- depends_on: {{ ref('analyst_fct_headcount_monthly') }}
-- depends_on: {{ ref('analyst_fct_interview_scores') }}
-- depends_on: {{ ref('analyst_fct_training_enrollments') }}
-- depends_on: {{ ref('analyst_fct_performance_reviews') }}
-- depends_on: {{ ref('analyst_fct_employment_events') }}
select table_name, column_name
from information_schema.columns
where table_schema = 'analyst'
    and (
        column_name in ('name', 'employee_name')
        or column_name like '%national_id%'
        or column_name in ('birth_date', 'birth_year')
        or column_name like '%reason_text'
        or column_name in ('employee_key', 'candidate_key', 'manager_key', 'interviewer_key',
                           'reviewer_key', 'employee_version_key', 'raw_id', 'normalized_id')
    )
