"""Chart builders shared by the pages and the report. Every chart has a title, axis units and a
one-line reading (the subtitle), as the pages' standard asks."""

from __future__ import annotations

import math
import re

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


def wrapped(text: str, width: int = 48) -> list[str]:
    """`text` as lines of at most `width` columns (a Chinese character counts two), so a
    title or reading is never clipped by a narrow chart."""
    lines: list[str] = []
    line, used = "", 0
    for word in re.findall(
        r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*", text
    ):
        cost = 2 if len(word) == 1 and ord(word) >= 0x3000 else len(word.rstrip())
        if line and used + cost > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line += word
        used += cost + (len(word) - len(word.rstrip()))
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def titled_wrapped(text: str, reading: str, width: int = 48) -> alt.TitleParams:
    """`titled` with title and reading wrapped to `width` columns."""
    return alt.TitleParams(
        text=wrapped(text, width), subtitle=wrapped(reading, width + 12), anchor="start"
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
        .properties(title=titled_wrapped(title, reading), height=220)
    )
