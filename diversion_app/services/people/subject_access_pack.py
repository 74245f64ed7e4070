"""Everything held about one young person, gathered for a subject access pack.

Every row of every table that is about the young person is read and turned into plain
values, column by column (so a column added later is included without further work):
the record, household, Community Resolutions, referrals with their history, contacts,
visits, assessments, programmes, closures and follow-ups, school work, and the
disclosures that included them. Other people's names are withheld unless they are the
young person's own parent or carer: siblings, other adults, referrers and staff; names
of third parties found in free text are withheld too.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.enums import AuditAction, LabelledEnum
from diversion_app.domain.subject_access import (
    SECTION_45_INFORMATION,
    WITHHELD,
    may_be_named,
    redact,
)
from diversion_app.persistence import models as m
from diversion_app.services.base.access import about_young_person

SCHEMA_ID = "diversion-subject-access-pack/1"
STAFF = "[member of staff]"
INTERNAL_COLUMNS = frozenset(
    {"search_name", "family_name_key", "record_seal", "postcode_key", "uid", "password_hash"}
)
"""Columns that are the application's own workings, not information about the person."""
PEOPLE_COLUMNS = frozenset(
    {
        "officer_name",
        "collar_number",
        "authorised_by",
        "referrer_name",
        "referrer_contact",
        "raised_by",
    }
)
"""Columns holding another person's name or contact details: always withheld."""


def _value(value: Any) -> Any:
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    return value


