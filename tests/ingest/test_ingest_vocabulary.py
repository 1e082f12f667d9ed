"""The vocabulary is the customer's reference data: checked at load with file, line and rule;
the contract resolves its codes and score fields from it; no product code names a sample code;
the dbt sources YAML is the rendering of the contract."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest import vocabulary
from ingest.contract import sources_for
from ingest.dbt_sources import SOURCES_YAML, render_sources_yaml
from ingest.settings import PROJECT_ROOT
from ingest.vocabulary import SAMPLE_BANK_REFERENCE, VocabularyError, load_vocabulary

# Where vocabulary must not be written as code (issue 18 part 1).
VOCABULARY_FREE = (
    "ingest/contract.py",
    "dbt_project/dbt_project.yml",
    "dashboards/i18n.py",
    "analytics",
    "dashboards/views",
)


def _copy_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(SAMPLE_BANK_REFERENCE, folder)
    return folder


def test_sample_bank_loads_with_both_languages() -> None:
    bank = vocabulary.sample_bank()
    for table in vocabulary.TABLES:
        assert bank.terms(table), table
        assert all(t.names["zh"] and t.names["en"] for t in bank.terms(table)), table
    assert (
        bank.label("job_families", bank.codes("job_families")[0], "zh")
        != bank.codes("job_families")[0]
    )


def test_every_broken_row_is_named_by_file_line_and_rule(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    with (folder / "competencies.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bad Code,8,坏,Bad\n")  # line 9: upper case and a space cannot name a column
        fh.write("communication,9,重复,Again\n")  # line 10: the code is already defined
    ratings = folder / "performance_ratings.csv"
    ratings.write_text(
        "rating_code,rating_rank,normalised_score,name_zh,name_en\n"
        "top,1,1.5,最好,Top\n"  # out of 0-1
        "low,1,x,低,Low\n",  # not a number
        encoding="utf-8",
    )
    (folder / "exit_reasons.csv").unlink()
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(folder)
    problems = err.value.problems
    assert f"{folder / 'competencies.csv'}:9: bad_code: competency_code 'Bad Code'" in problems
    assert f"{folder / 'competencies.csv'}:10: duplicate_code: 'communication'" in problems
    assert f"{ratings}:2: out_of_range: normalised_score '1.5'" in problems
    assert f"{ratings}:3: bad_number: normalised_score 'x'" in problems
    assert any(p.startswith(f"{folder / 'exit_reasons.csv'}: missing_file") for p in problems)


def test_missing_label_column_is_refused(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    path = folder / "job_families.csv"
    text = path.read_text(encoding="utf-8").replace(",name_en,", ",label_en,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"job_families.csv:1: missing_column: name_en"):
        load_vocabulary(folder)


def test_contract_follows_the_vocabulary(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    # A third language is a column, not code (the sample bank has name_fr); a row may leave it
    # empty and falls back to English.
    with (folder / "competencies.csv").open("a", encoding="utf-8") as fh:
        fh.write("merchandising,8,陈列能力,Merchandising,Marchandisage\n")
        fh.write("store_layout,9,门店布局,Store layout,\n")
    vocab = load_vocabulary(folder)
    sources = sources_for(vocab)
    ai = sources["ai_interviews"].field("score_merchandising")
    assert (ai.path, ai.en, ai.zh) == (
        "scores.merchandising",
        "Merchandising score",
        "陈列能力得分",
    )
    assert "merchandising" in sources["training_catalog"].field("competency_code").allowed
    assert vocab.label("competencies", "merchandising", "fr") == "Marchandisage"
    assert vocab.label("competencies", "store_layout", "fr") == "Store layout"  # falls back


def _codes_written(path: Path) -> set[str]:
    """Python: every string literal that is one word (a code, not a word inside a sentence such
    as "stability in the team"); YAML: every word."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return set(re.findall(r"[\"']([A-Za-z0-9_]+)[\"']", text))
    return set(re.findall(r"[A-Za-z0-9_]+", text))


