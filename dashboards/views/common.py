"""Showing a precomputed table as it is built: scoped, through the privacy layer, with exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import formatting, queries, ui
from dashboards.i18n import column_label, competency_name, job_family_name
from dashboards.privacy import SUPPRESSED, PrivacyError, protect_groups, protect_individuals
from dashboards.serving import NotBuilt


def protected_mart(table: str) -> pd.DataFrame:
    """The table as the viewer may see it. Raises NotBuilt, or PrivacyError for rows about
    single people asked for by an executive."""
    raw = ui.load(queries.mart_table, table, ui.scope())
    v = ui.viewer()
    if "employee_key" in raw.columns or "candidate_key" in raw.columns:
        units = ui.load(queries.scope_org_units, ui.scope())
        return protect_individuals(raw, v.role, units, policy=ui.policy())
    size = next((c for c in queries.SIZE_COLUMNS if c in raw.columns), None)
    if size is not None:
        numeric = [
            c
            for c in raw.columns
            if c != size
            and pd.api.types.is_numeric_dtype(raw[c])
            and not pd.api.types.is_bool_dtype(raw[c])
        ]
        return protect_groups(raw, size, measures=numeric, policy=ui.policy())
    # Model-level statistics (no group of people to count): shown as they are.
    out = raw.copy()
    out.attrs["privacy"] = "statistics"
    return out


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The table with translated column headers (exports keep the column names)."""
    lang = ui.lang()
    df = df.copy()
    # Codes the contract names in both languages are shown by name ("all" rows stay "all").
    for col, name in (
        ("job_family", job_family_name),
        ("competency", competency_name),
        ("competency_code", competency_name),
    ):
        if col in df.columns:
            df[col] = df[col].map(
                lambda code, name=name: name(code, lang) if isinstance(code, str) else code
            )
    names: dict[str, str] = {}
    for col in df.columns:
        label = column_label(col, lang)
        # Two columns under one header would be ambiguous: the second keeps its own name.
        names[col] = col if label in names.values() else label
    return df.rename(columns=names)


def show_mart(page: str, table: str, title: str) -> pd.DataFrame | None:
    st.subheader(title)
    try:
        data = protected_mart(table)
    except NotBuilt as error:
        ui.not_built(error)
        return None
    except PrivacyError:
        st.info(ui.t("app.aggregates_only"))
        return None
    shown = data[~data[SUPPRESSED]] if SUPPRESSED in data.columns else data
    if shown.empty:
        st.info(ui.t("headcount.no_data"))
        return shown
    ui.table(
        data,
        page,
        table.replace(".", "_"),
        display=labelled(shown.drop(columns=[SUPPRESSED], errors="ignore")),
    )
    if len(data) >= queries.TABLE_LIMIT and (
        "employee_key" in data.columns or "candidate_key" in data.columns
    ):
        # A list of people is bounded (queries.mart_table): say so rather than look complete.
        st.caption(ui.t("app.rows_limited", n=formatting.number(queries.TABLE_LIMIT, ui.lang())))
    return shown


def headcount_trend_reading(totals: pd.DataFrame, lang: str) -> str:
    """The one-line reading of a headcount trend: first and last month and the change."""
    first, last = totals.iloc[0], totals.iloc[-1]
    return ui.t(
        "headcount.reading_total",
        start=formatting.number(first["headcount"], lang),
        start_month=formatting.month(first["month"], lang),
        end=formatting.number(last["headcount"], lang),
        end_month=formatting.month(last["month"], lang),
        change=formatting.signed_number(last["headcount"] - first["headcount"], lang),
    )