class Gatherer:
    def __init__(self, session: Session, young_person_id: int) -> None:
        self.session = session
        self.young_person_id = young_person_id
        person = session.get(m.YoungPerson, young_person_id)
        assert person is not None
        self.person = person
        self.members = list(
            session.execute(
                sa.select(m.HouseholdMember)
                .where(m.HouseholdMember.household_id == person.household_id)
                .order_by(m.HouseholdMember.id)
            ).scalars()
        )
        self.named_members = {
            mem.id for mem in self.members if may_be_named(mem.relationship_to_child)
        }
        self.third_party_names = self._third_party_names()

    def _third_party_names(self) -> set[str]:
        names: set[str] = set()
        own = {self.person.given_name, self.person.family_name, self.person.preferred_name or ""}
        for member in self.members:
            if member.id not in self.named_members:
                names |= {member.given_name, member.family_name} - own
        siblings = self.session.execute(
            sa.select(
                m.YoungPerson.given_name, m.YoungPerson.preferred_name, m.YoungPerson.family_name
            ).where(
                m.YoungPerson.household_id == self.person.household_id,
                m.YoungPerson.id != self.person.id,
            )
        ).all()
        for given, preferred, family in siblings:
            names |= {given, preferred or "", family} - own
        for (display,) in self.session.execute(sa.select(m.User.display_name)):
            names.add(display)
        for (referrer,) in self.session.execute(
            sa.select(m.Referral.referrer_name).where(
                m.Referral.young_person_id == self.young_person_id
            )
        ):
            names.add(referrer)
        return {name for name in names if name and name.strip()}

    def row(self, obj: Any) -> dict[str, Any]:
        """One record's columns as plain values, with other people withheld."""
        table: sa.Table = obj.__table__
        out: dict[str, Any] = {}
        for column in table.columns:
            name = column.key
            value = getattr(obj, name)
            if name in INTERNAL_COLUMNS:
                continue
            if name in PEOPLE_COLUMNS:
                out[name] = WITHHELD if value else None
                continue
            targets = {fk.column.table.name for fk in column.foreign_keys}
            if "users" in targets:
                out[name.removesuffix("_id")] = STAFF if value is not None else None
                continue
            if "household_members" in targets:
                out[name.removesuffix("_id")] = self.member_name(value)
                continue
            if targets and name != "id":
                continue  # links between records are shown by nesting, not numbers
            if isinstance(value, str) and not isinstance(value, StrEnum):
                value = redact(value, self.third_party_names)
            out[name] = _value(value)
        return out

    def member_name(self, member_id: int | None) -> str | None:
        if member_id is None:
            return None
        member = next((mem for mem in self.members if mem.id == member_id), None)
        if member is None or member.id not in self.named_members:
            return WITHHELD
        return f"{member.given_name} {member.family_name}"

    def _rows(self, model: Any, *where: Any, order: Any = None) -> list[Any]:
        statement = sa.select(model).where(*where)
        statement = statement.order_by(order if order is not None else model.id)
        return list(self.session.execute(statement).scalars())

    # --- the sections -------------------------------------------------------------------------
    def household(self) -> dict[str, Any]:
        household = self.row(self.person.household)
        household["members"] = [
            self.row(mem)
            if mem.id in self.named_members
            else {"name": WITHHELD, "relationship_to_child": mem.relationship_to_child.label}
            for mem in self.members
        ]
        siblings = self.session.execute(
            sa.select(sa.func.count()).where(
                m.YoungPerson.household_id == self.person.household_id,
                m.YoungPerson.id != self.person.id,
            )
        ).scalar_one()
        household["other_children_in_household"] = int(siblings)
        return household

    def referral(self, referral: m.Referral) -> dict[str, Any]:
        out = self.row(referral)
        rid = referral.id
        out["history"] = [
            self.row(e) for e in self._rows(m.ReferralEvent, m.ReferralEvent.referral_id == rid)
        ]
        out["contacts"] = [self.row(c) for c in self._rows(m.Contact, m.Contact.referral_id == rid)]
        out["visits"] = [self.row(v) for v in self._rows(m.Visit, m.Visit.referral_id == rid)]
        assessments = []
        for assessment in self._rows(m.Assessment, m.Assessment.referral_id == rid):
            item = self.row(assessment)
            item["ratings"] = [self.row(r) for r in assessment.ratings]
            assessments.append(item)
        out["assessments"] = assessments
        programmes = []
        for programme in self._rows(m.Programme, m.Programme.referral_id == rid):
            item = self.row(programme)
            interventions = []
            for intervention in self._rows(
                m.Intervention, m.Intervention.programme_id == programme.id
            ):
                detail = self.row(intervention)
                detail["sessions"] = [
                    self.row(s)
                    for s in self._rows(
                        m.InterventionSession,
                        m.InterventionSession.intervention_id == intervention.id,
                    )
                ]
                interventions.append(detail)
            item["interventions"] = interventions
            programmes.append(item)
        out["programmes"] = programmes
        closures = []
        for closure in self._rows(m.Closure, m.Closure.referral_id == rid):
            item = self.row(closure)
            item["follow_ups"] = [
                self.row(f) for f in self._rows(m.FollowUp, m.FollowUp.closure_id == closure.id)
            ]
            closures.append(item)
        out["closures"] = closures
        return out

    def school_work(self) -> dict[str, Any]:
        yp = self.young_person_id
        referrals = [
            self.row(r)
            for r in self._rows(m.SchoolReferral, m.SchoolReferral.young_person_id == yp)
        ]
        sessions = []
        for part in self._rows(
            m.RestorativeJusticeParticipant,
            m.RestorativeJusticeParticipant.young_person_id == yp,
            order=m.RestorativeJusticeParticipant.rj_id,
        ):
            item = self.row(part.session)
            item["part"] = part.part.label
            item["other_pupils"] = len(part.session.participants) - 1
            sessions.append(item)
        return {"school_referrals": referrals, "restorative_justice": sessions}

    def disclosures(self) -> list[dict[str, Any]]:
        events = self.session.execute(
            sa.select(m.AuditEvent)
            .where(
                about_young_person(self.young_person_id),
                m.AuditEvent.action == AuditAction.DISCLOSED,
            )
            .order_by(m.AuditEvent.id)
        ).scalars()
        return [
            {
                "at": event.at.isoformat(),
                "what": str((event.changes or {}).get("what") or event.entity).replace("_", " "),
                "recipient": str((event.changes or {}).get("recipient") or "not recorded"),
                "purpose": str((event.changes or {}).get("purpose") or "not recorded"),
            }
            for event in events
        ]

    def pack(self, request: dict[str, Any], generated_at: datetime) -> dict[str, Any]:
        yp = self.young_person_id
        person = self.row(self.person)
        if self.person.school is not None:
            person["school"] = self.person.school.name
        return {
            "schema": SCHEMA_ID,
            "generated_at": generated_at.isoformat(),
            "request": request,
            "young_person": person,
            "household": self.household(),
            "community_resolutions": [
                self.row(cr)
                for cr in self._rows(
                    m.CommunityResolution, m.CommunityResolution.young_person_id == yp
                )
            ],
            "referrals": [
                self.referral(r) for r in self._rows(m.Referral, m.Referral.young_person_id == yp)
            ],
            "school_work": self.school_work(),
            "disclosures": self.disclosures(),
            "information": [
                {"heading": heading, "text": text} for heading, text in SECTION_45_INFORMATION
            ],
            "withheld": (
                "Names of people other than the young person and their own parents or carers "
                f'are shown as "{WITHHELD}"; staff as "{STAFF}".'
            ),
        }
