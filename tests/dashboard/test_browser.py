"""The app in headless Chromium against a real serving copy: every role signs in, switches
language and opens every page; figures equal the marts (and the generator's truth where they
agree with it), an HR business partner cannot reach a person outside their scope, and no group
under the threshold is exported; the pages an HR business partner and an executive read open
with their headline figures. Screenshots go to test-artifacts/screenshots/ (the test prints
where)."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import duckdb
import pytest

from dashboards import audit
from dashboards.pages import PAGES
from ingest.settings import PROJECT_ROOT
from tests.dashboard.conftest import PASSWORD, USERS

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
TITLES = {
    "en": {
        "overview": "Executive overview",
        "headcount": "Headcount",
        "portrait": "Talent portrait",
        "retention": "Retention risk",
        "recruitment": "Recruitment and AI interview",
        "weights": "Competency weights",
        "training": "Training",
        "quality": "Data quality",
    },
    "zh": {
        "overview": "高管总览",
        "headcount": "人员编制",
        "portrait": "人才画像",
        "retention": "离职风险",
        "recruitment": "招聘与AI面试",
        "weights": "胜任力权重",
        "training": "培训",
        "quality": "数据质量",
    },
}
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def app_url(real_home: Path, streamlit_server) -> str:
    return streamlit_server(real_home)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's browser, but Debian's Chromium: never a downloaded one."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make browser`")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


def _sign_in(page, url: str, user: str, path: str = "") -> None:
    page.goto(f"{url}/{path}", wait_until="domcontentloaded")
    page.get_by_label("用户名").or_(page.get_by_label("User name")).first.fill(
        user, timeout=TIMEOUT_MS
    )
    page.get_by_label("密码").or_(page.get_by_label("Password")).first.fill(PASSWORD)
    page.get_by_role("button", name="登录").or_(
        page.get_by_role("button", name="Sign in")
    ).first.click()
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=TIMEOUT_MS)


def _wait_idle(page) -> None:
    """Streamlit shows a running indicator while the script runs."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)


def _open(page, title: str) -> float:
    started = time.perf_counter()
    try:
        page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
        page.locator("h1", has_text=title).first.wait_for(timeout=TIMEOUT_MS)
        _wait_idle(page)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failure.png"), full_page=True)
        raise
    return time.perf_counter() - started


def _switch_language(page, lang: str) -> None:
    # The language switch is a segmented control: a radio group.
    option = page.get_by_role("radio", name="English" if lang == "en" else "中文").first
    if option.get_attribute("aria-checked") != "true":
        option.click()
    _wait_idle(page)


def _mart_headcount(home: Path, branch: str | None = None) -> list[tuple]:
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        extra = "where o.branch_code = ?" if branch else ""
        return con.execute(
            "select h.month_start_date, count(*) filter (where h.is_active) "
            "from marts.fct_headcount_monthly h left join marts.dim_org_unit o "
            f"using (org_unit_code) {extra} group by 1 order by 1",
            [branch] if branch else [],
        ).fetchall()


