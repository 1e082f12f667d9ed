{#- One row per employee employed today (the rows of employee_portraits) with the name and
    position of their current dim_employee version and the retention fields the pages list:
    the people search and the ranked risk list read this one narrow table instead of joining
    portraits to every version of every employee. The analyst schema's pseudonym is stored too,
    so an analyst's search by pseudonym reads it instead of hashing every employee per search.
    Stored highest risk first (unscored people last), so a page's "top N by risk" reads the
    first rows only. -#}
with

portraits as (

    select * from {{ ref('employee_portraits') }}

),

employees as (

    select * from {{ ref('dim_employee') }}
    where is_current

),

final as (

    select
        portraits.employee_key,
        {{ pseudonymize('portraits.employee_key') }} as employee_pid,
        employees.employee_name,
        employees.position,
        portraits.org_unit_code,
        portraits.branch_code,
        portraits.job_family,
        portraits.tenure_months,
        portraits.p_exit_12m,
        portraits.risk_band,
        portraits.driver_1_text,
        portraits.driver_2_text,
        portraits.driver_3_text,
        portraits.largest_gap_competency,
        portraits.recommended_course_code,
        portraits.perf_trajectory
    from portraits
    left join employees
        on portraits.employee_key = employees.employee_key

)

select * from final
order by p_exit_12m desc nulls last, employee_key
