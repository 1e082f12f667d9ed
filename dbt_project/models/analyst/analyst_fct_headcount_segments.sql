{{ config(alias='fct_headcount_segments') }}

with

fct_headcount_segments as (

    select * from {{ ref('fct_headcount_segments') }}

),

final as (

    -- The stored runs of the monthly snapshot: analyst.duckdb holds these and computes
    -- fct_headcount_monthly from them on read, as the warehouse does.
    select
        {{ pseudonymize('employee_key') }} as employee_pid,
        first_month_start_date,
        last_month_start_date,
        spell_number,
        hire_date,
        exit_date,
        -- The version is (employee_pid, valid_from) in analyst dim_employee: a row key of its own
        -- would be one more keyed hash per row at publish.
        cast(substr(employee_version_key, length(employee_key) + 2) as date) as version_valid_from,
        org_unit_code,
        job_family,
        position,
        grade,
        {{ pseudonymize('manager_key') }} as manager_pid,
        carried_month_start_date,
        carried_hires,
        carried_exits
    from fct_headcount_segments

)

select * from final
