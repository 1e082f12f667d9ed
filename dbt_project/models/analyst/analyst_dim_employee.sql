{{ config(alias='dim_employee') }}

with

dim_employee as (

    select * from {{ ref('dim_employee') }}

),

final as (

    -- No name, no national ID hash, no birth date or year: an age band in the version's first year.
    -- A version is (employee_pid, valid_from); every *_pid is a person, hashed once per person.
    select
        {{ pseudonymize('employee_key') }} as employee_pid,
        valid_from,
        valid_to,
        is_current,
        change_type,
        spell_number,
        hire_date,
        exit_date,
        first_hire_date,
        org_unit_code,
        branch_code,
        position,
        job_family,
        grade,
        {{ pseudonymize('manager_key') }} as manager_pid,
        -- X (another sex or none stated) is rare, and with a unit and an age band it would name
        -- the person: analysts see it as unknown, like a blank.
        case when sex in ('M', 'F') then sex end as sex,
        {{ age_band('birth_year', 'valid_from') }} as age_band,
        education_code,
        is_active
    from dim_employee

)

select * from final
