"""Issue 18 part 1 through a real build: a customer whose reference data (`<home>/reference`)
has a job family, a competency and a four-level rating scale the sample bank does not have.
Their exports use those codes; the build publishes without a code change; the new family and
competency reach the marts, the competency model, the training output and the training page,
labelled from the reference data in Chinese and English."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from ingest import vocabulary
from ingest.pseudonyms import ensure_key_file
from ingest.settings import load_settings
from ingest.vocabulary import SAMPLE_BANK_REFERENCE
from sample_enterprise import generate

# The bank's codes the customer does not use, and the customer's own in their place.
NEW_FAMILY = ("teller", "wealth_advisor", "理财顾问", "Wealth advisor")
NEW_COMPETENCY = ("culture_fit", "merchandising", "陈列能力", "Merchandising")
# A four-level scale: the bank's S-D grades fold onto it in the exports.
FOUR_LEVELS = [
    ("EE", 1, 1.0, "超出期望", "Exceeds expectations", ("S", "A")),
    ("ME", 2, 0.67, "达到期望", "Meets expectations", ("B",)),
    ("PM", 3, 0.33, "部分达到", "Partially meets", ("C",)),
    ("DN", 4, 0.0, "未达到", "Does not meet", ("D",)),
]
EMPLOYEES = 400


def _rewrite_reference(folder: Path) -> None:
    shutil.copytree(SAMPLE_BANK_REFERENCE, folder)
    for table, (old, new, zh, en) in (
        ("job_families", NEW_FAMILY),
        ("competencies", NEW_COMPETENCY),
    ):
        path = folder / f"{table}.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        code = vocabulary.TABLES[table].code
        for row in rows:
            if row[code] == old:
                row.update({code: new, "name_zh": zh, "name_en": en})
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    with (folder / "performance_ratings.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["rating_code", "rating_rank", "normalised_score", "name_zh", "name_en"])
        writer.writerows(level[:5] for level in FOUR_LEVELS)


def _rewrite_exports(landing: Path) -> None:
    """The customer's exports: their family and competency codes, their rating scale."""
    folded = {old: level[0] for level in FOUR_LEVELS for old in level[5]}
    for path in landing.rglob("*"):
        if not path.is_file() or path.suffix not in (".csv", ".jsonl"):
            continue
        data = path.read_bytes()
        for old, new in ((NEW_FAMILY[0], NEW_FAMILY[1]), (NEW_COMPETENCY[0], NEW_COMPETENCY[1])):
            data = data.replace(old.encode(), new.encode())
        path.write_bytes(data)
    for path in (landing / "performance_reviews").glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0].rstrip("\r\n").split(",")
        at = header.index("grade")
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.rstrip("\r\n").split(",")
            if len(cells) == len(header) and cells[at] in folded:
                cells[at] = folded[cells[at]]
            out.append(",".join(cells) + line[len(line.rstrip("\r\n")) :])
        path.write_text("".join(out), encoding="utf-8")


@pytest.fixture(scope="module")
def customer_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from orchestration.build import run_build

    root = tmp_path_factory.mktemp("customer_vocabulary")
    home, landing = root / "home", root / "landing"
    generate(landing, EMPLOYEES, seed=3)
    shutil.rmtree(landing / "_truth", ignore_errors=True)
    _rewrite_exports(landing)
    _rewrite_reference(home / "reference")
    ensure_key_file(home)  # a real installation's key, as `talentloop key init` writes it
    result = run_build(load_settings(home, landing), log_level="WARNING")
    assert result.published, (result.failed_steps, result.blocking_failures)
    return home


def _query(home: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
def test_new_codes_reach_the_marts_and_models(customer_home: Path) -> None:
    family, competency = NEW_FAMILY[1], NEW_COMPETENCY[1]
    assert _query(
        customer_home,
        f"select job_family_name_zh, job_family_name_en from marts.dim_job "
        f"where job_family = '{family}'",
    ) == [NEW_FAMILY[2:]]
    assert _query(
        customer_home,
        f"select competency_name_zh, competency_name_en from marts.dim_competency "
        f"where competency_code = '{competency}'",
    ) == [NEW_COMPETENCY[2:]]
    # The bank's codes the customer does not have appear nowhere.
    assert _query(
        customer_home,
        f"select count(*) from marts.fct_interview_scores where competency_code = '{NEW_COMPETENCY[0]}'",
    ) == [(0,)]
    scored = _query(
        customer_home,
        "select count(*) from marts.fct_interview_scores "
        f"where competency_code = '{competency}' and job_family = '{family}'",
    )[0][0]
    assert scored > 0
    # The portrait has a column per competency of the reference data.
    columns = {
        r[0]
        for r in _query(
            customer_home,
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'employee_portraits'",
        )
    }
    assert {f"level_{competency}", f"gap_{competency}"} <= columns
    assert f"level_{NEW_COMPETENCY[0]}" not in columns
    # Every review loaded on the four-level scale; nothing quarantined for its grade.
    grades = dict(
        _query(
            customer_home,
            "select review_grade, count(*) from marts.fct_performance_reviews group by 1",
        )
    )
    assert set(grades) == {level[0] for level in FOUR_LEVELS}
    # The hiring-weight model fits the new competency for the new family. At this size no family
    # has MIN_HIRES hires with reviews (ml.competency_weights is empty for the bank too), so
    # the model runs here on the served model input with a lower floor.
    from analytics.competency import fit_families
    from analytics.io import read_table

    with duckdb.connect(str(customer_home / "serving.duckdb"), read_only=True) as con:
        frame = read_table(con, "marts.competency_performance")
    vocabulary.activate_home(customer_home)  # as the warehouse resource does for a build's assets
    fits = {f.family: f for f in fit_families(frame, n_boot=20, min_hires=5)}
    assert f"ai_score_{competency}" in fits[family].features
    assert f"ai_score_{NEW_COMPETENCY[0]}" not in frame.columns
    # The training output (gaps by competency) covers the new competency.
    gaps = _query(
        customer_home,
        f"select count(*) from ml.competency_gaps where competency_code = '{competency}'",
    )
    assert gaps[0][0] > 0


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_training_page_labels_the_new_codes(
    customer_home: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboards.i18n import job_family_name
    from tests.dashboard.conftest import write_users
    from tests.dashboard.test_app_headcount import signed_in
    from tests.dashboard.test_app_recruitment import _chart_data

    write_users(customer_home / "users.toml")
    monkeypatch.setenv("TALENTLOOP_HOME", str(customer_home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    # What the app would show if it fell back to the sample bank: it must not.
    vocabulary.activate(vocabulary.sample_bank())
    at = signed_in("exec", lang)
    at.switch_page("app_pages/training.py").run()
    assert not at.exception, at.exception
    label = NEW_COMPETENCY[2 if lang == "zh" else 3]
    rows = _chart_data(at, '"competency"')
    assert label in {r.get("competency") for r in rows}
    # The app serves its home's vocabulary: the family's label too.
    assert job_family_name(NEW_FAMILY[1], lang) == NEW_FAMILY[2 if lang == "zh" else 3]
