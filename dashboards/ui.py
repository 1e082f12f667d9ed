"""Streamlit helpers every page shares: language, viewer, filters, cached data, charts, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import audit, exports, formatting, serving
from dashboards.auth import Viewer
from dashboards.i18n import DEFAULT_LANGUAGE
from dashboards.i18n import t as translate
from dashboards.privacy import PrivacyPolicy, policy_from_settings
from dashboards.queries import Filters, Scope
from ingest.settings import load_settings

CACHE_SECONDS = 300


def lang() -> str:
    return st.session_state.get("lang") or st.session_state.get("_lang_last") or DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    return translate(key, lang(), **values)


def viewer() -> Viewer:
    """The signed-in viewer (the router stops the script before any page when there is none)."""
    return st.session_state["viewer"]


def scope() -> Scope:
    v = viewer()
    return Scope(role=v.role, org_units=v.org_units if v.is_scoped else ())


def policy() -> PrivacyPolicy:
    return policy_from_settings(load_settings().section("dashboards"))


def filters() -> Filters:
    """The filters of the sidebar; they live in session state, so they carry across pages."""
    period = st.session_state.get("filter_period")
    start, end = period if isinstance(period, tuple | list) and len(period) == 2 else (None, None)
    return Filters(
        start=start,
        end=end,
        org_units=tuple(st.session_state.get("filter_org_units") or ()),
        job_families=tuple(st.session_state.get("filter_job_families") or ()),
    )


def _serving_stamp() -> tuple[str, float]:
    """Path and modification time: a newly published copy invalidates the cache."""
    path = serving.serving_path()
    return str(path), (path.stat().st_mtime if path.is_file() else 0.0)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cached(name: str, path: str, mtime: float, args: tuple, _fn: Callable[..., Any]) -> Any:
    # `_fn` is not hashed (leading underscore); `name` identifies it in the cache key.
    with serving.connect(Path(path)) as con:
        return _fn(con, *args)


def load(fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn(con, *args)` on the serving copy, cached per serving copy, function and args.

    Raises serving.NotBuilt when the copy or a table is absent.
    """
    path, mtime = _serving_stamp()
    return _cached(f"{fn.__module__}.{fn.__qualname__}", path, mtime, args, fn)


def not_built(error: serving.NotBuilt) -> None:
    """The clear, bilingual message a page shows instead of failing."""
    if error.missing and error.missing[0].endswith(".duckdb"):
        st.info(t("app.no_serving"))
    else:
        st.info(t("app.not_built", tables=", ".join(error.missing)))


def record_view(page: str, **detail: Any) -> None:
    """One audit line per page view (and per person looked up), not per rerun of a widget."""
    v = viewer()
    marker = (page, tuple(sorted(detail.items())))
    seen = st.session_state.setdefault("_audited", set())
    if marker in seen:
        return
    seen.add(marker)
    audit.record(
        load_settings().audit_log_path,
        user=v.username,
        role=v.role,
        action="view",
        page=page,
        detail={k: str(val) for k, val in detail.items()},
    )


def _record_export(page: str, table: str, fmt: str, rows: int) -> None:
    v = viewer()
    audit.record(
        load_settings().audit_log_path,
        user=v.username,
        role=v.role,
        action="export",
        page=page,
        detail={"table": table, "format": fmt, "rows": rows},
    )


def chart(spec: alt.Chart | alt.LayerChart, reading: str) -> None:
    """A chart (its title and axis units are in the spec) with its one-line reading."""
    st.altair_chart(spec, width="stretch")
    st.caption(reading)


def title_params(title: str, reading: str) -> alt.TitleParams:
    return alt.TitleParams(text=title, subtitle=[reading], anchor="start")


def table(df: pd.DataFrame, page: str, name: str, display: pd.DataFrame | None = None) -> None:
    """A protected table with its CSV and Excel exports (audited, through the privacy layer)."""
    st.dataframe(display if display is not None else df, hide_index=True, width="stretch")
    labels = {"csv": t("export.csv"), "xlsx": t("export.xlsx")}
    for col, fmt in zip(st.columns(2), labels, strict=True):
        safe = exports.exportable(df)  # the privacy check runs now, on every render
        col.download_button(
            labels[fmt],
            # The bytes are made only when someone clicks: big tables cost nothing until then.
            data=lambda safe=safe, fmt=fmt: exports.export_bytes(safe, fmt),
            file_name=f"{name}.{fmt}",
            mime=exports.FORMATS[fmt],
            key=f"export_{page}_{name}_{fmt}",
            on_click=_record_export,
            args=(page, name, fmt, len(df)),
        )


def month_label(value: dt.date) -> str:
    return formatting.month(value, lang())
