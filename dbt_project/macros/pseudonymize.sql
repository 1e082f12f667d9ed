{#- Marks an ID for keyed pseudonymisation: the column (named `<id>_pid`) holds the ID as text in
    the build's file, and the publish step replaces every `*_pid` column it publishes with
    HMAC-SHA256 under the pseudonym key (orchestration/analyst_file.py, ingest/pseudonyms.py).
    The key therefore never reaches dbt: not its variables, compiled SQL, manifest or logs.
    NULL stays NULL so optional IDs (manager, interviewer) keep their meaning. -#}
{% macro pseudonymize(expr) -%}
    {{ talentloop.as_text(expr) }}
{%- endmacro %}
