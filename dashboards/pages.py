"""The page registry: every page's name (URL path, i18n key page.<name>, app_pages/<name>.py and
dashboards/views/<name>.py), the roles that may open it, and the function that computes its
figures (dashboards/data/figures.py). Navigation, `talentloop bench` and the tests read it."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboards import queries
from dashboards.data import figures
from dashboards.data.figures import NO_FILTERS
from dashboards.queries import Filters, Scope

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
ALL_ROLES = ("executive", "hrbp", "analyst", "admin")


@dataclass(frozen=True)
class PageSpec:
    name: str
    roles: tuple[str, ...]
    figures: Callable[..., figures.Figures]
    # What `talentloop bench` asks of the figures beside scope and filters (a search, say).
    bench_options: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"

    def render(self) -> None:
        importlib.import_module(f"dashboards.views.{self.name}").render()


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", ALL_ROLES, figures.overview),
    PageSpec("headcount", ALL_ROLES, figures.headcount),
    # Executives see aggregates only: the one page about a single person is not theirs.
    PageSpec("portrait", ("hrbp", "analyst", "admin"), figures.portrait, {"search": "0"}),
    PageSpec("retention", ALL_ROLES, figures.retention),
    PageSpec("recruitment", ALL_ROLES, figures.recruitment),
    PageSpec("weights", ALL_ROLES, figures.weights),
    PageSpec("training", ALL_ROLES, figures.training),
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
    return spec.figures(con, scope, filters, **options)


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
