{#- Use the configured schema name exactly (staging, intermediate, marts, analyst, seeds) instead of
    dbt's default `<target_schema>_<custom>`, so analysts and dashboards see stable names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
