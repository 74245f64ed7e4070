"""``diversion-app sar --young-person N --out DIR``: a subject access pack from the command
line (supervisors). Records the request (received today unless ``--received`` says when,
from the young person unless ``--requester`` names someone acting for them), or answers
the one already open for that young person, and writes the PDF and JSON into DIR (made if
it does not exist; a file, or a folder that cannot be written, is refused first)."""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from diversion_app.domain.errors import ValidationError
from diversion_app.domain.subject_access import RequestDraft, Requester
from diversion_app.domain.timekeeping import london_today


def add_sar_command(
    commands: Any, common: argparse.ArgumentParser, user_option: Any, positive_int: Any, day: Any
) -> None:
    sar = commands.add_parser(
        "sar", parents=[common], help="make a subject access pack for one young person"
    )
    user_option(sar)
    sar.add_argument("--young-person", type=positive_int, required=True, help="the record number")
    sar.add_argument("--out", type=Path, required=True, help="the folder to write the pack into")
    sar.add_argument("--received", type=day, metavar="DATE", help="when the request came in")
    sar.add_argument(
        "--requester", metavar="NAME", help="someone acting for the young person (solicitor)"
    )


def prepare_folder(folder: Path) -> Path | None:
    """Make ``folder`` (and its parents) if it does not exist; the outermost folder made
    here, or None. A path that is a file, or a folder that cannot be made or written, is
    refused plainly (``ValidationError``) before anything is recorded."""
    from diversion_app.services.people.subject_access import usable_folder

    folder = folder.expanduser()
    made: Path | None = None
    if not folder.exists() and not folder.is_symlink():
        made = folder
        while not made.parent.exists() and made.parent != made:
            made = made.parent
        try:
            folder.mkdir(parents=True)
        except OSError as error:
            raise ValidationError(
                {"folder": f"The folder {folder} cannot be made ({error.strerror})."}
            ) from None
    usable_folder(folder)
    return made


def run_sar(args: argparse.Namespace, url: str, sign_in: Any) -> int:
    from diversion_app.app import build_services

    made = prepare_folder(args.out)
    try:
        return _answer(args, url, sign_in, build_services)
    except BaseException:
        if made is not None:  # nothing left behind: the folders made for a pack not written
            shutil.rmtree(made, ignore_errors=True)
        raise


def _answer(args: argparse.Namespace, url: str, sign_in: Any, build_services: Any) -> int:
    services = build_services(url)
    try:
        actor = sign_in(args, services)
        sar = services.subject_access
        request_id = sar.open_request_for(actor, args.young_person)
        if request_id is None:
            received: date = args.received or london_today(services.ctx.now())
            requester = Requester.REPRESENTATIVE if args.requester else Requester.YOUNG_PERSON
            request_id = sar.record_request(
                actor,
                RequestDraft(args.young_person, requester, args.requester or "", received),
            )
        written = sar.make_pack(actor, request_id, args.out)
    finally:
        services.ctx.sessions.kw["bind"].dispose()
    print(
        f"Subject access pack written: {written.pdf} ({written.pages} pages) and "
        f"{written.json.name} ({written.referrals} referrals)."
    )
    return 0
