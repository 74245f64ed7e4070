"""``diversion-app audit-key export|import``: backing up and restoring the audit key.

The key that seals the audit trail is kept outside the database (keyring or an
owner-only key file). An administrator exports it once, keeps the file somewhere safe
(it is a secret), and imports it on a new computer or after a reinstall; without it
the database does not open, because its trail could no longer be sealed or checked.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from diversion_app.persistence.migrate import DatabaseOpenError, engine_for


def add_audit_key_command(commands: Any, common: argparse.ArgumentParser, user_option: Any) -> None:
    key = commands.add_parser(
        "audit-key", parents=[common], help="export or import the key that seals the audit trail"
    )
    actions = key.add_subparsers(dest="key_action", parser_class=type(key), required=True)
    export = actions.add_parser(
        "export", parents=[common], help="write the key to a file (administrators; keep it safe)"
    )
    user_option(export)
    export.add_argument("--out", type=Path, required=True, help="the key file to write")
    load = actions.add_parser("import", parents=[common], help="load a key exported before")
    load.add_argument("file", type=Path, help="the key file written by 'audit-key export'")


def run_audit_key(args: argparse.Namespace, url: str, sign_in: Any) -> int:
    from diversion_app.app import build_services
    from diversion_app.services.accounts.audit_keys import export_audit_key

    if args.key_action == "import":
        from diversion_app.persistence.audit_key import import_text

        text = Path(args.file).read_text(encoding="utf-8")
        engine = engine_for(url)
        try:
            with engine.begin() as connection:
                where = import_text(connection, text)
        except ValueError as error:
            raise DatabaseOpenError(str(error)) from None
        finally:
            engine.dispose()
        print(f"The audit key is loaded (kept in {where}).")
        return 0
    services = build_services(url)
    try:
        actor = sign_in(args, services)
        export_audit_key(services.ctx, actor, Path(args.out))
    finally:
        services.ctx.sessions.kw["bind"].dispose()
    print(f"The audit key was written to {args.out}. Keep it somewhere safe: it is a secret.")
    return 0
