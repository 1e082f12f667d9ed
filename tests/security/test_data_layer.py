"""One data layer pages cannot bypass: pages import nothing that reads the serving copy or
protects rows, every served table is declared, one registry names the pages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboards import pages
from dashboards.data import catalog
from dashboards.data.figures import served_table
from dashboards.queries import Scope

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"
PAGE_MODULES = sorted([*DASHBOARDS.glob("views/*.py"), *DASHBOARDS.glob("app_pages/*.py")])
# What reads the serving copy, or protects rows (a page choosing its own protection).
FORBIDDEN = (
    "duckdb",
    "dashboards.serving",
    "dashboards.queries",
    "dashboards.privacy",
    "dashboards.data.views",
    "dashboards.data.protect",
    "dashboards.data.cellkey",
    "dashboards.data.catalog",
    "dashboards.data.figures",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("path", PAGE_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_pages_import_nothing_that_reads_the_database(path: Path) -> None:
    bad = {n for n in _imports(path) for f in FORBIDDEN if n == f or n.startswith(f + ".")}
    assert not bad, bad
    assert "ui.load" not in path.read_text(encoding="utf-8")


def test_the_scan_would_catch_a_page_reading_the_database(tmp_path: Path) -> None:
    page = tmp_path / "sneaky.py"
    page.write_text("from dashboards import queries\nimport duckdb\n", encoding="utf-8")
    assert {"dashboards.queries", "duckdb"} <= _imports(page)


def test_a_table_without_a_declaration_cannot_be_served(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "serving.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.people_extra as select 'x' as name")
    with duckdb.connect(str(path), read_only=True) as con, pytest.raises(catalog.Undeclared):
        served_table(con, "marts.people_extra", Scope(role="admin"), None)


def test_every_table_the_queries_read_is_declared() -> None:
    import re

    text = (DASHBOARDS / "queries.py").read_text(encoding="utf-8")
    tables = set(re.findall(r'"((?:marts|ml|ops)\.[a-z_]+)"', text))
    tables |= {
        t
        for p in (DASHBOARDS / "data").glob("*.py")
        for t in re.findall(r'"((?:marts|ml|ops)\.[a-z_]+)"', p.read_text(encoding="utf-8"))
    }
    assert tables and tables <= set(catalog.SERVED), tables - set(catalog.SERVED)


def test_one_registry_names_every_page() -> None:
    names = [p.name for p in pages.PAGES]
    assert sorted(names) == sorted(p.stem for p in DASHBOARDS.glob("app_pages/*.py"))
    assert sorted(names) == sorted(
        p.stem for p in DASHBOARDS.glob("views/*.py") if p.stem not in ("__init__", "common")
    )
    assert set(pages.PAGE_QUERIES) == set(names)
    assert set(pages.titles(lambda k: k)) == set(names)
    with pytest.raises(PermissionError):
        pages.page_figures(
            None, "portrait", __import__("dashboards.queries").queries.Scope("executive")
        )
