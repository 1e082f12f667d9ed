"""Chart builders shared by the pages and the report. Every chart has a title, axis units and a
one-line reading (the subtitle), as the pages' standard asks."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd


def titled(text: str, reading: str) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=[reading], anchor="start")


def radar(levels: pd.DataFrame, title: str, reading: str, legend: str) -> alt.LayerChart:
    """A radar of competency levels: `levels` has label, series, value (one row per axis/series).

    Altair has no polar line mark, so the polygon is drawn in x/y from each axis' angle.
    """
    labels = list(dict.fromkeys(levels["label"]))
    n = max(len(labels), 1)
    top = max(5.0, float(levels["value"].max() or 0))
    angle = {lab: math.pi / 2 - 2 * math.pi * i / n for i, lab in enumerate(labels)}
    pts = levels.assign(
        x=[
            v * math.cos(angle[lab])
            for lab, v in zip(levels["label"], levels["value"], strict=True)
        ],
        y=[
            v * math.sin(angle[lab])
            for lab, v in zip(levels["label"], levels["value"], strict=True)
        ],
        order=[labels.index(lab) for lab in levels["label"]],
    )
    closed = pd.concat([pts, pts[pts["order"] == 0].assign(order=n)], ignore_index=True)
    grid = pd.DataFrame(
        [
            {"ring": r, "x": r * math.cos(angle[lab]), "y": r * math.sin(angle[lab]), "order": i}
            for r in range(1, int(top) + 1)
            for i, lab in enumerate([*labels, labels[0]] if labels else [])
        ]
    )
    ticks = pd.DataFrame(
        [
            {"label": lab, "x": (top + 0.6) * math.cos(a), "y": (top + 0.6) * math.sin(a)}
            for lab, a in angle.items()
        ]
    )
    scale = alt.Scale(domain=[-top - 1.5, top + 1.5])
    x = alt.X("x:Q", scale=scale, axis=None)
    y = alt.Y("y:Q", scale=scale, axis=None)
    rings = (
        alt.Chart(grid).mark_line(color="#ddd").encode(x=x, y=y, detail="ring:N", order="order:Q")
    )
    lines = (
        alt.Chart(closed)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", title=legend),
            order="order:Q",
            tooltip=["label:N", "series:N", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    text = alt.Chart(ticks).mark_text(fontSize=11).encode(x=x, y=y, text="label:N")
    return (rings + lines + text).properties(title=titled(title, reading), width=380, height=380)


def line(
    data: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    reading: str,
    x_title: str,
    y_title: str,
    color: str | None = None,
    color_title: str = "",
) -> alt.Chart:
    enc = {
        "x": alt.X(f"{x}:T", title=x_title, axis=alt.Axis(format="%Y-%m")),
        "y": alt.Y(f"{y}:Q", title=y_title),
        "tooltip": [alt.Tooltip(f"{x}:T", format="%Y-%m"), f"{y}:Q"],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title)
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(**enc)
        .properties(title=titled(title, reading), height=260)
    )


def bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    reading: str,
    category_title: str,
    value_title: str,
    color: str | None = None,
    color_title: str = "",
    percent: bool = False,
) -> alt.Chart:
    enc = {
        "y": alt.Y(f"{category}:N", title=category_title, sort="-x"),
        "x": alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format="%" if percent else ",")),
        "tooltip": [f"{category}:N", alt.Tooltip(f"{value}:Q", format=".1%" if percent else ",")],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title)
        enc["yOffset"] = f"{color}:N"
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(**enc)
        .properties(title=titled(title, reading), height=alt.Step(18))
    )


# --- Issue 19: charts chosen for the question -------------------------------------------------

# Vega's tableau20 keeps 20 categories apart (14 branches repeat colours in the default 10).
MANY_CATEGORIES = "tableau20"
# Hires in blue, exits in orange: the same two colours on every page and in the report.
FLOW_COLORS = ("#4c78a8", "#f58518")
# Title lines wrap before the width a chart can show (CJK characters count double).
TITLE_CHARS = 64


def _wrap(text: str, width: int = TITLE_CHARS) -> list[str]:
    """`text` in lines of at most `width` narrow characters (a CJK character counts two),
    broken at spaces where there are any, so a title is never clipped at the chart's edge."""
    lines, line, used = [], "", 0
    for word in text.replace("，", "，\0").replace("。", "。\0").replace(" ", " \0").split("\0"):
        size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in word)
        if used + size > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
        while size > width:  # one unbreakable run longer than a line (CJK without punctuation)
            cut, n = 0, 0
            while cut < len(word) and n + (2 if ord(word[cut]) > 0x2E80 else 1) <= width:
                n += 2 if ord(word[cut]) > 0x2E80 else 1
                cut += 1
            lines.append(word[:cut])
            word, size = word[cut:], size - n
        line, used = line + word, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def wrapped_title(text: str, reading: str, width: int = TITLE_CHARS) -> alt.TitleParams:
    """A title and its reading in lines that fit the chart (no clipping in zh or en)."""
    return alt.TitleParams(
        text=_wrap(text, width), subtitle=_wrap(reading, int(width * 1.15)), anchor="start"
    )


