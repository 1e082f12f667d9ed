"""Auth, audit log, exports and formatting on small inputs."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from dashboards import audit, exports, formatting
from dashboards.auth import Viewer, authenticate, load_users, viewer_for_email
from dashboards.data import protect
from dashboards.privacy import PrivacyError, PrivacyPolicy, protect_individuals
from tests.dashboard.conftest import PASSWORD, write_users

ROOT = Path(__file__).resolve().parents[2]


def test_local_users_file_with_argon2_hashes(tmp_path: Path) -> None:
    users = load_users(write_users(tmp_path / "users.toml"))
    assert users["hrbp1"]["password_hash"].startswith("$argon2id$")
    viewer = authenticate(users, "hrbp1", PASSWORD)
    assert viewer == Viewer("hrbp1", "Hrbp1", "hrbp", ("BR001",))
    assert authenticate(users, "hrbp1", "nope") is None
    assert authenticate(users, "nobody", PASSWORD) is None


def test_example_users_file_parses_and_has_every_role() -> None:
    users = load_users(ROOT / "users.example.toml")
    roles = {spec["role"] for spec in users.values()}
    assert roles == {"executive", "hrbp", "analyst", "admin"}
    # No shared demo hash: the example signs nobody in (tests/security/test_signin.py).
    assert authenticate(users, "hrbp_north", "change-me") is None


def test_oidc_identity_maps_to_a_role() -> None:
    users = {"eve": {"role": "executive", "email": "Eve@Bank.example"}}
    assert viewer_for_email(users, "eve@bank.example").role == "executive"
    assert viewer_for_email(users, "mallory@bank.example") is None


def test_hrbp_without_org_units_is_refused() -> None:
    with pytest.raises(ValueError):
        Viewer("x", "X", "hrbp")


def test_audit_log_appends_json_lines(tmp_path: Path) -> None:
    log = tmp_path / "audit.log"
    audit.record(log, user="a", role="admin", action="view", page="headcount")
    audit.record(log, user="b", role="hrbp", action="export", page="retention", detail={"rows": 3})
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["user"] for line in lines] == ["a", "b"]
    assert audit.read(log)[1]["detail"] == {"rows": 3}
    assert dt.datetime.fromisoformat(audit.read(log)[0]["at"]).tzinfo is not None


def test_exports_go_through_the_privacy_layer() -> None:
    backtest = pd.DataFrame(
        {
            "risk_band": ["A", "B", "C"],
            "employees": [2, 3, 40],
            "actual_rate": [0.111, 0.222, 0.333],
        }
    )
    protected = protect.groups("ml.retention_backtest", backtest, PrivacyPolicy())
    csv = exports.to_csv_bytes(protected).decode("utf-8-sig")
    # Groups under min_group keep their row but not their figures, marked withheld.
    assert "0.333" in csv and "0.111" not in csv and "0.222" not in csv
    assert csv.count("withheld") == 4
    xlsx = pl.read_excel(io.BytesIO(exports.to_excel_bytes(protected)))
    assert xlsx["actual_rate"].to_list()[:2] == [None, None]
    with pytest.raises(PrivacyError):
        exports.to_csv_bytes(pd.DataFrame({"n": [1]}))
    people = protect_individuals(
        pd.DataFrame({"employee_key": ["1"], "name": ["张三"], "org_unit_code": ["X"]}), "analyst"
    )
    assert "张三" not in exports.to_csv_bytes(people).decode("utf-8-sig")


def test_formatting_follows_the_language() -> None:
    assert formatting.number(1234567, "en") == "1,234,567"
    assert formatting.percent(0.1234, "zh") == "12.3%"
    assert formatting.month(dt.date(2025, 3, 1), "zh") == "2025年3月"
    assert formatting.month(dt.date(2025, 3, 1), "en") == "Mar 2025"
    assert formatting.date(dt.date(2025, 3, 1), "zh") == "2025年3月1日"
    assert formatting.number(None, "en") == "–"
    assert formatting.signed_number(-3, "en") == "−3"
