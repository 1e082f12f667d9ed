"""What every page shares: figures with their privacy marks, labelled tables with exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import formatting, labels, ui
from dashboards.data.served import EXACT, NOT_COMPUTED, PERTURBED, WITHHELD, sidebar_options
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
    # Codes the contract names in both languages are shown by name ("all" rows stay "all");
    # risk bands and pilot criteria by their messages.
    words = {"risk_band": band_names(), "criterion": criterion_names()}
    if "calibration_verdict" in df.columns:
        df["calibration_verdict"] = df["calibration_verdict"].map(
            lambda code: labels.code_label("verdict", code, lang)
        )
    if "org_unit_code" in df.columns:  # an org unit by its name, as the sidebar lists it
        units = names_by_code(sidebar_options(ui.scope())["org_units"], "org_unit_code", lang)
        df["org_unit_code"] = df["org_unit_code"].map(lambda code: units.get(code, code))
    for col, name in (
        ("job_family", job_family_name),
        ("competency", competency_name),
        ("competency_code", competency_name),
        ("largest_gap_competency", competency_name),
    ):
        if col in df.columns:
            df[col] = df[col].map(
                lambda code, name=name: name(code, lang) if isinstance(code, str) else code
            )
    for col, names in words.items():
        if col in df.columns:
            df[col] = df[col].map(lambda code, names=names: names.get(code, code))
    return df


def band_names() -> dict[str, str]:
    """The risk bands in the viewer's language."""
    return labels.band_names(ui.lang())


def criterion_names() -> dict[str, str]:
    """The AI-interview pilot's criteria in the viewer's language."""
    return labels.criterion_names(ui.lang())


def names_by_code(labels: pd.DataFrame | None, code: str, lang: str) -> dict[str, str]:
    """Code -> name in the viewer's language from a labels frame with name_zh and name_en
    (org units, courses); an absent frame gives no names (codes then show as they are)."""
    if labels is None:
        return {}
    column = "name_zh" if lang == "zh" else "name_en"
    return dict(zip(labels[code], labels[column], strict=True))


def _plain(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns without a status shown for reading: dates as days or months in the language's
    format, whole floats as integers, yes/no as words, missing as an en dash (never "None")."""
    yes_no = {True: ui.t("common.yes"), False: ui.t("common.no")}
    for col in df.columns:
        values = df[col]
        if pd.api.types.is_datetime64_any_dtype(values):
            fmt = formatting.month if col == "month" else formatting.date
            df[col] = values.map(lambda v, fmt=fmt: fmt(v, lang))
        elif pd.api.types.is_bool_dtype(values):
            df[col] = values.map(lambda v: yes_no.get(bool(v), "–") if pd.notna(v) else "–")
        elif pd.api.types.is_float_dtype(values) and formatting.is_whole(values):
            df[col] = values.map(lambda v: formatting.count(v, lang))
        elif pd.api.types.is_float_dtype(values) and ("rate" in col or "share" in col):
            df[col] = values.map(lambda v: formatting.percent(v, lang))  # rates and their bounds
        elif pd.api.types.is_float_dtype(values):
            df[col] = values.map(lambda v: formatting.number(v, lang, 2))
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            df[col] = values.astype(object).where(values.notna(), "–")
    return df


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The table as shown: each figure with its mark, translated headers and code names; status
    columns fold into their figures and internal columns (leading underscore) are dropped. The
    headers of figure columns are listed in attrs["figures"] (ui.table right-aligns them)."""
    lang = ui.lang()
    df = _code_names(df.copy(), lang)
    figures: list[str] = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    figures = [c for c in figures if not pd.api.types.is_bool_dtype(df[c])]
    for col in [c for c in df.columns if c.endswith(STATUS)]:
        figure = col[: -len(STATUS)]
        if figure in df.columns:
            kind = "decimal" if df[figure].dtype.kind == "f" else "number"
            if kind == "decimal" and formatting.is_whole(df[figure]):
                kind = "number"  # a count stored as a float (35.0) is a count
            if figure.endswith("rate") or figure == "share":
                kind = "percent"
            df[figure] = [
                shown_value(v, s, lang, kind) for v, s in zip(df[figure], df[col], strict=True)
            ]
        df = df.drop(columns=[col])
    df = df.drop(columns=[c for c in df.columns if c.startswith("_")])
    df = _plain(df, lang)
    names: dict[str, str] = {}
    for col in df.columns:
        label = column_label(col, lang)
        # Two columns under one header would be ambiguous: the second keeps its own name.
        names[col] = col if label in names.values() else label
    out = df.rename(columns=names)
    out.attrs["figures"] = [names[c] for c in figures if c in names]
    return out


def exported(df: pd.DataFrame) -> pd.DataFrame:
    """The frame an export holds: the figures as numbers (counts as integers), codes as names,
    each status in the viewer's language beside its figure, headers in the viewer's language,
    internal columns dropped."""
    lang = ui.lang()
    words = _status_words()
    out = df.drop(columns=[c for c in df.columns if c.startswith("_")]).copy()
    out = _code_names(out, lang)
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]) and formatting.is_whole(out[col]):
            out[col] = out[col].round().astype("Int64")  # 35, not 35.0
    names: dict[str, str] = {}
    for col in out.columns:
        if col.endswith(STATUS):
            out[col] = out[col].map(lambda s: words.get(s, s))
            figure = column_label(col[: -len(STATUS)], lang)
            label = ui.t("export.status_column", column=figure)
        else:
            label = column_label(col, lang)
        names[col] = col if label in names.values() else label
    out = out.rename(columns=names)
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
