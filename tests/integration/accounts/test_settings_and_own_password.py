"""The administrator's settings (crime reference format, diary working hours) and a person
changing their own password: validated, stored, audited, and refused in plain words."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from diversion_app.domain.community_resolution_rules import CrimeReferenceFormat
from diversion_app.domain.diary import WorkingHours
from diversion_app.domain.enums import Role
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent
from diversion_app.services.accounts.accounts import AccountDraft
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.registry import Services

PASSWORD = "a-long-first-password"


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.accounts.create_first_administrator(
        AccountDraft("first.admin", "First Admin", PASSWORD, frozenset({Role.ADMINISTRATOR}))
    )


def _setting_events(services: Services) -> list[dict[str, object]]:
    with services.ctx.read_only() as session:
        events = session.execute(
            sa.select(AuditEvent).where(AuditEvent.entity == "setting").order_by(AuditEvent.id)
        ).scalars()
        return [event.changes or {} for event in events]


def test_the_crime_reference_format_is_changed_and_audited(
    services: Services, admin: Actor
) -> None:
    wanted = CrimeReferenceFormat(r"[A-Z]{2}-\d{4}", "AB-1234", "two letters, a dash, 4 digits")
    services.settings.set_crime_reference_format(admin, wanted)
    assert services.settings.crime_reference_format(admin) == wanted
    assert _setting_events(services)[-1]["crime_reference.pattern"][1] == r"[A-Z]{2}-\d{4}"  # type: ignore[index]


@pytest.mark.parametrize(
    ("pattern", "example", "description", "field"),
    [
        ("[0-9", "12", "digits", "pattern"),
        (r"\d{4}", "12", "four digits", "example"),
        (r"\d{4}", "", "four digits", "example"),
        (r"\d{4}", "1234", "  ", "description"),
    ],
)
def test_a_bad_crime_reference_format_is_refused_and_nothing_changes(
    services: Services, admin: Actor, pattern: str, example: str, description: str, field: str
) -> None:
    before = services.settings.crime_reference_format(admin)
    with pytest.raises(ValidationError) as refused:
        services.settings.set_crime_reference_format(
            admin, CrimeReferenceFormat(pattern, example, description)
        )
    assert field in refused.value.problems
    assert services.settings.crime_reference_format(admin) == before


def test_working_hours_are_changed_validated_and_audited(services: Services, admin: Actor) -> None:
    assert services.settings.working_hours(admin) == WorkingHours()
    services.settings.set_working_hours(admin, " 07:30 - 18:00 ")
    assert services.settings.working_hours(admin).text() == "07:30-18:00"
    assert _setting_events(services)[-1] == {"diary.working_hours": ["08:00-20:00", "07:30-18:00"]}
    for bad in ("8 till 6", "18:00-08:00", "09:00-09:30", "25:00-26:00"):
        with pytest.raises(ValidationError) as refused:
            services.settings.set_working_hours(admin, bad)
        assert "working_hours" in refused.value.problems
    assert services.settings.working_hours(admin).text() == "07:30-18:00"


def test_only_an_administrator_changes_settings(services: Services, admin: Actor) -> None:
    services.accounts.create_account(
        admin, AccountDraft("case.worker", "Case Worker", PASSWORD, frozenset({Role.CASEWORKER}))
    )
    caseworker = services.accounts.sign_in("case.worker", PASSWORD)
    with pytest.raises(PermissionDenied):
        services.settings.set_working_hours(caseworker, "07:00-19:00")


def test_a_person_changes_their_own_password_with_the_current_one(
    services: Services, admin: Actor
) -> None:
    new = "another-long-password"
    with pytest.raises(ValidationError) as refused:
        services.own_password.change(admin, "wrong-password", new, new)
    assert refused.value.problems == {"current": "That is not your current password."}
    with pytest.raises(ValidationError) as refused:
        services.own_password.change(admin, PASSWORD, new, new + "x")
    assert set(refused.value.problems) == {"repeated"}
    with pytest.raises(ValidationError) as refused:
        services.own_password.change(admin, PASSWORD, "short", "short")
    assert set(refused.value.problems) == {"new"}
    services.own_password.change(admin, PASSWORD, new, new)
    with services.ctx.read_only() as session:
        last = (
            session.execute(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
        )
        assert last is not None and last.changes == {"password": "changed by its owner"}
        assert new not in str(last.changes) and PASSWORD not in str(last.changes)
    assert services.accounts.sign_in("first.admin", new).user_id == admin.user_id
