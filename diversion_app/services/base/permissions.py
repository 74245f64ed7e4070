"""Checking the permission table in the services, and auditing every refusal.

Every check reads the acting user's account again (``current_roles``): an account the
administrator disabled, one that is locked, or a role taken away stops working at the
next service call, not at the next sign-in.
"""

from __future__ import annotations

import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.permissions import Permission, allows
from diversion_app.domain.timekeeping import ensure_utc
from diversion_app.persistence.models import User, UserRole
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import PermissionDenied

ACCOUNT_STOPPED = (
    "Your account has been disabled or locked since you signed in, so this was not done. "
    "Ask an administrator."
)


def refuse(
    ctx: ServiceContext,
    actor: Actor,
    what: str,
    *,
    entity: str = "permission",
    entity_id: int | None = None,
    young_person_id: int | None = None,
    message: str | None = None,
) -> PermissionDenied:
    """Audit a refused action in its own transaction and return the error to raise.

    Inside a write transaction (a check made after reading), the refusal is written just
    after that transaction ends, since the thread already holds the write lock.
    """
    at = ctx.now()

    def write() -> None:
        with ctx.unit_of_work() as session:
            audit.record(
                session,
                actor,
                AuditAction.REFUSED,
                entity,
                entity_id,
                at=at,
                young_person_id=young_person_id,
                changes={"action": what},
            )

    ctx.after_transaction(write)
    return PermissionDenied(
        message or f"You do not have permission to {what}. Ask a supervisor if you need to."
    )


def require(
    ctx: ServiceContext,
    actor: Actor,
    permission: Permission,
    *,
    entity: str = "permission",
    entity_id: int | None = None,
    young_person_id: int | None = None,
) -> None:
    """Raise PermissionDenied (and audit it) unless the actor's roles allow ``permission``.

    The roles are the account's as they are now in the database (see ``current_roles``).
    """
    roles = current_roles(ctx, actor)
    if roles is None:
        raise refuse(
            ctx,
            actor,
            "act with an account that has been disabled or locked",
            entity=entity,
            entity_id=entity_id,
            young_person_id=young_person_id,
            message=ACCOUNT_STOPPED,
        )
    if allows(roles, permission):
        return
    raise refuse(
        ctx,
        actor,
        PERMISSION_WORDS.get(permission, permission.label.lower()),
        entity=entity,
        entity_id=entity_id,
        young_person_id=young_person_id,
    )


def current_roles(ctx: ServiceContext, actor: Actor) -> frozenset[Role] | None:
    """The actor's roles as the database holds them now; None if the account is stopped.

    A role the administrator took away is gone at once, and one given is there at once. A
    disabled or locked account (or one removed) has none. Maintenance actors without an
    account are taken as they are.
    """
    if actor.user_id is None:
        return actor.roles
    with ctx.read_only() as session:
        user = session.execute(
            sa.select(User.active, User.locked_until).where(User.id == actor.user_id)
        ).one_or_none()
        if user is None:
            return None
        active, locked_until = user
        if not active or (locked_until is not None and ensure_utc(locked_until) > ctx.now()):
            return None
        held = session.execute(
            sa.select(UserRole.role).where(UserRole.user_id == actor.user_id)
        ).scalars()
        return frozenset(held)


def can(actor: Actor, permission: Permission) -> bool:
    return allows(actor.roles, permission)


PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW_CASES: "see case records",
    Permission.READ_CASE_NOTES: "read case notes, assessments and programmes",
    Permission.PRINT_TEAM_CASELOAD: "print another caseworker's or the team's caseload",
    Permission.SUBJECT_ACCESS: "handle subject access requests",
    Permission.EDIT_YOUNG_PERSON: "change a young person's record",
    Permission.RECORD_CR: "record a Community Resolution",
    Permission.MAKE_REFERRAL: "make a referral",
    Permission.ALLOCATE: "allocate referrals",
    Permission.WORK_REFERRAL: "work on this referral",
    Permission.WORK_ANY_REFERRAL: "work on referrals allocated to someone else",
    Permission.APPROVE: "approve or sign off work",
    Permission.SCHOOL_WORK: "record school work",
    Permission.SCHOOL_WORK_ANY_AREA: "record school work outside your area",
    Permission.MANAGE_REFERENCE_LISTS: "change reference lists",
    Permission.PRINT_REPORTS: "print reports",
    Permission.EXPORT_DATA: "export data",
    Permission.EXPORT_DIARY: "export a diary to a calendar file",
    Permission.READ_AUDIT: "read the audit trail",
    Permission.MANAGE_ACCOUNTS: "manage user accounts",
    Permission.SET_RETENTION: "change how long records are kept",
    Permission.REVIEW_RETENTION: "review records for disposal",
}
