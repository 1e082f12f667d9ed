{#-
    The org tree flattened for a tree of any depth up to var('org_tree_max_depth'): each unit
    joined to its ancestors a1 (parent), a2, ... by an unrolled chain of joins (no recursive CTE,
    so it runs alike on DuckDB, PostgreSQL and Spark). The levels are the customer's reference
    data (org_levels): which level is the business unit and which is the lowest are read from
    it, never written here.
-#}
{%- set depth = var('org_tree_max_depth') -%}

with

org_units as (

    select * from {{ ref('stg_hr__org_units') }}

),

org_levels as (

    select * from {{ ref('org_levels') }}

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

    select
        latest.org_unit_code,
        latest.org_unit_name_zh,
        latest.org_unit_name_en,
        latest.org_level,
        latest.parent_code,
        latest.city,
        latest.opened_date,
        latest.load_id,
        org_levels.level_rank,
        coalesce(org_levels.is_business_unit, false) as is_business_unit
    from latest
    left join org_levels
        on latest.org_level = org_levels.level_code
    where latest.version_rank = 1

),

lowest_level as (

    select max(level_rank) as level_rank from org_levels

),

chains as (

    -- a0 is the unit itself, a1 its parent, ...: a{{ depth - 1 }} is as far up as the model looks.
    select
        {%- for i in range(depth) %}
        a{{ i }}.org_unit_code as a{{ i }}_code,
        a{{ i }}.parent_code as a{{ i }}_parent_code,
        a{{ i }}.is_business_unit as a{{ i }}_is_business_unit,
        {%- endfor %}
        a0.org_unit_name_zh,
        a0.org_unit_name_en,
        a0.org_level,
        a0.level_rank,
        a0.city,
        a0.opened_date,
        a0.load_id
    from units as a0
    {%- for i in range(1, depth) %}
    left join units as a{{ i }}
        on a{{ i - 1 }}.parent_code = a{{ i }}.org_unit_code
    {%- endfor %}

),

flattened as (

    select
        chains.a0_code as org_unit_code,
        chains.org_unit_name_zh,
        chains.org_unit_name_en,
        chains.org_level,
        chains.level_rank,
        chains.a0_parent_code as parent_code,
        chains.city,
        chains.opened_date,
        chains.load_id,
        -- The root: the first unit up the chain without a parent.
        case
            {%- for i in range(depth) %}
            when chains.a{{ i }}_code is not null and chains.a{{ i }}_parent_code is null
                then chains.a{{ i }}_code
            {%- endfor %}
        end as root_code,
        -- Units from the root down to this one (1 = the root).
        case
            {%- for i in range(depth) %}
            when chains.a{{ i }}_code is not null and chains.a{{ i }}_parent_code is null
                then {{ i + 1 }}
            {%- endfor %}
        end as tree_depth,
        -- The nearest unit at or above this one whose level is the business unit.
        case
            {%- for i in range(depth) %}
            when chains.a{{ i }}_is_business_unit then chains.a{{ i }}_code
            {%- endfor %}
        end as business_unit_code,
        chains.a{{ depth - 1 }}_code is not null as is_beyond_max_depth,
        case when chains.level_rank = lowest_level.level_rank then chains.a0_code end
            as department_code
    from chains
    cross join lowest_level

),

final as (

    select
        org_unit_code,
        org_unit_name_zh,
        org_unit_name_en,
        org_level,
        level_rank,
        parent_code,
        city,
        opened_date,
        load_id,
        root_code as head_office_code,
        -- Units above the business-unit level (and beside it, directly under the root) have the
        -- root as their business unit, as the bank's head-office departments have the head office.
        coalesce(business_unit_code, root_code) as branch_code,
        department_code,
        tree_depth,
        case
            when root_code is not null then null
            when is_beyond_max_depth then 'org_tree_too_deep'
            else 'org_parent_missing'
        end as chain_exception_reason
    from flattened

)

select * from final