def test_every_role_every_page_in_both_languages(browser, app_url: str, real_home: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    timings: dict[str, list[float]] = {}
    for user, (role, _units) in USERS.items():
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        page = context.new_page()
        _sign_in(page, app_url, user)
        _switch_language(page, "en")
        allowed = [p.name for p in PAGES if role in p.roles]
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        for p in PAGES:
            assert (TITLES["en"][p.name] in nav) == (p.name in allowed), (user, p.name)
        for lang in ("en", "zh"):
            _switch_language(page, lang)
            for name in allowed:
                seconds = _open(page, TITLES[lang][name])
                timings.setdefault(name, []).append(seconds)
                assert page.locator('[data-testid="stException"]').count() == 0, (user, name)
                page.screenshot(path=str(SHOTS / f"{user}_{name}_{lang}.png"), full_page=True)
        context.close()
    (SHOTS.parent / "page_render_seconds.json").write_text(json.dumps(timings, indent=1))


def test_headcount_figures_equal_the_marts_and_the_truth(
    browser, app_url: str, real_home: Path
) -> None:
    rows = _mart_headcount(real_home)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    _sign_in(page, app_url, "admin")
    _switch_language(page, "en")
    _open(page, "Headcount")
    reading = page.locator(
        '[data-testid="stCaptionContainer"]', has_text="Headcount went from"
    ).first.inner_text()
    months = _visible_period(rows)
    first = dict(rows)[months[0]]
    last = dict(rows)[months[1]]
    assert f"from {first:,} in {months[0]:%b %Y} to {last:,} in {months[1]:%b %Y}" in reading
    truth = {
        r["month"]: int(r["headcount"])
        for r in csv.DictReader((real_home / "landing" / "_truth" / "headcount_monthly.csv").open())
    }
    if truth.get(f"{months[1]:%Y-%m-%d}") == last:
        assert f"to {truth[f'{months[1]:%Y-%m-%d}']:,} in" in reading
    context.close()


def _visible_period(rows: list[tuple]) -> tuple:
    """The sidebar's default period: the last 24 months."""
    months = [r[0] for r in rows]
    return months[max(0, len(months) - 24)], months[-1]


def test_hrbp_cannot_reach_people_outside_scope(browser, app_url: str, real_home: Path) -> None:
    with duckdb.connect(str(real_home / "serving.duckdb"), read_only=True) as con:
        outsider = con.execute(
            "select e.employee_key, e.employee_name from marts.dim_employee e "
            "join marts.dim_org_unit o using (org_unit_code) "
            "where e.is_current and o.branch_code <> 'BR001' limit 1"
        ).fetchone()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    # By URL: the page and the person are named in the address.
    _sign_in(page, app_url, "hrbp1", path=f"portrait?employee={outsider[0]}")
    _switch_language(page, "en")
    page.locator("h1", has_text="Talent portrait").wait_for(timeout=TIMEOUT_MS)
    _wait_idle(page)
    body = page.locator("body").inner_text()
    assert outsider[1] not in body
    # By search, by number and by name.
    for text in (outsider[0], outsider[1]):
        page.get_by_role("textbox", name="Find an employee").fill(text)
        page.keyboard.press("Enter")
        _wait_idle(page)
        assert outsider[1] not in page.locator("body").inner_text()
    page.screenshot(path=str(SHOTS / "hrbp1_portrait_outsider.png"), full_page=True)
    # By filter: the org unit filter offers only their own branch.
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    options = page.locator('[role="option"]').all_inner_texts()
    assert options and all("BR001" in o for o in options)
    context.close()


def test_exports_hold_no_group_under_the_threshold(browser, app_url: str, real_home: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    _sign_in(page, app_url, "exec")
    _switch_language(page, "en")
    _open(page, "Headcount")
    # The table and its exports are detail: they sit in an expander under the charts.
    page.locator('[data-testid="stExpander"] summary').first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    # The click's audit line is written by the rerun the click triggers: give it a moment.
    deadline = time.time() + 20
    while True:
        exports = [
            e
            for e in audit.read(real_home / "audit.log")
            if e["action"] == "export" and e["user"] == "exec"
        ]
        if exports or time.time() > deadline:
            break
        page.wait_for_timeout(250)
    assert exports and exports[-1]["detail"]["format"] == "csv"
    # Cell-key method (docs/privacy.md): a count of fewer than min_group people is never exported
    # as an exact figure; it is the perturbed value, and the export says so beside it.
    small = 0
    # Headers in the viewer's language (English here), counts as integers.
    for row in rows:
        for col in ("Headcount", "Hires", "Exits"):
            if row[col] not in ("", None):
                assert row[col].lstrip("-").isdigit(), row  # 35, never 35.0
                if 0 < int(row[col]) < 5:
                    small += 1
                    assert row[f"{col} (status)"] == "perturbed", row
    assert small, "the export of a 2,000-employee bank holds small cells to check"
    context.close()


def test_report_from_the_sample_enterprise_equals_the_marts(
    real_home: Path, tmp_path: Path
) -> None:
    from dashboards.report import write_report
    from tests.dashboard.test_report import _figure

    rows = _mart_headcount(real_home)
    period, headcount = rows[-1]
    with duckdb.connect(str(real_home / "serving.duckdb"), read_only=True) as con:
        hires, exits = con.execute(
            "select sum(hires_in_month), sum(exits_in_month) from marts.fct_headcount_monthly "
            "where month_start_date > ? - interval 12 month and month_start_date <= ?",
            [period, period],
        ).fetchone()
    for lang in ("zh", "en"):
        html_path, pdf_path = write_report(
            real_home / "serving.duckdb", lang, f"{period:%Y-%m}", tmp_path / f"{lang}.html"
        )
        html = html_path.read_text(encoding="utf-8")
        assert _figure(html, "headcount") == f"{headcount:,}"
        # Hidden only when the privacy rule says so; otherwise exactly the marts' sums.
        assert _figure(html, "hires_12m") in (f"{hires:,}", "–")
        assert _figure(html, "exits_12m") in (f"{exits:,}", "–")
        assert pdf_path.stat().st_size > 10_000
        (SHOTS.parent / f"strategy_report_{lang}.html").write_text(html, encoding="utf-8")


# The pages of issue 19 (part A): headline figures first, read by both roles in both languages.
HEADLINE_PAGES = ("overview", "headcount", "retention", "training")
CODE_WORDS = re.compile(r"\b[a-z]+_[a-z_]+\b|\bCRS\d{3}\b|\b(None|nan|NaT)\b")


def test_headline_pages_for_both_roles_in_both_languages(browser, app_url: str) -> None:
    folder = SHOTS / "headline_pages"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots of the headline pages: {folder}")
    for user in ("exec", "hrbp1"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _sign_in(page, app_url, user)
        for lang in ("zh", "en"):
            _switch_language(page, lang)
            for name in HEADLINE_PAGES:
                _open(page, TITLES[lang][name])
                main = page.locator('[data-testid="stMain"]')
                metrics = main.locator('[data-testid="stMetric"]')
                # The first page is open already: wait out the sign-in form's last frame.
                metrics.nth(2).wait_for(timeout=TIMEOUT_MS)
                _wait_idle(page)
                page.screenshot(path=str(folder / f"{user}_{name}_{lang}.png"), full_page=True)
                charts = main.locator('[data-testid="stVegaLiteChart"]')
                if charts.count():
                    # The headline sits above the first chart.
                    first_metric = metrics.first.bounding_box()
                    first_chart = charts.first.bounding_box()
                    assert first_metric["y"] < first_chart["y"], (user, name, lang)
                # Expander arrows are icon-font ligatures (keyboard_arrow_down): not words.
                text = re.sub(r"keyboard_arrow_\w+", "", main.inner_text())
                found = CODE_WORDS.search(text)
                assert not found, (user, name, lang, found.group(0))
                if lang == "en":
                    assert not re.search(r"[\u4e00-\u9fff]", text), (user, name)
        context.close()
