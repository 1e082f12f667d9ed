{#- Retention features from the optional pay, engagement and time sources (issue 22 part 4): one
    row per employee and snapshot of retention_features that any of them covers. Every figure
    uses records dated and recorded strictly before the snapshot. A source never delivered adds
    no row and no figure (never a zero): analytics/inputs.py joins only the groups that have
    data, so a bank without these sources trains exactly as before. Each source is joined to
    the snapshots on its own, so an absent one costs an empty join. -#}
with

population as (

    select employee_key, snapshot_date from {{ ref('retention_features') }}

),

resolved_ids as (

    select * from {{ ref('int_ids_resolved') }}
    where resolution_status = 'matched'
        and source_name in ('compensation', 'engagement_surveys', 'time_records')

),

pay_records as (

    -- One record per person and effective date (a later recording corrects), with the pay
    -- before it: a raise is a record whose base pay exceeds the previous one.
    select
        keyed.*,
        keyed.base_pay / nullif(keyed.band_midpoint, 0) as pay_to_midpoint,
        keyed.base_pay / nullif(
            lag(keyed.base_pay) over (partition by keyed.employee_key order by keyed.effective_date),
            0
        ) - 1 as raise_pct
    from (
        select
            ids.employee_key,
            pay.effective_date,
            pay.base_pay,
            pay.band_midpoint,
            pay.recorded_at,
            row_number() over (
                partition by ids.employee_key, pay.effective_date
                order by pay.recorded_at desc, pay.loaded_at desc, pay.source_line desc
            ) as version_rank
        from {{ ref('stg_payroll__compensation') }} as pay
        inner join resolved_ids as ids
            on ids.source_name = 'compensation'
            and ids.id_field = 'employee_id'
            and pay.employee_id = ids.raw_id
    ) as keyed
    where keyed.version_rank = 1

),

pay_known as (

    select
        population.employee_key,
        population.snapshot_date,
        pay_records.effective_date,
        pay_records.pay_to_midpoint,
        pay_records.raise_pct,
        row_number() over (
            partition by population.employee_key, population.snapshot_date
            order by pay_records.effective_date desc
        ) as recency_rank,
        row_number() over (
            partition by population.employee_key, population.snapshot_date
            order by
                case when pay_records.raise_pct > 0 then 1 else 0 end desc,
                pay_records.effective_date desc
        ) as raise_rank
    from population
    inner join pay_records
        on pay_records.employee_key = population.employee_key
        and pay_records.effective_date < population.snapshot_date
        and cast(pay_records.recorded_at as date) < population.snapshot_date

),

pay as (

    -- Latest pay against the band midpoint; the latest raise (or, with none, the first record:
    -- "no raise for N months" counts from there) and its size.
    select
        employee_key,
        snapshot_date,
        max(case when recency_rank = 1 then pay_to_midpoint end) as pay_to_midpoint,
        coalesce(max(case when raise_pct > 0 then effective_date end), min(effective_date))
            as last_raise_date,
        max(case when raise_rank = 1 and raise_pct > 0 then raise_pct end) as last_raise_pct
    from pay_known
    group by employee_key, snapshot_date

),

engagement_known as (

    select
        population.employee_key,
        population.snapshot_date,
        surveys.engagement_score,
        row_number() over (
            partition by population.employee_key, population.snapshot_date
            order by surveys.survey_date desc, surveys.response_id desc
        ) as recency_rank
    from population
    inner join (
        select distinct ids.employee_key, engagement.response_id, engagement.survey_date,
            engagement.engagement_score
        from {{ ref('stg_survey__engagement') }} as engagement
        inner join resolved_ids as ids
            on ids.source_name = 'engagement_surveys'
            and ids.id_field = 'employee_id'
            and engagement.employee_id = ids.raw_id
    ) as surveys
        on surveys.employee_key = population.employee_key
        and surveys.survey_date < population.snapshot_date
        and surveys.survey_date >= {{ dbt.dateadd('month', -24, 'population.snapshot_date') }}

),

engagement as (

    -- The latest score in the two years before the snapshot and its change from the one before.
    select
        employee_key,
        snapshot_date,
        max(case when recency_rank = 1 then engagement_score end) as engagement_score_last,
        max(case when recency_rank = 1 then engagement_score end)
            - max(case when recency_rank = 2 then engagement_score end) as engagement_score_change
    from engagement_known
    where recency_rank <= 2
    group by employee_key, snapshot_date

),

time_months as (

    select ids.employee_key, records.month_start_date, records.overtime_hours, records.absence_days,
        records.recorded_at
    from (
        select
            *,
            row_number() over (
                partition by employee_id, month_start_date
                order by recorded_at desc, loaded_at desc, source_line desc
            ) as version_rank
        from {{ ref('stg_time__records') }}
    ) as records
    inner join resolved_ids as ids
        on ids.source_name = 'time_records'
        and ids.id_field = 'employee_id'
        and records.employee_id = ids.raw_id
    where records.version_rank = 1

),

working_time as (

    -- The six months recorded before the snapshot.
    select
        population.employee_key,
        population.snapshot_date,
        avg(time_months.overtime_hours) as overtime_hours_avg_6m,
        sum(time_months.absence_days) as absence_days_6m
    from population
    inner join time_months
        on time_months.employee_key = population.employee_key
        and time_months.month_start_date >= {{ dbt.dateadd('month', -6, 'population.snapshot_date') }}
        and cast(time_months.recorded_at as date) < population.snapshot_date
    group by population.employee_key, population.snapshot_date

),

covered as (

    select employee_key, snapshot_date from pay
    union
    select employee_key, snapshot_date from engagement
    union
    select employee_key, snapshot_date from working_time

),

final as (

    select
        covered.employee_key,
        covered.snapshot_date,
        cast(pay.pay_to_midpoint as {{ type_double() }}) as pay_to_midpoint,
        cast({{ months_between('pay.last_raise_date', 'covered.snapshot_date') }} as integer)
            as last_raise_months_ago,
        cast(pay.last_raise_pct as {{ type_double() }}) as last_raise_pct,
        cast(engagement.engagement_score_last as {{ type_double() }}) as engagement_score_last,
        cast(engagement.engagement_score_change as {{ type_double() }}) as engagement_score_change,
        cast(working_time.overtime_hours_avg_6m as {{ type_double() }}) as overtime_hours_avg_6m,
        cast(working_time.absence_days_6m as {{ type_double() }}) as absence_days_6m
    from covered
    left join pay
        on covered.employee_key = pay.employee_key
        and covered.snapshot_date = pay.snapshot_date
    left join engagement
        on covered.employee_key = engagement.employee_key
        and covered.snapshot_date = engagement.snapshot_date
    left join working_time
        on covered.employee_key = working_time.employee_key
        and covered.snapshot_date = working_time.snapshot_date

)

select * from final
