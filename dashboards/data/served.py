"""The one door from a page to data: the signed-in viewer's figures of a page, cached per
serving copy. Pages import this module and nothing that opens the serving copy or protects
rows themselves (tests/security/test_data_layer.py scans their imports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboards import serving
from dashboards.data import figures as page_functions
from dashboards.data.figures import Figures
from dashboards.data.protect import EXACT, NOT_COMPUTED, PERTURBED, WITHHELD, status_of
from dashboards.privacy import PrivacyError, PrivacyPolicy
from dashboards.queries import Filters, Scope
from dashboards.serving import NotBuilt, serving_path

CACHE_SECONDS = 300

__all__ = [
    "EXACT",
    "NOT_COMPUTED",
    "PERTURBED",
    "WITHHELD",
    "NotBuilt",
    "PrivacyError",
    "page",
    "serving_path",
    "sidebar_options",
    "status_of",
]


def _stamp() -> tuple[str, float]:
    """Path and modification time: a newly published copy invalidates the cache."""
    path = serving_path()
    return str(path), (path.stat().st_mtime if path.is_file() else 0.0)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _cached(
    name: str,
    path: str,
    mtime: float,
    scope: Scope,
    filters: Filters,
    policy: PrivacyPolicy,
    options: tuple,
) -> Figures:
    from dashboards.pages import BY_NAME, computed

    with serving.connect(Path(path)) as con:
        if name == "_sidebar":
            return page_functions.sidebar_options(con, scope)
        return computed(BY_NAME[name], con, scope, filters, policy, **dict(options))


def page(
    name: str, scope: Scope, filters: Filters, policy: PrivacyPolicy, **options: Any
) -> Figures:
    """The figures page `name` shows this viewer (raises NotBuilt when the copy or a table the
    page cannot do without is absent)."""
    path, mtime = _stamp()
    return _cached(name, path, mtime, scope, filters, policy, tuple(sorted(options.items())))


def sidebar_options(scope: Scope) -> dict[str, pd.DataFrame]:
    path, mtime = _stamp()
    return _cached("_sidebar", path, mtime, scope, Filters(), PrivacyPolicy(), ())
