"""CONTRACT.md is the rendering of ingest/contract.py, and the rendering is complete."""

from __future__ import annotations

from ingest.contract import CONTRACT_SOURCES, FILE_RULES, QUARANTINE_RULES
from ingest.contract_doc import CONTRACT_PATH, render_contract_markdown, template_view
from ingest.vocabulary import TABLES, VOCABULARY_RULES


def test_contract_md_matches_the_contract():
    assert CONTRACT_PATH.read_text(encoding="utf-8") == render_contract_markdown(), (
        "ingest/CONTRACT.md is stale: run `python -m ingest.contract_doc`"
    )


def test_rendering_names_every_source_field_and_rule():
    text = render_contract_markdown()
    # The contract is documented unresolved: vocabulary is the customer's reference data.
    for source in CONTRACT_SOURCES:
        assert f"### `{source.name}`" in text
        assert f"`<landing>/{source.name}/`" in text
        for f in map(template_view, source.fields):
            assert f"| `{f.name}` | {f.dtype} |" in text
            assert f"| {f.zh} | {f.en} |" in text
    assert "| `score_<competency>` | float |" in text
    for table in TABLES:
        assert f"`reference/{table}.csv`" in text
    for rule in [*QUARANTINE_RULES, *FILE_RULES, *VOCABULARY_RULES]:
        assert f"`{rule}`" in text
    assert "`00012345`" in text and "`LMS-00012345`" in text
