"""Accounts: the first administrator, signing in, the lock-out, the administrator's work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent, User
from diversion_app.services.accounts.accounts import (
    DEFAULT_IDLE_LOCK_MINUTES,
    NOT_RIGHT,
    AccountDraft,
    SignInRefused,
)
from diversion_app.services.accounts.password_policy import common_passwords, password_problem
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.registry import Services
from tests.conftest import MovableClock

ADMIN_PASSWORD = "Heron-Lantern-Quay-42"
PASSWORD = "Tidal-Orchard-Basil-17"


def _draft(username: str, *roles: Role, password: str = PASSWORD) -> AccountDraft:
    return AccountDraft(username, f"Name of {username}", password, frozenset(roles))


@pytest.fixture
def admin(services: Services) -> Actor:
    return services.accounts.create_first_administrator(
        _draft("first.admin", Role.ADMINISTRATOR, password=ADMIN_PASSWORD)
    )


def _events(services: Services) -> list[AuditEvent]:
    with services.ctx.read_only() as session:
        events = session.execute(sa.select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        session.expunge_all()
        return list(events)


def test_a_new_database_asks_for_the_first_administrator(services: Services) -> None:
    assert services.accounts.needs_first_administrator()
    actor = services.accounts.create_first_administrator(_draft("Boss", password=ADMIN_PASSWORD))
    assert actor.username == "boss" and actor.roles == {Role.ADMINISTRATOR}
    assert not services.accounts.needs_first_administrator()
    with pytest.raises(Exception, match="already exists"):
        services.accounts.create_first_administrator(_draft("second", password=ADMIN_PASSWORD))
    assert [e.action for e in _events(services)] == [AuditAction.CREATED, AuditAction.SIGNED_IN]


def test_the_first_administrator_needs_a_good_password(services: Services) -> None:
    with pytest.raises(ValidationError) as error:
        services.accounts.create_first_administrator(_draft("boss", password="short"))
    assert "at least 10 characters" in error.value.problems["password"]
    assert services.accounts.needs_first_administrator()


def test_sign_in_returns_the_actor_and_is_audited_without_the_password(
    services: Services, admin: Actor
) -> None:
    services.accounts.create_account(admin, _draft("case.worker", Role.CASEWORKER))
    actor = services.accounts.sign_in("  Case.Worker ", PASSWORD)
    assert actor.username == "case.worker" and actor.roles == {Role.CASEWORKER}
    last = _events(services)[-1]
    assert last.action is AuditAction.SIGNED_IN and last.user_id == actor.user_id
    for event in _events(services):
        assert PASSWORD not in str(event.changes) and ADMIN_PASSWORD not in str(event.changes)
    with services.ctx.read_only() as session:
        stored = session.execute(sa.select(User.password_hash)).scalars().all()
    assert all(h and h.startswith("$argon2id$") for h in stored)


def test_an_unknown_username_is_refused_and_audited(services: Services, admin: Actor) -> None:
    with pytest.raises(SignInRefused, match="username or password is not right"):
        services.accounts.sign_in("nobody", "whatever-it-is")
    last = _events(services)[-1]
    assert last.action is AuditAction.SIGN_IN_FAILED and last.user_id is None
    assert "whatever" not in str(last.changes) and "nobody" not in last.username


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    services: Services, admin: Actor, clock: MovableClock
) -> None:
    services.accounts.create_account(admin, _draft("officer.one", Role.OFFICER))
    for attempt in range(1, 6):
        with pytest.raises(SignInRefused) as refused:
            services.accounts.sign_in("officer.one", f"wrong password {attempt}")
        assert str(refused.value) == NOT_RIGHT  # the same words every time
    actions = [e.action for e in _events(services)]
    assert actions.count(AuditAction.SIGN_IN_FAILED) == 5
    assert actions[-1] is AuditAction.LOCKED
    with pytest.raises(SignInRefused, match="locked"):
        services.accounts.sign_in("officer.one", PASSWORD)
    clock.advance(minutes=14)
    with pytest.raises(SignInRefused, match="locked"):
        services.accounts.sign_in("officer.one", PASSWORD)
    clock.advance(minutes=1, seconds=1)
    assert services.accounts.sign_in("officer.one", PASSWORD).username == "officer.one"


def test_a_right_password_resets_the_count(services: Services, admin: Actor) -> None:
    services.accounts.create_account(admin, _draft("officer.two", Role.OFFICER))
    for _ in range(4):
        with pytest.raises(SignInRefused):
            services.accounts.sign_in("officer.two", "not the password")
    services.accounts.sign_in("officer.two", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInRefused, match="not right"):
            services.accounts.sign_in("officer.two", "not the password")
    assert services.accounts.sign_in("officer.two", PASSWORD).username == "officer.two"


def test_an_unknown_username_and_a_wrong_password_get_the_same_reply(
    services: Services, admin: Actor
) -> None:
    services.accounts.create_account(admin, _draft("officer.three", Role.OFFICER))
    replies = set()
    for username in ("officer.three", "no.such.person"):
        for attempt in range(7):  # past the lockout of the real account too
            with pytest.raises(SignInRefused) as refused:
                services.accounts.sign_in(username, f"guess {attempt}")
            replies.add(str(refused.value))
    assert replies == {NOT_RIGHT}
    with pytest.raises(SignInRefused, match="is locked"):  # only the right password learns it
        services.accounts.sign_in("officer.three", PASSWORD)


def test_a_disabled_account_cannot_sign_in_until_enabled(services: Services, admin: Actor) -> None:
    user_id = services.accounts.create_account(admin, _draft("spoc.a", Role.SPOC))
    services.accounts.disable(admin, user_id)
    with pytest.raises(SignInRefused, match="disabled"):
        services.accounts.sign_in("spoc.a", PASSWORD)
    services.accounts.enable(admin, user_id)
    assert services.accounts.sign_in("spoc.a", PASSWORD).user_id == user_id


def test_reset_password_lifts_the_lock(services: Services, admin: Actor) -> None:
    user_id = services.accounts.create_account(admin, _draft("cw", Role.CASEWORKER))
    for _ in range(5):
        with pytest.raises(SignInRefused):
            services.accounts.sign_in("cw", "not the password")
    services.accounts.reset_password(admin, user_id, "Fresh-Meadow-Lark-88")
    assert services.accounts.sign_in("cw", "Fresh-Meadow-Lark-88").user_id == user_id
    assert _events(services)[-2].changes == {"password": "reset"}


def test_the_last_active_administrator_stays(services: Services, admin: Actor) -> None:
    assert admin.user_id is not None
    with pytest.raises(Exception, match="last active administrator"):
        services.accounts.disable(admin, admin.user_id)
    with pytest.raises(Exception, match="last active administrator"):
        services.accounts.set_roles(admin, admin.user_id, [Role.SUPERVISOR])
    second = services.accounts.create_account(admin, _draft("admin.two", Role.ADMINISTRATOR))
    services.accounts.disable(admin, second)
    with pytest.raises(Exception, match="last active administrator"):
        services.accounts.disable(admin, admin.user_id)
    services.accounts.enable(admin, second)
    services.accounts.set_roles(admin, admin.user_id, [Role.SUPERVISOR, Role.ADMINISTRATOR])
    services.accounts.disable(admin, admin.user_id)
    with pytest.raises(PermissionDenied, match="disabled"):  # disabled: no more actions
        services.accounts.enable(admin, admin.user_id)
    other = Actor(second, "admin.two", "Name of admin.two", frozenset({Role.ADMINISTRATOR}))
    with pytest.raises(Exception, match="last active administrator"):
        services.accounts.set_roles(other, second, [Role.OFFICER])


def test_role_changes_are_audited_field_by_field(services: Services, admin: Actor) -> None:
    user_id = services.accounts.create_account(admin, _draft("sup", Role.CASEWORKER))
    services.accounts.set_roles(admin, user_id, [Role.SUPERVISOR, Role.CASEWORKER])
    last = _events(services)[-1]
    assert last.action is AuditAction.CHANGED and last.entity_id == user_id
    assert last.changes == {"roles": [["caseworker"], ["caseworker", "supervisor"]]}
    assert services.accounts.sign_in("sup", PASSWORD).roles == {
        Role.SUPERVISOR,
        Role.CASEWORKER,
    }


def test_account_forms_are_validated(services: Services, admin: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        services.accounts.create_account(admin, AccountDraft("x", " ", "password123", frozenset()))
    assert set(error.value.problems) == {"username", "display_name", "password", "roles"}
    services.accounts.create_account(admin, _draft("taken", Role.OFFICER))
    with pytest.raises(Exception, match="taken"):
        services.accounts.create_account(admin, _draft("TAKEN", Role.OFFICER))


@pytest.mark.parametrize(
    "password",
    ["short", "1234567890", "Password123!", "qwertyuiop", "aaaaaaaaaaaa", "abababababab"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    assert password_problem(password, "someone") is not None


def test_the_username_is_not_a_password() -> None:
    assert password_problem("ashley.smith", "ashley.smith") is not None
    assert password_problem("ashley.smith1", "ashley.smith") is not None
    assert password_problem("Heron-Lantern-Quay-42", "ashley.smith") is None


def test_the_common_password_list_ships_and_loads() -> None:
    common = common_passwords()
    assert len(common) > 200 and "password" in common and not any(p.startswith("#") for p in common)


def test_demo_passwords_meet_the_policy() -> None:
    from diversion_app.demo.generator import DEMO_PASSWORDS

    for role, password in DEMO_PASSWORDS.items():
        assert password_problem(password, role.value) is None


def test_the_idle_lock_setting(services: Services, admin: Actor) -> None:
    assert services.accounts.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES == 10
    services.accounts.set_idle_lock_minutes(admin, 5)
    assert services.accounts.idle_lock_minutes() == 5
    with pytest.raises(ValidationError):
        services.accounts.set_idle_lock_minutes(admin, 0)
    assert _events(services)[-1].changes == {"idle_lock_minutes": [10, 5]}


def test_confirm_password_unlocks_only_for_the_right_password(
    services: Services, admin: Actor
) -> None:
    assert services.accounts.confirm_password(admin, ADMIN_PASSWORD).user_id == admin.user_id
    with pytest.raises(SignInRefused):
        services.accounts.confirm_password(admin, "not my password at all")
