"""Recording a Community Resolution, and noticing when the child has come to notice again.

The crime reference format is configurable (the ``settings`` table keys below); saving a
CR for a child who already has one reports the earlier CRs, so the screen can offer a
diversion referral to the YOS (report 2.13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.community_resolution_rules import (
    CommunityResolutionDraft,
    CrimeReferenceFormat,
    community_resolution_problems,
    normalise_crime_reference,
)
from diversion_app.domain.enums import (
    AuditAction,
    OffenceCategory,
    Pathway,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import format_date, london_today
from diversion_app.persistence.models import (
    CommunityResolution,
    Referral,
    Setting,
    User,
    YoungPerson,
)
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.audited_read import log_view
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import NotFound
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.casework.follow_ups import auto_fill_follow_up

PATTERN_KEY = "crime_reference.pattern"
EXAMPLE_KEY = "crime_reference.example"
DESCRIPTION_KEY = "crime_reference.description"


@dataclass(frozen=True)
class EarlierResolution:
    id: int
    crime_reference: str
    offence_date: date
    offence_category: OffenceCategory


@dataclass(frozen=True)
class RecordedResolution:
    """What saving a CR tells the officer: the new CR and any earlier ones."""

    id: int
    young_person_id: int
    young_person_name: str
    crime_reference: str
    offence_date: date
    offence_category: OffenceCategory
    offence_description: str
    officer_name: str
    collar_number: str
    earlier: tuple[EarlierResolution, ...]
    open_diversion_referral_id: int | None
    follow_up_id: int | None = None
    """The 12-month follow-up this CR filled in (offence inside a closure's window), if any."""

    @property
    def came_to_notice_again(self) -> bool:
        return bool(self.earlier)

    @property
    def notice_text(self) -> str:
        """'Came to notice again: 2 earlier Community Resolutions (05/03/2025, 01/06/2026).'"""
        if not self.earlier:
            return ""
        count = len(self.earlier)
        noun = "Community Resolution" if count == 1 else "Community Resolutions"
        dates = ", ".join(format_date(cr.offence_date) for cr in self.earlier)
        return (
            f"{self.young_person_name} has come to notice again: {count} earlier {noun} "
            f"(offence dates {dates})."
        )

    @property
    def offence_summary(self) -> str:
        return (
            f"{self.offence_category.label} on {format_date(self.offence_date)} "
            f"(crime reference {self.crime_reference}): {self.offence_description}"
        )


def crime_reference_format(session: Session) -> CrimeReferenceFormat:
    values = dict(
        session.execute(
            sa.select(Setting.key, Setting.value).where(
                Setting.key.in_((PATTERN_KEY, EXAMPLE_KEY, DESCRIPTION_KEY))
            )
        ).all()
    )
    default = CrimeReferenceFormat()
    return CrimeReferenceFormat(
        pattern=values.get(PATTERN_KEY, default.pattern),
        example=values.get(EXAMPLE_KEY, default.example),
        description=values.get(DESCRIPTION_KEY, default.description),
    )


def _earlier(session: Session, young_person_id: int, excluding: int) -> list[EarlierResolution]:
    rows = session.execute(
        sa.select(
            CommunityResolution.id,
            CommunityResolution.crime_reference,
            CommunityResolution.offence_date,
            CommunityResolution.offence_category,
        )
        .where(
            CommunityResolution.young_person_id == young_person_id,
            CommunityResolution.id != excluding,
            CommunityResolution.withdrawn_at.is_(None),
        )
        .order_by(CommunityResolution.offence_date, CommunityResolution.id)
    ).all()
    return [EarlierResolution(*row) for row in rows]


class CommunityResolutionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def reference_format(self, actor: Actor) -> CrimeReferenceFormat:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return crime_reference_format(session)

    def set_reference_format(self, actor: Actor, reference_format: CrimeReferenceFormat) -> None:
        """An administrator changes the force's crime reference format."""
        require(self.ctx, actor, Permission.MANAGE_REFERENCE_LISTS, entity="setting")
        try:
            re.compile(reference_format.pattern)
        except re.error:
            raise ValidationError(
                {"pattern": "That pattern is not a valid regular expression."}
            ) from None
        if reference_format.problem(reference_format.example):
            raise ValidationError({"example": "The example does not fit the pattern."})
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            before = crime_reference_format(session)
            for key, value in (
                (PATTERN_KEY, reference_format.pattern),
                (EXAMPLE_KEY, reference_format.example),
                (DESCRIPTION_KEY, reference_format.description),
            ):
                session.merge(Setting(key=key, value=value))
            audit.record(
                session,
                actor,
                AuditAction.CHANGED,
                "setting",
                None,
                at=now,
                changes={"crime_reference.pattern": [before.pattern, reference_format.pattern]},
            )

    def open_form(self, actor: Actor, young_person_id: int) -> None:
        """Opening the Community Resolution form for a young person: need to know (a
        reason if they are not on the actor's own list), then one "viewed" event."""
        require(self.ctx, actor, Permission.RECORD_CR, entity="community_resolution")
        with self.ctx.read_only() as session:
            if session.get(YoungPerson, young_person_id) is None:
                raise NotFound("That young person no longer exists.")
            reason = access.view_reason(session, actor, young_person_id)
        log_view(
            self.ctx,
            actor,
            "community_resolution_form",
            young_person_id,
            young_person_id=young_person_id,
            changes=reason,
        )

    def officer_defaults(self, actor: Actor) -> tuple[str, str]:
        """The acting officer's name and collar number from their account, to start the form."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        if actor.user_id is None:
            return actor.display_name, ""
        with self.ctx.read_only() as session:
            user = session.get(User, actor.user_id)
            if user is None:
                return actor.display_name, ""
            return user.display_name, user.collar_number or ""

    def earlier_for(self, actor: Actor, young_person_id: int) -> list[EarlierResolution]:
        """Every CR already recorded for the young person, oldest first."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            return _earlier(session, young_person_id, excluding=0)

    def record(self, actor: Actor, draft: CommunityResolutionDraft) -> RecordedResolution:
        """One user action: record a CR (validated, audited); reports earlier CRs."""
        require(
            self.ctx,
            actor,
            Permission.RECORD_CR,
            entity="community_resolution",
            young_person_id=draft.young_person_id,
        )
        now = self.ctx.now()
        today = london_today(now)
        reference = normalise_crime_reference(draft.crime_reference)
        with self.ctx.unit_of_work() as session:
            person = session.get(YoungPerson, draft.young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            offence, problems = community_resolution_problems(
                draft, person.date_of_birth, today, crime_reference_format(session)
            )
            if "crime_reference" not in problems:
                already = session.execute(
                    sa.select(CommunityResolution.recorded_on).where(
                        CommunityResolution.young_person_id == person.id,
                        CommunityResolution.crime_reference == reference,
                    )
                ).scalar_one_or_none()
                if already is not None:
                    problems["crime_reference"] = (
                        f"Crime reference {reference} is already recorded for this young person "
                        f"(on {format_date(already)}); check the reference."
                    )
            if problems or offence is None or draft.offence_category is None:
                raise ValidationError(problems)
            assert draft.victim_type is not None
            resolution = CommunityResolution(
                young_person_id=person.id,
                crime_reference=reference,
                offence_date=offence,
                offence_category=draft.offence_category,
                offence_description=draft.offence_description.strip(),
                location=draft.location.strip() or None,
                officer_name=draft.officer_name.strip(),
                collar_number=draft.collar_number.strip().upper(),
                accepted_responsibility=draft.accepted_responsibility,
                appropriate_adult_present=draft.appropriate_adult_present,
                victim_type=draft.victim_type,
                victim_consulted=draft.victim_consulted,
                victim_views=draft.victim_views.strip() or None,
                victim_rj_offered=None if draft.victim_rj is None else draft.victim_rj.offered,
                victim_rj_took_part=None if draft.victim_rj is None else draft.victim_rj.took_part,
                victim_views_considered=(
                    None if draft.victim_rj is None else draft.victim_rj.views_considered
                ),
                restorative_actions=[action.value for action in draft.restorative_actions],
                gravity_score=draft.gravity_score,
                authorised_by=draft.authorised_by.strip(),
                recorded_on=today,
                created_at=now,
                created_by_id=actor.user_id,
            )
            session.add(resolution)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "community_resolution",
                resolution.id,
                at=now,
                young_person_id=person.id,
                changes={
                    "crime_reference": [None, reference],
                    "offence_date": [None, offence.isoformat()],
                    "offence_category": [None, draft.offence_category.value],
                    "gravity_score": [None, draft.gravity_score],
                },
            )
            follow_up_id = auto_fill_follow_up(
                session, actor, person.id, resolution.id, offence, now
            )
            open_diversion = session.execute(
                sa.select(Referral.id).where(
                    Referral.young_person_id == person.id,
                    Referral.pathway == Pathway.DIVERSION,
                    referral_is_open(),
                )
            ).scalar_one_or_none()
            return RecordedResolution(
                id=resolution.id,
                young_person_id=person.id,
                young_person_name=f"{person.given_name} {person.family_name}",
                crime_reference=reference,
                offence_date=offence,
                offence_category=draft.offence_category,
                offence_description=resolution.offence_description,
                officer_name=resolution.officer_name,
                collar_number=resolution.collar_number,
                earlier=tuple(_earlier(session, person.id, excluding=resolution.id)),
                open_diversion_referral_id=open_diversion,
                follow_up_id=follow_up_id,
            )
