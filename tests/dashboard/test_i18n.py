"""Every message exists in both languages, every key used exists, and every key defined is used."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dashboards.i18n import COLUMN_LABELS, LANGUAGES, MESSAGES, column_label, t

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"
# t("key") / ui.t("key") / translate("key") in Python, t('key') in the report's templates.
USE = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in DASHBOARDS.rglob("*"):
        if path.suffix in (".py", ".html", ".j2") and path.name != "i18n.py":
            keys |= set(USE.findall(path.read_text(encoding="utf-8")))
    return keys


def test_no_missing_keys() -> None:
    missing = used_keys() - set(MESSAGES)
    assert not missing, f"used but not defined: {sorted(missing)}"


def test_no_unused_keys() -> None:
    unused = set(MESSAGES) - used_keys()
    assert not unused, f"defined but never used: {sorted(unused)}"


def test_every_message_in_both_languages_with_the_same_placeholders() -> None:
    for key, texts in MESSAGES.items():
        # Every served language; a third ("fr") is being added message by message.
        assert set(LANGUAGES) <= set(texts), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(text) if f} for text in texts.values()
        ]
        assert all(f == fields[0] for f in fields), key
        assert all(text.strip() for text in texts.values()), key


def test_translation_switches_language() -> None:
    assert t("page.headcount", "zh") == "人员编制"
    assert t("page.headcount", "en") == "Headcount"


def test_column_labels_in_both_languages() -> None:
    for column, (zh, en) in COLUMN_LABELS.items():
        assert zh.strip() and en.strip(), column
    assert column_label("impact_ratio", "zh") == "影响比"
    assert column_label("impact_ratio", "en") == "Impact ratio"
    assert column_label("no_such_column", "en") == "no_such_column"
