"""The gettext catalogs: every key the code uses is in every catalog, complete, and consistent.

Keys are found the way a translator finds them, by running `pybabel extract` with the project's
mapping (`dashboards/locale/babel.cfg`); a catalog message that no code uses fails too, unless it
belongs to a family looked up by a data value (`i18n.DYNAMIC_FAMILIES`, e.g. column headers).
"""

from __future__ import annotations

import ast
import csv
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboards.i18n import (
    DYNAMIC_FAMILIES,
    LANGUAGES,
    LOCALE_DIR,
    REFERENCE_LANGUAGE,
    catalog,
    column_label,
    t,
)

ROOT = Path(__file__).resolve().parents[2]


def _po(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "dashboards/locale/babel.cfg"]
        + ["--no-default-keywords", "-k", "t", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_extraction_finds_the_keys_the_code_uses(extracted: set[str]) -> None:
    assert "page.headcount" in extracted and "report.title" in extracted, "python and jinja"
    assert len(extracted) > 150


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_used_key_is_in_every_catalog(lang: str, extracted: set[str]) -> None:
    missing = extracted - set(_po(lang))
    assert not missing, f"{lang}: used but not in the catalog: {sorted(missing)}"


def test_no_message_is_looked_up_inside_an_f_string() -> None:
    """pybabel does not look into f-strings: a `t("key")` there is invisible to extraction, so
    the unused-message test would delete a message the page still needs."""
    hidden = []
    for path in sorted((ROOT / "dashboards").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                func = getattr(call, "func", None)
                name = getattr(func, "attr", None) or getattr(func, "id", None)
                if isinstance(call, ast.Call) and name == "t":
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden, f"t() inside an f-string: {hidden}"


def test_no_unused_messages(extracted: set[str]) -> None:
    unused = {k for k in _po(REFERENCE_LANGUAGE) if k not in extracted}
    unused = {k for k in unused if not k.startswith(DYNAMIC_FAMILIES)}
    assert not unused, f"in the catalog but never used: {sorted(unused)}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != REFERENCE_LANGUAGE])
def test_every_catalog_is_complete_with_the_same_placeholders(lang: str) -> None:
    reference, messages = _po(REFERENCE_LANGUAGE), _po(lang)
    assert set(messages) == set(reference), (
        f"{lang}: missing {sorted(set(reference) - set(messages))[:20]}, "
        f"extra {sorted(set(messages) - set(reference))[:20]}"
    )
    for key, text in messages.items():
        assert text.strip(), f"{lang}: {key} is not translated"
        assert _placeholders(text) == _placeholders(reference[key]), f"{lang}: {key}"


def test_three_languages_ship() -> None:
    assert set(LANGUAGES) >= {"zh", "en", "fr"}
    assert LANGUAGES[0] == "zh"


def test_translation_switches_language() -> None:
    assert t("page.headcount", "zh") == "人员编制"
    assert t("page.headcount", "en") == "Headcount"
    assert t("page.headcount", "fr") not in ("人员编制", "Headcount")
    assert t("page.headcount", "xx") == "人员编制", "an unknown language falls back to the default"


def test_the_compiled_catalog_is_the_po_file() -> None:
    """The runtime reads `.mo` files compiled from the `.po`: the two never disagree."""
    for lang in LANGUAGES:
        assert catalog(lang) == {k: v for k, v in _po(lang).items() if v}, lang


def test_column_labels() -> None:
    assert column_label("impact_ratio", "zh") == "影响比"
    assert column_label("impact_ratio", "en") == "Impact ratio"
    assert column_label("no_such_column", "en") == "no_such_column"


def _accepts(text: str, wanted: str) -> bool:
    """`wanted` is one or more accepted terms (`a|b`); a French term may inflect (embauchées);
    a typographic apostrophe is an apostrophe."""
    text = text.lower().replace("\u2019", "'")
    for term in wanted.lower().split("|"):
        stems = [re.escape(word[:6]) if len(word) > 6 else re.escape(word) for word in term.split()]
        if re.search(r"\w*\W+".join(stems), text):
            return True
    return False


def test_the_glossary_is_followed() -> None:
    """A message whose English text uses a glossary term uses the glossary's term in each
    language. Placeholders and commands are not text: `{competency}` is not the word. A cell
    may accept variants (`a|b`) where a language rightly uses two words for one English term."""
    with (LOCALE_DIR / "glossary.csv").open(encoding="utf-8") as f:
        glossary = list(csv.DictReader(f))
    assert len(glossary) >= 30
    not_text = re.compile(r"\{[^}]*\}|`[^`]*`")  # placeholders and commands
    reference = {k: not_text.sub(" ", v) for k, v in _po(REFERENCE_LANGUAGE).items()}
    broken: list[str] = []
    for lang in [lang for lang in LANGUAGES if lang != REFERENCE_LANGUAGE]:
        messages = _po(lang)
        unmatched = {k: v.lower() for k, v in reference.items()}
        # Longest terms first, each blanked once checked: "employee number" is not "employee".
        for row in sorted(glossary, key=lambda r: -len(r["term_en"])):
            term, wanted = row["term_en"].lower(), row.get(lang, "")
            used = re.compile(rf"\b{re.escape(term)}(?:s|es)?\b")
            for key, text in unmatched.items():
                if not used.search(text):
                    continue
                unmatched[key] = used.sub(" ", text)
                if wanted and not _accepts(messages[key], wanted):
                    broken.append(f"{lang} {key}: '{row['term_en']}' should be '{wanted}'")
    assert not broken, "\n".join(broken[:40])
