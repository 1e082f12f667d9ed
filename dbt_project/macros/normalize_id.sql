{#- The ID normalization of the crosswalk, parameterised by one rule row of the seed
    `id_normalization_rules` (columns strip_prefix, canonical_width, canonical_prefix):
    full-width to ASCII, upper case, drop a spreadsheet's trailing `.0` (as `[.]`: a backslash in a
    string literal is an escape in Spark SQL, so `\\.` would lose it silently), drop separators
    (anything not a letter or digit), drop the source's prefix, then require digits only and at
    most the canonical width, and left-pad with zeros. Returns NULL when the ID cannot be read. -#}
{% macro id_cleaned(raw_expr) -%}
    {{ talentloop.regexp_replace_all(
        talentloop.regexp_replace_all(
            "upper(trim(" ~ talentloop.fullwidth_to_ascii(raw_expr) ~ "))",
            "'[.]0+$'", "''"),
        "'[^0-9A-Z]'", "''") }}
{%- endmacro %}

{#- The leading prefix (text, '' for none) compared as text, not as a per-row regular
    expression: a pattern built from a column is compiled again for every row (a fifth of this
    model's time at 1M rows). -#}
{% macro without_prefix(cleaned_expr, prefix_expr) -%}
    case
        when substr({{ cleaned_expr }}, 1, length({{ prefix_expr }})) = {{ prefix_expr }}
            then substr({{ cleaned_expr }}, length({{ prefix_expr }}) + 1)
        else {{ cleaned_expr }}
    end
{%- endmacro %}

{% macro normalized_id(digits_expr, width_expr, prefix_expr) -%}
    case
        when {{ talentloop.regexp_full_match(digits_expr, "'[0-9]+'") }}
            and length({{ digits_expr }}) <= {{ width_expr }}
            then coalesce({{ prefix_expr }}, '') || lpad({{ digits_expr }}, {{ width_expr }}, '0')
    end
{%- endmacro %}
