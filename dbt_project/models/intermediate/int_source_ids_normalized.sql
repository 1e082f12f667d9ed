{#- One row per distinct raw ID of each source field, normalized by that field's rule. -#}
with

source_ids as (

    select * from {{ ref('int_source_ids_unioned') }}

),

rules as (

    select * from {{ ref('id_normalization_rules') }}

),

distinct_ids as (

    select distinct source_name, id_field, raw_id
    from source_ids

),

stripped as (

    select
        distinct_ids.source_name,
        distinct_ids.id_field,
        distinct_ids.raw_id,
        rules.id_kind,
        rules.canonical_width,
        rules.canonical_prefix,
        {{ id_digits('distinct_ids.raw_id', 'rules.strip_prefix') }} as id_digits
    from distinct_ids
    inner join rules
        on distinct_ids.source_name = rules.source
        and distinct_ids.id_field = rules.id_field

),

final as (

    select
        source_name,
        id_field,
        raw_id,
        id_kind,
        {{ normalized_id('id_digits', 'canonical_width', 'canonical_prefix') }} as normalized_id
    from stripped

)

select * from final
