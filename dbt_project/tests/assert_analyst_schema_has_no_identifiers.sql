-- The analyst schema must never expose a name, a national ID hash, a birth date, free text or a
-- raw employee/candidate key: any such column is a failure. The columns come from the adapter
-- (every engine has it; Spark has no information_schema).
-- depends_on: {{ ref('analyst_dim_candidate') }}
-- depends_on: {{ ref('analyst_dim_competency') }}
-- depends_on: {{ ref('analyst_dim_course') }}
-- depends_on: {{ ref('analyst_dim_date') }}
-- depends_on: {{ ref('analyst_dim_employee') }}
-- depends_on: {{ ref('analyst_dim_job') }}
-- depends_on: {{ ref('analyst_dim_job_competency') }}
-- depends_on: {{ ref('analyst_dim_org_unit') }}
-- depends_on: {{ ref('analyst_fct_employment_events') }}
-- depends_on: {{ ref('analyst_fct_headcount_monthly') }}
-- depends_on: {{ ref('analyst_fct_headcount_segments') }}
-- depends_on: {{ ref('analyst_fct_interview_scores') }}
-- depends_on: {{ ref('analyst_fct_performance_reviews') }}
-- depends_on: {{ ref('analyst_fct_survey_responses') }}
-- depends_on: {{ ref('analyst_fct_training_enrollments') }}
-- depends_on: {{ ref('analyst_id_resolution_summary') }}
-- depends_on: {{ ref('analyst_quarantine_summary') }}
{%- set keys = ['name', 'employee_name', 'birth_date', 'birth_year', 'employee_key', 'candidate_key', 'manager_key',
                'interviewer_key', 'reviewer_key', 'employee_version_key', 'raw_id', 'normalized_id'] -%}
{%- set found = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.schema == 'analyst' -%}
        {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- for column in (adapter.get_columns_in_relation(relation) if relation else []) -%}
            {%- set name = column.name | lower -%}
            {%- if name in keys or 'national_id' in name or name.endswith('reason_text') -%}
                {%- do found.append((node.name, name)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}
{% for table_name, column_name in found -%}
select '{{ table_name }}' as table_name, '{{ column_name }}' as column_name
union all
{% endfor -%}
select 'none' as table_name, 'none' as column_name where 1 = 0
