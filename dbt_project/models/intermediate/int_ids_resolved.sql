{#- Every distinct source ID resolved to a person: the crosswalk mart without its key, for the
    intermediate models that join source rows to people. A view, so the resolved IDs are stored
    once (the logic and its unit test are in `id_crosswalk`). -#}
{{ config(materialized='view') }}

with

crosswalk as (

    select * from {{ ref('id_crosswalk') }}

),

final as (

    select
        source_name,
        id_field,
        raw_id,
        id_kind,
        normalized_id,
        employee_key,
        candidate_key,
        resolution_status,
        match_rule,
        exception_reason,
        people_found
    from crosswalk

)

select * from final
