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

{% macro duckdb__test_unique_combination(model, columns) %}
{{ hashed_repeats(model, columns | join(', ')) }}
{% endmacro %}

{#- dbt's built-in `unique` test on DuckDB (dbt searches the root project first for the `dbt`
    namespace): the same hashed grouping, so the text keys of the large facts (score_key,
    review_key, event_key: tens of millions of rows at a million employees) are not grouped as
    strings. NULLs are left to not_null, as in dbt's own test. -#}
{% macro duckdb__test_unique(model, column_name) %}
{{ hashed_repeats(model, column_name, column_name ~ ' is not null') }}
{% endmacro %}

{#- DuckDB: group 64-bit hashes first (several times cheaper than grouping text keys of a
    hundred million rows), then group exactly only the rows whose hash repeats, so a collision
    is never reported as a duplicate. -#}
{% macro hashed_repeats(model, keys, where='true') %}
with repeated as (
    select hash({{ keys }}) as key_hash
    from {{ model }}
    where {{ where }}
    group by 1
    having count(*) > 1
)
select {{ keys }}, count(*) as n_rows
from {{ model }}
where {{ where }}
    and hash({{ keys }}) in (select key_hash from repeated)
group by {{ keys }}
having count(*) > 1
{% endmacro %}
