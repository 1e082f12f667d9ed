{#- dbt's built-in `unique` test on DuckDB (dbt searches the root project first for the `dbt`
    namespace): hashed grouping (below), so the text keys of the large facts (score_key,
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
