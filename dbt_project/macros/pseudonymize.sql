{#- Keyed pseudonym for an ID in the analyst schema: SHA-256 of the secret key and the ID, cut to
    16 hex characters. Stable across builds with the same key, unlinkable without it; NULL stays
    NULL so optional IDs (manager, interviewer) keep their meaning. -#}
{% macro pseudonymize(expr) -%}
    case
        when {{ expr }} is null then null
        else substr({{ talentloop.sha256_hex("'" ~ var('pseudonym_key') ~ "|' || " ~ talentloop.as_text(expr)) }}, 1, 16)
    end
{%- endmacro %}
