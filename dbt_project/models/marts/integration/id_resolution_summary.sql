with

source_ids as (

    select * from {{ ref('int_source_ids_unioned') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

per_load as (

    -- A raw value is one ID of the source however many of its fields carry it. Candidate IDs
    -- of candidates never hired refer to no employee: counted apart, outside the rates.
    select distinct
        source_ids.source_name,
        source_ids.load_id,
        resolved_ids.id_kind,
        resolved_ids.raw_id,
        resolved_ids.resolution_status
    from source_ids
    inner join resolved_ids
        on source_ids.source_name = resolved_ids.source_name
        and source_ids.id_field = resolved_ids.id_field
        and source_ids.raw_id = resolved_ids.raw_id

),

all_loads as (

    select distinct
        source_name,
        'all' as load_id,
        id_kind,
        raw_id,
        resolution_status
    from per_load

),

counted as (

    select
        source_name,
        load_id,
        sum(case when resolution_status <> 'not_hired' then 1 else 0 end) as ids_seen,
        sum(case when resolution_status = 'matched' then 1 else 0 end) as ids_matched,
        sum(case when resolution_status = 'unresolved' then 1 else 0 end) as ids_unresolved,
        sum(case when resolution_status = 'conflict' then 1 else 0 end) as ids_conflicting,
        sum(case when resolution_status = 'not_hired' then 1 else 0 end) as candidate_ids_not_hired
    from (
        select * from per_load
        union all
        select * from all_loads
    ) as ids
    group by source_name, load_id

),

final as (

    select
        source_name || ':' || load_id as summary_key,
        source_name,
        load_id,
        load_id = 'all' as is_all_loads,
        cast(ids_seen as integer) as ids_seen,
        cast(ids_matched as integer) as ids_matched,
        cast(ids_unresolved as integer) as ids_unresolved,
        cast(ids_conflicting as integer) as ids_conflicting,
        cast(candidate_ids_not_hired as integer) as candidate_ids_not_hired,
        cast(ids_matched as {{ type_double() }}) / nullif(ids_seen, 0) as match_rate,
        cast(ids_conflicting as {{ type_double() }}) / nullif(ids_seen, 0) as conflict_rate
    from counted

)

select * from final
