"""TalentLoop dashboards: sign-in, language, shared filters, and the pages the role may open.

Run with `streamlit run dashboards/streamlit_app.py` (TALENTLOOP_HOME points at the installation).
Pages a role may not open are not registered with st.navigation, so their URLs do not route.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboards import sidebar, signin, ui  # noqa: E402
from dashboards.pages import pages_for  # noqa: E402
from ingest import vocabulary  # noqa: E402
from ingest.settings import load_settings  # noqa: E402

# Vocabulary labels (job families, competencies) are this home's reference data.
vocabulary.activate_home(load_settings().home)

st.set_page_config(page_title="TalentLoop", layout="wide")
signin.restore_language()  # a reload keeps the signed language and sign-in (signed cookies)
signin.remember_language(sidebar.language_switch())
viewer = signin.current_viewer()
if viewer is None:
    # Register every page, hidden and never run, so the address someone opened (/portrait?...)
    # survives sign-in; after it only the role's pages are registered.
    st.navigation(pages_for("admin", ui.t), position="hidden")
    st.stop()
sidebar.viewer_box(viewer, signin.sign_out)
navigation = st.navigation(pages_for(viewer.role, ui.t))
sidebar.filters()
navigation.run()
