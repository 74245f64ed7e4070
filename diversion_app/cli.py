"""The command line: the GUI by default, plus ``demo``, ``check``, ``audit``, ``report``,
``sar``, ``audit-key``, ``encrypt`` (an encrypted database is unlocked first: see
cli_encryption.py), ``folders`` and ``backup`` (the last two in cli_maintenance.py, with
``--version``).

Commands that read or write case data sign in with ``--user NAME`` (see cli_auth.py);
``demo`` (fills a new, empty file) and ``check`` (integrity only, no personal data in
its output) are maintenance commands and do not.

Every failure prints one plain line to stderr and exits non-zero; tracebacks go
only to the log file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from diversion_app import logs
from diversion_app.cli_audit_key import add_audit_key_command, run_audit_key
from diversion_app.cli_auth import add_user_option, signed_in_actor
from diversion_app.cli_disclosure import add_recipient_options, recipient_from
from diversion_app.cli_encryption import (
    PassphraseRefused,
    add_encryption_options,
    encrypt_command,
    unlock_for_command,
)
from diversion_app.cli_maintenance import (
    MaintenanceError,
    VersionAction,
    add_maintenance_commands,
    run_backup,
    run_folders,
)
from diversion_app.cli_subject_access import add_sar_command, run_sar
from diversion_app.domain.enums import Area
from diversion_app.domain.errors import DomainError
from diversion_app.domain.timekeeping import parse_uk_date, system_now
from diversion_app.logs import log_failure
from diversion_app.paths import default_database_path, log_dir
from diversion_app.persistence.encryption import EncryptionError
from diversion_app.persistence.engine import session_factory, sqlite_url
from diversion_app.persistence.migrate import (
    DatabaseOpenError,
    check_sqlite_file,
    engine_for,
    open_database,
)
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import ServiceError

log = logging.getLogger(__name__)

DATABASE_URL_ENV = "DIVERSION_DATABASE_URL"
"""A shared database for every copy on a machine (set by policy), unless --db or --database-url."""

EXIT_OK = 0
EXIT_FAULT = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(message)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    where = common.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="the SQLite database file to use")
    where.add_argument(
        "--database-url", help="any SQLAlchemy URL (for a shared PostgreSQL database)"
    )
    add_encryption_options(common)

    parser = _Parser(
        prog="diversion-app",
        description=(
            "Diversion: case tracking for a youth diversion scheme. "
            "With no command it opens the application."
        ),
        epilog="Each command has its own help: diversion-app COMMAND --help.",
        parents=[common],
    )
    parser.add_argument(
        "--version", action=VersionAction, help="print the version and the schema revision"
    )
    commands = parser.add_subparsers(
        dest="command", parser_class=_Parser, title="commands", metavar="COMMAND"
    )
    commands.add_parser("gui", parents=[common], help="open the application (the default)")
    demo = commands.add_parser(
        "demo", parents=[common], help="fill a new database with fictional demo data"
    )
    demo.add_argument("--young-people", type=_positive_int, default=2000)
    demo.add_argument("--seed", type=int, default=2026)
    commands.add_parser(
        "check", parents=[common], help="check a database's integrity and print its revision"
    )
    _add_audit_command(commands, common)
    add_audit_key_command(commands, common, add_user_option)
    add_sar_command(commands, common, add_user_option, _positive_int, _date)
    _add_report_commands(commands, common)
    add_maintenance_commands(commands, common)
    encrypt = commands.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt an existing SQLite database in place (asks for a new passphrase)",
    )
    encrypt.add_argument(
        "--keyring",
        action="store_true",
        help="also keep the passphrase in the system keyring of this account",
    )
    encrypt.add_argument(
        "--remove-plain-backups",
        action="store_true",
        help="overwrite and remove the unencrypted backups beside the database",
    )
    return parser


def _database_file(args: argparse.Namespace) -> Path | None:
    """The SQLite file the command uses (None for a database URL)."""
    if args.database_url:
        return None
    return Path(args.db if args.db is not None else default_database_path()).expanduser()


def _encrypt(args: argparse.Namespace) -> int:
    path = _database_file(args)
    if path is None:
        raise CliError("encrypt works on a SQLite file: give it with --db PATH.")
    print(
        encrypt_command(
            path.resolve(),
            keep_in_keyring=args.keyring,
            remove_plain_backups=args.remove_plain_backups,
        )
    )
    return EXIT_OK


def _add_audit_command(commands: Any, common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="export the audit trail to a CSV file",
    )
    add_user_option(audit)
    audit.add_argument("--csv", type=Path, required=True, help="the CSV file to write")
    audit.add_argument("--young-person", type=_positive_int, help="one young person's record id")
    audit.add_argument("--for-user", metavar="USERNAME", help="one user's events")
    audit.add_argument("--from", dest="date_from", metavar="DD/MM/YYYY", help="first day")
    audit.add_argument("--to", dest="date_to", metavar="DD/MM/YYYY", help="last day")
    add_recipient_options(audit)


def _add_report_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``report caseload`` and ``report performance`` (issue 8)."""
    report = commands.add_parser(
        "report", parents=[common], help="print a caseload or performance report to PDF"
    )
    kinds = report.add_subparsers(dest="report", parser_class=_Parser, required=True)
    caseload = kinds.add_parser(
        "caseload", parents=[common], help="the caseload summary of a caseworker, area or team"
    )
    add_user_option(caseload)
    caseload.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    whose = caseload.add_mutually_exclusive_group()
    whose.add_argument("--caseworker", metavar="USERNAME", help="one caseworker's caseload")
    whose.add_argument("--area", choices=[area.value for area in Area], help="one area")
    caseload.add_argument(
        "--as-of", type=_date, metavar="DATE", help="the date (dd/mm/yyyy); today if left out"
    )
    add_recipient_options(caseload)
    performance = kinds.add_parser(
        "performance", parents=[common], help="the period performance report"
    )
    add_user_option(performance)
    performance.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    performance.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    performance.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    add_recipient_options(performance)
    kpi = kinds.add_parser(
        "kpi", parents=[common], help="the quarterly KPI return for the YJB (PDF and CSV)"
    )
    kpi.add_argument("--quarter", required=True, metavar="YYYYQn", help="for example 2026Q3")
    kpi.add_argument("--out", type=Path, required=True, help="the file to write: a .pdf, or a .csv")
    kpi.add_argument("--csv", type=Path, help="also write the exact figures to this CSV file")
    add_recipient_options(kpi)
    add_user_option(kpi)


