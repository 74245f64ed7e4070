"""Administering schools and SPOCs: the reference lists behind school liaison.

A school's SPOC is never stored on the school: it is the active SPOC of the school's area.
So reassigning a school to another area changes its SPOC, and adding a SPOC or moving one
to another area moves that area's schools with them. Each area has at most one active
SPOC: giving an area a new SPOC hands its schools over and stands the previous one down.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import Area, AuditAction, Role, SchoolType
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.names import format_postcode
from diversion_app.domain.permissions import Permission
from diversion_app.domain.school_rules import SchoolDraft, school_problems
from diversion_app.persistence.models import School, Spoc, User, UserRole
from diversion_app.services.base import audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.permissions import require
from diversion_app.services.base.stale import edit_stamp as stamp_of
from diversion_app.services.base.stale import refuse_if_stale

AREA_NEEDED = "Choose the area the SPOC covers (South, East or West)."

SCHOOL_FIELDS = (
    "name",
    "area",
    "school_type",
    "address",
    "postcode",
    "contact_name",
    "phone",
    "email",
    "key_staff",
    "active",
)


@dataclass(frozen=True)
class SchoolDetail:
    id: int
    name: str
    area: Area
    school_type: SchoolType
    address: str
    postcode: str
    contact_name: str
    phone: str
    email: str
    key_staff: str
    active: bool
    spoc: str
    """The display name of the area's active SPOC, or "No SPOC"."""
    edit_stamp: str = ""
    """The school's version when read: hand it back to ``update_school``/``set_school_active``."""


@dataclass(frozen=True)
class SpocRow:
    id: int
    user_id: int
    display_name: str
    username: str
    area: Area
    active: bool
    schools: int
    """Active schools in the SPOC's area while the SPOC is active (else 0)."""
    edit_stamp: str = ""
    """The SPOC's version when read: hand it back to ``change_spoc_area``/``stand_down_spoc``."""


@dataclass(frozen=True)
class SpocCandidate:
    user_id: int
    display_name: str
    username: str


@dataclass(frozen=True)
class SpocChange:
    spoc: SpocRow
    stood_down: str | None
    """The SPOC who handed the area over, if there was one."""
    schools_moved: int


