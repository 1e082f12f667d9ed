with

org_units as (

    select * from {{ ref('stg_hr__org_units') }}

),

latest as (

    -- Each load re-sends the full tree: the latest row of a code wins.
    select
        org_units.*,
        row_number() over (
            partition by org_unit_code
            order by loaded_at desc, source_file desc, source_line desc
        ) as version_rank
    from org_units

),

units as (

    select * from latest where version_rank = 1

),

flattened as (

    select
        units.org_unit_code,
        units.org_unit_name_zh,
        units.org_unit_name_en,
        units.org_level,
        units.parent_code,
        units.city,
        units.opened_date,
        -- The branch is the nearest unit at or above this one that is a branch; units directly
        -- under the head office have the head office as their branch.
        case
            when units.org_level in ('branch', 'head_office') then units.org_unit_code
            when parent.org_level in ('branch', 'head_office') then parent.org_unit_code
            else grandparent.org_unit_code
        end as branch_code,
        case
            when units.org_level = 'head_office' then units.org_unit_code
            when parent.org_level = 'head_office' then parent.org_unit_code
            else grandparent.org_unit_code
        end as head_office_code,
        case when units.org_level = 'department' then units.org_unit_code end as department_code
    from units
    left join units as parent
        on units.parent_code = parent.org_unit_code
    left join units as grandparent
        on parent.parent_code = grandparent.org_unit_code

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
    left join units as branch
        on flattened.branch_code = branch.org_unit_code
    left join units as department
        on flattened.department_code = department.org_unit_code

)

select * from final
