"""User accounts: signing in, the first administrator, and the administrator's account work.

Signing in returns the ``Actor`` every other service call is made for. Five wrong
passwords in a row lock an account for 15 minutes; every sign-in, failure and lock is
in the audit trail (never the password). Administrators create, disable, enable and
reset accounts and assign roles; nobody can disable the last active administrator or
take that role away from them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import ensure_utc, format_datetime
from diversion_app.persistence.models import Setting, User, UserRole
from diversion_app.services.accounts.admin_lists import account_stamp
from diversion_app.services.accounts.password_policy import password_problem
from diversion_app.services.accounts.passwords import hash_password, verify_password
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound, ServiceError
from diversion_app.services.base.permissions import require
from diversion_app.services.base.setting_stamp import refuse_if_setting_moved, setting_stamp
from diversion_app.services.base.stale import refuse_if_values_moved

log = logging.getLogger(__name__)

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)
IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
IDLE_LOCK_RANGE = (1, 240)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_UNKNOWN = Actor(user_id=None, username="(unknown)", display_name="Unknown", roles=frozenset())
NOT_RIGHT = (
    "The username or password is not right. Five wrong passwords in a row lock an account "
    "for 15 minutes."
)
"""The one reply to an unknown username and to a wrong password, so neither tells a
stranger which usernames exist (the lockout still counts per account)."""


class SignInRefused(ServiceError):
    """Wrong username or password, a locked or a disabled account: the message says which."""


@dataclass(frozen=True)
class AccountDraft:
    username: str
    display_name: str
    password: str
    roles: frozenset[Role]
    collar_number: str = ""
    email: str = ""


@cache
def _dummy_hash() -> str:
    """Checked against for an unknown username, so it takes as long as a real one."""
    return hash_password("not a real password, only for timing")


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(role.role for role in user.roles),
    )


def _clean_username(text: str) -> str:
    return text.strip().lower()


def _check_draft(draft: AccountDraft) -> dict[str, str]:
    problems: dict[str, str] = {}
    username = _clean_username(draft.username)
    if not _USERNAME.match(username):
        problems["username"] = (
            "Enter a username of 2 to 64 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit."
        )
    if not draft.display_name.strip():
        problems["display_name"] = "Enter the person's name as colleagues will see it."
    elif len(draft.display_name.strip()) > 120:
        problems["display_name"] = "Shorten the name to 120 characters or fewer."
    problem = password_problem(draft.password, username)
    if problem:
        problems["password"] = problem
    if not draft.roles:
        problems["roles"] = "Give the account at least one role."
    return problems


class AccountsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- first start ------------------------------------------------------------------------
    def needs_first_administrator(self) -> bool:
        """True on a new database: nobody can sign in until an administrator exists."""
        with self.ctx.read_only() as session:
            return session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 0

    def create_first_administrator(self, draft: AccountDraft) -> Actor:
        """Only while no account exists: make the first administrator and sign them in."""
        draft = AccountDraft(
            draft.username,
            draft.display_name,
            draft.password,
            frozenset(draft.roles) | {Role.ADMINISTRATOR},
            draft.collar_number,
            draft.email,
        )
        problems = _check_draft(draft)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            if session.execute(sa.select(sa.func.count(User.id))).scalar_one():
                raise Conflict("An administrator already exists; sign in instead.")
            user = self._insert(session, draft, now)
            user.last_signed_in_at = now
            actor = actor_for(user)
            self._audit_created(session, actor, user, draft, now)
            audit.record(session, actor, AuditAction.SIGNED_IN, "user", user.id, at=now)
            return actor

    # --- signing in -------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> Actor:
        """The actor for a correct username and password; SignInRefused otherwise."""
        return self._attempt(_clean_username(username), password, how="sign in")

    def sign_out(self, actor: Actor, *, switching_user: bool = False) -> None:
        """Record that ``actor`` ended their session (Sign out, or Switch user to someone else).

        Anyone signed in may end their own session; the actor needs no permission.
        """
        if actor.user_id is None:
            return  # a built-in actor (tests, the command line) has no session to end
        now = self.ctx.now()
        how = "switch user" if switching_user else "sign out"
        with self.ctx.unit_of_work() as session:
            log.info("user %d: %s", actor.user_id, how)
            audit.record(
                session,
                actor,
                AuditAction.SIGNED_OUT,
                "user",
                actor.user_id,
                at=now,
                changes={"how": how},
            )

    def confirm_password(self, actor: Actor, password: str) -> Actor:
        """Unlock a locked session: the signed-in person's password again (same lock rules)."""
        return self._attempt(actor.username, password, how="unlock")

    def _attempt(self, username: str, password: str, *, how: str) -> Actor:
        now = self.ctx.now()
        refusal: SignInRefused | None = None
        with self.ctx.unit_of_work() as session:
            user = session.execute(
                sa.select(User).where(User.username == username)
            ).scalar_one_or_none()
            if user is None or user.password_hash is None:
                verify_password(_dummy_hash(), password)
                _audit_refusal(session, _UNKNOWN, None, now, how, "unknown username")
                log.info("%s refused: unknown username", how)
                refusal = SignInRefused(NOT_RIGHT)
            else:
                refusal = self._check_user(session, user, password, now, how)
                if refusal is None:
                    return actor_for(user)
        assert refusal is not None
        raise refusal

    def _check_user(
        self, session: Session, user: User, password: str, now: datetime, how: str
    ) -> SignInRefused | None:
        actor = actor_for(user)
        right_password = verify_password(user.password_hash, password)
        if user.locked_until is not None and ensure_utc(user.locked_until) > now:
            log.info("%s refused for user %d: account locked", how, user.id)
            _audit_refusal(session, actor, user.id, now, how, "account locked")
            if not right_password:  # a stranger learns nothing, not even that it is locked
                return SignInRefused(NOT_RIGHT)
            return SignInRefused(
                "This account is locked after five wrong passwords in a row. Try again after "
                f"{format_datetime(user.locked_until)}, or ask an administrator to reset it."
            )
        if not right_password:
            user.failed_sign_ins += 1
            log.info("%s refused for user %d: wrong password", how, user.id)
            _audit_refusal(
                session, actor, user.id, now, how, "wrong password", failures=user.failed_sign_ins
            )
            if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                user.failed_sign_ins = 0
                user.locked_until = now + LOCK_DURATION
                log.warning("user %d locked after %d wrong passwords", user.id, MAX_FAILED_SIGN_INS)
                audit.record(
                    session,
                    actor,
                    AuditAction.LOCKED,
                    "user",
                    user.id,
                    at=now,
                    changes={"locked_until": user.locked_until},
                )
            return SignInRefused(NOT_RIGHT)
        if not user.active:
            _audit_refusal(session, actor, user.id, now, how, "account disabled")
            return SignInRefused("This account is disabled. Ask an administrator.")
        user.failed_sign_ins = 0
        user.locked_until = None
        user.last_signed_in_at = now
        log.info("user %d: %s", user.id, "signed in" if how == "sign in" else "unlocked")
        audit.record(
            session, actor, AuditAction.SIGNED_IN, "user", user.id, at=now, changes={"how": how}
        )
        return None

    # --- the administrator's work ---------------------------------------------------------------
    def create_account(self, actor: Actor, draft: AccountDraft) -> int:
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="user")
        problems = _check_draft(draft)
        if problems:
            raise ValidationError(problems)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = self._insert(session, draft, now)
            self._audit_created(session, actor, user, draft, now)
            return user.id

    def set_roles(
        self, actor: Actor, user_id: int, roles: Iterable[Role], *, edit_stamp: str = ""
    ) -> None:
        """Give the account these roles. ``edit_stamp`` is the account as the administrator
        saw it (``UserRow.edit_stamp``): roles or state changed since are refused."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="user", entity_id=user_id)
        new_roles = frozenset(roles)
        if not new_roles:
            raise ValidationError({"roles": "Give the account at least one role."})
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = self._user(session, user_id)
            _refuse_if_moved(session, user, edit_stamp)
            old_roles = frozenset(role.role for role in user.roles)
            if Role.ADMINISTRATOR in old_roles and Role.ADMINISTRATOR not in new_roles:
                self._keep_an_administrator(session, user, "take the administrator role from")
            user.roles = _role_rows(new_roles)
            _audit_changed(
                session,
                actor,
                user,
                now,
                audit.diff(
                    {"roles": sorted(r.value for r in old_roles)},
                    {"roles": sorted(r.value for r in new_roles)},
                ),
            )

    def disable(self, actor: Actor, user_id: int, *, edit_stamp: str = "") -> None:
        """Disable the account (``edit_stamp`` as for ``set_roles``)."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="user", entity_id=user_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = self._user(session, user_id)
            _refuse_if_moved(session, user, edit_stamp, decision="Not disabled")
            if not user.active:
                return
            self._keep_an_administrator(session, user, "disable")
            user.active = False
            _audit_changed(session, actor, user, now, {"active": [True, False]})

    def enable(self, actor: Actor, user_id: int, *, edit_stamp: str = "") -> None:
        """Enable a disabled account (and lift any lock); ``edit_stamp`` as for ``set_roles``."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="user", entity_id=user_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = self._user(session, user_id)
            _refuse_if_moved(session, user, edit_stamp, decision="Not enabled")
            before = {"active": user.active, "locked_until": user.locked_until}
            user.active = True
            user.locked_until = None
            user.failed_sign_ins = 0
            changes = audit.diff(before, {"active": True, "locked_until": None})
            if changes:
                _audit_changed(session, actor, user, now, changes)

    def reset_password(
        self, actor: Actor, user_id: int, new_password: str, *, edit_stamp: str = ""
    ) -> None:
        """Set a new password (the administrator tells the person); lifts any lock.
        ``edit_stamp`` as for ``set_roles``: refused if the account changed since it was read."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="user", entity_id=user_id)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = self._user(session, user_id)
            _refuse_if_moved(session, user, edit_stamp, decision="Password not reset")
            problem = password_problem(new_password, user.username)
            if problem:
                raise ValidationError({"password": problem})
            user.password_hash = hash_password(new_password)
            user.failed_sign_ins = 0
            user.locked_until = None
            _audit_changed(session, actor, user, now, {"password": "reset"})

    # --- the idle lock setting ----------------------------------------------------------------
    def idle_lock_minutes(self) -> int:
        """Minutes without input before the window locks (not personal data: no actor)."""
        with self.ctx.read_only() as session:
            value = session.execute(
                sa.select(Setting.value).where(Setting.key == IDLE_LOCK_SETTING)
            ).scalar_one_or_none()
        try:
            minutes = int(value) if value is not None else DEFAULT_IDLE_LOCK_MINUTES
        except ValueError:
            return DEFAULT_IDLE_LOCK_MINUTES
        low, high = IDLE_LOCK_RANGE
        return min(max(minutes, low), high)

    def idle_lock_stamp(self) -> str:
        """The idle lock setting's edit stamp, read with it when the box shows it."""
        with self.ctx.read_only() as session:
            return setting_stamp(session, [IDLE_LOCK_SETTING])

    def set_idle_lock_minutes(self, actor: Actor, minutes: int, *, edit_stamp: str = "") -> None:
        """Change the idle lock time; ``edit_stamp`` (``idle_lock_stamp`` as read) refuses
        the save if another administrator changed it since."""
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS, entity="setting")
        low, high = IDLE_LOCK_RANGE
        if not low <= minutes <= high:
            raise ValidationError(
                {"idle_lock_minutes": f"Choose between {low} and {high} minutes."}
            )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            refuse_if_setting_moved(session, edit_stamp, [IDLE_LOCK_SETTING])
            setting = session.get(Setting, IDLE_LOCK_SETTING)
            old = setting.value if setting is not None else str(DEFAULT_IDLE_LOCK_MINUTES)
            if setting is None:
                setting = Setting(key=IDLE_LOCK_SETTING, value=str(minutes))
                session.add(setting)
            setting.value = str(minutes)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "setting",
                None,
                at=now,
                changes={IDLE_LOCK_SETTING: [int(old), minutes]},
            )

    # --- helpers ------------------------------------------------------------------------------
    def _insert(self, session: Session, draft: AccountDraft, now: datetime) -> User:
        username = _clean_username(draft.username)
        taken = session.execute(
            sa.select(User.id).where(User.username == username)
        ).scalar_one_or_none()
        if taken is not None:
            raise Conflict(f"The username {username} is taken; choose another.", existing_id=taken)
        user = User(
            username=username,
            display_name=draft.display_name.strip(),
            password_hash=hash_password(draft.password),
            collar_number=draft.collar_number.strip() or None,
            email=draft.email.strip() or None,
            active=True,
            failed_sign_ins=0,
            created_at=now,
            roles=_role_rows(draft.roles),
        )
        session.add(user)
        session.flush()
        return user

    def _audit_created(
        self, session: Session, actor: Actor, user: User, draft: AccountDraft, now: datetime
    ) -> None:
        audit.record(
            session,
            actor,
            AuditAction.CREATED,
            "user",
            user.id,
            at=now,
            changes={
                "username": [None, user.username],
                "display_name": [None, user.display_name],
                "roles": [None, sorted(role.value for role in draft.roles)],
            },
        )

    def _user(self, session: Session, user_id: int) -> User:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("That account no longer exists.")
        return user

    def _keep_an_administrator(self, session: Session, user: User, doing: str) -> None:
        if not user.active or Role.ADMINISTRATOR not in {role.role for role in user.roles}:
            return
        others = session.execute(
            sa.select(sa.func.count(User.id))
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                User.active.is_(True),
                UserRole.role == Role.ADMINISTRATOR,
                User.id != user.id,
            )
        ).scalar_one()
        if not others:
            raise Conflict(
                f"You cannot {doing} the last active administrator. Give another account "
                "the administrator role first."
            )


