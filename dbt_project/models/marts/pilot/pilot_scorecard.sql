{#- The AI-interview pilot scorecard of the latest build: one row per criterion and scope with its
    figure, threshold, status and trend against the previous build. Figures stay double precision
    as the Python asset wrote them (dbt.type_float() would be single precision on DuckDB). Thresholds come from
    analytics/pilot/pilot_thresholds.toml; the figures from the ml.* tables of the same build. -#}
with

history as (

    select * from {{ source('ml', 'pilot_scorecard_history') }}

),

latest_build as (

    select max(built_at) as built_at
    from history

),

final as (

    select
        history.criterion || ':' || history.scope as scorecard_key,
        {{ as_text('history.criterion') }} as criterion,
        {{ as_text('history.scope') }} as scope,
        {{ as_text('history.description') }} as criterion_description,
        history.figure,
        history.threshold,
        {{ as_text('history.comparator') }} as comparator,
        cast(history.n as {{ dbt.type_bigint() }}) as sample_size,
        {{ as_text('history.status') }} as status,
        history.status = 'pass' as is_pass,
        {{ as_text('history.detail') }} as detail,
        history.previous_figure,
        {{ as_text('history.previous_status') }} as previous_status,
        {{ as_text('history.trend') }} as trend,
        history.alert as has_alert,
        {{ as_text('history.alert_reason') }} as alert_reason,
        {{ as_text('history.build_id') }} as build_id,
        history.built_at
    from history
    inner join latest_build
        on history.built_at = latest_build.built_at

)

select * from final
