"""The talent models: pure functions over polars frames (see DESIGN.md); `inputs` and `io` read
and write DuckDB for the Dagster assets.

Set before any model module imports scikit-learn: its OpenMP threads then wait passively instead
of spinning, which on a shared two-core machine made gradient boosting six times faster (see
`analytics.threads`). A value already in the environment wins.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
