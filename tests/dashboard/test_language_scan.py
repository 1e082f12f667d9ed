"""Every page of the registry and the strategy report, in Chinese and English, for an HR business
partner and the executive, on a real build of a generated enterprise: all visible text
(titles, markdown, metrics, captions, messages, table headers and cells, select options, chart
titles, axis and legend titles and the values the charts draw) is scanned for what a reader
should never see: snake_case identifiers, codes (rule codes, statistic names, course codes,
source and channel codes), "None"/"nan", floats with more than two decimals, midnight
timestamps, Latin words in the Chinese view (AI, HR, ID, KPI and units excepted), Chinese in
the English and French views, and English left untranslated in the French view (its function
words, which French never uses).

Exempt are data that are names, not words: people's names, file names of the landing, and the
data-quality page's technical expander (its alert IDs and check names are there on purpose).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from analytics.pilot.agreement import METRICS
from analytics.pilot.scorecard import CRITERIA
from dashboards.i18n import t
from dashboards.pages import PAGES
from ingest.contract import FILE_RULES, QUARANTINE_RULES, RECRUITING_CHANNELS, SOURCES
from tests.dashboard.test_app_headcount import signed_in

ROLES = {"hrbp": "hrbp1", "executive": "exec"}
LANGS = ("zh", "en", "fr")

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
COURSE = re.compile(r"\bCRS\d{2,}\b")
MISSING = re.compile(r"(?<![\w<])(None|nan|NaN|NaT|<NA>)(?![\w>])")
LONG_FLOAT = re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d.])")
MIDNIGHT = re.compile(r"\b00:00:00\b")
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
# English words a French text never holds: a French page showing one shows an untranslated text
# (a fallback to English, a reading or a driver written in English).
ENGLISH = re.compile(
    r"\b(the|and|of|with|is|are|was|were|by|from|this|that|which|would|people|will|than)\b",
    re.I,
)
FILE_NAME = re.compile(r"[\w./-]+\.(?:csv|xlsx|jsonl|json|txt)\b")
# Latin a Chinese reader is expected to read (as the product's own Chinese texts write them).
LATIN_OK = {"AI", "HR", "ID", "IT", "KPI", "CSV", "Excel", "UTC", "OIDC", "TalentLoop"}
# Codes as whole values (a cell, an option, a value a chart draws).
CODES = (
    set(QUARANTINE_RULES)
    | set(FILE_RULES)
    | set(METRICS)
    | set(CRITERIA)
    | set(SOURCES)
    | set(RECRUITING_CHANNELS)
    | {"low", "medium", "high", "unknown", "pass", "fail", "review", "insufficient"}
    | {"included", "reference", "excluded_small", "F", "M", "True", "False"}
)


# Elements whose value is a code (shown through their format_func, not as it is).
SELECTS = ("selectbox", "multiselect", "radio", "button_group", "segmented_control")


def _chart_texts(proto) -> Iterator[tuple[str, bool]]:
    """(text, is_value) of a Vega-Lite chart: titles, subtitles, axis and legend titles from
    the spec; every text value of its data (what the marks, legends and tooltips show)."""
    spec = json.loads(proto.spec)

    def walk(node, key: str = "") -> Iterator[tuple[str, bool]]:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("title", "text", "subtitle") and isinstance(v, str | list):
                    for line in v if isinstance(v, list) else [v]:
                        if isinstance(line, str):
                            yield line, False
                if k not in ("data", "datasets", "field", "scale", "sort", "format"):
                    yield from walk(v, k)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v, key)

    yield from walk(spec)
    for dataset in proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        for column in table.column_names:
            if pa.types.is_string(table.schema.field(column).type) or pa.types.is_large_string(
                table.schema.field(column).type
            ):
                for value in table.column(column).to_pylist():
                    if isinstance(value, str):
                        yield value, True


def _frame_texts(df: pd.DataFrame) -> Iterator[tuple[str, bool]]:
    for col in df.columns:
        yield str(col), True
    for value in df.to_numpy().ravel():
        # A missing cell is drawn as "None" by the table: the scan reads it so.
        yield ("None" if pd.isna(value) else str(value)), True


def _texts(node, technical: str) -> Iterator[tuple[str, bool]]:
    """Visible text under `node`, skipping the expander labelled `technical`."""
    proto = getattr(node, "proto", None)
    if node.type == "expander" and node.label == technical:
        return
    value = getattr(node, "value", None) if node.type not in ("text_input",) else None
    if isinstance(value, pd.DataFrame):
        yield from _frame_texts(value)
    elif isinstance(value, str) and node.type not in SELECTS:
        yield value, False  # a select's value is its code: its options are what is shown
    for attr in ("label", "delta"):
        text = getattr(node, attr, None) if node.type not in ("text_input",) else None
        if isinstance(text, str):
            yield text, attr == "delta"
    if node.type in ("metric",):
        yield str(node.value), True
    options = getattr(node, "options", None)
    if node.type in SELECTS and options:
        for option in options:
            yield str(option), True
    if proto is not None and hasattr(proto, "spec") and hasattr(proto, "datasets"):
        yield from _chart_texts(proto)
    for child in getattr(node, "children", {}).values():
        yield from _texts(child, technical)


def problems(texts: list[tuple[str, bool]], lang: str, names: Iterable[str]) -> list[str]:
    """What a reader should not see in `texts` ((text, is_value) pairs) in `lang`."""
    found = []
    for text, is_value in texts:
        clean = text
        for name in names:
            if name and name in clean:
                clean = clean.replace(name, "")
        clean = FILE_NAME.sub("", clean)
        stripped = clean.strip()
        if not stripped:
            continue
        why = []
        if SNAKE.search(clean):
            why.append("snake_case")
        if COURSE.search(clean):
            why.append("course code")
        if is_value and stripped in CODES:
            why.append("code")
        if MISSING.search(clean):
            why.append("missing value")
        if LONG_FLOAT.search(clean):
            why.append("float > 2 decimals")
        if MIDNIGHT.search(clean):
            why.append("midnight timestamp")
        if lang == "zh":
            latin = [w for w in LATIN.findall(clean) if w not in LATIN_OK]
            if latin:
                why.append(f"Latin {latin[:3]}")
        elif CJK.search(clean):
            why.append("Chinese")
        if lang == "fr" and (english := ENGLISH.findall(clean)):
            why.append(f"English {english[:3]}")
        if why:
            found.append(f"{', '.join(why)}: {text[:120]!r}")
    return sorted(set(found))


@pytest.fixture(scope="module")
def scan_home(real_home: Path) -> Path:
    return real_home


@pytest.fixture(scope="module")
def people_names(scan_home: Path) -> set[str]:
    with duckdb.connect(str(scan_home / "serving.duckdb"), read_only=True) as con:
        rows = con.execute("select distinct employee_name from marts.people_directory").fetchall()
    return {r[0] for r in rows if isinstance(r[0], str) and r[0]}


@pytest.fixture(scope="module")
def course_titles(scan_home: Path) -> set[str]:
    """The customer's course titles in English: its training catalog has zh and en titles only,
    so a French page shows the English one (data, like a name; the zh page shows the zh one)."""
    with duckdb.connect(str(scan_home / "serving.duckdb"), read_only=True) as con:
        rows = con.execute("select distinct course_name_en from marts.dim_course").fetchall()
    return {r[0] for r in rows if isinstance(r[0], str) and r[0]}


def _someone_in_scope(home: Path) -> str:
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        return con.execute(
            "select employee_key from marts.employee_portraits where branch_code = 'BR001' "
            "and recommended_course_code is not null and risk_band is not null "
            "order by employee_key limit 1"
        ).fetchone()[0]


def _cases() -> list:
    out = []
    for page in PAGES:
        for role, user in ROLES.items():
            if role not in page.roles:
                continue
            for lang in LANGS:
                out.append(pytest.param(page.name, user, lang, id=f"{page.name}-{role}-{lang}"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("page", "user", "lang"), _cases())
def test_page_text_has_no_codes_and_one_language(
    scan_home: Path,
    people_names: set[str],
    course_titles: set[str],
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    user: str,
    lang: str,
) -> None:
    monkeypatch.setenv("TALENTLOOP_HOME", str(scan_home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    at: AppTest = signed_in(user, lang=lang)
    at.switch_page(f"app_pages/{page}.py")
    if page == "portrait":
        at.query_params["employee"] = _someone_in_scope(scan_home)
    at.run()
    assert not at.exception, at.exception
    # The page itself (the sidebar's filters are the app frame's, not a page's).
    texts = list(_texts(at.main, t("quality.technical_title", lang)))
    assert len(texts) > 1, "the page drew only its title: the scan would prove nothing"
    # Longest first, so a title is removed whole before a shorter title inside it.
    names = people_names | (course_titles if lang == "fr" else set())
    found = problems(texts, lang, sorted(names, key=len, reverse=True))
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_report_text_has_no_codes_and_one_language(
    scan_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from dashboards.privacy import policy_from_settings
    from dashboards.report import render_html
    from dashboards.report.figures import compute
    from ingest.settings import load_settings

    monkeypatch.setenv("TALENTLOOP_HOME", str(scan_home))
    policy = policy_from_settings(load_settings().section("dashboards"))
    with duckdb.connect(str(scan_home / "serving.duckdb"), read_only=True) as con:
        page = render_html(compute(con, None, policy), lang, policy)
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    texts = [(html_lib.unescape(x).strip(), False) for x in re.split(r"<[^>]+>", body)]
    texts = [(x, v) for x, v in texts if x]
    assert len(texts) > 10
    found = problems(texts, lang, set())
    assert not found, "\n".join(found)


def test_the_scan_catches_what_it_should() -> None:
    """The scanner itself: every kind of leak is found, clean text passes."""
    leaks = [
        ("kappa_quadratic", False),
        ("推荐课程 CRS070", False),
        ("campus", True),
        ("None", True),
        ("43.3293 predicted leavers", False),
        ("2025-12-01 00:00:00", True),
        ("在岗人数 Headcount", False),
    ]
    assert len(problems(leaks, "zh", set())) == len(leaks)
    assert problems([("Headcount 在岗", False)], "en", set())
    clean = [("AI面试录用率 12.3%", False), ("HR业务伙伴", False), ("文件 a/b_c.csv", False)]
    assert problems(clean, "zh", set()) == []
    assert problems([("Women, aged 25–34", True), ("0.82", True)], "en", set()) == []
    assert problems([("董军波 · Teller", False)], "en", {"董军波"}) == []
    assert problems([("Effectif 在岗", False)], "fr", set())
    assert problems([("High risk: predicted 13% would leave", False)], "fr", set())
    assert (
        problems([("Risque élevé : 13 % de départs prévus, 12 % constatés", False)], "fr", set())
        == []
    )
