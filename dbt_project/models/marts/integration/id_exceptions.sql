with

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

source_ids as (

    select * from {{ ref('int_source_ids_unioned') }}

),

occurrences as (

    select
        source_name,
        id_field,
        raw_id,
        sum(row_count) as row_count,
        min(load_id) as first_load_id,
        max(load_id) as last_load_id
    from source_ids
    group by source_name, id_field, raw_id

),

final as (

    select
        resolved_ids.source_name || ':' || resolved_ids.id_field || ':' || resolved_ids.raw_id
            as exception_key,
        resolved_ids.source_name,
        resolved_ids.id_field,
        resolved_ids.raw_id,
        resolved_ids.id_kind,
        resolved_ids.normalized_id,
        resolved_ids.resolution_status,
        resolved_ids.exception_reason,
        cast(coalesce(resolved_ids.people_found, 0) as integer) as people_found,
        cast(occurrences.row_count as integer) as row_count,
        occurrences.first_load_id,
        occurrences.last_load_id
    from resolved_ids
    inner join occurrences
        on resolved_ids.source_name = occurrences.source_name
        and resolved_ids.id_field = occurrences.id_field
        and resolved_ids.raw_id = occurrences.raw_id
    where resolved_ids.resolution_status in ('unresolved', 'conflict')

)

select * from final
