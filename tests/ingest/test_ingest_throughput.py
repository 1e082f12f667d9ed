"""The throughput measurement runs on a real landing and reports consistent figures."""

from __future__ import annotations

from ingest_samples import AS_OF, csv_text, good_row

from ingest.throughput import measure_throughput


def test_measure_throughput(ref_landing, put):
    put(
        "exits/e.csv", csv_text("exits", [good_row("exits", employee_id=str(i)) for i in range(50)])
    )
    result = measure_throughput(ref_landing, AS_OF)
    assert result.files == 4
    assert result.rows == 3 + 2 + 2 + 50
    assert result.ingest_seconds > 0 and result.duckdb_seconds > 0
    assert result.rows_per_second > 0 and result.ratio > 0
