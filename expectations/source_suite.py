"""The rules every raw source gets from its contract (`ingest/contract.py`).

Each module in `expectations/sources/` starts from these and adds what only that source needs.
"""

from __future__ import annotations

from expectations.rules import ColumnRule, References, RowCount, TableRule, Unique
from expectations.suite import Suite
from ingest.contract import REFERENCE_SOURCES, REQUIRED_SOURCES, SOURCES


def contract_column_rules(source: str) -> list[ColumnRule]:
    """Required, allowed values and ranges: what the ingest already enforces, checked again."""
    rules: list[ColumnRule] = []
    for f in SOURCES[source].fields:
        if f.required:
            rules.append(ColumnRule("not_null", f.name))
        if f.allowed:
            rules.append(ColumnRule("in_set", f.name, value_set=f.allowed))
        if f.min is not None or f.max is not None:
            rules.append(ColumnRule("between", f.name, min_value=f.min, max_value=f.max))
    return rules


def contract_table_rules(source: str) -> list[TableRule]:
    spec = SOURCES[source]
    rules: list[TableRule] = []
    for f in spec.fields:
        if f.ref:
            ref_source, ref_field = f.ref.split(".")
            rules.append(References(f.name, f"raw.{ref_source}", ref_field))
    # The same record delivered twice (same key, same version) is a duplicate; dbt keeps one,
    # the owner hears about it.
    version = (spec.version_field,) if spec.version_field else ("_load_id",)
    rules.append(Unique((*spec.key, *version), severity="WARN"))
    if source in REQUIRED_SOURCES:
        rules.append(RowCount(min_rows=1))
    elif source in REFERENCE_SOURCES:
        # An optional reference source may be absent; delivered empty, it is worth a word.
        rules.append(RowCount(min_rows=1, severity="WARN"))
    return rules


# Each source module's own rules, kept so that `current_suite` can derive the contract's rules
# again under the vocabulary active now (allowed codes are the customer's reference data).
_EXTRAS: dict[str, tuple[tuple[ColumnRule, ...], tuple[TableRule, ...]]] = {}


def source_suite(
    source: str,
    extra_columns: tuple[ColumnRule, ...] = (),
    extra_tables: tuple[TableRule, ...] = (),
) -> Suite:
    _EXTRAS[source] = (extra_columns, extra_tables)
    return Suite(
        name=f"raw_{source}",
        table=f"raw.{source}",
        asset_key=("raw", source),
        column_rules=(*contract_column_rules(source), *extra_columns),
        table_rules=(*contract_table_rules(source), *extra_tables),
        source=source,
        per_load=True,
    )


def current_suite(source: str) -> Suite:
    """The source's suite under the active vocabulary: a module's SUITE is built when it is first
    imported, which may be under another home's vocabulary in the same process."""
    extra_columns, extra_tables = _EXTRAS[source]
    return source_suite(source, extra_columns, extra_tables)


# Raw ID formats as each system writes them; an ID outside them cannot reach the crosswalk.
HR_ID = r"^\s*[0-9０-９]+(?:\.0)?\s*$"
CANDIDATE_ID = r"^\s*[Cc]\s*[0-9]{9}\s*$"
AI_EMPLOYEE_NO = r"^(?i:xy)-?[0-9]+$"
LMS_ID = r"^(?i:lms)-?[0-9]+$"
