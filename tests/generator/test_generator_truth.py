"""The planted truth agrees with the landing files it describes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import polars as pl

from ingest.contract import QUARANTINE_RULES
from sample_enterprise import GeneratorParams, generate
from sample_enterprise.bank.bank_vocabulary import COMPETENCIES, JOB_FAMILIES
from tests.generator.conftest import AS_OF
from tests.generator.contract_check import broken_rows, latest_rows


def _truth_csv(out: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(out / "_truth" / name, infer_schema=False)


def test_quarantine_lists_exactly_the_broken_rows(defective):
    out, summary = defective
    q = _truth_csv(out, "quarantine.csv")
    planted = set(zip(q["source"], q["file"], q["line"].cast(pl.Int64), q["rule"], strict=True))
    assert broken_rows(out, AS_OF) == planted
    # Every planted row breaks one rule, and every planted kind is there.
    assert len(planted) == q.height
    assert set(q["rule"]) == {
        "malformed_line",
        "stray_header",
        "missing_required",
        "out_of_range",
        "future_date",
        "unknown_reference",
    }
    assert set(q["rule"]) <= set(QUARANTINE_RULES)
    assert summary["quarantined"] == q.height


def test_default_rates_also_match(small):
    out, _ = small
    q = _truth_csv(out, "quarantine.csv")
    planted = set(zip(q["source"], q["file"], q["line"].cast(pl.Int64), q["rule"], strict=True))
    assert broken_rows(out, AS_OF) == planted
    assert q.height > 0


def test_defects_cover_duplicates_corrections_and_files(defective):
    out, _ = defective
    d = _truth_csv(out, "defects.csv")
    kinds = set(d["defect"].str.replace(r":.*", ""))
    assert {
        "duplicate",
        "correction",
        "encoding_gbk",
        "encoding_utf_8_sig",
        "date_format_slash",
        "id_variant",
        "unresolvable_id",
        "id_conflict",
    } <= kinds
    # A duplicate is byte-identical to the line before it.
    dup = d.filter(pl.col("defect") == "duplicate").row(0, named=True)
    path = out / dup["file"]
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    n = int(dup["line"])
    assert lines[n - 1] == lines[n - 2]  # line n is at index n-1, its original right before
    # A correction has the same key and a later version in the corrections extract.
    corr = d.filter((pl.col("defect") == "correction") & (pl.col("source") == "hr_employees"))
    assert corr.height > 0
    assert corr["file"].str.contains("corrections").all()


def test_duplicated_and_corrected_rows_are_clean(defective):
    out, _ = defective
    d = _truth_csv(out, "defects.csv")
    q = _truth_csv(out, "quarantine.csv")
    clean = d.filter(pl.col("defect").is_in(["duplicate", "correction"]))
    bad = q.select("file", "line").unique()
    assert clean.join(bad, on=["file", "line"], how="inner").is_empty()


def test_headcount_truth_is_consistent_with_spells(small):
    out, _ = small
    emp = pl.read_csv(out / "_truth" / "employees.csv", try_parse_dates=True)
    hc = pl.read_csv(out / "_truth" / "headcount_monthly.csv", try_parse_dates=True)
    for row in hc.sample(12, seed=1).iter_rows(named=True):
        first = row["month"]
        nxt = (np.datetime64(first, "M") + 1).astype("datetime64[D]").item()
        last = (np.datetime64(nxt) - np.timedelta64(1, "D")).item()
        employed = emp.filter(
            (pl.col("hire_date") <= last)
            & (pl.col("exit_date").is_null() | (pl.col("exit_date") >= last))
        ).height
        hires = emp.filter(pl.col("hire_date").is_between(first, last)).height
        exits = emp.filter(pl.col("exit_date").is_between(first, last)).height
        assert (row["headcount"], row["hires"], row["exits"]) == (employed, hires, exits)
    # The last month counts the staff at as_of, which is the requested headcount.
    assert hc["headcount"][-1] == 400
    assert emp.filter(pl.col("exit_date").is_null()).height == 400
    assert hc.height == 10 * 12 + 1


def test_hr_master_agrees_with_spells(small):
    out, _ = small
    hr = latest_rows(out, "hr_employees", AS_OF)
    active = {r["employee_id"] for r in hr if r["status"] == "在职"}
    q = _truth_csv(out, "quarantine.csv")
    lost = q.filter(pl.col("file").str.contains("hr_employees_active")).height
    d = _truth_csv(out, "defects.csv")
    resent = d.filter(
        (pl.col("defect") == "resent_after_quarantine")
        & pl.col("detail").str.contains("hr_employees_active")
    ).height
    # Each quarantined row hides one active employee, unless HR re-sent it clean.
    assert len(active) == 400 - lost + resent


def _agreement_from_files(out: Path) -> dict[tuple[str, str], float]:
    ai = {r["candidate_id"]: r for r in latest_rows(out, "ai_interviews", AS_OF)}
    human = latest_rows(out, "human_interviews", AS_OF)
    hits: dict[tuple[str, str], list[bool]] = {}
    for h in human:
        a = ai.get(h["candidate_id"])
        if a is None:
            continue
        for c in COMPETENCIES:
            hv, av = h[f"score_{c}"], a[f"score_{c}"]
            if hv in (None, "") or av is None:
                continue
            hits.setdefault((a["job_family"], c), []).append(abs(float(hv) - float(av)) <= 1.0)
    return {k: float(np.mean(v)) for k, v in hits.items()}


def test_agreement_planted_as_specified(moderate):
    out, _ = moderate
    measured = _agreement_from_files(out)
    assert len(measured) == len(JOB_FAMILIES) * len(COMPETENCIES)
    weak = measured.pop(("customer_manager", "risk_awareness"))
    assert weak < 0.70, weak
    assert min(measured.values()) > 0.86, min(measured.items(), key=lambda kv: kv[1])
    doc = json.loads((out / "_truth" / "agreement.json").read_text())
    planted = doc["families"]["customer_manager"]["risk_awareness"]
    assert planted["planted_weak"] and planted["expected_within_1"] < 0.7
    assert abs(planted["observed_within_1"] - weak) < 0.05


def test_effects_and_weights(moderate):
    out, _ = moderate
    doc = json.loads((out / "_truth" / "effects.json").read_text())["families"]
    tops = set()
    for _fam, e in doc.items():
        assert abs(sum(e["ideal_hiring_weights"].values()) - 100.0) < 1e-6
        ranked = sorted(e["competency_effects"], key=lambda c: -e["competency_effects"][c])
        assert ranked[:3] == e["top3"]
        eff = [e["competency_effects"][c] for c in ranked]
        assert eff[0] - eff[1] >= 0.1 and eff[1] - eff[2] >= 0.08 and eff[2] - eff[3] >= 0.08
        assert e["ideal_hiring_weights"] != e["current_hiring_weights"]
        tops.add(tuple(e["top3"]))
    assert len(tops) == len(JOB_FAMILIES)
    cm = doc["customer_manager"]
    assert cm["top3"][0] == "communication" and cm["education_effect"] < 0.05
    # The planted order is recoverable from observable data: mean review score ~ AI scores.
    emp = pl.read_csv(out / "_truth" / "employees.csv", infer_schema_length=10000)
    cm_emp = emp.filter(pl.col("job_family") == "customer_manager")
    x = cm_emp.select([f"latent_{c}" for c in COMPETENCIES]).to_numpy()
    y = cm_emp["true_performance"].to_numpy()
    beta = np.linalg.lstsq(np.c_[x, np.ones(len(y))], y, rcond=None)[0][:-1]
    assert [COMPETENCIES[i] for i in np.argsort(-beta)[:3]] == cm["top3"]


def test_p_exit_12m_drives_history(moderate):
    out, _ = moderate
    emp = pl.read_csv(out / "_truth" / "employees.csv", try_parse_dates=True)
    active = emp.filter(pl.col("exit_date").is_null())
    assert active["p_exit_12m"].null_count() == 0
    assert active["p_exit_12m"].is_between(0, 1).all()
    assert 0.02 < active["p_exit_12m"].mean() < 0.2
    assert emp.filter(pl.col("exit_date").is_not_null())["p_exit_12m"].null_count() == (
        emp.filter(pl.col("exit_date").is_not_null()).height
    )
    # Low stability and weak culture fit mean higher risk, in the truth and in the history.
    corr = active.select(pl.corr("p_exit_12m", "latent_stability")).item()
    assert corr < -0.2
    vol = emp.filter(pl.col("exit_type") == "voluntary")
    assert vol["latent_culture_fit"].mean() < -0.1 and vol["latent_stability"].mean() < -0.1
    # Exits are highest in the first two years of tenure.
    hired_in_window = vol.filter(~pl.col("hired_before_history"))
    tenure = (hired_in_window["exit_date"] - hired_in_window["hire_date"]).dt.total_days() / 365.25
    assert (tenure < 2).mean() > 0.4


def test_ids_truth(small):
    out, _ = small
    ids = _truth_csv(out, "ids.csv")
    assert ids.select(["source", "id_kind", "raw_id"]).is_unique().all()
    p = GeneratorParams()
    bad = ids.filter(pl.col("resolvable") == "false")
    assert bad.height == (
        p.unresolvable_ai_employee_no + p.unresolvable_learner_typos + p.planted_conflicts
    )
    assert set(bad["reason"].str.extract(r"^(\w+)")) == {"points", "typo", "conflict"}
    # Every resolvable employee-number variant normalises to its key by the documented rules.
    fw = str.maketrans("０１２３４５６７８９", "0123456789")

    def norm(raw: str) -> str:
        s = raw.strip().translate(fw)
        for prefix in ("XY", "xy-", "LMS-", "lms"):
            if s.startswith(prefix):
                s = s[len(prefix) :]
        s = s.removesuffix(".0")
        return s.zfill(8)

    ok = ids.filter((pl.col("resolvable") == "true") & (pl.col("id_kind") != "candidate_id"))
    assert ok.height > 0
    assert all(norm(r) == k for r, k in zip(ok["raw_id"], ok["employee_key"], strict=True))
    # Variants of each system are present.
    raw = ids["raw_id"]
    assert raw.str.contains("^[０-９]+$").any() and raw.str.ends_with(".0").any()
    assert raw.str.starts_with(" ").any() and raw.str.starts_with("xy-").any()
    assert raw.str.starts_with("lms").any() and raw.str.contains("^c").any()


def test_conflict_is_two_people_with_one_national_id(small):
    out, _ = small
    ids = _truth_csv(out, "ids.csv").filter(pl.col("reason").str.starts_with("conflict"))
    hr = latest_rows(out, "hr_employees", AS_OF)
    by_key = {}
    for r in hr:
        key = (
            r["employee_id"].strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        )
        by_key[key.removesuffix(".0").zfill(8)] = r
    for reason in ids["reason"]:
        a, b = reason.split("employees ")[1].split(" and ")
        ra, rb = by_key[a], by_key[b]
        assert ra["national_id_hash"] == rb["national_id_hash"]
        assert str(ra["birth_date"])[:4] == str(rb["birth_date"])[:4]


def test_bias_on_and_off(tmp_path):
    base = GeneratorParams(bias_points=1.5)
    off = generate(tmp_path / "off", 250, seed=3, as_of=AS_OF, params=base)
    on = generate(
        tmp_path / "on", 250, seed=3, as_of=AS_OF, params=replace(base, scoring_bias="sex:F")
    )
    assert off["rows"]["ai_interviews"] == on["rows"]["ai_interviews"]
    assert json.loads((tmp_path / "off/_truth/bias.json").read_text())["enabled"] is False
    doc = json.loads((tmp_path / "on/_truth/bias.json").read_text())
    assert doc["enabled"] and doc["category"] == "sex:F" and doc["points"] == 1.5

    def scores(folder: Path) -> pl.DataFrame:
        rows = latest_rows(folder, "ai_interviews", AS_OF)
        return pl.DataFrame(
            {
                "assessment_id": [r["assessment_id"] for r in rows],
                "sex": [r["sex"] for r in rows],
                "s": [float(r["score_communication"]) for r in rows],
            }
        )

    both = scores(tmp_path / "off").join(scores(tmp_path / "on"), on=["assessment_id", "sex"])
    gap = both.group_by("sex").agg((pl.col("s") - pl.col("s_right")).mean().alias("gap"))
    gaps = dict(zip(gap["sex"], gap["gap"], strict=True))
    assert gaps["M"] == 0.0
    # Women's scores drop by the planted points, a little less where a score is clipped at 0.
    planted = doc["points"]
    assert planted - 0.3 < gaps["F"] <= planted
