{#- The ID crosswalk: every distinct source ID resolved to a person. The resolution is computed
    here, in the mart, and `int_ids_resolved` is a view over it, so the 10.9M resolved IDs of a
    million-employee enterprise are stored once (the serving copy holds no intermediate tables).
    - Employee IDs: matched when the canonical number is in the person registry.
    - HR's record of an AI candidate ID: belongs to the employee on whose HR row it stands.
    - AI candidate IDs: the canonical candidate, and through int_candidates_linked the employee
      it became; a candidate no rule links to anyone is `not_hired` (it refers to no employee,
      so it is neither a match nor an exception and stays out of the rates); two people found
      is a `conflict`.
    - Recruiting-system candidate IDs: the same, but decided by the ID-level rules (the AI
      employee number, HR's record of the candidate ID) when they find anyone, since the
      recruiting record carries no national ID of its own.
    Status matched / unresolved / conflict / not_hired, the rule that matched and, when not
    matched, the reason. -#}
with

source_ids as (

    select * from {{ ref('int_source_ids_normalized') }}

),

employees as (

    select * from {{ ref('int_employees_registered') }}

),

candidates as (

    select * from {{ ref('int_candidates_linked') }}

),

hr_employees as (

    select * from {{ ref('stg_hr__employees') }}

),

hr_candidate_owners as (

    -- The employees on whose HR master rows each raw candidate ID stands.
    select
        hr_employees.ai_candidate_id as raw_id,
        count(distinct employees.employee_key) as people_found,
        min(employees.employee_key) as employee_key
    from hr_employees
    inner join source_ids
        on source_ids.source_name = 'hr_employees'
        and source_ids.id_field = 'employee_id'
        and hr_employees.employee_id = source_ids.raw_id
    inner join employees
        on source_ids.normalized_id = employees.employee_key
    where hr_employees.ai_candidate_id is not null
    group by hr_employees.ai_candidate_id

),

joined as (

    select
        source_ids.source_name,
        source_ids.id_field,
        source_ids.raw_id,
        source_ids.id_kind,
        source_ids.normalized_id,
        employees.employee_key as registered_employee_key,
        candidates.candidate_key as known_candidate_key,
        case
            when source_ids.source_name <> 'ai_interviews' and candidates.id_people_found = 1
                then 'linked'
            when source_ids.source_name <> 'ai_interviews' and candidates.id_people_found > 1
                then 'conflict'
            else candidates.link_status
        end as link_status,
        case
            when source_ids.source_name <> 'ai_interviews' and candidates.id_people_found > 0
                then candidates.id_link_rule
            else candidates.link_rule
        end as link_rule,
        case
            when source_ids.source_name <> 'ai_interviews' and candidates.id_people_found > 0
                then candidates.id_people_found
            else candidates.people_found
        end as candidate_people_found,
        case
            when source_ids.source_name <> 'ai_interviews' and candidates.id_people_found > 0
                then candidates.id_employee_key
            else candidates.employee_key
        end as candidate_employee_key,
        hr_candidate_owners.people_found as owner_people_found,
        hr_candidate_owners.employee_key as owner_employee_key,
        source_ids.source_name = 'hr_employees' and source_ids.id_kind = 'candidate' as is_hr_candidate_record
    from source_ids
    left join employees
        on source_ids.id_kind = 'employee'
        and source_ids.normalized_id = employees.employee_key
    left join candidates
        on source_ids.id_kind = 'candidate'
        and source_ids.normalized_id = candidates.candidate_key
    left join hr_candidate_owners
        on source_ids.source_name = 'hr_employees'
        and source_ids.id_kind = 'candidate'
        and source_ids.raw_id = hr_candidate_owners.raw_id

),

resolved as (

    select
        source_name,
        id_field,
        raw_id,
        id_kind,
        normalized_id,
        case
            when id_kind = 'employee' then registered_employee_key
            when is_hr_candidate_record and owner_people_found = 1 then owner_employee_key
            when not is_hr_candidate_record then candidate_employee_key
        end as employee_key,
        known_candidate_key as candidate_key,
        case
            when normalized_id is null then 'unresolved'
            when id_kind = 'employee' and registered_employee_key is not null then 'matched'
            when id_kind = 'employee' then 'unresolved'
            when is_hr_candidate_record and owner_people_found = 1 then 'matched'
            when is_hr_candidate_record and owner_people_found > 1 then 'conflict'
            when is_hr_candidate_record then 'unresolved'
            when known_candidate_key is null then 'unresolved'
            when link_status = 'linked' then 'matched'
            when link_status = 'conflict' then 'conflict'
            else 'not_hired'
        end as resolution_status,
        case
            when normalized_id is null then null
            when id_kind = 'employee' and registered_employee_key is not null then 'employee_number'
            when is_hr_candidate_record and owner_people_found = 1 then 'hr_record'
            when not is_hr_candidate_record and link_status = 'linked' then link_rule
        end as match_rule,
        case
            when normalized_id is null then 'unreadable_id'
            when id_kind = 'employee' and registered_employee_key is null then 'unknown_employee_number'
            when is_hr_candidate_record and owner_people_found > 1 then 'candidate_id_on_two_employees'
            when is_hr_candidate_record and owner_people_found = 1 then null
            when is_hr_candidate_record then 'hr_row_not_linked_to_an_employee'
            when id_kind = 'candidate' and known_candidate_key is null then 'unknown_candidate_id'
            when link_status = 'conflict' then 'ambiguous_' || link_rule
        end as exception_reason,
        case
            when is_hr_candidate_record then owner_people_found
            else candidate_people_found
        end as people_found
    from joined

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
        exception_reason,
        cast(people_found as integer) as people_found
    from resolved

)

select * from final
