"""What `analyst.duckdb` holds: the dbt `analyst` schema, pseudonymised and materialised.

dbt defines the analyst relations (models/analyst/: which columns, age bands instead of birth
years, no names, national-ID hashes or free text) as views in the build's file, with every ID to
hide in a `*_pid` column still in clear. Publishing writes them into a new file as tables whose
`*_pid` columns are replaced by the keyed hash (ingest/pseudonyms.py), the key bound as a query
parameter. Analysts open this file only; dashboards keep reading serving.duckdb.

The relations sit in the file's `main` schema: opened as `analyst.duckdb` its catalog is
`analyst`, so `analyst.dim_employee` and `dim_employee` both name them (a schema `analyst` in a
file named so would make `analyst.x` ambiguous in DuckDB).
"""

from __future__ import annotations

import duckdb

SCHEMA = "analyst"  # the dbt schema the relations come from
FILE_NAME = "analyst.duckdb"
# Columns named so hold an ID in the build's file and its keyed hash in every published file.
PID_SUFFIX = "_pid"
# Relations kept as views: they read only the analyst schema, so they resolve in the file, and
# materialising them would store far more than they read (the monthly snapshot: 179M rows at a
# million employees, from 3.6M runs).
KEPT_AS_VIEWS = frozenset({"fct_headcount_monthly"})
# Columns that identify a person, or hold free text or a delivered record: publishing fails if
# one reaches the analyst file (a model that forgot to leave one out is caught here).
FORBIDDEN_COLUMNS = frozenset(
    {
        "employee_key",
        "candidate_key",
        "manager_key",
        "interviewer_key",
        "reviewer_key",
        "employee_version_key",
        "event_key",
        "review_key",
        "name",
        "full_name",
        "employee_name",
        "candidate_name",
        "manager_name",
        "national_id",
        "national_id_hash",
        "birth_date",
        "birth_year",
        "phone",
        "email",
        "exit_reason_text",
        "comment",
        "comments",
        "payload",
    }
)


class AnalystFileError(RuntimeError):
    """The analyst file would hold an identifier; nothing is published."""


def check_no_identifiers(con: duckdb.DuckDBPyConnection) -> None:
    """Fail when any relation of the (new) analyst file has a forbidden column."""
    found = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = current_database() and list_contains($names, column_name) "
        "order by all",
        {"names": sorted(FORBIDDEN_COLUMNS)},
    ).fetchall()
    if found:
        listed = ", ".join(f"{t}.{c}" for t, c in found)
        raise AnalystFileError(f"the analyst file would hold identifying columns: {listed}")
