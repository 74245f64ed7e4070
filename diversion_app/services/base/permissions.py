"""Checking the permission table in the services, and auditing every refusal."""

from __future__ import annotations

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.permissions import Permission, allows
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import PermissionDenied


def refuse(
    ctx: ServiceContext,
    actor: Actor,
    what: str,
    *,
    entity: str = "permission",
    entity_id: int | None = None,
    young_person_id: int | None = None,
) -> PermissionDenied:
    """Audit a refused action in its own transaction and return the error to raise."""
    with ctx.unit_of_work() as session:
        audit.record(
            session,
            actor,
            AuditAction.REFUSED,
            entity,
            entity_id,
            at=ctx.now(),
            young_person_id=young_person_id,
            changes={"action": what},
        )
    return PermissionDenied(
        f"You do not have permission to {what}. Ask a supervisor if you need to."
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
    """Raise PermissionDenied (and audit it) unless the actor's roles allow ``permission``."""
    if allows(actor.roles, permission):
        return
    raise refuse(
        ctx,
        actor,
        PERMISSION_WORDS.get(permission, permission.label.lower()),
        entity=entity,
        entity_id=entity_id,
        young_person_id=young_person_id,
    )


def can(actor: Actor, permission: Permission) -> bool:
    return allows(actor.roles, permission)


PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW_CASES: "see case records",
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
