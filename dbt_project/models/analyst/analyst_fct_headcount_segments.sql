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
        {{ pseudonymize('employee_version_key') }} as employee_version_pid,
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
