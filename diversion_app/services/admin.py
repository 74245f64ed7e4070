"""Administration lists: user accounts with their roles, and the latest audit events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from diversion_app.domain.enums import AuditAction, Role
from diversion_app.domain.permissions import Permission
from diversion_app.persistence.models import AuditEvent, User, UserRole
from diversion_app.services.actor import Actor
from diversion_app.services.context import ServiceContext
from diversion_app.services.listing import PageRequest
from diversion_app.services.permissions import require


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    active: bool
    last_signed_in_at: datetime | None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: AuditAction
    entity: str
    entity_id: int | None


class AdminService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def users(self, actor: Actor) -> list[UserRow]:
        require(self.ctx, actor, Permission.MANAGE_ACCOUNTS)
        with self.ctx.read_only() as session:
            users = session.execute(sa.select(User).order_by(User.username)).scalars().all()
            roles: dict[int, list[Role]] = {}
            for user_id, role in session.execute(sa.select(UserRole.user_id, UserRole.role)):
                roles.setdefault(user_id, []).append(role)
            return [
                UserRow(
                    id=user.id,
                    username=user.username,
                    display_name=user.display_name,
                    roles=tuple(sorted(roles.get(user.id, []), key=list(Role).index)),
                    active=user.active,
                    last_signed_in_at=user.last_signed_in_at,
                )
                for user in users
            ]

    def audit_events(self, actor: Actor, request: PageRequest) -> list[AuditRow]:
        require(self.ctx, actor, Permission.READ_AUDIT)
        statement = (
            sa.select(
                AuditEvent.id,
                AuditEvent.at,
                AuditEvent.username,
                AuditEvent.action,
                AuditEvent.entity,
                AuditEvent.entity_id,
            )
            .order_by(AuditEvent.id.desc())
            .offset(request.offset)
            .limit(request.limit)
        )
        with self.ctx.read_only() as session:
            return [AuditRow(*row) for row in session.execute(statement).all()]
