"""Sign-in hardening on the real app (AppTest) and the real files of a home: lockout with
backoff per user and per client, failures audited, the password policy, disabled users, the
users commands (passwords never on the command line), and the demo users."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import audit
from dashboards.auth import authenticate, load_users, password_problems
from dashboards.lockout import Policy, Throttle
from dashboards.users_admin import UsersError, add_user, create_demo_users, set_password
from ingest.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "dashboards" / "streamlit_app.py")
GOOD = "Quiet-Harbour-2031"
TALENTLOOP = [sys.executable, "-m", "orchestration.cli"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TALENTLOOP_HOME", str(tmp_path))
    monkeypatch.delenv("TALENTLOOP_USERS", raising=False)
    add_user(tmp_path / "users.toml", "admin", role="admin", password=GOOD)
    add_user(tmp_path / "users.toml", "exec", role="executive", password=GOOD + "x")
    return tmp_path


def _attempt(username: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.text_input(key="signin_user").input(username)
    at.text_input(key="signin_password").input(password)
    at.button[-1].click().run()
    assert not at.exception, at.exception
    return at


def _actions(home: Path) -> list[tuple[str, str]]:
    return [(e["user"], e["action"]) for e in audit.read(home / "audit.log")]


def test_thirty_wrong_passwords_then_the_right_one_is_refused_and_audited(home: Path) -> None:
    for _ in range(30):
        at = _attempt("admin", "not-the-password")
        assert "viewer" not in at.session_state
    at = _attempt("admin", GOOD)
    assert "viewer" not in at.session_state
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    actions = _actions(home)
    failed = [a for a in actions if a == ("admin", "sign_in_failed")]
    locked = [a for a in actions if a == ("admin", "sign_in_locked")]
    # The fifth failure locks; later tries are refused before the password is even checked.
    assert len(failed) == 5 and len(locked) == 26
    assert ("admin", "sign_in") not in actions
    assert audit.verify(home / "audit.log").ok


def test_the_lock_grows_exponentially_and_lifts_after_its_time(tmp_path: Path) -> None:
    throttle = Throttle(tmp_path, Policy(free_per_user=3, base_seconds=10, cap_seconds=60))
    t0 = 1_000_000.0
    waits = [throttle.failed("ann", "10.0.0.1", now=t0) for _ in range(6)]
    assert waits == [0, 0, 10, 20, 40, 60]  # capped
    assert throttle.locked_for("ann", "10.0.0.1", now=t0 + 59) > 0
    assert throttle.locked_for("ann", "10.0.0.1", now=t0 + 61) == 0
    throttle.succeeded("ann")
    assert throttle.failed("ann", "10.0.0.1", now=t0 + 62) == 0
    assert stat.S_IMODE((tmp_path / "signin_failures.json").stat().st_mode) == 0o600


def test_one_client_guessing_many_users_is_locked_too(home: Path) -> None:
    for i in range(10):
        _attempt(f"guess{i}", "whatever-Pass-1")
    at = _attempt("admin", GOOD)
    assert "viewer" not in at.session_state
    assert ("admin", "sign_in_locked") in _actions(home)


def test_the_right_password_signs_in_and_clears_the_user_count(home: Path) -> None:
    for _ in range(3):
        _attempt("admin", "wrong-Password-9")
    at = _attempt("admin", GOOD)
    assert at.session_state["viewer"].username == "admin"
    assert ("admin", "sign_in") in _actions(home)
    assert Throttle(home).locked_for("admin", "other-client") == 0


def test_a_disabled_user_cannot_sign_in(home: Path) -> None:
    from dashboards.users_admin import set_disabled

    set_disabled(home / "users.toml", "admin")
    assert authenticate(load_users(home / "users.toml"), "admin", GOOD) is None
    at = _attempt("admin", GOOD)
    assert "viewer" not in at.session_state


@pytest.mark.parametrize(
    "password",
    ["change-me", "short-1A", "alllowercaseletters", "admin-Secret-123", "Change-Me"],
)
def test_the_password_policy_refuses_weak_passwords(tmp_path: Path, password: str) -> None:
    assert password_problems("admin", password)
    with pytest.raises(UsersError, match="password refused"):
        add_user(tmp_path / "users.toml", "admin", role="admin", password=password)


def test_a_long_passphrase_passes_the_policy() -> None:
    assert password_problems("ann", "correct horse battery staple") == []


def test_users_commands_read_the_password_from_stdin_never_argv(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLOOP_")}
    env["TALENTLOOP_HOME"] = str(tmp_path)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [*TALENTLOOP, "users", *args], input=stdin, capture_output=True, text=True, env=env
        )

    weak = run("add", "ann", "--role", "admin", "--password-stdin", stdin="change-me\n")
    assert weak.returncode == 2 and "refused" in weak.stdout
    ok = run("add", "ann", "--role", "hrbp", "--org-unit", "BR001", "--password-stdin", stdin=GOOD)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    users_file = tmp_path / "users.toml"
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    assert GOOD not in users_file.read_text()
    assert authenticate(load_users(users_file), "ann", GOOD).org_units == ("BR001",)
    assert run("passwd", "ann", "--password-stdin", stdin="Other-Harbour-2032\n").returncode == 0
    assert authenticate(load_users(users_file), "ann", "Other-Harbour-2032") is not None
    assert run("disable", "ann").returncode == 0
    listed = run("list")
    assert "ann" in listed.stdout and "disabled" in listed.stdout and "argon2" not in listed.stdout
    # There is no option that takes a password on the command line.
    assert "--password " not in run("add", "--help").stdout.replace("--password-stdin", "")


def test_demo_users_get_distinct_random_passwords_only_in_a_new_home(tmp_path: Path) -> None:
    passwords = create_demo_users(tmp_path / "users.toml")
    users = load_users(tmp_path / "users.toml")
    assert len(set(passwords.values())) == len(passwords) == 4
    assert len({spec["password_hash"] for spec in users.values()}) == 4
    for name, password in passwords.items():
        assert authenticate(users, name, password) is not None
        assert authenticate(users, name, "change-me") is None
    with pytest.raises(UsersError):
        create_demo_users(tmp_path / "users.toml")


def test_the_example_users_file_shares_no_hash_and_signs_nobody_in() -> None:
    users = load_users(PROJECT_ROOT / "users.example.toml")
    assert {spec["role"] for spec in users.values()} == {"executive", "hrbp", "analyst", "admin"}
    assert not any("password_hash" in spec for spec in users.values())
    assert authenticate(users, "hrbp_north", "change-me") is None


def test_a_new_password_is_hashed_again(tmp_path: Path) -> None:
    add_user(tmp_path / "users.toml", "ann", role="admin", password=GOOD)
    before = load_users(tmp_path / "users.toml")["ann"]["password_hash"]
    set_password(tmp_path / "users.toml", "ann", GOOD)
    assert load_users(tmp_path / "users.toml")["ann"]["password_hash"] != before


def test_an_idle_session_is_signed_out_and_told_why(home: Path) -> None:
    (home / "talentloop.toml").write_text("[dashboards]\nidle_minutes = 0.01\n")  # 0.6 s
    at = _attempt("admin", GOOD)
    assert at.session_state["viewer"].username == "admin"
    at.run()  # active: still signed in
    assert "viewer" in at.session_state
    time.sleep(1.0)
    at.run()
    assert "viewer" not in at.session_state
    assert any("inactivity" in i.value for i in at.info)
    assert ("admin", "sign_out") in _actions(home)
    idle = [e for e in audit.read(home / "audit.log") if e["action"] == "sign_out"]
    assert idle[-1]["detail"]["reason"] == "idle_or_disabled"


def test_a_kept_session_ends_with_a_new_password_a_disabled_user_or_idle_time(
    tmp_path: Path,
) -> None:
    from dashboards.session_cookie import SessionPolicy, SessionSigner
    from dashboards.users_admin import set_disabled

    users_file = tmp_path / "users.toml"
    add_user(users_file, "ann", role="admin", password=GOOD)
    signer = SessionSigner(tmp_path, SessionPolicy(idle_minutes=0.01))
    assert stat.S_IMODE((tmp_path / "session.key").stat().st_mode) == 0o600
    token = signer.session_token("ann", load_users(users_file)["ann"]["password_hash"], time.time())
    assert signer.read_session(token, load_users(users_file))[0] == "ann"
    (tmp_path / "other_home").mkdir()
    other = SessionSigner(tmp_path / "other_home")  # another home's key
    assert other.read_session(token, load_users(users_file)) is None
    time.sleep(1.1)
    assert signer.read_session(token, load_users(users_file)) is None  # idle
    fresh = SessionSigner(tmp_path)
    token = fresh.session_token("ann", load_users(users_file)["ann"]["password_hash"], time.time())
    set_password(users_file, "ann", "Another-Harbour-2033")
    assert fresh.read_session(token, load_users(users_file)) is None
    set_password(users_file, "ann", GOOD)
    token = fresh.session_token("ann", load_users(users_file)["ann"]["password_hash"], time.time())
    set_disabled(users_file, "ann")
    assert fresh.read_session(token, load_users(users_file)) is None
    os.chmod(tmp_path / "session.key", 0o644)
    with pytest.raises(RuntimeError, match="readable by others"):
        SessionSigner(tmp_path)