def top_n_with_others(
    data: pd.DataFrame, label: str, by: str, n: int, others: str, sums: list[str]
) -> pd.DataFrame:
    """The `n` rows largest by `by`, and one row `others` with the `sums` columns added up over
    the rest (so a chart shows top-N plus "others" instead of 80 bars). Rates are for the caller
    to recompute from the sums."""
    ranked = data.sort_values(by, ascending=False)
    top, rest = ranked.head(n), ranked.iloc[n:]
    if rest.empty:
        return top.reset_index(drop=True)
    row = {col: rest[col].sum() for col in sums}
    row[label] = others
    return pd.concat([top, pd.DataFrame([row])], ignore_index=True)


def grouped_bars(
    data: pd.DataFrame,
    x: str,
    value: str,
    group: str,
    title: str,
    reading: str,
    x_title: str,
    value_title: str,
    group_title: str,
    colors: dict[str, str] | None = None,
    x_order: list[str] | None = None,
    percent: bool = False,
) -> alt.Chart:
    """Two or more measures side by side per category (hires beside exits), never stacked: `x`
    is ordinal (a temporal axis cannot offset bars), ordered by `x_order`; the value axis starts
    at zero."""
    color = alt.Color(f"{group}:N", title=group_title)
    if colors:
        color = alt.Color(
            f"{group}:N",
            title=group_title,
            scale=alt.Scale(domain=list(colors), range=list(colors.values())),
        )
    fmt = ".1%" if percent else ","
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", title=x_title, sort=x_order, axis=alt.Axis(labelAngle=-45)),
            xOffset=alt.XOffset(f"{group}:N", sort=list(colors) if colors else None),
            y=alt.Y(
                f"{value}:Q",
                title=value_title,
                scale=alt.Scale(zero=True),
                axis=alt.Axis(format="%" if percent else ","),
            ),
            color=color,
            tooltip=[f"{x}:O", f"{group}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
        )
        .properties(title=wrapped_title(title, reading), height=260)
    )


def ranked_bars(
    data: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    reading: str,
    category_title: str,
    value_title: str,
    percent: bool = False,
    highlight: str | None = None,
) -> alt.Chart:
    """Horizontal bars sorted by value, every label shown (one bar per step, labels never
    thinned), the value axis from zero; `highlight` (a boolean column) picks out bars in the
    accent colour, e.g. the "others" bar in grey."""
    fmt = ".1%" if percent else ","
    enc = {
        "y": alt.Y(f"{category}:N", title=category_title, sort="-x", axis=alt.Axis(labelLimit=280)),
        "x": alt.X(
            f"{value}:Q",
            title=value_title,
            scale=alt.Scale(zero=True, domain=[0, 1] if percent else alt.Undefined),
            axis=alt.Axis(format="%" if percent else ","),
        ),
        "tooltip": [f"{category}:N", alt.Tooltip(f"{value}:Q", format=fmt)],
    }
    if highlight:
        enc["color"] = alt.condition(
            f"datum.{highlight}", alt.value("#4c78a8"), alt.value("#bab0ac")
        )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(**enc)
        .properties(title=wrapped_title(title, reading), height=alt.Step(22))
    )


def hiring_quality(
    data: pd.DataFrame,
    title: str,
    reading: str,
    x_title: str,
    y_title: str,
    score_range: tuple[float, float],
) -> alt.Chart:
    """Mean performance of hires by hire year, on the score's whole range (a 6.7–6.9 axis
    would make noise look like a trend)."""
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("hire_year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean_performance:Q", title=y_title, scale=alt.Scale(domain=list(score_range))),
            tooltip=[
                alt.Tooltip("hire_year:O", title=x_title),
                alt.Tooltip("mean_performance:Q", title=y_title, format=".1f"),
            ],
        )
        .properties(title=wrapped_title(title, reading, 48), height=220)
    )
