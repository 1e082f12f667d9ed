{{ config(alias='fct_employment_events') }}

with

fct_employment_events as (

    select * from {{ ref('fct_employment_events') }}

),

final as (

    -- The free-text exit reason is left out: HR's wording can name people.
    select
        {{ pseudonymize('employee_key') }} as employee_pid,
        spell_number,
        event_type,
        event_date,
        change_id,
        org_unit_code,
        job_family,
        grade,
        recruiting_channel,
        probation_result,
        exit_type,
        exit_reason_code,
        exit_reason_name_zh,
        exit_reason_name_en,
        is_voluntary_exit
    from fct_employment_events

)

select * from final
