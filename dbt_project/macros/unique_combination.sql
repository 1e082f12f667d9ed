{#- No two rows share the values of `columns` (a composite primary key). Fails with one row per
    repeated key. -#}
{% test unique_combination(model, columns) %}
    {{ return(adapter.dispatch('test_unique_combination', 'talentloop')(model, columns)) }}
{% endtest %}

{% macro default__test_unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endmacro %}

{#- DuckDB: group 64-bit hashes first (several times cheaper than grouping text keys of a
    hundred million rows), then group exactly only the rows whose hash repeats, so a collision
    is never reported as a duplicate. -#}
{% macro duckdb__test_unique_combination(model, columns) %}
{%- set keys = columns | join(', ') -%}
with repeated as (
    select hash({{ keys }}) as key_hash
    from {{ model }}
    group by 1
    having count(*) > 1
)
select {{ keys }}, count(*) as n_rows
from {{ model }}
where hash({{ keys }}) in (select key_hash from repeated)
group by {{ keys }}
having count(*) > 1
{% endmacro %}
