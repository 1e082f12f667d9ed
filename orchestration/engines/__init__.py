"""Running the dbt project on engines other than DuckDB: moving raw there, reading marts back."""

# The people and pilot marts read the ml.* tables the Python models write on DuckDB; an engine
# build is the star schema without them (`dbt build --exclude` these).
STAR_SCHEMA_EXCLUDE = ("path:models/marts/people", "path:models/marts/pilot")
