with

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

source_ids as (

    select * from {{ ref('int_source_ids_unioned') }}

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

final as (

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

)

select * from final
