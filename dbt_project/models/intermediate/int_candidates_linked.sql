{#- One row per candidate (canonical candidate ID) the AI vendor assessed or HR recorded, linked
    to at most one employee. The rules, in order: (1) the employee number the AI vendor recorded,
    (2) the AI candidate ID HR recorded, (3) national ID hash + birth year; `link_rule` is the
    first that finds anyone. A national ID + birth year shared by two employees is ambiguous
    whatever else is known; a single national-ID match counts only when that person was hired
    from 30 days before to 365 days after an assessment of the candidate (a hire cannot precede
    the interview that led to it, and a wrong link is worse than none). When the rules together
    find two or more people (one rule finds two, or two rules disagree) the candidate is a
    conflict: linked to no one, never merged.
    `id_*` columns give the same decision from the ID-level rules (1) and (2) alone: a system that
    records only the candidate ID (the recruiting system) links through them, so a conflict
    that only the AI record's national ID creates does not spread to it. -#}
with

assessments as (

    select * from {{ ref('stg_ai_vendor__assessments') }}

),

hr_employees as (

    select * from {{ ref('stg_hr__employees') }}

),

source_ids as (

    select * from {{ ref('int_source_ids_normalized') }}

),

employees as (

    select * from {{ ref('int_employees_registered') }}

),

onboarding as (

    select * from {{ ref('stg_hr__onboarding') }}

),

hire_dates as (

    -- Hire dates straight from the HR system's records (the spells model depends on this one).
    select source_ids.normalized_id as employee_key, hr_employees.hire_date
    from hr_employees
    inner join source_ids
        on source_ids.source_name = 'hr_employees'
        and source_ids.id_field = 'employee_id'
        and hr_employees.employee_id = source_ids.raw_id
    union
    select source_ids.normalized_id as employee_key, onboarding.hire_date
    from onboarding
    inner join source_ids
        on source_ids.source_name = 'onboarding'
        and source_ids.id_field = 'employee_id'
        and onboarding.employee_id = source_ids.raw_id

),

assessment_keys as (

    select
        candidate_ids.normalized_id as candidate_key,
        employee_nos.normalized_id as employee_no_key,
        assessments.national_id_hash,
        assessments.birth_year,
        assessments.assessed_date
    from assessments
    inner join source_ids as candidate_ids
        on candidate_ids.source_name = 'ai_interviews'
        and candidate_ids.id_field = 'candidate_id'
        and assessments.candidate_id = candidate_ids.raw_id
    left join source_ids as employee_nos
        on employee_nos.source_name = 'ai_interviews'
        and employee_nos.id_field = 'employee_no'
        and assessments.employee_no = employee_nos.raw_id
    where candidate_ids.normalized_id is not null

),

by_employee_number_people as (

    select distinct
        assessment_keys.candidate_key,
        employees.employee_key
    from assessment_keys
    inner join employees
        on assessment_keys.employee_no_key = employees.employee_key

),

by_employee_number as (

    select candidate_key, count(*) as people_found
    from by_employee_number_people
    group by candidate_key

),

hr_candidate_ids as (

    select distinct
        candidate_ids.normalized_id as candidate_key,
        employee_ids.normalized_id as employee_key
    from hr_employees
    inner join source_ids as candidate_ids
        on candidate_ids.source_name = 'hr_employees'
        and candidate_ids.id_field = 'ai_candidate_id'
        and hr_employees.ai_candidate_id = candidate_ids.raw_id
    inner join source_ids as employee_ids
        on employee_ids.source_name = 'hr_employees'
        and employee_ids.id_field = 'employee_id'
        and hr_employees.employee_id = employee_ids.raw_id
    where candidate_ids.normalized_id is not null
        and employee_ids.normalized_id is not null

),

candidates as (

    select candidate_key from assessment_keys
    union
    select candidate_key from hr_candidate_ids

),

by_hr_candidate_id as (

    select candidate_key, count(*) as people_found
    from hr_candidate_ids
    group by candidate_key

),

national_id_matches as (

    select
        assessment_keys.candidate_key,
        employees.employee_key,
        max(case when hire_dates.hire_date is not null then 1 else 0 end) as is_plausible
    from assessment_keys
    inner join employees
        on assessment_keys.national_id_hash = employees.national_id_hash
        and assessment_keys.birth_year = extract(year from employees.birth_date)
    left join hire_dates
        on employees.employee_key = hire_dates.employee_key
        and hire_dates.hire_date
            between {{ dbt.dateadd('day', -30, 'assessment_keys.assessed_date') }}
            and {{ dbt.dateadd('day', 365, 'assessment_keys.assessed_date') }}
    group by assessment_keys.candidate_key, employees.employee_key

),

national_id_counts as (

    select candidate_key, count(*) as people
    from national_id_matches
    group by candidate_key

),

by_national_id_people as (

    select
        national_id_matches.candidate_key,
        national_id_matches.employee_key
    from national_id_matches
    inner join national_id_counts
        on national_id_matches.candidate_key = national_id_counts.candidate_key
    where national_id_counts.people >= 2 or national_id_matches.is_plausible = 1

),

by_national_id as (

    select candidate_key, count(*) as people_found
    from by_national_id_people
    group by candidate_key

),

found as (

    select candidate_key, employee_key from by_employee_number_people
    union
    select candidate_key, employee_key from hr_candidate_ids
    union
    select candidate_key, employee_key from by_national_id_people

),

id_found as (

    select candidate_key, employee_key from by_employee_number_people
    union
    select candidate_key, employee_key from hr_candidate_ids

),

id_found_counts as (

    select
        candidate_key,
        count(distinct employee_key) as people_found,
        min(employee_key) as employee_key
    from id_found
    group by candidate_key

),

found_counts as (

    select
        candidate_key,
        count(distinct employee_key) as people_found,
        min(employee_key) as employee_key
    from found
    group by candidate_key

),

decided as (

    select
        candidates.candidate_key,
        case
            when by_employee_number.people_found is not null then 'employee_number'
            when by_hr_candidate_id.people_found is not null then 'hr_candidate_id'
            when by_national_id.people_found is not null then 'national_id_birth_year'
        end as link_rule,
        coalesce(found_counts.people_found, 0) as people_found,
        found_counts.employee_key as first_employee_key,
        case
            when by_employee_number.people_found is not null then 'employee_number'
            when by_hr_candidate_id.people_found is not null then 'hr_candidate_id'
        end as id_link_rule,
        coalesce(id_found_counts.people_found, 0) as id_people_found,
        id_found_counts.employee_key as id_first_employee_key
    from candidates
    left join by_employee_number
        on candidates.candidate_key = by_employee_number.candidate_key
    left join by_hr_candidate_id
        on candidates.candidate_key = by_hr_candidate_id.candidate_key
    left join by_national_id
        on candidates.candidate_key = by_national_id.candidate_key
    left join found_counts
        on candidates.candidate_key = found_counts.candidate_key
    left join id_found_counts
        on candidates.candidate_key = id_found_counts.candidate_key

),

final as (

    select
        candidate_key,
        link_rule,
        people_found,
        case when people_found = 1 then first_employee_key end as employee_key,
        case
            when people_found = 0 then 'not_hired'
            when people_found = 1 then 'linked'
            else 'conflict'
        end as link_status,
        id_link_rule,
        id_people_found,
        case when id_people_found = 1 then id_first_employee_key end as id_employee_key
    from decided

)

select * from final