def _date(text: str) -> date:
    """A date typed the UK way (28/11/2026) or as ISO (2026-11-28)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        return parse_uk_date(text)
    except DomainError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    path = args.db if args.db is not None else default_database_path()
    return sqlite_url(Path(path).expanduser().resolve())


def existing_database_url(args: argparse.Namespace) -> str:
    """The URL of a database that must already exist (a mistyped path is not a new file)."""
    if not args.database_url:
        path = Path(args.db if args.db is not None else default_database_path()).expanduser()
        if not path.exists():
            raise CliError(f"There is no database at {path}.")
    return database_url(args)


def refuse_bad_outputs(args: argparse.Namespace, *outputs: Path | None) -> None:
    """Refuse an output that is the database, one of its files or another database before
    the database is opened or anyone signs in, so a refused command changes nothing at all
    (the services check again when they write)."""
    from diversion_app.services.base.safe_output import output_problem

    database = _database_file(args)
    for output in outputs:
        problem = output_problem(output, database) if output is not None else None
        if problem:
            raise CliError(problem)


def _demo(args: argparse.Namespace) -> int:
    from diversion_app.demo.generator import build_demo

    opened = open_database(database_url(args), now=system_now())
    ctx = ServiceContext(session_factory(opened.engine))
    summary = build_demo(ctx, young_people=args.young_people, seed=args.seed)
    print(
        f"Demo database ready: {summary.young_people} young people in {summary.households} "
        f"households, {summary.referrals} referrals, {summary.contacts} contacts, "
        f"{summary.visits} visits, {summary.community_resolutions} Community Resolutions, "
        f"{summary.schools} schools."
    )
    print(
        "Created one account per role (sign in with these; the passwords are fictional "
        "and for trying the application only):"
    )
    for username, role, password in summary.users:
        print(f"  {username:14} {role:14} {password}")
    opened.engine.dispose()
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from diversion_app.persistence.migrate import known_revisions
    from diversion_app.services.accounts.maintenance import check_database

    url = database_url(args)
    if not args.database_url:
        path = Path(args.db if args.db is not None else default_database_path()).expanduser()
        if not path.exists():
            raise CliError(f"There is no database at {path}.")
        check_sqlite_file(path)
    engine = engine_for(url)
    try:
        report = check_database(ServiceContext(session_factory(engine)))
    finally:
        engine.dispose()
    print(f"Schema revision: {report.revision or 'none'} (current: {report.head})")
    if report.revision is not None and report.revision not in known_revisions():
        print("This database was written by a newer version of Diversion.")
    for problem in report.problems:
        print(f"FAULT: {problem}")
    if report.ok:
        print("No faults found.")
        return EXIT_OK
    print(f"{len(report.problems)} fault(s) found.")
    return EXIT_FAULT


def _audit(args: argparse.Namespace) -> int:
    from diversion_app.app import build_services
    from diversion_app.domain.timekeeping import parse_uk_date
    from diversion_app.services.accounts.admin_lists import AuditFilter

    refuse_bad_outputs(args, args.csv)
    services = build_services(existing_database_url(args))
    try:
        actor = signed_in_actor(args, services)
        user_id = None
        if args.for_user:
            matches = [
                person.id
                for person in services.admin.audit_people(actor)
                if person.username == args.for_user.strip().lower()
            ]
            if not matches:
                raise CliError(f"There is no user called {args.for_user}.")
            user_id = matches[0]
        where = AuditFilter(
            young_person_id=args.young_person,
            user_id=user_id,
            date_from=parse_uk_date(args.date_from) if args.date_from else None,
            date_to=parse_uk_date(args.date_to) if args.date_to else None,
        )
        count = services.admin.export_audit_csv(
            actor, where, args.csv, for_whom=recipient_from(args)
        )
    finally:
        services.ctx.sessions.kw["bind"].dispose()
    print(f"Wrote {count} audit events to {args.csv}.")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from diversion_app.services.registry import Services
    from diversion_app.services.reports.caseload_data import CaseloadScope

    refuse_bad_outputs(args, args.out, getattr(args, "csv", None))
    opened = open_database(existing_database_url(args), now=system_now())
    try:
        services = Services.build(ServiceContext(session_factory(opened.engine)))
        actor = signed_in_actor(args, services)
        if args.report == "caseload":
            scope = CaseloadScope(
                caseworker_username=args.caseworker,
                area=Area(args.area) if args.area else None,
            )
            written = services.reports.write_caseload_pdf(
                actor, args.out, scope, args.as_of, for_whom=recipient_from(args)
            )
            print(
                f"Caseload summary written to {written.path}: {written.rows} open referrals, "
                f"{written.pages} pages."
            )
        elif args.report == "kpi":
            _kpi(services, actor, args)
        else:
            written = services.reports.write_performance_pdf(
                actor, args.out, args.start, args.end, for_whom=recipient_from(args)
            )
            print(f"Period performance report written to {written.path}: {written.pages} pages.")
    finally:
        opened.engine.dispose()
    return EXIT_OK


def _kpi(services: Any, actor: Any, args: argparse.Namespace) -> None:
    targets = [args.out] + ([args.csv] if args.csv else [])
    for target in targets:
        if Path(target).suffix.lower() == ".csv":
            written = services.kpi.write_csv(
                actor, target, args.quarter, for_whom=recipient_from(args)
            )
            print(
                f"KPI return ({args.quarter}) written to {written.path} as CSV: "
                f"{written.rows} rows."
            )
        else:
            written = services.kpi.write_pdf(
                actor, target, args.quarter, for_whom=recipient_from(args)
            )
            print(f"KPI return ({args.quarter}) written to {written.path}: {written.pages} pages.")


def _audit_key(args: argparse.Namespace) -> int:
    return run_audit_key(args, existing_database_url(args), signed_in_actor)


def _sar(args: argparse.Namespace) -> int:
    return run_sar(args, existing_database_url(args), signed_in_actor)


def _gui(args: argparse.Namespace) -> int:
    from diversion_app.app import run_gui

    return run_gui(database_url(args), create_encrypted=args.encrypted)


def main(argv: Sequence[str] | None = None) -> int:
    logs.configure(log_dir() / "diversion.log")
    try:
        args = build_parser().parse_args(argv)
        if args.db is None and not args.database_url:
            args.database_url = os.environ.get(DATABASE_URL_ENV) or None
        command = args.command or "gui"
        if command != "encrypt":
            unlock_for_command(
                _database_file(args), create_encrypted=args.encrypted, ask=command != "gui"
            )
        handler = {
            "gui": _gui,
            "demo": _demo,
            "check": _check,
            "audit": _audit,
            "report": _report,
            "folders": run_folders,
            "backup": run_backup,
            "audit-key": _audit_key,
            "sar": _sar,
            "encrypt": _encrypt,
        }[command]
        return handler(args)
    except CliError as error:
        print(f"diversion-app: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (
        DatabaseOpenError,
        ServiceError,
        DomainError,
        MaintenanceError,
        PassphraseRefused,
        EncryptionError,
    ) as error:
        print(f"diversion-app: {error}", file=sys.stderr)
        return EXIT_FAULT
    except OSError as error:
        log.error("file error: %s", error.__class__.__name__)
        print(f"diversion-app: cannot use the file: {error.strerror}.", file=sys.stderr)
        return EXIT_FAULT
    except Exception as error:  # the last line of defence: no traceback for the user
        log_failure(log, "command line", error)
        print(
            f"diversion-app: an unexpected {error.__class__.__name__} happened; "
            "details are in the log file.",
            file=sys.stderr,
        )
        return EXIT_FAULT
