{#- The rows of fct_headcount_monthly (its 19 columns) from an expansion of fct_headcount_segments:
    a relation with every column of the runs plus month_start_date and month_end_date, one row
    per run and month. The view passes every month (segment_months); a model that needs only a
    few months passes segments_in_months, so the month logic lives here once. -#}
{% macro headcount_month_rows(expanded) -%}
    select
        with_tenure.employee_key,
        with_tenure.month_start_date,
        with_tenure.month_end_date,
        with_tenure.reference_date,
        with_tenure.spell_number,
        with_tenure.hire_date,
        with_tenure.exit_date,
        with_tenure.employee_version_key,
        with_tenure.org_unit_code,
        with_tenure.job_family,
        with_tenure.position,
        with_tenure.grade,
        with_tenure.manager_key,
        cast(with_tenure.tenure as integer) as tenure_months,
        case
            when with_tenure.tenure is null then 'unknown'
            when with_tenure.tenure < 12 then '0-1y'
            when with_tenure.tenure < 24 then '1-2y'
            when with_tenure.tenure < 60 then '2-5y'
            when with_tenure.tenure < 120 then '5-10y'
            else '10y+'
        end as tenure_band,
        with_tenure.is_active,
        with_tenure.is_hire + with_tenure.carried_hires_in_month > 0 as is_hired_in_month,
        with_tenure.is_exit + with_tenure.carried_exits_in_month > 0 as is_exited_in_month,
        cast(with_tenure.is_hire + with_tenure.carried_hires_in_month as integer) as hires_in_month,
        cast(with_tenure.is_exit + with_tenure.carried_exits_in_month as integer) as exits_in_month
    from (
        select
            segment_months.*,
            {{ months_between('segment_months.hire_date', 'segment_months.reference_date') }}
                as tenure
        from (
            -- The reference date is the month's last day, or the exit date when the spell ends
            -- earlier.
            select
                expanded.*,
                expanded.exit_date is null or expanded.exit_date >= expanded.month_end_date
                    as is_active,
                case when expanded.hire_date >= expanded.month_start_date then 1 else 0 end
                    as is_hire,
                case when expanded.exit_date <= expanded.month_end_date then 1 else 0 end
                    as is_exit,
                case
                    when expanded.exit_date < expanded.month_end_date then expanded.exit_date
                    else expanded.month_end_date
                end as reference_date,
                case
                    when expanded.month_start_date = expanded.carried_month_start_date
                        then expanded.carried_hires
                    else 0
                end as carried_hires_in_month,
                case
                    when expanded.month_start_date = expanded.carried_month_start_date
                        then expanded.carried_exits
                    else 0
                end as carried_exits_in_month
            from ({{ expanded }}) as expanded
        ) as segment_months
    ) as with_tenure
{%- endmacro %}
