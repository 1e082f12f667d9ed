"""The page registry: which pages exist, their files, URLs and the roles that may open them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
ALL_ROLES = ("executive", "hrbp", "analyst", "admin")


@dataclass(frozen=True)
class PageSpec:
    name: str  # also the URL path and the i18n key page.<name>
    roles: tuple[str, ...]

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", ALL_ROLES),
    PageSpec("headcount", ALL_ROLES),
    # Executives see aggregates only: the one page about a single person is not theirs.
    PageSpec("portrait", ("hrbp", "analyst", "admin")),
    PageSpec("retention", ALL_ROLES),
    PageSpec("recruitment", ALL_ROLES),
    PageSpec("weights", ALL_ROLES),
    PageSpec("training", ALL_ROLES),
    PageSpec("quality", ALL_ROLES),
)


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


def pages_for(role: str, t: Callable[[str], str]) -> list[st.Page]:
    names = titles(t)
    allowed = [p for p in PAGES if role in p.roles]
    return [
        st.Page(str(p.path), title=names[p.name], url_path=p.name, default=i == 0)
        for i, p in enumerate(allowed)
    ]
