"""What every page shares: figures with their privacy marks, labelled tables with exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import formatting, ui
from dashboards.data.served import EXACT, NOT_COMPUTED, PERTURBED, WITHHELD
from dashboards.i18n import column_label, competency_name, job_family_name

STATUS = "_status"
PARTIAL = "partial"
# The mark beside a perturbed figure (explained under every page by privacy_note).
PERTURBED_MARK = "≈"


def shown_value(value: object, status: str | None, lang: str, kind: str = "number") -> str:
    """A figure as text: exact as it is, perturbed with ≈, partial with *, withheld as the word
    (never a false zero, never "None")."""
    if status == WITHHELD:
        return ui.t("privacy.withheld")
    if status == NOT_COMPUTED:
        return ui.t("privacy.not_computed")
    text = (
        formatting.percent(value, lang)
        if kind == "percent"
        else formatting.number(value, lang, 2 if kind == "decimal" else 0)
    )
    if status == PERTURBED:
        return PERTURBED_MARK + text
    if status == PARTIAL:
        return text + "*"
    return text


def privacy_note() -> None:
    """The legend of the marks, under every page that shows counts of people."""
    st.caption(ui.t("privacy.note", k=ui.policy().min_group))


def _status_words() -> dict[str, str]:
    return {
        EXACT: ui.t("privacy.status_exact"),
        PERTURBED: ui.t("privacy.status_perturbed"),
        PARTIAL: ui.t("privacy.status_partial"),
        WITHHELD: ui.t("privacy.withheld"),
        NOT_COMPUTED: ui.t("privacy.not_computed"),
    }


def _code_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
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
    return df


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: each figure with its mark, translated headers and code names; status
    columns fold into their figures and internal columns (leading underscore) are dropped."""
    lang = ui.lang()
    df = _code_names(df.copy(), lang)
    for col in [c for c in df.columns if c.endswith(STATUS)]:
        figure = col[: -len(STATUS)]
        if figure in df.columns:
            kind = "decimal" if df[figure].dtype.kind == "f" else "number"
            if figure.endswith("rate") or figure == "share":
                kind = "percent"
            df[figure] = [
                shown_value(v, s, lang, kind) for v, s in zip(df[figure], df[col], strict=True)
            ]
        df = df.drop(columns=[col])
    df = df.drop(columns=[c for c in df.columns if c.startswith("_")])
    names: dict[str, str] = {}
    for col in df.columns:
        label = column_label(col, lang)
        # Two columns under one header would be ambiguous: the second keeps its own name.
        names[col] = col if label in names.values() else label
    return df.rename(columns=names)


def exported(df: pd.DataFrame) -> pd.DataFrame:
    """The frame an export holds: the figures as numbers, each status in the viewer's language
    beside it, internal columns dropped."""
    words = _status_words()
    out = df.drop(columns=[c for c in df.columns if c.startswith("_")]).copy()
    for col in [c for c in out.columns if c.endswith(STATUS)]:
        out[col] = out[col].map(lambda s: words.get(s, s))
    out.attrs["privacy"] = df.attrs.get("privacy", "checked")
    return out


def show_table(
    page: str, name: str, title: str, figures: dict[str, pd.DataFrame], key: str
) -> None:
    """A figure table of the page with its exports, or the page's message when it is absent."""
    st.subheader(title)
    data = figures.get(key)
    if data is None:
        ui.missing_figure(figures, key)
        return
    size = data.attrs.get("size")
    if size and f"{size}{STATUS}" in data.columns:
        # A group too small to show is left out of the table (its existence is not a figure).
        attrs = dict(data.attrs)
        data = data[data[f"{size}{STATUS}"] != WITHHELD].reset_index(drop=True)
        data.attrs.update(attrs)
    if data.empty:
        st.info(ui.t("headcount.no_data"))
        return
    ui.table(exported(data), page, name, display=labelled(data))
    if len(data) >= ui.TABLE_LIMIT and "employee_key" in data.columns:
        # A list of people is bounded (queries.mart_table): say so rather than look complete.
        st.caption(ui.t("app.rows_limited", n=formatting.number(ui.TABLE_LIMIT, ui.lang())))


def headcount_trend_reading(totals: pd.DataFrame, lang: str) -> str:
    """The one-line reading of a headcount trend: first and last month and the change."""
    first, last = totals.iloc[0], totals.iloc[-1]
    status = last.get("headcount_status", EXACT)
    return ui.t(
        "headcount.reading_total",
        start=shown_value(first["headcount"], first.get("headcount_status"), lang),
        start_month=formatting.month(first["month"], lang),
        end=shown_value(last["headcount"], status, lang),
        end_month=formatting.month(last["month"], lang),
        change=formatting.signed_number(last["headcount"] - first["headcount"], lang),
    )


def exported_labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`exported(df)` with its headers in the viewer's language (a status column is headed by
    its figure's label and the word for status), as a reader of the export expects."""
    out = exported(df)
    suffix = ui.t("export.status_suffix")
    names = {}
    for col in out.columns:
        if col.endswith(STATUS) and col[: -len(STATUS)] in out.columns:
            names[col] = f"{column_label(col[: -len(STATUS)], lang)}{suffix}"
        else:
            names[col] = column_label(col, lang)
    renamed = out.rename(columns=names)
    renamed.attrs.update(out.attrs)
    return renamed