def spoc_for_area(session: Session, area: Area) -> tuple[int, str] | None:
    """(user id, display name) of the area's active SPOC: the SPOC of every school there."""
    row = session.execute(
        sa.select(User.id, User.display_name)
        .join(Spoc, Spoc.user_id == User.id)
        .where(Spoc.area == area, Spoc.active.is_(True))
        .order_by(Spoc.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def spoc_areas(session: Session, user_id: int | None) -> list[Area]:
    """The areas a user is the active SPOC for (normally one, or none)."""
    if user_id is None:
        return []
    return list(
        session.execute(
            sa.select(Spoc.area).where(Spoc.user_id == user_id, Spoc.active.is_(True))
        ).scalars()
    )


def _clean(text: str) -> str | None:
    return text.strip() or None


def _snapshot(school: School) -> dict[str, object]:
    return {name: getattr(school, name) for name in SCHOOL_FIELDS}


class SchoolAdminService:
    """Schools and SPOCs: create, edit, deactivate (MANAGE_REFERENCE_LISTS)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _require(self, actor: Actor, entity: str, entity_id: int | None = None) -> None:
        require(
            self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity=entity, entity_id=entity_id
        )

    # --- schools ------------------------------------------------------------------------
    def all_schools(self, actor: Actor, *, include_inactive: bool = True) -> list[SchoolDetail]:
        self._require(actor, "school")
        statement = sa.select(School).order_by(School.area, School.name, School.id)
        if not include_inactive:
            statement = statement.where(School.active.is_(True))
        with self.ctx.read_only() as session:
            spocs = {area: spoc_for_area(session, area) for area in Area}
            return [
                self._detail(school, spocs[school.area])
                for school in session.execute(statement).scalars()
            ]

    def school(self, actor: Actor, school_id: int) -> SchoolDetail:
        self._require(actor, "school", school_id)
        with self.ctx.read_only() as session:
            school = session.get(School, school_id)
            if school is None:
                raise NotFound("That school no longer exists.")
            return self._detail(school, spoc_for_area(session, school.area))

    def create_school(self, actor: Actor, draft: SchoolDraft) -> SchoolDetail:
        self._require(actor, "school")
        problems = school_problems(draft)
        if problems:
            raise ValidationError(problems)
        assert draft.area is not None and draft.school_type is not None
        with self.ctx.unit_of_work() as session:
            self._refuse_duplicate(session, draft, None)
            school = School(active=True)
            self._apply(school, draft)
            session.add(school)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "school",
                school.id,
                at=self.ctx.now(),
                changes=audit.diff({}, _snapshot(school)),
            )
            return self._detail(school, spoc_for_area(session, school.area))

    def update_school(
        self, actor: Actor, school_id: int, draft: SchoolDraft, *, edit_stamp: str = ""
    ) -> SchoolDetail:
        """Change a school; a new area gives it that area's SPOC.

        ``edit_stamp`` is the school's stamp when the form read it: a school changed by
        someone else since is refused (``StaleRecord``), never written over.
        """
        self._require(actor, "school", school_id)
        problems = school_problems(draft)
        if problems:
            raise ValidationError(problems)
        with self.ctx.unit_of_work() as session:
            school = session.get(School, school_id)
            if school is None:
                raise NotFound("That school no longer exists.")
            _refuse_if_stale(session, edit_stamp, "school", school)
            self._refuse_duplicate(session, draft, school_id)
            before = _snapshot(school)
            self._apply(school, draft)
            changes = audit.diff(before, _snapshot(school))
            if changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "school",
                    school.id,
                    at=self.ctx.now(),
                    changes=changes,
                )
            session.flush()  # the detail carries the new version
            return self._detail(school, spoc_for_area(session, school.area))

    def set_school_active(
        self, actor: Actor, school_id: int, active: bool, *, edit_stamp: str = ""
    ) -> SchoolDetail:
        """Deactivate a school (its history stays) or bring it back (``edit_stamp`` as for
        ``update_school``)."""
        self._require(actor, "school", school_id)
        with self.ctx.unit_of_work() as session:
            school = session.get(School, school_id)
            if school is None:
                raise NotFound("That school no longer exists.")
            _refuse_if_stale(session, edit_stamp, "school", school)
            if school.active != active:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "school",
                    school.id,
                    at=self.ctx.now(),
                    changes={"active": [school.active, active]},
                )
                school.active = active
            session.flush()
            return self._detail(school, spoc_for_area(session, school.area))

    @staticmethod
    def _apply(school: School, draft: SchoolDraft) -> None:
        assert draft.area is not None and draft.school_type is not None
        school.name = draft.name.strip()
        school.area = draft.area
        school.school_type = draft.school_type
        school.address = _clean(draft.address)
        school.postcode = format_postcode(draft.postcode) if draft.postcode.strip() else None
        school.contact_name = _clean(draft.contact_name)
        school.phone = _clean(draft.phone)
        school.email = _clean(draft.email)
        school.key_staff = _clean(draft.key_staff)

    @staticmethod
    def _refuse_duplicate(session: Session, draft: SchoolDraft, school_id: int | None) -> None:
        statement = sa.select(School.id).where(
            sa.func.lower(School.name) == draft.name.strip().lower(), School.area == draft.area
        )
        if school_id is not None:
            statement = statement.where(School.id != school_id)
        existing = session.execute(statement.limit(1)).scalar_one_or_none()
        if existing is not None:
            raise Conflict(
                "A school with this name is already listed in that area; edit that one instead.",
                existing_id=existing,
            )

    @staticmethod
    def _detail(school: School, spoc: tuple[int, str] | None) -> SchoolDetail:
        return SchoolDetail(
            id=school.id,
            name=school.name,
            area=school.area,
            school_type=school.school_type,
            address=school.address or "",
            postcode=school.postcode or "",
            contact_name=school.contact_name or "",
            phone=school.phone or "",
            email=school.email or "",
            key_staff=school.key_staff or "",
            active=school.active,
            spoc=spoc[1] if spoc else "No SPOC",
            edit_stamp=stamp_of(school),
        )

    # --- SPOCs --------------------------------------------------------------------------
    def spocs(self, actor: Actor) -> list[SpocRow]:
        self._require(actor, "spoc")
        with self.ctx.read_only() as session:
            ids = session.execute(sa.select(Spoc.id).order_by(Spoc.area, Spoc.id)).scalars()
            return [self._row(session, spoc_id) for spoc_id in list(ids)]

    def spoc_candidates(self, actor: Actor) -> list[SpocCandidate]:
        """Active users holding the School Liaison SPOC role who are not yet listed as SPOCs."""
        self._require(actor, "spoc")
        listed = sa.select(Spoc.user_id)
        statement = (
            sa.select(User.id, User.display_name, User.username)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.SPOC, User.active.is_(True), User.id.not_in(listed))
            .order_by(User.display_name)
        )
        with self.ctx.read_only() as session:
            return [SpocCandidate(*row) for row in session.execute(statement).all()]

    def add_spoc(self, actor: Actor, user_id: int | None, area: Area | None) -> SpocChange:
        """Make a PCSO the SPOC of an area: the area's schools move to them."""
        self._require(actor, "spoc")
        problems: dict[str, str] = {}
        if user_id is None:
            problems["user"] = "Choose the PCSO who will be the SPOC."
        if area is None:
            problems["area"] = AREA_NEEDED
        if problems:
            raise ValidationError(problems)
        assert user_id is not None and area is not None
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            user = session.get(User, user_id)
            if user is None or not user.active:
                raise NotFound("That user account no longer exists or is disabled.")
            if Role.SPOC not in {role.role for role in user.roles}:
                raise ValidationError(
                    {
                        "user": (
                            "Only a user with the School Liaison SPOC role can be a SPOC; "
                            "give them the role on their account first."
                        )
                    }
                )
            existing = session.execute(
                sa.select(Spoc.id).where(Spoc.user_id == user_id)
            ).scalar_one_or_none()
            if existing is not None:
                raise Conflict(
                    "This PCSO is already listed as a SPOC; change their area instead.",
                    existing_id=existing,
                )
            stood_down = self._stand_down(session, actor, area, keep=None)
            spoc = Spoc(user_id=user_id, area=area, active=True)
            session.add(spoc)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "spoc",
                spoc.id,
                at=now,
                changes={"user_id": [None, user_id], "area": [None, area.value]},
            )
            row = self._row(session, spoc.id)
            return SpocChange(row, stood_down, row.schools)

    def change_spoc_area(
        self, actor: Actor, spoc_id: int, area: Area | None, *, edit_stamp: str = ""
    ) -> SpocChange:
        """Move a SPOC to another area: that area's schools move to them.

        ``edit_stamp`` is the SPOC's stamp as listed: one changed since is refused.
        """
        self._require(actor, "spoc", spoc_id)
        if area is None:
            raise ValidationError({"area": AREA_NEEDED})
        with self.ctx.unit_of_work() as session:
            spoc = session.get(Spoc, spoc_id)
            if spoc is None:
                raise NotFound("That SPOC is no longer listed.")
            _refuse_if_stale(session, edit_stamp, "spoc", spoc)
            if spoc.area == area and spoc.active:
                row = self._row(session, spoc.id)
                return SpocChange(row, None, 0)
            stood_down = self._stand_down(session, actor, area, keep=spoc.id)
            changes: dict[str, list[object]] = {}
            if spoc.area != area:
                changes["area"] = [spoc.area.value, area.value]
                spoc.area = area
            if not spoc.active:
                changes["active"] = [False, True]
                spoc.active = True
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "spoc",
                spoc.id,
                at=self.ctx.now(),
                changes=changes,
            )
            session.flush()
            row = self._row(session, spoc.id)
            return SpocChange(row, stood_down, row.schools)

    def stand_down_spoc(self, actor: Actor, spoc_id: int, *, edit_stamp: str = "") -> SpocRow:
        """A SPOC stops covering their area (its schools have no SPOC until one is added);
        ``edit_stamp`` as for ``change_spoc_area``."""
        self._require(actor, "spoc", spoc_id)
        with self.ctx.unit_of_work() as session:
            spoc = session.get(Spoc, spoc_id)
            if spoc is None:
                raise NotFound("That SPOC is no longer listed.")
            _refuse_if_stale(session, edit_stamp, "spoc", spoc)
            if spoc.active:
                spoc.active = False
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "spoc",
                    spoc.id,
                    at=self.ctx.now(),
                    changes={"active": [True, False]},
                )
                session.flush()
            return self._row(session, spoc.id)

    def _stand_down(
        self, session: Session, actor: Actor, area: Area, keep: int | None
    ) -> str | None:
        """Stand down the area's other active SPOC (one SPOC per area); their name, if any."""
        others = session.execute(
            sa.select(Spoc).where(Spoc.area == area, Spoc.active.is_(True), Spoc.id != (keep or 0))
        ).scalars()
        names = []
        for other in list(others):
            other.active = False
            names.append(other.user.display_name)
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "spoc",
                other.id,
                at=self.ctx.now(),
                changes={"active": [True, False], "reason": [None, "area handed over"]},
            )
        session.flush()
        return ", ".join(names) or None

    @staticmethod
    def _row(session: Session, spoc_id: int) -> SpocRow:
        spoc = session.get(Spoc, spoc_id)
        assert spoc is not None
        schools = 0
        if spoc.active:
            schools = int(
                session.execute(
                    sa.select(sa.func.count())
                    .select_from(School)
                    .where(School.area == spoc.area, School.active.is_(True))
                ).scalar_one()
            )
        return SpocRow(
            id=spoc.id,
            user_id=spoc.user_id,
            display_name=spoc.user.display_name,
            username=spoc.user.username,
            area=spoc.area,
            active=spoc.active,
            schools=schools,
            edit_stamp=stamp_of(spoc),
        )


def _refuse_if_stale(session: Session, stamp: str, entity: str, record: School | Spoc) -> None:
    what = "school" if entity == "school" else "SPOC's listing"
    refuse_if_stale(session, stamp, [(entity, record)], what=what, young_person_id=None)
