"""Changing one's own password: the current one first, then a new one the policy accepts.

Unlike an administrator's reset this needs no permission beyond being signed in, but it
does need the current password (someone at an unlocked desk cannot take the account).
"""

from __future__ import annotations

from diversion_app.domain.enums import AuditAction
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import User
from diversion_app.services.accounts.password_policy import password_problem
from diversion_app.services.accounts.passwords import hash_password, verify_password
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound


class OwnPasswordService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def change(self, actor: Actor, current: str, new: str, repeated: str) -> None:
        """Check the current password and the new one (typed twice), then store it."""
        if actor.user_id is None:
            raise NotFound("Only a signed-in account has a password to change.")
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = session.get(User, actor.user_id)
            if user is None or user.password_hash is None:
                raise NotFound("That account no longer exists.")
            problems: dict[str, str] = {}
            if not current:
                problems["current"] = "Enter your current password."
            elif not verify_password(user.password_hash, current):
                problems["current"] = "That is not your current password."
            policy = password_problem(new, user.username)
            if policy:
                problems["new"] = policy
            elif new == current:
                problems["new"] = "Choose a password different from your current one."
            if not problems.get("new") and new != repeated:
                problems["repeated"] = "The two new passwords are not the same: type it again."
            if problems:
                raise ValidationError(problems)
            user.password_hash = hash_password(new)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "user",
                user.id,
                at=now,
                changes={"password": "changed by its owner"},
            )
