{#- One row per month of each segment (a run of months with first_month_start_date and
    last_month_start_date), with month_start_date and month_end_date: how fct_headcount_monthly
    expands fct_headcount_segments. -#}
{% macro segment_months(segments, calendar) -%}
    {{ return(adapter.dispatch('segment_months', 'talentloop')(segments, calendar)) }}
{%- endmacro %}

{% macro default__segment_months(segments, calendar) -%}
    select
        {{ segments }}.*,
        months.month_start_date,
        months.month_end_date
    from {{ segments }}
    inner join (select distinct month_start_date, month_end_date from {{ calendar }}) as months
        on months.month_start_date >= {{ segments }}.first_month_start_date
        and months.month_start_date <= {{ segments }}.last_month_start_date
{%- endmacro %}

{#- DuckDB generates each segment's months instead of joining on a range: it plans the range join
    as an IEJoin from the calendar's day-level row estimate, 52 s against 4 s at 179M rows
    (docs/benchmarks.md). -#}
{% macro duckdb__segment_months(segments, calendar) -%}
    select
        expanded.*,
        cast(last_day(expanded.month_start_date) as date) as month_end_date
    from (
        select
            {{ segments }}.*,
            cast(unnest(generate_series(
                {{ segments }}.first_month_start_date,
                {{ segments }}.last_month_start_date,
                interval 1 month
            )) as date) as month_start_date
        from {{ segments }}
    ) as expanded
{%- endmacro %}
