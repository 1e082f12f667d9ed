with

quarantine as (

    select * from {{ ref('stg_ingest__quarantine') }}

),

manifest as (

    select * from {{ ref('stg_ingest__load_manifest') }}

),

rows_read as (

    select
        load_id,
        source_name,
        sum(rows_read) as rows_read,
        sum(case when load_status = 'rejected' then 1 else 0 end) as files_rejected
    from manifest
    group by load_id, source_name

),

counted as (

    select
        load_id,
        source_name,
        quarantine_rule,
        count(*) as rows_quarantined,
        count(distinct source_file) as files_affected,
        max(quarantined_at) as last_quarantined_at
    from quarantine
    group by load_id, source_name, quarantine_rule

),

final as (

    select
        counted.load_id || ':' || counted.source_name || ':' || counted.quarantine_rule
            as quarantine_summary_key,
        counted.load_id,
        counted.source_name,
        counted.quarantine_rule,
        cast(counted.rows_quarantined as integer) as rows_quarantined,
        cast(counted.files_affected as integer) as files_affected,
        cast(rows_read.rows_read as integer) as source_rows_read,
        cast(rows_read.files_rejected as integer) as source_files_rejected,
        cast(counted.rows_quarantined as {{ type_double() }})
        / nullif(rows_read.rows_read, 0) as share_of_rows_read,
        counted.last_quarantined_at
    from counted
    left join rows_read
        on counted.load_id = rows_read.load_id
        and counted.source_name = rows_read.source_name

)

select * from final
