{#
    The competencies of the customer's reference data (raw.vocab_competencies, written by the
    ingest from <home>/reference/competencies.csv), in their sort order. Models that keep one
    column per competency (score_<code>, level_<code>, ...) loop over this list, so a new
    competency needs no change to the project. At parse time nothing is queried (empty list).
#}
{% macro competency_codes() %}
    {% if execute %}
        {% set rows = run_query("select competency_code from raw.vocab_competencies order by sort_order") %}
        {{ return(rows.columns[0].values() | list) }}
    {% endif %}
    {{ return([]) }}
{% endmacro %}
