with

versions as (

    select * from {{ ref('int_employee_versions') }}

),

employees as (

    select * from {{ ref('int_employees_registered') }}

),

spells as (

    select * from {{ ref('int_employee_spells') }}

),

org_units as (

    select * from {{ ref('dim_org_unit') }}

),

latest_spells as (

    select
        employee_key,
        first_hire_date,
        exit_date as latest_exit_date,
        exit_date is null as is_active
    from spells
    where next_hire_date is null

),

final as (

    select
        versions.employee_version_key,
        versions.employee_key,
        versions.valid_from,
        versions.valid_to,
        versions.is_current,
        versions.change_type,
        cast(versions.spell_number as integer) as spell_number,
        versions.hire_date,
        versions.exit_date,
        latest_spells.first_hire_date,
        versions.org_unit_code,
        org_units.branch_code,
        versions.position,
        versions.job_family,
        cast(versions.grade as integer) as grade,
        versions.manager_key,
        employees.employee_name,
        employees.sex,
        employees.birth_date,
        cast(extract(year from employees.birth_date) as integer) as birth_year,
        employees.education_code,
        employees.national_id_hash,
        latest_spells.is_active
    from versions
    inner join employees
        on versions.employee_key = employees.employee_key
    inner join latest_spells
        on versions.employee_key = latest_spells.employee_key
    left join org_units
        on versions.org_unit_code = org_units.org_unit_code

)

select * from final
