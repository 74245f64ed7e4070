"""Young people: search (name, UK date of birth, postcode, police identifier), add and edit.

Adding first looks for likely existing records (``find_matches``, the rule is in
``domain.duplicates``); a sibling joins the household of the matched child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from diversion_app.domain.ages import age_on
from diversion_app.domain.duplicates import MATCH_ORDER, MatchKind, PersonKey, classify
from diversion_app.domain.enums import (
    Area,
    AuditAction,
    Pathway,
    ReferralStatus,
)
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.domain.names import format_postcode, normalise_name, normalise_postcode
from diversion_app.domain.permissions import Permission
from diversion_app.domain.search_text import (
    DATE,
    IDENTIFIER,
    NAME,
    POSTCODE,
    narrows,
    search_kinds,
)
from diversion_app.domain.timekeeping import format_date, london_today, parse_uk_date
from diversion_app.domain.young_person_rules import (
    AddressDraft,
    YoungPersonDraft,
    young_person_problems,
)
from diversion_app.persistence.models import Household, Referral, School, YoungPerson
from diversion_app.persistence.name_search import long_enough, name_prefilter
from diversion_app.services.base import access, audit
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict, NotFound
from diversion_app.services.base.listing import (
    PageRequest,
    count_of,
    in_page_order,
    like_pattern,
    ordered,
    starts_with,
)
from diversion_app.services.base.permissions import require
from diversion_app.services.base.recent_counts import RecentCounts
from diversion_app.services.base.stale import edit_stamp, refuse_if_stale


def _name_word(word: str) -> sa.ColumnElement[bool]:
    """One typed word of a name search.

    From three letters (or in a script without spaces between names) it matches anywhere
    in the name; shorter, only the start of a name part, so 'zoe o' finds Zoë O'Neill
    rather than every Zoë.
    """
    pattern = like_pattern(word)
    if _matched_anywhere(word):
        return YoungPerson.search_name.like(pattern, escape="\\")
    start = pattern[1:]  # 'xy%': LIKE's wildcards in the word already escaped
    return sa.or_(
        YoungPerson.search_name.like(start, escape="\\"),
        YoungPerson.search_name.like(f"% {start}", escape="\\"),
    )


def _matched_anywhere(word: str) -> bool:
    return len(word) >= 3 or not word.isascii()


@dataclass(frozen=True)
class YoungPersonRow:
    id: int
    name: str
    date_of_birth: date
    age: int
    area: Area
    school: str
    open_referral: str


class YoungPeopleService:
    """The list and search behind the Young people page."""

    sort_columns: ClassVar[dict[str, Any]] = {
        "name": YoungPerson.family_name_key,
        "date_of_birth": YoungPerson.date_of_birth,
        "area": YoungPerson.area,
    }

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._recent = RecentCounts(narrows=narrows)
        """Recent searches' counts, used only to choose how to page (never as a result)."""

    def _filtered(self, text: str) -> sa.Select[Any]:
        # records disposed of after a retention review are no longer anyone to look up
        statement = sa.select(YoungPerson.id).where(YoungPerson.disposed_at.is_(None))
        text = text.strip()
        if not text:
            return statement
        kinds = search_kinds(text)
        if DATE in kinds:
            try:
                born = parse_uk_date(text)
            except DomainError:
                return statement.where(sa.false())
            return statement.where(YoungPerson.date_of_birth == born)
        words = normalise_name(text).split()
        conditions: list[sa.ColumnElement[bool]] = []
        if NAME in kinds:
            matches = [_name_word(word) for word in words]
            indexed = long_enough(words)
            if indexed:  # the trigram index narrows; the LIKEs still decide
                matches.insert(0, name_prefilter(YoungPerson.id, indexed))
            else:  # every name compared: on the narrow name-order index, not the wide rows
                statement = statement.where(YoungPerson.family_name_key >= "")
            conditions.append(sa.and_(*matches))
        if IDENTIFIER in kinds:
            upper = text.upper()
            conditions += [
                starts_with(YoungPerson.local_person_id, upper),
                starts_with(YoungPerson.pnc_id, upper),
            ]
        if POSTCODE in kinds:
            household_ids = sa.select(Household.id).where(
                starts_with(Household.postcode_key, normalise_postcode(text))
            )
            conditions.append(YoungPerson.household_id.in_(household_ids))
        if not conditions:
            return statement.where(sa.false())
        return statement.where(sa.or_(*conditions))

    def count(self, actor: Actor, text: str = "") -> int:
        """How many young people a search lists; the search is audited (the count, never
        the terms): the list page asks this once for each search it shows."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:
            listed = int(session.execute(count_of(self._filtered(text))).scalar_one())
            access.search(session, actor, "young_people", listed=listed, at=self.ctx.now())
            return listed

    def first_page(self, actor: Actor, request: PageRequest) -> tuple[list[YoungPersonRow], int]:
        """The first page of a search and how many it lists, audited as ``count`` is.

        When a search the text begins with listed few people (``known_few``), one
        statement pages and counts (``count(*) OVER ()``), so the names are matched once
        rather than twice; otherwise the count comes first and then the page, as before.
        Either way the rows, the number and the audit event are the same.
        """
        text = request.text.strip()
        if request.offset or not text or not self._recent.known_few(text):
            total = self.count(actor, request.text)
            if text:
                self._recent.remember(text, total)
            return (self.search(actor, request) if total else []), total
        require(self.ctx, actor, Permission.VIEW_CASES)
        statement = self._ordered(request).add_columns(sa.func.count().over())
        with self.ctx.read_only() as session:
            found = session.execute(statement).all()
            rows = self._rows(session, actor, [row[0] for row in found])
        total = int(found[0][1]) if found else 0
        with self.ctx.unit_of_work() as session:
            access.search(session, actor, "young_people", listed=total, at=self.ctx.now())
        self._recent.remember(text, total)
        return rows, total

    def _ordered(self, request: PageRequest) -> sa.Select[Any]:
        return ordered(
            self._filtered(request.text),
            request,
            self.sort_columns,
            [YoungPerson.family_name_key, YoungPerson.search_name],
            YoungPerson.id,
        )

    def search(
        self, actor: Actor, request: PageRequest, *, audited: bool = False
    ) -> list[YoungPersonRow]:
        """One page of a search. ``audited``: a list shown without ``count`` (the pupil
        picker) records the search here, with the number of rows it shows."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            result = self._rows(
                session, actor, list(session.execute(self._ordered(request)).scalars())
            )
        if audited and result:  # nothing shown, nothing listed (as before)
            with self.ctx.unit_of_work() as session:
                access.search(session, actor, "pupil_picker", listed=len(result), at=self.ctx.now())
        return result

    def _rows(self, session: Session, actor: Actor, id_list: list[int]) -> list[YoungPersonRow]:
        """The rows shown for ``id_list``, in that order."""
        if not id_list:
            return []
        today = london_today(self.ctx.now())
        # least privilege: enough to find someone and avoid a duplicate for everyone; the
        # referral's pathway and stage only for those who read casework
        case_detail = access.reads_case_notes(actor)
        rows = session.execute(
            sa.select(
                YoungPerson.id,
                YoungPerson.given_name,
                YoungPerson.family_name,
                YoungPerson.preferred_name,
                YoungPerson.date_of_birth,
                YoungPerson.area,
                School.name,
            )
            .outerjoin(School, School.id == YoungPerson.school_id)
            .where(YoungPerson.id.in_(id_list))
        ).all()
        # by young person only (their index), open ones picked here: a status filter in
        # SQL tempts the planner onto the status index and every open referral
        open_referrals: dict[int, tuple[datetime, Pathway, ReferralStatus]] = {}
        referrals = sa.select(
            Referral.young_person_id, Referral.received_at, Referral.pathway, Referral.status
        ).where(Referral.young_person_id.in_(id_list))
        for person_id, received, pathway, status in session.execute(referrals):
            if not ReferralStatus(status).is_open:
                continue
            newest = open_referrals.get(person_id)
            if newest is None or received > newest[0]:  # the newest open referral is shown
                open_referrals[person_id] = (received, pathway, status)
        result = []
        for row in in_page_order(id_list, rows):
            person_id, given, family, preferred, born, area, school = row
            name = f"{given} {family}" + (f" ({preferred})" if preferred else "")
            shown = open_referrals.get(person_id)
            referral = (
                (f"{shown[1].label}: {shown[2].label}" if case_detail else "Open referral")
                if shown
                else ""
            )
            result.append(
                YoungPersonRow(
                    id=person_id,
                    name=name,
                    date_of_birth=born,
                    age=age_on(born, today) if born <= today else 0,
                    area=area,
                    school=school or "",
                    open_referral=referral,
                )
            )
        return result


