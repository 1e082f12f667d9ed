with

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}

),

final as (

    select
        source_name || ':' || id_field || ':' || raw_id as crosswalk_key,
        source_name,
        id_field,
        raw_id,
        id_kind,
        normalized_id,
        employee_key,
        candidate_key,
        resolution_status,
        match_rule,
        exception_reason
    from resolved_ids

)

select * from final
