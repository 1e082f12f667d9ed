"""Issue 18 "Done when": docs/onboarding.md followed literally. The commands of its blocks marked
`onboarding` run as a customer types them (the real CLI, in a process of its own), its edits
(blocks marked `onboarding-edit <source>`) go into the drafts `map init` wrote, on an export not
shaped like ours; the build publishes only the required sources, and every page shows what the
export holds or names the source it lacks, in both languages, never a false zero."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import tomlkit
from odd_export import BAD_LINE, EMPLOYEES, EMPLOYEES_FILE, write_odd_export

from ingest.contract import REQUIRED_SOURCES, SOURCES
from ingest.settings import PROJECT_ROOT

GUIDE = PROJECT_ROOT / "docs" / "onboarding.md"
_BLOCK = re.compile(r"^```\S+ (onboarding(?:-edit \w+)?)\n(.*?)^```", re.M | re.S)


def guide_steps() -> list[tuple[str, str]]:
    """(marker, text) of the guide's marked blocks, in the guide's order."""
    return _BLOCK.findall(GUIDE.read_text(encoding="utf-8"))


def _merge(draft: dict, edit: dict) -> None:
    """An edit as a person makes it: each table's keys set in the draft's table of that name."""
    for key, value in edit.items():
        if isinstance(value, dict) and isinstance(draft.get(key), dict):
            _merge(draft[key], value)
        else:
            draft[key] = value


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    args = shlex.split(command)
    assert args[0] == "talentloop", command
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args[1:]],
        cwd=cwd,
        env={**env, "COLUMNS": "250", "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=1200,
    )


def test_the_guide_marks_its_steps_in_order() -> None:
    steps = guide_steps()
    markers = [m for m, _ in steps]
    assert markers[0] == "onboarding" and "map init" in steps[0][1]
    assert {"onboarding-edit hr_employees", "onboarding-edit org_units"} <= set(markers)
    commands = [line for m, text in steps if m == "onboarding" for line in text.splitlines()]
    assert [c.split()[1] for c in commands] == ["map", "map", "map", "key", "build"]


@pytest.mark.slow
def test_following_the_guide_publishes_an_odd_export_and_the_pages_say_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_odd_export(tmp_path / "landing")
    assert sorted(p.name for p in (tmp_path / "landing").iterdir()) == sorted(REQUIRED_SOURCES)
    for marker, text in guide_steps():
        if marker.startswith("onboarding-edit"):
            path = tmp_path / "home" / "mappings" / f"{marker.split()[1]}.toml"
            draft = tomlkit.parse(path.read_text(encoding="utf-8"))
            _merge(draft, tomlkit.parse(text))
            path.write_text(tomlkit.dumps(draft), encoding="utf-8")
            continue
        for command in text.strip().splitlines():
            ran = _run(command, tmp_path)
            out = ran.stdout + ran.stderr
            if " map check " in f" {command} ":
                # The export's own mistake, named by file, line and the export's column.
                assert ran.returncode == 1, out
                assert f"{EMPLOYEES_FILE} line {BAD_LINE}" in out, out
                assert 'column "Start Date"' in out and "bad_type" in out, out
                assert "nothing was published" in out
            else:
                assert ran.returncode == 0, (command, out[-4000:])
    home = tmp_path / "home"
    serving = home / "serving.duckdb"
    assert serving.is_file()

    con = duckdb.connect(str(serving), read_only=True)
    try:
        people = con.execute("select count(distinct employee_key) from marts.dim_employee")
        assert people.fetchone()[0] == len(EMPLOYEES) - 1  # one row quarantined, no phantom
        # Male, Female and Non-binary loaded as the contract's codes without a value map.
        sexes = dict(
            con.execute("select sex, count(*) from marts.dim_employee group by sex").fetchall()
        )
        assert set(sexes) == {"M", "F", "X"}, sexes
        status = dict(con.execute("select source, status from ops.sources").fetchall())
        assert status["hr_employees"] == status["org_units"] == "ok"
        absent = {s for s, v in status.items() if v != "ok"}
        assert absent == set(SOURCES) - set(REQUIRED_SOURCES)
        _assert_page_figures(con)
    finally:
        con.close()
    _assert_pages_render(home, monkeypatch)


def _assert_page_figures(con: duckdb.DuckDBPyConnection) -> None:
    """Through the public figures API: each page shows what it can and lists what it leaves
    out; a page that needs an absent source is not computed at all."""
    from dashboards.pages import PAGES, SOURCES_MISSING, SourcesMissing, page_figures
    from dashboards.queries import Scope

    admin = Scope(role="admin")
    for spec in PAGES:
        whole = [s for s, keys in spec.needs.items() if not keys]
        if whole:
            with pytest.raises(SourcesMissing) as info:
                page_figures(con, spec.name, admin)
            assert info.value.sources == whole
            continue
        shown = page_figures(con, spec.name, admin)
        left_out = set(shown[SOURCES_MISSING]["figure"])
        assert left_out == {k for keys in spec.needs.values() for k in keys}
        assert not left_out & set(shown)  # never an empty frame standing in for a figure
    quality = page_figures(con, "quality", admin)
    assert int(quality["quarantine"]["rows_quarantined"].sum()) == 1
    found = page_figures(con, "portrait", admin, search="López")["found"]
    assert len(found) == 1


def _assert_pages_render(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page rendered in the app, in both languages: the notice names the source."""
    from dashboards.pages import PAGES, source_names
    from tests.dashboard.conftest import write_users
    from tests.dashboard.test_app_headcount import signed_in

    write_users(home / "users.toml")
    monkeypatch.setenv("TALENTLOOP_HOME", str(home))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    exits = {"en": "Exits (exits)", "zh": f"{SOURCES['exits'].zh}（exits）"}
    for lang in ("en", "zh"):
        at = signed_in("admin", lang=lang)
        for spec in PAGES:
            at.switch_page(f"app_pages/{spec.name}.py")
            if spec.name == "portrait":  # the page shows a person once one is chosen
                at.query_params["employee"] = "00001001"
            at.run()
            at.query_params.clear()
            assert not at.exception, (spec.name, at.exception)
            notices = " ".join(i.value for i in at.info)
            # A page withheld names the sources it cannot do without; a page shown in part
            # names every source it leaves figures out for.
            whole = [s for s, keys in spec.needs.items() if not keys]
            for source in whole or spec.needs:
                assert source_names([source], lang) in notices, (lang, spec.name, notices)
            if "exits" in whole:
                assert exits[lang] in notices
                assert not at.metric, (spec.name, [m.value for m in at.metric])  # no zeros