# --- adding and editing ----------------------------------------------------------------------


@dataclass(frozen=True)
class PossibleMatch:
    """An existing young person who may be the one being added, or their sibling."""

    id: int
    name: str
    date_of_birth: date
    address: str
    household_id: int
    kind: MatchKind

    @property
    def explanation(self) -> str:
        return self.kind.explanation


@dataclass(frozen=True)
class SavedYoungPerson:
    id: int
    household_id: int


@dataclass(frozen=True)
class SchoolChoice:
    id: int
    name: str
    area: Area


def household_address(household: Household) -> str:
    parts = [household.address_line1, household.address_line2, household.town, household.postcode]
    return ", ".join(part for part in parts if part)


def _clean(text: str) -> str | None:
    return text.strip() or None


def _person_values(draft: YoungPersonDraft, born: date) -> dict[str, Any]:
    given, family = draft.given_name.strip(), draft.family_name.strip()
    preferred = draft.preferred_name.strip()
    return {
        "given_name": given,
        "family_name": family,
        "preferred_name": preferred or None,
        "search_name": normalise_name(" ".join(p for p in (given, preferred, family) if p)),
        "family_name_key": normalise_name(family),
        "date_of_birth": born,
        "gender": draft.gender,
        "ethnicity": draft.ethnicity,
        "area": draft.area,
        "school_id": draft.school_id,
        "local_person_id": _clean(draft.local_person_id.upper()),
        "pnc_id": _clean(draft.pnc_id.upper()),
        "looked_after": draft.looked_after,
        "child_plan": draft.child_plan,
        "send": draft.send,
    }


