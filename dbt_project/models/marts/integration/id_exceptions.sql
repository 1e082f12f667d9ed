with

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

source_ids as (

    select * from {{ ref('int_source_ids_unioned') }}

),

org_units as (

    select * from {{ ref('int_org_units_flattened') }}

),

exceptions as (

    select * from resolved_ids
    where resolution_status in ('unresolved', 'conflict')

),

occurrences as (

    -- Counted for the exceptions only: grouping every source ID first cost most of this model.
    select
        source_ids.source_name,
        source_ids.id_field,
        source_ids.raw_id,
        sum(source_ids.row_count) as row_count,
        min(source_ids.load_id) as first_load_id,
        max(source_ids.load_id) as last_load_id
    from source_ids
    inner join exceptions
        on source_ids.source_name = exceptions.source_name
        and source_ids.id_field = exceptions.id_field
        and source_ids.raw_id = exceptions.raw_id
    group by source_ids.source_name, source_ids.id_field, source_ids.raw_id

),

id_exceptions_found as (

    select
        exceptions.source_name || ':' || exceptions.id_field || ':' || exceptions.raw_id
            as exception_key,
        exceptions.source_name,
        exceptions.id_field,
        exceptions.raw_id,
        exceptions.id_kind,
        exceptions.normalized_id,
        exceptions.resolution_status,
        exceptions.exception_reason,
        cast(coalesce(exceptions.people_found, 0) as integer) as people_found,
        cast(occurrences.row_count as integer) as row_count,
        occurrences.first_load_id,
        occurrences.last_load_id
    from exceptions
    inner join occurrences
        on exceptions.source_name = occurrences.source_name
        and exceptions.id_field = occurrences.id_field
        and exceptions.raw_id = occurrences.raw_id

),

org_chain_exceptions as (

    -- An org unit whose chain up the tree reaches no root (a missing parent, or deeper than
    -- var('org_tree_max_depth') or a cycle): listed, never a failed build.
    select
        {{ as_text("'org_units:org_unit_code:' || org_unit_code") }} as exception_key,
        {{ as_text("'org_units'") }} as source_name,
        {{ as_text("'org_unit_code'") }} as id_field,
        org_unit_code as raw_id,
        {{ as_text("'org_unit'") }} as id_kind,
        org_unit_code as normalized_id,
        {{ as_text("'unresolved'") }} as resolution_status,
        {{ as_text('chain_exception_reason') }} as exception_reason,
        cast(null as integer) as people_found,
        cast(1 as integer) as row_count,
        load_id as first_load_id,
        load_id as last_load_id
    from org_units
    where chain_exception_reason is not null

),

final as (

    select * from id_exceptions_found
    union all
    select * from org_chain_exceptions

)

select * from final