def test_no_product_code_names_a_sample_code() -> None:
    bank = vocabulary.sample_bank()
    codes = {
        c for table in ("job_families", "competencies", "exit_reasons") for c in bank.codes(table)
    }
    files = []
    for place in VOCABULARY_FREE:
        path = PROJECT_ROOT / place
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    assert len(files) > 10
    found = {str(f.relative_to(PROJECT_ROOT)): sorted(codes & _codes_written(f)) for f in files}
    assert {f: c for f, c in found.items() if c} == {}


def test_dbt_sources_yaml_is_the_rendering_of_the_contract() -> None:
    assert SOURCES_YAML.read_text(encoding="utf-8") == render_sources_yaml(), (
        "dbt_project/models/staging/_staging__sources.yml is stale: run "
        "`python -m ingest.dbt_sources`"
    )
    text = render_sources_yaml()
    assert "score_<competency>" in text and "vocab_competencies" in text


def test_org_levels_are_one_chain_of_ranks_with_one_business_unit(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    levels = folder / "org_levels.csv"
    levels.write_text(
        "level_code,level_rank,is_business_unit,name_zh,name_en\n"
        "company,1,false,公司,Company\n"
        "region,0,true,大区,Region\n"  # line 3: ranks start at 1
        "store,3,true,门店,Store\n"  # line 4: a second business-unit level
        "department,9,false,部门,Department\n",  # line 5: deeper than the warehouse flattens
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(folder)
    problems = err.value.problems
    assert (
        f"{levels}:3: bad_rank: level_rank 0 is not 1-{vocabulary.ORG_TREE_MAX_DEPTH}" in problems
    )
    assert (
        f"{levels}:5: bad_rank: level_rank 9 is not 1-{vocabulary.ORG_TREE_MAX_DEPTH}" in problems
    )
    assert (
        f"{levels}: business_unit_level: 2 levels marked is_business_unit (region, store), "
        "exactly one is needed" in problems
    )


def test_org_level_ranks_leave_no_gap(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    levels = folder / "org_levels.csv"
    levels.write_text(
        "level_code,level_rank,is_business_unit,name_zh,name_en\n"
        "company,1,false,公司,Company\n"
        "store,3,true,门店,Store\n",
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(folder)
    assert err.value.problems == [f"{levels}: bad_rank: level_rank [1, 3] leaves a gap (1..2)"]


def test_org_levels_reach_the_contract_and_a_home_without_the_file_uses_the_banks(
    tmp_path: Path,
) -> None:
    retail = load_vocabulary(PROJECT_ROOT / "samples" / "retail" / "reference")
    assert sources_for(retail)["org_units"].field("level").allowed == retail.codes("org_levels")
    assert "branch" not in retail.codes("org_levels")
    [unit] = [t for t in retail.terms("org_levels") if t.values["is_business_unit"]]
    assert retail.label("org_levels", unit.code, "zh") == "门店"
    # A home whose reference folder predates org levels reads the sample bank's.
    folder = _copy_bank(tmp_path)
    (folder / "org_levels.csv").unlink()
    vocab = load_vocabulary(folder)
    assert vocab.codes("org_levels") == ("head_office", "branch", "department")
    assert sources_for(vocab)["org_units"].field("level").allowed == vocab.codes("org_levels")


def test_no_model_or_page_names_an_org_level() -> None:
    """The levels of the org tree are the customer's: no SQL model, macro or page query writes
    a level code of the sample bank (head_office, branch, department) as a literal."""
    levels = vocabulary.sample_bank().codes("org_levels")
    places = [
        *(PROJECT_ROOT / "dbt_project").rglob("*.sql"),
        *(PROJECT_ROOT / "dashboards").rglob("*.py"),
        *(PROJECT_ROOT / "analytics").rglob("*.py"),
        PROJECT_ROOT / "expectations" / "sources" / "org_units.py",
    ]
    quoted = re.compile("|".join(rf"[\"']{re.escape(code)}[\"']" for code in levels))
    found = [
        str(p.relative_to(PROJECT_ROOT))
        for p in places
        if "target" not in p.parts and quoted.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
