"""Shape of the generated bank and reproducibility of its files."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import polars as pl

from ingest.contract import PAY_ENGAGEMENT_SOURCES, SOURCES
from sample_enterprise import generate
from sample_enterprise.bank.bank_vocabulary import JOB_FAMILIES
from tests.generator.conftest import AS_OF
from tests.generator.contract_check import latest_rows, records


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_inputs_give_byte_identical_files(tmp_path):
    a = generate(tmp_path / "a", 150, seed=4, as_of=AS_OF)
    b = generate(tmp_path / "b", 150, seed=4, as_of=AS_OF)
    generate(tmp_path / "c", 150, seed=5, as_of=AS_OF)
    da, db, dc = (_tree_digest(tmp_path / x) for x in "abc")
    assert da == db
    assert da != dc
    assert a["rows"] == b["rows"]


def test_every_source_has_files_with_contract_headers(small):
    out, summary = small
    # The optional pay, engagement and time sources are written only when asked for
    # (`generate(..., pay=...)`, tested in tests/analytics/test_pay_sources.py).
    generated = {n: s for n, s in SOURCES.items() if n not in PAY_ENGAGEMENT_SOURCES}
    for name, src in generated.items():
        files = sorted((out / name).glob(src.pattern))
        assert files, name
        for path in files:
            records(path, src)  # asserts the header equals the contract's columns
    assert set(summary["rows"]) == set(generated)
    assert all(f.split("/")[0] in SOURCES for f in summary["files"])


def test_encodings(small):
    out, _ = small
    gbk = next((out / "hr_employees").glob("hr_employees_active_*.csv")).read_bytes()
    try:
        gbk.decode("utf-8")
        raise AssertionError("the legacy HR extract should not be UTF-8")
    except UnicodeDecodeError:
        pass
    assert "在职" in gbk.decode("gbk")
    boms = [p for p in out.rglob("*.csv") if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert boms


def test_bank_shape(moderate):
    out, summary = moderate
    org = latest_rows(out, "org_units", AS_OF)
    branches = [r for r in org if r["level"] == "branch"]
    assert 20 <= len(branches) <= 40
    assert sum(r["level"] == "head_office" for r in org) == 1
    assert all(any(d["parent_code"] == b["org_unit_code"] for d in org) for b in branches)
    emp = pl.read_csv(out / "_truth" / "employees.csv", try_parse_dates=True)
    active = emp.filter(pl.col("exit_date").is_null())
    fam = active.group_by("job_family").len().sort("len", descending=True)
    assert set(fam["job_family"]) == set(JOB_FAMILIES)
    assert fam["job_family"][0] == "customer_manager"
    assert active["grade"].min() >= 1 and active["grade"].max() <= 10
    assert active["grade"].n_unique() >= 8
    assert set(emp["recruiting_channel"]) == {"campus", "social", "referral"}
    assert emp["hire_date"].min().year <= AS_OF.year - 10
    assert emp["exit_type"].drop_nulls().n_unique() == 4
    # Many more AI candidates than AI-assessed hires.
    ids = pl.read_csv(out / "_truth" / "ids.csv", infer_schema=False)
    hired_candidates = ids.filter(
        (pl.col("source") == "ai_interviews") & (pl.col("id_kind") == "candidate_id")
    ).height
    assert summary["rows"]["ai_interviews"] > 3.5 * hired_candidates
    # Human interviewers scored a share of the AI-assessed, some blind.
    human = latest_rows(out, "human_interviews", AS_OF)
    assert 0.25 < len(human) / summary["rows"]["ai_interviews"] < 0.45
    blind = sum(r["is_blind"] == "true" for r in human) / len(human)
    assert 0.4 < blind < 0.6


def test_reviews_training_and_surveys(moderate):
    out, _ = moderate
    reviews = pl.DataFrame(latest_rows(out, "performance_reviews", AS_OF))
    share = reviews.group_by("grade").len().with_columns(pl.col("len") / reviews.height)
    shares = dict(zip(share["grade"], share["len"], strict=True))
    assert abs(shares["S"] - 0.10) < 0.02 and abs(shares["B"] - 0.50) < 0.03
    assert abs(shares["D"] - 0.05) < 0.02
    # Sales targets only for customer managers' reviews.
    with_sales = reviews.filter(pl.col("sales_target") != "")
    assert 0.25 < with_sales.height / reviews.height < 0.45
    assert reviews["period"].n_unique() == 8
    enrol = latest_rows(out, "training_enrollments", AS_OF)
    assert enrol and all(r["learner_id"] for r in enrol)
    surveys = pl.DataFrame(latest_rows(out, "surveys", AS_OF))
    assert set(surveys["respondent_type"]) == {"hr_user", "candidate"}
    assert set(surveys["question_code"]) == {"Q1", "Q2", "Q3", "Q4", "Q5"}
    exits = latest_rows(out, "exits", AS_OF)
    assert any(r["reason_text"] for r in exits)
    cfg = json.loads((out / "_truth" / "config.json").read_text())
    assert cfg["employees"] == 3000 and cfg["seed"] == 2 and cfg["as_of"] == AS_OF.isoformat()


def test_moderate_size_run_is_fast(tmp_path):
    # CPU time, not wall time: the machine may be shared, the work per employee may not grow.
    cpu = time.process_time()
    summary = generate(tmp_path / "mid", 10_000, seed=9, as_of=AS_OF)
    cpu = time.process_time() - cpu
    assert summary["active"] == 10_000
    assert summary["rows"]["performance_reviews"] > 60_000
    assert cpu < 20, cpu


def test_bad_arguments_are_refused(tmp_path):
    import pytest

    from sample_enterprise import GeneratorParams

    with pytest.raises(ValueError, match="at least 50"):
        generate(tmp_path / "tiny", 10, as_of=AS_OF)
    with pytest.raises(ValueError, match="scoring_bias"):
        generate(tmp_path / "bias", 100, as_of=AS_OF, params=GeneratorParams(scoring_bias="x:y"))


def test_the_cli_writes_the_optional_pay_sources_when_asked(tmp_path: Path) -> None:
    """`talentloop generate --pay-sources`: the pay, engagement and time sources the retention
    model uses when a customer has them, without writing Python (docs/models.md)."""
    from typer.testing import CliRunner

    from orchestration.cli import app

    plain, paid = tmp_path / "plain", tmp_path / "paid"
    runner = CliRunner()
    for out, extra in ((plain, []), (paid, ["--pay-sources"])):
        ran = runner.invoke(app, ["generate", "-n", "80", "--seed", "3", "--out", str(out), *extra])
        assert ran.exit_code == 0, ran.output
    optional = {"compensation", "engagement_surveys", "time_records"}
    assert not optional & {p.name for p in plain.iterdir()}
    assert optional <= {p.name for p in paid.iterdir() if any(p.glob("*"))}
    refused = runner.invoke(
        app, ["generate", "--profile", "retail", "--pay-sources", "--out", str(tmp_path / "r")]
    )
    assert refused.exit_code == 2 and "bank profile only" in refused.output
