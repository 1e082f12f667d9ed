-- Every ID field the crosswalk reads has exactly one normalization rule in the seed.
with

source_fields as (

    select distinct source_name, id_field from {{ ref('int_source_ids_unioned') }}

),

rules as (

    select source, id_field, count(*) as rule_count
    from {{ ref('id_normalization_rules') }}
    group by source, id_field

)

select source_fields.source_name, source_fields.id_field, rules.rule_count
from source_fields
left join rules
    on source_fields.source_name = rules.source
    and source_fields.id_field = rules.id_field
where rules.rule_count is distinct from 1
