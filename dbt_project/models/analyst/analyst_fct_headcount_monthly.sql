{#- fct_headcount_monthly over the analyst runs: it reads the analyst schema only, so
    analyst.duckdb keeps it a view over its own fct_headcount_segments (at a million employees
    the months are 179M rows, the runs 3.6M). The month logic is the mart's macro; the IDs are
    passed under the macro's column names and given their analyst names back. -#}
{{ config(alias='fct_headcount_monthly') }}

with

segments as (

    select
        employee_pid as employee_key,
        first_month_start_date,
        last_month_start_date,
        spell_number,
        hire_date,
        exit_date,
        version_valid_from as employee_version_key,
        org_unit_code,
        job_family,
        position,
        grade,
        manager_pid as manager_key,
        carried_month_start_date,
        carried_hires,
        carried_exits
    from {{ ref('analyst_fct_headcount_segments') }}

),

calendar as (

    select * from {{ ref('analyst_dim_date') }}

),

months as (

    {{ headcount_month_rows(segment_months('segments', 'calendar')) }}

),

final as (

    select
        employee_key as employee_pid,
        employee_version_key as version_valid_from,
        month_start_date,
        month_end_date,
        reference_date,
        spell_number,
        hire_date,
        exit_date,
        org_unit_code,
        job_family,
        position,
        grade,
        manager_key as manager_pid,
        tenure_months,
        tenure_band,
        is_active,
        is_hired_in_month,
        is_exited_in_month,
        hires_in_month,
        exits_in_month
    from months

)

select * from final
