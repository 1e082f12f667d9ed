{#- One row per month of each segment (a run of months with first_month_start_date and
    last_month_start_date), with month_start_date and month_end_date: how fct_headcount_monthly
    expands fct_headcount_segments. -#}
{% macro segment_months(segments, calendar) -%}
    {{ return(adapter.dispatch('segment_months', 'talentloop')(segments, calendar)) }}
{%- endmacro %}

{% macro default__segment_months(segments, calendar) -%}
    {{ segments_in_months(
        segments, '(select distinct month_start_date, month_end_date from ' ~ calendar ~ ')') }}
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

{#- The runs of fct_headcount_segments that cover each month of `months` (a relation with
    month_start_date and month_end_date), one row per run and month, on every engine. For a
    handful of months this range join is cheap (DuckDB: a piecewise merge join, 0.5 s for nine
    months at a million employees, against 4.6 s to expand every month and keep nine). -#}
{% macro segments_in_months(segments, months) -%}
    select
        {{ segments }}.*,
        months.month_start_date,
        months.month_end_date
    from {{ segments }}
    inner join {{ months }} as months
        on months.month_start_date >= {{ segments }}.first_month_start_date
        and months.month_start_date <= {{ segments }}.last_month_start_date
{%- endmacro %}
