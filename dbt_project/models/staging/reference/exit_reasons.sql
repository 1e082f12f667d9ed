-- The customer's exit_reasons (reference data: <home>/reference/exit_reasons.csv, loaded by the ingest).
with

source as (

    select * from {{ source('raw', 'vocab_exit_reasons') }}

),

final as (

    select
        {{ as_text('reason_code') }} as reason_code,
        {{ as_text('name_zh') }} as name_zh,
        {{ as_text('name_en') }} as name_en,
        is_voluntary,
        is_involuntary,
        is_regretted
    from source

)

select * from final
