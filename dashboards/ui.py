"""Streamlit helpers every page shares: language, viewer, filters, cached data, charts, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import audit, build_progress, exports, formatting, serving
from dashboards.auth import Viewer
from dashboards.data import served
from dashboards.i18n import DEFAULT_LANGUAGE
from dashboards.i18n import t as translate
from dashboards.pages import SOURCES_MISSING, SourcesMissing, source_names
from dashboards.privacy import PrivacyPolicy, policy_from_settings
from dashboards.queries import TABLE_LIMIT as TABLE_LIMIT
from dashboards.queries import Filters, Scope
from ingest.settings import load_settings


def lang() -> str:
    return st.session_state.get("lang") or st.session_state.get("_lang_last") or DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    return translate(key, lang(), **values)


def reading_and_action(reading: str, action: str) -> None:
    """A page's one-line reading with the action under it, the action led by its label."""
    label = t("common.action")  # outside the f-string: pybabel extraction cannot see into one
    st.markdown(f"{reading}  \n**{label}** {action}")


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


def page_figures(page: str, **options: Any) -> dict[str, pd.DataFrame]:
    """The figures `page` shows the signed-in viewer under the sidebar's filters; says first
    which absent sources it leaves out (raises NotBuilt, SourcesMissing included)."""
    shown = served.page(page, scope(), filters(), policy(), **options)
    sources_notice(shown)
    return shown


def sources_notice(figures: dict[str, pd.DataFrame]) -> None:
    """Under the title: the absent sources whose figures the page leaves out (if any)."""
    missing = figures.get(SOURCES_MISSING)
    if missing is not None and len(missing):
        st.info(t("sources.page_partial", sources=source_names(list(missing["source"]), lang())))


def not_built(error: serving.NotBuilt) -> None:
    """The clear, bilingual message a page shows instead of failing."""
    if isinstance(error, SourcesMissing):
        st.info(t("sources.page_needs", sources=source_names(error.sources, lang())))
    elif error.missing and error.missing[0].endswith(".duckdb"):
        first_build()
    else:
        st.info(t("app.not_built", tables=", ".join(error.missing)))


# While nothing is published, the page looks again this often (and opens once it is).
PROGRESS_REFRESH_SECONDS = 3


def _stage_words() -> dict[str, str]:
    return {
        "ingest": t("build.stage_ingest"),
        "warehouse": t("build.stage_warehouse"),
        "models": t("build.stage_models"),
        "marts": t("build.stage_marts"),
        "publish": t("build.stage_publish"),
    }


@st.fragment(run_every=PROGRESS_REFRESH_SECONDS)
def first_build() -> None:
    """No copy published yet: the running build's stage and progress (`talentloop serve` starts
    before the sample's build in `make demo`), refreshed until the copy is published."""
    if served.serving_path().exists():
        st.rerun()
    progress = build_progress.current(load_settings().home)
    if progress is None:
        st.info(t("app.no_serving"))
        return
    stage = _stage_words().get(progress.stage, progress.stage)
    st.info(t("app.building", seconds=formatting.number(progress.seconds, lang()), stage=stage))
    if progress.total:
        st.progress(
            progress.done / progress.total,
            text=t(
                "app.building_steps",
                done=formatting.number(progress.done, lang()),
                total=formatting.number(progress.total, lang()),
            ),
        )


def missing_figure(figures: dict[str, pd.DataFrame], key: str) -> None:
    """The not-built message for a figure the page could not compute (its tables are named in
    the figures' `missing` frame), or the absent source it is computed from."""
    absent = figures.get(SOURCES_MISSING)
    sources = [] if absent is None else list(absent.loc[absent["figure"] == key, "source"])
    if sources:
        st.info(t("sources.figure_needs", sources=source_names(sources, lang())))
        return
    missing = figures.get("missing")
    tables = [] if missing is None else list(missing.loc[missing["figure"] == key, "table"])
    not_built(serving.NotBuilt(tables or [key]))


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
    shown = display if display is not None else df
    # Figures read right-aligned (the display's figure columns are strings with their marks).
    right = {c: st.column_config.Column(alignment="right") for c in shown.attrs.get("figures", [])}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=right or None)
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
