"""The page registry: every page's name (URL path, i18n key page.<name>, app_pages/<name>.py and
dashboards/views/<name>.py), the roles that may open it, the function that computes its
figures (dashboards/data/figures.py) and the optional sources they read. Navigation,
`talentloop bench` and the tests read it.

Sources (issue 18): a page declares, per optional source, the figures computed from it, or
`WHOLE_PAGE`. When `ops.sources` says such a source was never delivered (or holds no rows), the
page is not computed (`SourcesMissing`) or those figures are left out and listed in the
`sources_missing` frame, so the page names the source in the viewer's language instead of
drawing empty charts or zeros. The required sources (org units, employees) need no declaration:
without them nothing is published."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboards import queries
from dashboards.data import figures
from dashboards.data.figures import NO_FILTERS
from dashboards.queries import Filters, Scope
from dashboards.serving import NotBuilt, existing_tables
from ingest.contract import SOURCES

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
ALL_ROLES = ("executive", "hrbp", "analyst", "admin")
# A page that shows nothing true without the source.
WHOLE_PAGE: tuple[str, ...] = ()
SOURCES_MISSING = "sources_missing"  # the figures' frame: figure ("" for the page), source


class SourcesMissing(NotBuilt):
    """An optional source the whole page is computed from has not been delivered."""

    def __init__(self, sources: list[str]) -> None:
        super().__init__([f"source {s}" for s in sources])
        self.sources = sources


@dataclass(frozen=True)
class PageSpec:
    name: str
    roles: tuple[str, ...]
    figures: Callable[..., figures.Figures]
    # What `talentloop bench` asks of the figures beside scope and filters (a search, say).
    bench_options: dict[str, Any] = field(default_factory=dict)
    # Optional source -> the figures computed from it (WHOLE_PAGE: all of them).
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def withheld(self, absent: set[str]) -> tuple[list[str], dict[str, list[str]]]:
        """(sources the whole page needs that are absent, figure -> its absent sources)."""
        whole = [s for s, keys in self.needs.items() if s in absent and keys == WHOLE_PAGE]
        by_figure: dict[str, list[str]] = {}
        for source, keys in self.needs.items():
            if source in absent:
                for key in keys:
                    by_figure.setdefault(key, []).append(source)
        return whole, by_figure

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"

    def render(self) -> None:
        importlib.import_module(f"dashboards.views.{self.name}").render()


# What each page reads beyond the required sources, by lineage: exits end employment spells
# (headcount, attrition) and teach the retention model; performance reviews are the outcome of
# the hiring-quality, weights and training-effect models; AI interviews give competency
# scores; the training sources give courses and enrollments; competency models the required
# levels.
PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        ALL_ROLES,
        figures.overview,
        needs={"exits": WHOLE_PAGE, "performance_reviews": ("hiring",)},
    ),
    PageSpec("headcount", ALL_ROLES, figures.headcount, needs={"exits": WHOLE_PAGE}),
    # Executives see aggregates only: the one page about a single person is not theirs.
    PageSpec(
        "portrait",
        ("hrbp", "analyst", "admin"),
        figures.portrait,
        {"search": "0"},
        needs={"performance_reviews": ("reviews",), "competency_models": ("requirements",)},
    ),
    PageSpec("retention", ALL_ROLES, figures.retention, needs={"exits": WHOLE_PAGE}),
    PageSpec(
        "recruitment",
        ALL_ROLES,
        figures.recruitment,
        needs={"ai_interviews": WHOLE_PAGE, "human_interviews": ("agreement",)},
    ),
    PageSpec(
        "weights",
        ALL_ROLES,
        figures.weights,
        needs={"ai_interviews": WHOLE_PAGE, "performance_reviews": WHOLE_PAGE},
    ),
    PageSpec(
        "training",
        ALL_ROLES,
        figures.training,
        needs={
            "ai_interviews": ("gaps", "gaps_by_competency", "recommendations"),
            "competency_models": ("gaps", "gaps_by_competency", "recommendations"),
            "training_catalog": ("recommendations",),
            "training_enrollments": ("completion", "by_course", "effect"),
            "performance_reviews": ("effect",),
        },
    ),
    PageSpec("quality", ALL_ROLES, figures.quality),
)
BY_NAME: dict[str, PageSpec] = {p.name: p for p in PAGES}


def page_figures(
    con: Any, page: str, scope: Scope, filters: Filters = NO_FILTERS, **options: Any
) -> figures.Figures:
    """Exactly the figures `page` shows `scope` under `filters` (the public entry point)."""
    spec = BY_NAME[page]
    if scope.role not in spec.roles:
        raise PermissionError(f"{scope.role} may not open {page}")
    return computed(spec, con, scope, filters, **options)


def source_names(sources: list[str], lang: str) -> str:
    """Sources by their names in `lang`, each with its landing folder: 离职记录（exits）."""
    names = [
        f"{SOURCES[s].zh}（{s}）" if lang == "zh" else f"{SOURCES[s].en} ({s})"
        for s in dict.fromkeys(sources)
    ]
    return ("、" if lang == "zh" else ", ").join(names)


def absent_sources(con: Any) -> set[str]:
    """Optional sources the serving copy has no rows of (`ops.sources`; none on a copy built
    before it existed, which then shows what it has)."""
    if "ops.sources" not in existing_tables(con):
        return set()
    rows = con.execute("select source from ops.sources where status <> 'ok' and not is_required")
    return {r[0] for r in rows.fetchall()}


def computed(
    spec: PageSpec, con: Any, scope: Scope, filters: Filters = NO_FILTERS, *args: Any, **options
) -> figures.Figures:
    """The page's figures without those computed from an absent source (raises SourcesMissing
    when the whole page needs one); `sources_missing` lists what was left out and why."""
    whole, by_figure = spec.withheld(absent_sources(con))
    if whole:
        raise SourcesMissing(whole)
    shown = spec.figures(con, scope, filters, *args, **options)
    rows = [(key, source) for key, sources in by_figure.items() for source in sources]
    for key in by_figure:
        shown.pop(key, None)
    missing = pd.DataFrame(rows, columns=["figure", "source"])
    missing.attrs["privacy"] = "statistics"  # about sources, no one in particular
    shown[SOURCES_MISSING] = missing
    return shown


def _bench_run(spec: PageSpec) -> Callable[[Any], Any]:
    """What the page computes before drawing, for an admin with the sidebar's default period
    (the last 24 months)."""

    def run(con: Any) -> Any:
        months = queries.months(con)
        start: dt.date = months[max(0, len(months) - 24)]
        return spec.figures(
            con, Scope(role="admin"), Filters(start=start, end=months[-1]), **spec.bench_options
        )

    return run


# Page name -> what it computes, for `talentloop bench`.
PAGE_QUERIES: dict[str, Callable[[Any], Any]] = {p.name: _bench_run(p) for p in PAGES}


def titles(t: Callable[[str], str]) -> dict[str, str]:
    """Page titles, one literal key each (the i18n test checks them)."""
    return {
        "overview": t("page.overview"),
        "headcount": t("page.headcount"),
        "portrait": t("page.portrait"),
        "retention": t("page.retention"),
        "recruitment": t("page.recruitment"),
        "weights": t("page.weights"),
        "training": t("page.training"),
        "quality": t("page.quality"),
    }


def pages_for(role: str, t: Callable[[str], str]) -> list:
    import streamlit as st

    names = titles(t)
    allowed = [p for p in PAGES if role in p.roles]
    return [
        st.Page(str(p.path), title=names[p.name], url_path=p.name, default=i == 0)
        for i, p in enumerate(allowed)
    ]
