"""Walks every main page and dialog as each role and lists buttons a person could not reach.

Run in its own process with a screen of a given size (the offscreen platform reads it from
a JSON file), e.g. ``QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m
tests.ui.fit_walk``. Prints one line per problem (nothing when every button can be reached)
and saves the windows to ``--save FOLDER`` when asked. ``test_screen_fit`` runs it at
1366x698 (a 1366x768 laptop less its task bar) and at 911x442 (the same at 150%).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.screenshot_support import demo_actor, scene

Factory = Callable[[], Any]


def _first(ctx: Any, statement: Any) -> Any:
    with ctx.read_only() as session:
        return session.execute(statement.limit(1)).scalar_one()


def windows(sc: Any) -> Iterator[tuple[str, Factory]]:
    """(name, factory) for each dialog and record window, as the role that uses it."""
    import sqlalchemy as sa

    from diversion_app.domain.enums import ReferralStatus, Role
    from diversion_app.persistence import models as m
    from diversion_app.ui.accounts.account_dialogs import NewAccountDialog
    from diversion_app.ui.accounts.sign_in import FirstAdministratorDialog, SignInDialog
    from diversion_app.ui.casework.assessment_form import AssessmentDialog
    from diversion_app.ui.casework.closure_form import ClosureDialog
    from diversion_app.ui.casework.programme_form import ProgrammeDialog
    from diversion_app.ui.casework.visit_details import VisitDetailsDialog
    from diversion_app.ui.casework.visit_form import VisitForm
    from diversion_app.ui.people.community_resolution_dialog import CommunityResolutionDialog
    from diversion_app.ui.people.household_dialogs import MemberDialog
    from diversion_app.ui.people.young_person_dialog import YoungPersonDialog
    from diversion_app.ui.people.young_person_record import YoungPersonRecordWindow
    from diversion_app.ui.referrals.contact_form import ContactForm
    from diversion_app.ui.referrals.referral_actions import AllocateDialog, ReasonDialog
    from diversion_app.ui.referrals.referral_form import ReferralForm
    from diversion_app.ui.referrals.referral_record import ReferralRecordWindow
    from diversion_app.ui.schools.restorative_justice_form import RestorativeJusticeForm
    from diversion_app.ui.schools.school_admin_dialogs import SchoolEditDialog, SchoolsAdminDialog
    from diversion_app.ui.schools.school_referral_form import (
        SchoolReferralDialog,
        SchoolReferralForm,
    )

    ctx, services = sc.ctx, sc.services
    officer = demo_actor(ctx, "officer", Role.OFFICER)
    spoc = demo_actor(ctx, "spoc.south", Role.SPOC)
    supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
    admin = demo_actor(ctx, "admin", Role.ADMINISTRATOR)
    open_statuses = [s for s in ReferralStatus if s.is_open]
    referral_id = _first(
        ctx,
        sa.select(m.Referral.id)
        .where(m.Referral.status.in_(open_statuses), m.Referral.caseworker_id.is_not(None))
        .order_by(m.Referral.id),
    )
    caseworker_id = _first(
        ctx, sa.select(m.Referral.caseworker_id).where(m.Referral.id == referral_id)
    )
    with ctx.read_only() as session:
        user = session.get(m.User, caseworker_id)
        assert user is not None
        caseworker = demo_actor(ctx, user.username, Role.CASEWORKER)
        referral = session.get(m.Referral, referral_id)
        assert referral is not None
        person_id = referral.young_person_id
        household_id = session.get(m.YoungPerson, person_id).household_id  # type: ignore[union-attr]
    visit_id = _first(ctx, sa.select(m.Visit.id).order_by(m.Visit.id))
    school_referral_id = _first(ctx, sa.select(m.SchoolReferral.id).order_by(m.SchoolReferral.id))
    record = services.referral_record.record(caseworker, referral_id)

    yield "sign in", lambda: SignInDialog(services.accounts)
    yield "first administrator", lambda: FirstAdministratorDialog(services.accounts)
    yield "new referral (officer)", lambda: ReferralForm(services, officer)
    yield (
        "referral record (supervisor)",
        lambda: ReferralRecordWindow(services, supervisor, referral_id),
    )
    yield (
        "referral record (caseworker)",
        lambda: ReferralRecordWindow(services, caseworker, referral_id),
    )
    yield "record contact", lambda: ContactForm(services, caseworker, record)
    yield (
        "allocate",
        lambda: AllocateDialog(services, supervisor, referral_id, record.caseworker or ""),
    )
    yield "decline", lambda: ReasonDialog("Decline", "Why?", lambda _reason: None)
    yield "assessment", lambda: AssessmentDialog(services, caseworker, referral_id)
    yield "programme", lambda: ProgrammeDialog(services, caseworker, referral_id)
    yield "closure", lambda: ClosureDialog(services, caseworker, referral_id)
    yield "book a visit", lambda: VisitForm(services, caseworker, referral_id=referral_id)
    yield "visit details", lambda: VisitDetailsDialog(services, supervisor, visit_id)
    yield "add young person", lambda: YoungPersonDialog(services, officer)
    yield "edit young person", lambda: YoungPersonDialog(services, officer, person_id)
    yield "young person record", lambda: YoungPersonRecordWindow(services, supervisor, person_id)
    yield (
        "community resolution",
        lambda: CommunityResolutionDialog(services, officer, person_id, "Young person"),
    )
    yield (
        "household member",
        lambda: MemberDialog(
            services, officer, household_id=household_id, young_person_id=person_id
        ),
    )
    yield "school referral form", lambda: SchoolReferralForm(services, spoc)
    yield "school referral", lambda: SchoolReferralDialog(services, spoc, school_referral_id)
    yield "restorative justice", lambda: RestorativeJusticeForm(services, spoc)
    yield "schools admin", lambda: SchoolsAdminDialog(services, admin)
    yield "new school", lambda: SchoolEditDialog(services, admin)
    yield "new account", lambda: NewAccountDialog(services.accounts, admin)


def _delete_now() -> None:
    """Delete closed windows while the application exists (not at interpreter exit)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", type=Path)
    parser.add_argument("--people", type=int, default=120)
    args = parser.parse_args()
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QPushButton

    from diversion_app.domain.enums import Role
    from diversion_app.ui.main_window import MainWindow
    from diversion_app.ui.style import STYLE_SHEET
    from diversion_app.ui.widgets import desk_policy
    from tests.ui.fit_check import unreachable

    QStandardPaths.setTestModeEnabled(True)
    problems: list[str] = []

    def check(name: str, window: Any) -> None:
        window.show()
        QApplication.processEvents()
        problems.extend(f"{name}: {problem}" for problem in unreachable(window))
        if args.save is not None:
            args.save.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(args.save / f"{name.replace(' ', '-')}.png"))

    with scene(young_people=args.people) as sc:
        desk_policy.install()
        sc.app.setStyleSheet(STYLE_SHEET)
        roles = [
            ("officer", Role.OFFICER),
            ("spoc.south", Role.SPOC),
            ("supervisor", Role.SUPERVISOR),
            ("admin", Role.ADMINISTRATOR),
        ]
        for username, role in roles:
            main_window = MainWindow(sc.services, demo_actor(sc.ctx, username, role), "demo.db")
            main_window.resize(1280, 800)
            for title in list(main_window.pages):
                main_window.show_page(title)
                check(f"{role.value} {title}", main_window)
            main_window.close()
            main_window.deleteLater()
            _delete_now()
        for name, factory in windows(sc):
            try:
                window = factory()
            except Exception as error:
                problems.append(f"{name}: could not open ({type(error).__name__}: {error})")
                continue
            check(name, window)
            if name == "school referral form":  # after a blank save the errors show
                save = next(
                    (b for b in window.findChildren(QPushButton) if "Save" in b.text()), None
                )
                if save is not None:
                    save.click()
                    check(f"{name} after errors", window)
            window.close()
            window.deleteLater()
            _delete_now()
    for problem in problems:
        print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
