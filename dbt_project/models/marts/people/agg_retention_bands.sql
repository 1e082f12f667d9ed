{#- People with a retention score per org unit x job family x risk band, and the expected leavers
    (sum of their 12-month exit probabilities): employee_portraits counted, so the retention and
    overview pages read a table whose size does not grow with the number of employees. -#}
with

portraits as (

    select * from {{ ref('employee_portraits') }}
    where risk_band is not null

),

counted as (

    select
        org_unit_code,
        branch_code,
        job_family,
        risk_band,
        count(*) as people,
        sum(p_exit_12m) as expected_leavers
    from portraits
    group by org_unit_code, branch_code, job_family, risk_band

),

final as (

    select
        coalesce(org_unit_code, '') || ':' || coalesce(job_family, '') || ':' || risk_band
            as risk_cell_key,
        org_unit_code,
        branch_code,
        job_family,
        risk_band,
        cast(people as integer) as people,
        cast(expected_leavers as {{ type_double() }}) as expected_leavers
    from counted

)

select * from final
