{#- Per org unit x competency: people with a measured level, people below their job's required
    level and the sum of those gaps (employee_portraits' gap_<competency> columns), so the training
    page reads a table whose size does not grow with the number of employees. -#}
with

portraits as (

    select * from {{ ref('employee_portraits') }}

),

unpivoted as (

    {% for c in competency_codes() %}
    select
        org_unit_code,
        branch_code,
        '{{ c }}' as competency_code,
        gap_{{ c }} as gap
    from portraits
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

counted as (

    select
        org_unit_code,
        branch_code,
        competency_code,
        count(gap) as people,
        sum(case when gap > 0 then 1 else 0 end) as below_required,
        sum(case when gap > 0 then gap end) as gap_below_sum
    from unpivoted
    group by org_unit_code, branch_code, competency_code

),

final as (

    select
        coalesce(org_unit_code, '') || ':' || competency_code as gap_cell_key,
        org_unit_code,
        branch_code,
        competency_code,
        cast(people as integer) as people,
        cast(coalesce(below_required, 0) as integer) as below_required,
        cast(gap_below_sum as {{ type_double() }}) as gap_below_sum
    from counted

)

select * from final
