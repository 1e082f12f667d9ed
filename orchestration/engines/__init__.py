"""Running the dbt project on engines other than DuckDB: moving raw there, reading marts back."""
