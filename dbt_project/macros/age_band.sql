{#- Age in the year of `on_date`, coarsened to bands for the analyst file: an exact birth year
    next to sex, org unit and hire date singles people out. An age under 16 (a version that
    starts before the records, `unknown_start_date`) is unknown. -#}
{% macro age_band(birth_year, on_date) -%}
    case
        when {{ birth_year }} is null or {{ on_date }} is null then 'unknown'
        when extract(year from {{ on_date }}) - {{ birth_year }} < 16 then 'unknown'
        when extract(year from {{ on_date }}) - {{ birth_year }} < 25 then '<25'
        when extract(year from {{ on_date }}) - {{ birth_year }} < 35 then '25-34'
        when extract(year from {{ on_date }}) - {{ birth_year }} < 45 then '35-44'
        when extract(year from {{ on_date }}) - {{ birth_year }} < 55 then '45-54'
        else '55+'
    end
{%- endmacro %}
