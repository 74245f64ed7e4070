"""Who is acting: every service call is made on behalf of one signed-in user."""

from __future__ import annotations

from dataclasses import dataclass

from diversion_app.domain.enums import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    roles: frozenset[Role]

    def has(self, role: Role) -> bool:
        return role in self.roles


SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="System", roles=frozenset())
"""Used only by maintenance commands (demo data, migrations); never by a person."""
