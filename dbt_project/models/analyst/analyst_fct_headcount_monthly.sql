{{ config(alias='fct_headcount_monthly') }}

with

fct_headcount_monthly as (

    select * from {{ ref('fct_headcount_monthly') }}

),

final as (

    select
        {{ pseudonymize('employee_key') }} as employee_pid,
        {{ pseudonymize('employee_key') }} || '@' || {{ as_text("substr(employee_version_key, 10)") }}
            as employee_version_pid,
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
        {{ pseudonymize('manager_key') }} as manager_pid,
        tenure_months,
        tenure_band,
        is_active,
        is_hired_in_month,
        is_exited_in_month,
        hires_in_month,
        exits_in_month
    from fct_headcount_monthly

)

select * from final
