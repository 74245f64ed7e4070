"""Every form and dialog, opened on a small demo database, for the table tests over forms.

The windows of the fit walk (``tests.ui.fit_walk.windows``) and the smaller dialogs it does
not open, each as the role that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import diversion_app.ui.main_window  # noqa: F401 - registers every record extension, as the app does
from tests.screenshot_support import demo_actor
from tests.ui.fit_walk import windows

Factory = Callable[[], Any]


def every_form(sc: Any) -> Iterator[tuple[str, Factory]]:
    """(name, factory) for every form and dialog a person types into."""
    import sqlalchemy as sa

    from diversion_app.domain.enums import Role, VisitStatus
    from diversion_app.persistence import models as m
    from diversion_app.ui.accounts.closure_days_dialog import ClosureDaysDialog
    from diversion_app.ui.accounts.own_password_dialog import ChangeOwnPasswordDialog
    from diversion_app.ui.casework.calendar_export_dialog import CalendarExportDialog
    from diversion_app.ui.casework.visit_outcome import RescheduleDialog
    from diversion_app.ui.people.subject_access_dialog import SubjectAccessDialog
    from diversion_app.ui.retention.decision_dialogs import KeepDialog

    yield from windows(sc)
    ctx, services = sc.ctx, sc.services
    supervisor = demo_actor(ctx, "supervisor", Role.SUPERVISOR)
    admin = demo_actor(ctx, "admin", Role.ADMINISTRATOR)
    with ctx.read_only() as session:
        visit_id = session.execute(  # a visit still to come: it can be moved
            sa.select(m.Visit.id)
            .where(m.Visit.status == VisitStatus.SCHEDULED)
            .order_by(m.Visit.id)
            .limit(1)
        ).scalar()
        person_id = session.execute(
            sa.select(m.YoungPerson.id).order_by(m.YoungPerson.id).limit(1)
        ).scalar()
    visit = services.visits.visit(supervisor, visit_id)
    yield "reschedule a visit", lambda: RescheduleDialog(services, supervisor, visit)
    yield "closure days", lambda: ClosureDaysDialog(services, admin)
    yield "change my password", lambda: ChangeOwnPasswordDialog(services, supervisor)
    yield (
        "export visits",
        lambda: CalendarExportDialog(
            services, supervisor, supervisor.user_id, "Demo", date(2026, 11, 1), date(2026, 11, 30)
        ),
    )
    yield (
        "subject access request",
        lambda: SubjectAccessDialog(services, supervisor, person_id),
    )
    yield (
        "keep records",
        lambda: KeepDialog("Record 1", date(2026, 11, 28), lambda _reason, _day: None),
    )
