"""AppTest of the router and the headcount page against the tiny serving copy."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from dashboards import audit
from tests.dashboard.conftest import PASSWORD

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "streamlit_app.py")


def signed_in(username: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[-1].click().run()
    assert not at.exception, at.exception
    return at


def test_sign_in_rejects_wrong_password(home_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.text_input(key="signin_user").input("admin")
    at.text_input(key="signin_password").input("wrong")
    at.button[-1].click().run()
    assert any("Wrong user name or password" in e.value for e in at.error)
    assert "viewer" not in at.session_state


def test_headcount_page_shows_the_marts_figures(home_env: Path) -> None:
    at = signed_in("admin")
    at.switch_page("app_pages/headcount.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Headcount"
    with duckdb.connect(str(home_env / "serving.duckdb"), read_only=True) as con:
        first, last = con.execute(
            "select count(*) filter (where is_active) from marts.fct_headcount_monthly "
            "where month_start_date in ('2024-01-01', '2025-12-01') group by month_start_date order by month_start_date"
        ).fetchall()
    reading = at.caption[0].value
    assert f"from {first[0]:,} in Jan 2024 to {last[0]:,} in Dec 2025" in reading
    events = audit.read(home_env / "audit.log")
    assert {"user": "admin", "action": "view", "page": "headcount"}.items() <= events[-1].items()


# --- Issue 19: headline figures first, formatted, coloured by business meaning ----------------

COUNT = re.compile(r"≈?[+−]?\d{1,3}(,\d{3})*")  # an integer with grouping, perhaps marked ≈


def _served(home: Path, page: str, role: str, units: tuple[str, ...] = ()) -> dict:
    """The page's figures as the data layer serves them under the sidebar's default period (the
    last 24 months), the way the app asks for them."""
    from dashboards.data import figures
    from dashboards.privacy import policy_from_settings
    from dashboards.queries import Filters, Scope, months
    from ingest.settings import load_settings

    policy = policy_from_settings(load_settings().section("dashboards"))
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        shown = months(con)
        period = Filters(start=shown[max(0, len(shown) - 24)], end=shown[-1])
        return getattr(figures, page)(con, Scope(role=role, org_units=units), period, policy)


def _no_empty_words(at: AppTest) -> None:
    """No table cell or text on the page reads None or nan."""
    for frame in at.dataframe:
        cells = frame.value.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "NaN", "<NA>", "NaT"} & set(cells), frame.value
    for text in [*at.markdown, *at.caption, *at.info]:
        assert not re.search(r"\b(None|nan|NaT)\b", text.value), text.value


def _expected_count(value: float, status: str) -> str:
    return ("≈" if status == "perturbed" else "") + f"{round(value):,}"


def test_overview_opens_with_the_served_headline(home_env: Path) -> None:
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    at = signed_in("exec")
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    kpis = _served(home_env, "overview", "executive")["kpis"].set_index("figure")
    labels = {
        "headcount": "Headcount",
        "hires_12m": "Hires, last 12 months",
        "exits_12m": "Exits, last 12 months",
        "attrition_12m": "Attrition, last 12 months",
    }
    metrics = {m.label: m for m in at.metric}
    good_when_up = {
        "headcount": True,
        "hires_12m": True,
        "exits_12m": False,
        "attrition_12m": False,
    }
    for key, label in labels.items():
        row, metric = kpis.loc[key], metrics[label]
        change = float(row["value"]) - float(row["year_ago"])
        if key == "attrition_12m":
            assert metric.value == f"{row['value']:.1%}"
            # A change of a rate is in percentage points, never "+0.9%".
            sign = "+" if change > 0 else "−"
            assert metric.proto.delta == f"{sign}{abs(change) * 100:.1f} pp"
        else:
            assert metric.value == _expected_count(row["value"], row["value_status"])
            assert COUNT.fullmatch(metric.value)
        if round(change, 6):
            good = (change > 0) == good_when_up[key]
            want = MetricProto.MetricColor.GREEN if good else MetricProto.MetricColor.RED
            assert metric.proto.color == want, (key, change)
            arrow = (
                MetricProto.MetricDirection.UP if change > 0 else MetricProto.MetricDirection.DOWN
            )
            assert metric.proto.direction == arrow, key
    # The reading and the action come before any chart, from the same figures.
    assert any(
        f"{int(kpis.loc['headcount', 'value']):,} people in post" in m.value for m in at.markdown
    )
    assert at.info and at.info[0].value.startswith("Action:")
    _no_empty_words(at)


def test_overview_in_chinese_reads_changes_in_percentage_points(home_env: Path) -> None:
    at = signed_in("exec", lang="zh")
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    attrition = next(m for m in at.metric if m.label == "近12个月离职率")
    assert attrition.proto.delta.endswith("个百分点")
    assert at.info[0].value.startswith("行动")


def test_headcount_headline_equals_the_served_figures(home_env: Path) -> None:
    at = signed_in("hrbp1")
    at.switch_page("app_pages/headcount.py").run()
    assert not at.exception, at.exception
    monthly = _served(home_env, "headcount", "hrbp", ("BR001",))["monthly"]
    first, last = monthly.iloc[0], monthly.iloc[-1]
    metrics = at.metric
    assert len(metrics) >= 3
    assert metrics[0].value == _expected_count(last["headcount"], last["headcount_status"])
    assert COUNT.fullmatch(metrics[1].value) and COUNT.fullmatch(metrics[2].value)
    hires, exits = int(monthly["hires"].sum()), int(monthly["exits"].sum())
    assert metrics[1].value.lstrip("≈") == f"{hires:,}"
    assert metrics[2].value.lstrip("≈") == f"{exits:,}"
    change = int(last["headcount"] - first["headcount"])
    if change:
        from streamlit.proto.Metric_pb2 import Metric as MetricProto

        # Headcount growth is good news: green when it grew, red when it fell.
        want = MetricProto.MetricColor.GREEN if change > 0 else MetricProto.MetricColor.RED
        assert metrics[0].proto.color == want
    _no_empty_words(at)


def test_exports_hold_integer_counts_under_the_viewers_headers(home_env: Path) -> None:
    from dashboards.views.common import exported

    latest = _served(home_env, "headcount", "executive")["latest"]
    floats = latest.astype({"headcount": float})  # a count stored as a float (35.0)
    for lang, header, status in (
        ("en", "Headcount", "Headcount (status)"),
        ("zh", "在岗人数", "在岗人数（数据状态）"),
    ):
        at_lang = {"lang": lang}
        import streamlit as st

        st.session_state.update(at_lang)
        out = exported(floats)
        assert header in out.columns and status in out.columns, list(out.columns)
        assert str(out[header].dtype) in ("Int64", "int64")
        assert not any(c.islower() and "_" in c for c in out.columns), list(out.columns)
