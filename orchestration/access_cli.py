"""`talentloop users | audit`: the users file and the audit log from the command line.

Passwords are read from a hidden prompt or, with `--password-stdin`, from one line of standard
input: never from the command line, where `ps` and the shell history would show them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.settings import load_settings

console = Console()
users_app = typer.Typer(help="Dashboard users: add, passwd, disable, enable, list, demo.")
audit_app = typer.Typer(help="The tamper-evident audit log.")

HomeOpt = Annotated[
    Path | None,
    typer.Option("--home", envvar="TALENTLOOP_HOME", help="The installation's home folder."),
]
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from one line of stdin.")
]


def _users_file(home: Path | None) -> Path:
    from dashboards.auth import users_path

    return users_path(load_settings(home).home)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


def _refused(exc: Exception) -> typer.Exit:
    console.print(f"[red]refused[/red]: {exc}")
    return typer.Exit(2)


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="executive | hrbp | analyst | admin")],
    name: Annotated[str | None, typer.Option(help="Name shown in the app.")] = None,
    org_unit: Annotated[
        list[str] | None, typer.Option("--org-unit", help="hrbp: an org unit (repeat).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="OpenID Connect identity.")] = None,
    password_stdin: StdinOpt = False,
    home: HomeOpt = None,
) -> None:
    """Add a user with an argon2 hash of a password that meets the policy."""
    from dashboards.users_admin import UsersError, add_user

    path = _users_file(home)
    try:
        add_user(
            path,
            username,
            role=role,
            password=_read_password(password_stdin),
            name=name,
            org_units=tuple(org_unit or ()),
            email=email,
        )
    except UsersError as exc:
        raise _refused(exc) from None
    console.print(f"added {username} ({role}) to {path}")


@users_app.command("passwd")
def users_passwd(username: str, password_stdin: StdinOpt = False, home: HomeOpt = None) -> None:
    """Set a new password (the user's kept sessions end)."""
    from dashboards.users_admin import UsersError, set_password

    try:
        set_password(_users_file(home), username, _read_password(password_stdin))
    except UsersError as exc:
        raise _refused(exc) from None
    console.print(f"new password set for {username}")


@users_app.command("disable")
def users_disable(username: str, home: HomeOpt = None) -> None:
    """Refuse the user's sign-in and end their kept sessions; the entry stays for the audit."""
    from dashboards.users_admin import UsersError, set_disabled

    try:
        set_disabled(_users_file(home), username, True)
    except UsersError as exc:
        raise _refused(exc) from None
    console.print(f"disabled {username}")


@users_app.command("enable")
def users_enable(username: str, home: HomeOpt = None) -> None:
    """Allow a disabled user to sign in again."""
    from dashboards.users_admin import UsersError, set_disabled

    try:
        set_disabled(_users_file(home), username, False)
    except UsersError as exc:
        raise _refused(exc) from None
    console.print(f"enabled {username}")


@users_app.command("list")
def users_list(home: HomeOpt = None) -> None:
    """The users, their roles and scope (never the hashes)."""
    from dashboards.users_admin import list_users

    table = Table("user", "name", "role", "org units", "e-mail", "status")
    for u in list_users(_users_file(home)):
        status = "disabled" if u["disabled"] else ("active" if u["has_password"] else "no password")
        table.add_row(
            u["user"], u["name"], u["role"], ", ".join(u["org_units"]), u["email"] or "", status
        )
    console.print(table)


@users_app.command("demo")
def users_demo(home: HomeOpt = None) -> None:
    """The demo bank's four users with random passwords, printed once (a new demo home only)."""
    from dashboards.users_admin import UsersError, create_demo_users

    path = _users_file(home)
    try:
        passwords = create_demo_users(path)
    except UsersError as exc:
        console.print(f"demo users: {exc}")
        return
    console.print(f"demo users in {path} (passwords shown once, not stored):")
    for username, password in passwords.items():
        console.print(f"  {username:<12} {password}")


@audit_app.command("verify")
def audit_verify(home: HomeOpt = None) -> None:
    """Check the hash chain; exit 1 and name the first edited, inserted or deleted line."""
    from dashboards import audit

    path = load_settings(home).audit_log_path
    verdict = audit.verify(path)
    if verdict.ok:
        console.print(f"{path}: {verdict}")
        return
    console.print(f"[red]{path}: tampered[/red]: {verdict}")
    raise typer.Exit(1)


def erase(
    employee: Annotated[str, typer.Option("--employee", help="Employee number (any HR form).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")],
    home: HomeOpt = None,
    landing: Annotated[
        Path | None,
        typer.Option("--landing", envvar="TALENTLOOP_LANDING", help="Landing folder."),
    ] = None,
) -> None:
    """Erase one person from the raw layer, archive, marts, serving and analyst files and the
    decision store; a tombstone keeps rebuilds and re-delivered exports from bringing them back.

    Rebuilds and republishes (the home's build lock is held throughout). Exit 2 when the person
    is unknown, 3 when a build holds the home, 1 when the rebuild did not publish."""
    import getpass

    from orchestration.build_lock import BuildLocked
    from orchestration.erasure import ErasureError
    from orchestration.erasure import erase as run_erase

    settings = load_settings(home, landing)
    try:
        with console.status("erasing, rebuilding and publishing"):
            report = run_erase(settings, employee, reason, actor=getpass.getuser())
    except ErasureError as exc:
        raise _refused(exc) from None
    except BuildLocked as exc:
        console.print(f"[red]not started[/red]: {exc}")
        raise typer.Exit(3) from None
    console.print(f"erased employee {report.employee_key}")
    for source, n in sorted(report.rows_erased.items()):
        console.print(f"  raw.{source}: {n} row(s) moved to the quarantine as erased")
    for ref, n in sorted(report.references_blanked.items()):
        console.print(f"  raw.{ref}: {n} reference(s) blanked")
    console.print(f"  quarantine payloads removed: {report.quarantine_payloads_removed}")
    console.print(f"  archived files rewritten: {len(report.archive_files_rewritten)}")
    console.print(f"  decision store rows deleted: {report.decision_rows_deleted}")
    if not report.published:
        console.print("[red]the rebuild did not publish[/red]: the serving copy still holds them")
        raise typer.Exit(1)
    console.print("[green]rebuilt and published[/green]")
