{#- Small cross-database helpers that dbt's global macros lack. Each dispatches, so the project
    runs on DuckDB, PostgreSQL and Spark unchanged. A default__ holds only standard SQL; where
    there is none, it stops the build naming the engine, instead of guessing a dialect. -#}

{% macro not_written_for(name) -%}
    {{ exceptions.raise_compiler_error(name ~ " has no version for the " ~ target.type ~ " adapter: add "
        ~ target.type ~ "__" ~ name ~ " to macros/cross_db.sql") }}
{%- endmacro %}

{#- Replace every match of a POSIX regular expression. -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'talentloop')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    {{ talentloop.not_written_for('regexp_replace_all') }}
{%- endmacro %}

{% macro postgres__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{#- Spark replaces every match (Java regular expressions). -#}
{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{#- True when the whole text matches a POSIX regular expression. -#}
{% macro regexp_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'talentloop')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expr, pattern) -%}
    {{ talentloop.not_written_for('regexp_full_match') }}
{%- endmacro %}

{% macro postgres__regexp_full_match(expr, pattern) -%}
    ({{ expr }} ~ ('^(' || {{ pattern }} || ')$'))
{%- endmacro %}

{% macro spark__regexp_full_match(expr, pattern) -%}
    ({{ expr }} rlike concat('^(', {{ pattern }}, ')$'))
{%- endmacro %}

{% macro duckdb__regexp_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Full-width (zenkaku) digits, Latin letters, hyphen, dot, underscore and the ideographic space
    to their ASCII forms: spreadsheets typed with a Chinese IME produce them. Text that is all
    ASCII (one byte per character) is passed through: DuckDB's translate() over a multi-byte
    mapping cost 8.8 s on the 6.6M distinct IDs of a million employees, the check 0.2 s. -#}
{% macro fullwidth_to_ascii(expr) -%}
    case
        when {{ talentloop.is_ascii(expr) }} then {{ expr }}
        else translate(
            {{ expr }},
            '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－．＿　',
            '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._ '
        )
    end
{%- endmacro %}

{#- True when every character of the text is one byte (ASCII). -#}
{% macro is_ascii(expr) -%}
    {{ return(adapter.dispatch('is_ascii', 'talentloop')(expr)) }}
{%- endmacro %}

{% macro default__is_ascii(expr) -%}
    (octet_length({{ expr }}) = char_length({{ expr }}))
{%- endmacro %}

{% macro duckdb__is_ascii(expr) -%}
    (strlen({{ expr }}) = length({{ expr }}))
{%- endmacro %}

{#- Hex SHA-256 of a text expression. -#}
{% macro sha256_hex(expr) -%}
    {{ return(adapter.dispatch('sha256_hex', 'talentloop')(expr)) }}
{%- endmacro %}

{% macro default__sha256_hex(expr) -%}
    {{ talentloop.not_written_for('sha256_hex') }}
{%- endmacro %}

{% macro postgres__sha256_hex(expr) -%}
    encode(sha256(convert_to({{ expr }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro spark__sha256_hex(expr) -%}
    sha2({{ expr }}, 256)
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256({{ expr }})
{%- endmacro %}

{#- Cast to text (every ID is text in this project). -#}
{% macro as_text(expr) -%}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- A date literal that both engines read. -#}
{% macro date_literal(iso_date) -%}
    cast('{{ iso_date }}' as date)
{%- endmacro %}

{#- Calendar months from one date's month to another's, in standard SQL: dbt.datediff's month
    differs by engine (Spark's counts whole months between the days). -#}
{% macro calendar_month_diff(start_date, end_date) -%}
    (
        (extract(year from {{ end_date }}) - extract(year from {{ start_date }})) * 12
        + extract(month from {{ end_date }}) - extract(month from {{ start_date }})
    )
{%- endmacro %}

{#- Whole months from one date to another (calendar months, minus one when the day of month of
    the end is before the start's): the tenure HR quotes. -#}
{% macro months_between(start_date, end_date) -%}
    (
        {{ talentloop.calendar_month_diff(start_date, end_date) }}
        - case when extract(day from {{ end_date }}) < extract(day from {{ start_date }}) then 1 else 0 end
    )
{%- endmacro %}

{#- 64-bit float on every engine (dbt.type_float() is 32-bit FLOAT on DuckDB); the type per
    engine is the var the contracts read. -#}
{% macro type_double() -%}
    {{ var('type_double')[target.type] }}
{%- endmacro %}

{#- ISO day of week, Monday 1 to Sunday 7. -#}
{% macro iso_day_of_week(expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'talentloop')(expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(expr) -%}
    {{ talentloop.not_written_for('iso_day_of_week') }}
{%- endmacro %}

{% macro postgres__iso_day_of_week(expr) -%}
    extract(isodow from {{ expr }})
{%- endmacro %}

{% macro duckdb__iso_day_of_week(expr) -%}
    extract(isodow from {{ expr }})
{%- endmacro %}

{% macro spark__iso_day_of_week(expr) -%}
    extract(dayofweek_iso from {{ expr }})
{%- endmacro %}
