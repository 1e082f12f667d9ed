"""CONTRACT.md is the rendering of ingest/contract.py, and the rendering is complete."""

from __future__ import annotations

from ingest.contract import FILE_RULES, QUARANTINE_RULES, SOURCES
from ingest.contract_doc import CONTRACT_PATH, render_contract_markdown


def test_contract_md_matches_the_contract():
    assert CONTRACT_PATH.read_text(encoding="utf-8") == render_contract_markdown(), (
        "ingest/CONTRACT.md is stale: run `python -m ingest.contract_doc`"
    )


def test_rendering_names_every_source_field_and_rule():
    text = render_contract_markdown()
    for source in SOURCES.values():
        assert f"### `{source.name}`" in text
        assert f"`<landing>/{source.name}/`" in text
        for f in source.fields:
            assert f"| `{f.name}` | {f.dtype} |" in text
            assert f"| {f.zh} | {f.en} |" in text
    for rule in [*QUARANTINE_RULES, *FILE_RULES]:
        assert f"`{rule}`" in text
    assert "`00012345`" in text and "`LMS-00012345`" in text
