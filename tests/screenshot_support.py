"""What the README screenshot scripts share: where the pictures go, the Qt application,
a database (seeded demo or empty) at a fixed "now", a demo user as an actor, saving a widget.

Importing this module sets ``QT_QPA_PLATFORM=offscreen`` unless a platform is already
chosen; Qt itself is imported only when a script asks for a database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the audit keys of these throwaway databases stay out of the user's keyring and profile
os.environ.setdefault("DIVERSION_AUDIT_KEY_DIR", tempfile.mkdtemp(prefix="diversion-keys-"))

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from diversion_app.domain.enums import Role
    from diversion_app.services.base.actor import Actor
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.registry import Services

OUT = Path(__file__).resolve().parents[1] / "resources" / "screenshots"
NOW = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Scene:
    """The application and services the pictures are taken from."""

    app: QApplication
    ctx: ServiceContext
    services: Services


@contextmanager
def scene(
    now: datetime = NOW,
    *,
    young_people: int = 2000,
    seed: int = 2026,
    file_name: str = "demo.db",
) -> Iterator[Scene]:
    """A database in a temporary folder whose clock stands at ``now``, seeded with
    ``young_people`` demo records (none: an empty database); disposed of afterwards."""
    from PySide6.QtWidgets import QApplication

    from diversion_app.app import configure_qt_application
    from diversion_app.demo.generator import build_demo
    from diversion_app.persistence.engine import session_factory, sqlite_url
    from diversion_app.persistence.migrate import open_database
    from diversion_app.services.base.context import ServiceContext
    from diversion_app.services.registry import Services

    configure_qt_application()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        opened = open_database(sqlite_url(Path(folder) / file_name), now=now)
        try:
            ctx = ServiceContext(session_factory(opened.engine), now_provider=lambda: now)
            if young_people:
                build_demo(ctx, young_people=young_people, seed=seed)
            yield Scene(app, ctx, Services.build(ctx))
        finally:
            opened.engine.dispose()


def demo_actor(ctx: ServiceContext, username: str, role: Role) -> Actor:
    """The demo account ``username`` acting in ``role``."""
    import sqlalchemy as sa

    from diversion_app.persistence.models import User
    from diversion_app.services.base.actor import Actor

    with ctx.read_only() as session:
        user = session.execute(sa.select(User).where(User.username == username)).scalar_one()
        return Actor(user.id, user.username, user.display_name, frozenset({role}))


def save(widget: Any, name: str) -> None:
    """Grab ``widget`` as it is drawn now into resources/screenshots/``name``."""
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")