def _role_rows(roles: Iterable[Role]) -> list[UserRole]:
    """An account's role rows, in the order the roles are declared."""
    return [UserRole(role=role) for role in sorted(roles, key=list(Role).index)]


def _audit_changed(
    session: Session, actor: Actor, user: User, now: datetime, changes: dict[str, Any]
) -> None:
    audit.record(session, actor, AuditAction.CHANGED, "user", user.id, at=now, changes=changes)


def _audit_refusal(
    session: Session,
    actor: Actor,
    user_id: int | None,
    now: datetime,
    how: str,
    reason: str,
    **details: Any,
) -> None:
    """Audit a refused sign-in or unlock (the reason, never the password typed)."""
    audit.record(
        session,
        actor,
        AuditAction.SIGN_IN_FAILED,
        "user",
        user_id,
        at=now,
        changes={"reason": reason, **details, "how": how},
    )


def _refuse_if_moved(session: Session, user: User, stamp: str, *, decision: str = "") -> None:
    """Refuse a change made from an account's roles or state that another change moved."""
    shown_now = account_stamp((role.role for role in user.roles), user.active)
    refuse_if_values_moved(
        session,
        stamp,
        shown_now,
        ("user", user.id),
        what="account",
        young_person_id=None,
        decision=decision,
    )
