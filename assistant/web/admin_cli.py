"""`assistant admin set-password`: set the teachers' admin password (only its hash is kept)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from assistant.config import DEFAULT_CONFIG_DIR, load_config
from assistant.errors import AssistantError
from assistant.store import Store
from assistant.web.auth import MIN_PASSWORD_LENGTH, PasswordStore


def add_admin_commands(commands: argparse._SubParsersAction) -> None:
    """Add `assistant admin ...` to the command line."""
    admin = commands.add_parser("admin", help="the teachers' admin pages")
    sub = admin.add_subparsers(dest="admin_command", required=True)
    set_password = sub.add_parser("set-password", help="set the admin password (asked twice)")
    set_password.add_argument("--config", type=Path,
                              help="folder with assistant.yml (default: bundled example)")
    set_password.add_argument("--password-stdin", action="store_true",
                              help="read the password from the first line of standard input")
    set_password.set_defaults(handler=set_password_command)


def set_password_command(args: argparse.Namespace, assistant: object = None) -> int:
    """Ask for the password (or read it from stdin) and store its hash in the preschool's SQLite file."""
    config_dir = Path(args.config or DEFAULT_CONFIG_DIR)
    config = load_config(config_dir)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("New admin password: ")
        if getpass.getpass("Once more: ") != password:
            raise AssistantError("the two passwords differ; nothing was changed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AssistantError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters; "
                             "nothing was changed")
    store = Store(config_dir / (config.storage.path or "var/assistant.sqlite3"))
    try:
        PasswordStore(store).set(password)
    finally:
        store.close()
    print(f"The admin password is set for {config.preschool.name}. Log in at /admin.")
    return 0
