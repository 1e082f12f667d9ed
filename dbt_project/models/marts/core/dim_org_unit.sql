with

flattened as (

    -- The tree of any depth, its levels the customer's (int_org_units_flattened).
    select * from {{ ref('int_org_units_flattened') }}

),

final as (

    select
        flattened.org_unit_code,
        flattened.org_unit_name_zh,
        flattened.org_unit_name_en,
        flattened.org_level,
        flattened.parent_code,
        flattened.head_office_code,
        flattened.branch_code,
        branch.org_unit_name_zh as branch_name_zh,
        branch.org_unit_name_en as branch_name_en,
        flattened.department_code,
        department.org_unit_name_zh as department_name_zh,
        department.org_unit_name_en as department_name_en,
        flattened.city,
        flattened.opened_date
    from flattened
    left join flattened as branch
        on flattened.branch_code = branch.org_unit_code
    left join flattened as department
        on flattened.department_code = department.org_unit_code

)

select * from final