def address_values(draft: AddressDraft) -> dict[str, Any]:
    """A household's columns from an address as typed (postcode formatted and keyed)."""
    postcode = draft.postcode.strip()
    return {
        "address_line1": draft.address_line1.strip(),
        "address_line2": _clean(draft.address_line2),
        "town": _clean(draft.town),
        "postcode": format_postcode(postcode) if postcode else None,
        "postcode_key": normalise_postcode(postcode) or None,
        "area": draft.area,
    }


def add_household(
    session: Session,
    actor: Actor,
    address: AddressDraft,
    now: datetime,
    *,
    young_person_id: int | None = None,
) -> Household:
    """Add a household at a checked address in the caller's transaction (audited)."""
    household = Household(created_at=now, **address_values(address))
    session.add(household)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATED,
        "household",
        household.id,
        at=now,
        young_person_id=young_person_id,
    )
    return household


def _audit_values(person: YoungPerson) -> dict[str, Any]:
    keys = [
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "area",
        "school_id",
        "local_person_id",
        "pnc_id",
        "looked_after",
        "child_plan",
        "send",
        "household_id",
    ]
    return {key: getattr(person, key) for key in keys}


class YoungPersonEditor:
    """Add a young person (after the duplicate check) and edit their details."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def schools(self, actor: Actor) -> list[SchoolChoice]:
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(School.id, School.name, School.area)
                .where(School.active.is_(True))
                .order_by(School.name)
            ).all()
        return [SchoolChoice(row[0], row[1], row[2]) for row in rows]

    def _validate(self, draft: YoungPersonDraft, *, needs_address: bool = True) -> date:
        born, problems = young_person_problems(
            draft, london_today(self.ctx.now()), needs_address=needs_address
        )
        if problems or born is None:
            raise ValidationError(problems)
        return born

    def find_matches(
        self, actor: Actor, draft: YoungPersonDraft, *, excluding: int | None = None
    ) -> list[PossibleMatch]:
        """Likely existing records for ``draft``: the same person first, then siblings."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        born = self._validate(draft)
        new = PersonKey(
            draft.given_name, draft.family_name, born, draft.postcode, draft.address_line1
        )
        conditions: list[sa.ColumnElement[bool]] = [
            YoungPerson.date_of_birth == born,
            # the same family name (a mistyped date of birth at the same address)
            YoungPerson.family_name_key == new.family_key,
        ]
        if new.postcode_key:
            conditions.append(Household.postcode_key == new.postcode_key)
        with self.ctx.read_only() as session:
            rows = session.execute(
                sa.select(YoungPerson, Household)
                .join(Household, Household.id == YoungPerson.household_id)
                .where(sa.or_(*conditions))
                .limit(2000)
            ).all()
            matches = []
            for person, household in rows:
                if person.id == excluding:
                    continue
                key = PersonKey(
                    person.given_name,
                    person.family_name,
                    person.date_of_birth,
                    household.postcode or "",
                    household.address_line1,
                )
                kind = classify(new, key)
                if kind is None:
                    continue
                matches.append(
                    PossibleMatch(
                        id=person.id,
                        name=f"{person.given_name} {person.family_name}",
                        date_of_birth=person.date_of_birth,
                        address=household_address(household),
                        household_id=household.id,
                        kind=kind,
                    )
                )
        matches.sort(key=lambda m: (MATCH_ORDER.index(m.kind), m.name, m.id))
        return matches

    def create(
        self,
        actor: Actor,
        draft: YoungPersonDraft,
        *,
        join_household_id: int | None = None,
        confirmed_new: bool = False,
    ) -> SavedYoungPerson:
        """One user action: add a young person, in a new household or joining a sibling's.

        Unless ``confirmed_new``, a likely existing record refuses the save (Conflict naming
        it), so a duplicate is never made by accident.
        """
        require(self.ctx, actor, Permission.EDIT_YOUNG_PERSON, entity="young_person")
        born = self._validate(draft, needs_address=join_household_id is None)
        if not confirmed_new:
            same = [m for m in self.find_matches(actor, draft) if m.kind.is_same_person]
            if same:
                raise Conflict(
                    "This young person may already be on record; open the match or confirm "
                    "that this is someone new.",
                    existing_id=same[0].id,
                )
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            if join_household_id is not None:
                household = session.get(Household, join_household_id)
                if household is None:
                    raise NotFound("That household no longer exists.")
            else:
                household = add_household(session, actor, draft.address, now)
            person = YoungPerson(
                household_id=household.id,
                created_at=now,
                updated_at=now,
                **_person_values(draft, born),
            )
            session.add(person)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATED,
                "young_person",
                person.id,
                at=now,
                young_person_id=person.id,
                changes=audit.diff({}, _audit_values(person)),
            )
            return SavedYoungPerson(person.id, household.id)

    def draft_for(self, actor: Actor, young_person_id: int) -> YoungPersonDraft:
        """The saved details as a form would show them (for editing; the opening is audited)."""
        require(self.ctx, actor, Permission.VIEW_CASES)
        with self.ctx.unit_of_work() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            access.view(session, actor, person.id, at=self.ctx.now(), entity="young_person_form")
            household = person.household
            return YoungPersonDraft(
                given_name=person.given_name,
                family_name=person.family_name,
                preferred_name=person.preferred_name or "",
                date_of_birth=format_date(person.date_of_birth),
                gender=person.gender,
                ethnicity=person.ethnicity,
                area=person.area,
                address_line1=household.address_line1,
                address_line2=household.address_line2 or "",
                town=household.town or "",
                postcode=household.postcode or "",
                school_id=person.school_id,
                local_person_id=person.local_person_id or "",
                pnc_id=person.pnc_id or "",
                looked_after=person.looked_after,
                child_plan=person.child_plan,
                send=person.send,
                edit_stamp=edit_stamp(person, household),
            )

    def update(self, actor: Actor, young_person_id: int, draft: YoungPersonDraft) -> None:
        """One user action: change a young person's details (the address is the household's)."""
        require(
            self.ctx,
            actor,
            Permission.EDIT_YOUNG_PERSON,
            entity="young_person",
            entity_id=young_person_id,
            young_person_id=young_person_id,
        )
        born = self._validate(draft)
        now = self.ctx.now()
        with self.ctx.unit_of_work() as session:
            person = session.get(YoungPerson, young_person_id)
            if person is None:
                raise NotFound("That young person no longer exists.")
            refuse_if_stale(
                session,
                draft.edit_stamp,
                [("young_person", person), ("household", person.household)],
                what="young person's record",
                young_person_id=person.id,
            )
            before = _audit_values(person)
            for key, value in _person_values(draft, born).items():
                setattr(person, key, value)
            person.updated_at = now
            changes = audit.diff(before, _audit_values(person))
            if changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "young_person",
                    person.id,
                    at=now,
                    young_person_id=person.id,
                    changes=changes,
                )
            household = person.household
            address_before = {k: getattr(household, k) for k in address_values(draft.address)}
            for key, value in address_values(draft.address).items():
                setattr(household, key, value)
            address_changes = audit.diff(address_before, address_values(draft.address))
            if address_changes:
                audit.record(
                    session,
                    actor,
                    AuditAction.CHANGED,
                    "household",
                    household.id,
                    at=now,
                    young_person_id=person.id,
                    changes=address_changes,
                )
