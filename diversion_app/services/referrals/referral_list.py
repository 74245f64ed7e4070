"""The referral list: every referral with its young person, caseworker and 48-hour clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from diversion_app.domain.clock import DEFAULT_DUE_SOON, ClockReading, clock_reading
from diversion_app.domain.enums import (
    Pathway,
    ReferralSource,
    ReferralStatus,
)
from diversion_app.domain.names import normalise_name
from diversion_app.domain.permissions import Permission
from diversion_app.domain.timekeeping import london_today
from diversion_app.domain.working_days import DeadlineReading, read_deadline
from diversion_app.persistence.models import Referral, User, YoungPerson
from diversion_app.persistence.name_search import long_enough, name_prefilter
from diversion_app.services.base import access
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.due_soon import due_soon_window
from diversion_app.services.base.id_lists import among, among_found
from diversion_app.services.base.listing import (
    PageRequest,
    count_of,
    in_page_order,
    like_pattern,
    order_for,
    ordered,
)
from diversion_app.services.base.open_referrals import referral_is_open
from diversion_app.services.base.permissions import require
from diversion_app.services.referrals.deadlines import working_calendar
from diversion_app.services.referrals.list_scope import referral_rows_for

WALK_ORDER_FROM_MATCHES = 10_000
"""A search with at least this many matching referrals pages by walking the sort order."""
RECENT_COUNTS_KEPT = 32


@dataclass(frozen=True)
class ReferralFilter:
    """Which referrals a list shows (all fields optional)."""

    open_only: bool = False
    caseworker_id: int | None = None
    unallocated_only: bool = False
    overdue_only: bool = False
    due_soon_only: bool = False
    met_within_days: int | None = None
    """Clocks met on time in the last N days (the dashboard's "met" tiles)."""
    missed_within_days: int | None = None
    """Clocks that fell due in the last N days and were missed (the "missed" tiles)."""
    assessment_overdue_only: bool = False
    """Open, not yet assessed, and past the 10-working-day assessment deadline."""
    recommendation_overdue_only: bool = False
    """Open diversion referrals whose recommendation to the police is past due."""
    pathway: Pathway | None = None
    """One pathway only (the Referrals page's quick filter)."""


def working_day_overdue(
    today: date, *, assessment: bool, recommendation: bool
) -> sa.ColumnElement[bool]:
    """Open referrals past a working-day deadline that has not been met."""
    conditions: list[sa.ColumnElement[bool]] = []
    if assessment:
        conditions.append(
            sa.and_(Referral.assessed_on.is_(None), Referral.assessment_due_on < today)
        )
    if recommendation:
        conditions.append(
            sa.and_(
                Referral.recommendation_sent_on.is_(None), Referral.recommendation_due_on < today
            )
        )
    return sa.and_(referral_is_open(), sa.or_(*conditions))


def met_within(now: datetime, days: int) -> sa.ColumnElement[bool]:
    """The clock was met on time, at some moment in the last ``days`` days."""
    return sa.and_(
        Referral.clock_met_at >= now - timedelta(days=days),
        Referral.clock_met_at <= Referral.clock_due_at,
    )


def missed_within(now: datetime, days: int) -> sa.ColumnElement[bool]:
    """The clock fell due in the last ``days`` days without being met in time.

    Declined referrals, and referrals ended as not engaged without contact, stopped the
    clock: never missed (DOMAIN.md). One met late and then ended as not engaged was missed.
    """
    return sa.and_(
        Referral.clock_due_at >= now - timedelta(days=days),
        Referral.clock_due_at < now,
        Referral.status != ReferralStatus.DECLINED,
        sa.or_(
            Referral.clock_met_at > Referral.clock_due_at,
            sa.and_(Referral.clock_met_at.is_(None), Referral.status != ReferralStatus.NOT_ENGAGED),
        ),
    )


@dataclass(frozen=True)
class ReferralRow:
    id: int
    young_person_id: int
    young_person: str
    pathway: Pathway
    source: ReferralSource
    status: ReferralStatus
    received_at: datetime
    caseworker: str
    clock: ClockReading
    assessment_deadline: DeadlineReading | None = None
    """The 10-working-day assessment deadline (None where not read)."""


def reading_for(
    received_at: datetime,
    met_at: datetime | None,
    status: ReferralStatus,
    ended_at: datetime | None,
    now: datetime,
    due_soon: timedelta = DEFAULT_DUE_SOON,
) -> ClockReading:
    """The clock of a stored referral, from the columns the list already holds."""
    return clock_reading(
        received_at,
        met_at,
        now,
        due_soon=due_soon,
        stopped_at=None if status.is_open else ended_at,
        declined=status in (ReferralStatus.DECLINED, ReferralStatus.NOT_ENGAGED),
    )


class ReferralListService:
    """The list behind the Referrals page and the dashboard's lists."""

    sort_columns: ClassVar[dict[str, Any]] = {
        "received_at": Referral.received_at,
        "due": Referral.clock_due_at,
        "urgency": (sa.case((Referral.clock_met_at.is_(None), 0), else_=1), Referral.clock_due_at),
        "status": Referral.status,
        "pathway": Referral.pathway,
        "young_person": YoungPerson.family_name_key,
        "assessment_due": Referral.assessment_due_on,
    }

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._recent_counts: dict[tuple[str, ReferralFilter], int] = {}
        """Recent search counts, used only to choose how to page (never as a result)."""

    def _filtered(
        self,
        text: str,
        filter_: ReferralFilter,
        *,
        by_person: bool = False,
        walk_order: bool = False,
        rows_for_reader: sa.ColumnElement[bool] | None = None,
    ) -> sa.Select[Any]:
        """The ids of the referrals shown.

        The young person is joined only when the sort needs them (every referral has one),
        so counting and paging stay on the referral indexes. A search finds the matching
        young people first: from the trigram index for a text of three characters or more
        (``name_prefilter``, the ``LIKE`` still deciding), otherwise on the narrow name
        index (``search_name >= ''`` lets SQLite walk that index instead of the wide
        table) -- unless ``walk_order``: for a name most referrals match, walking the
        referrals in the order shown and checking each one's young person reaches a page's
        end sooner than sorting every match.
        """
        text = text.strip()
        statement = sa.select(Referral.id)
        if by_person:
            statement = statement.join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        if rows_for_reader is not None:  # least privilege: only the rows this reader may see
            statement = statement.where(rows_for_reader)
        now = self.ctx.now()
        if filter_.open_only or filter_.overdue_only or filter_.due_soon_only:
            statement = statement.where(referral_is_open())
        if filter_.caseworker_id is not None:
            statement = statement.where(Referral.caseworker_id == filter_.caseworker_id)
        if filter_.unallocated_only:
            statement = statement.where(referral_is_open(), Referral.caseworker_id.is_(None))
        if filter_.overdue_only:
            statement = statement.where(
                Referral.clock_met_at.is_(None), Referral.clock_due_at < now
            )
        if filter_.due_soon_only:
            statement = statement.where(
                Referral.clock_met_at.is_(None),
                Referral.clock_due_at >= now,
                Referral.clock_due_at <= now + self._due_soon(),
            )
        if filter_.assessment_overdue_only or filter_.recommendation_overdue_only:
            statement = statement.where(
                working_day_overdue(
                    london_today(now),
                    assessment=filter_.assessment_overdue_only,
                    recommendation=filter_.recommendation_overdue_only,
                )
            )
        if filter_.pathway is not None:
            statement = statement.where(Referral.pathway == filter_.pathway)
        if filter_.met_within_days is not None:
            statement = statement.where(met_within(now, filter_.met_within_days))
        if filter_.missed_within_days is not None:
            statement = statement.where(missed_within(now, filter_.missed_within_days))
        if text:
            needle = normalise_name(text)
            name_matches: sa.ColumnElement[bool] = YoungPerson.search_name.like(
                like_pattern(needle), escape="\\"
            )
            indexed = long_enough([needle])
            if indexed:  # the trigram index narrows; the LIKE still decides
                name_matches = sa.and_(name_prefilter(YoungPerson.id, indexed), name_matches)
            if by_person:
                statement = statement.where(name_matches)  # the young person is joined
            elif walk_order:
                statement = statement.where(
                    sa.exists().where(YoungPerson.id == Referral.young_person_id, name_matches)
                )
            else:
                people = sa.select(YoungPerson.id).where(
                    *([] if indexed else [YoungPerson.search_name >= ""]), name_matches
                )
                statement = statement.where(among_found(Referral.young_person_id, people))
        return statement

    def count(self, actor: Actor, text: str = "", filter_: ReferralFilter | None = None) -> int:
        require(self.ctx, actor, Permission.VIEW_CASES)
        filter_ = filter_ or ReferralFilter()
        with self.ctx.read_only() as session:
            return self._count_in(session, text, filter_, referral_rows_for(actor))

    def _count_in(
        self,
        session: Any,
        text: str,
        filter_: ReferralFilter,
        rows_for_reader: sa.ColumnElement[bool] | None,
    ) -> int:
        statement = count_of(self._filtered(text, filter_, rows_for_reader=rows_for_reader))
        total = int(session.connection().execute(statement).scalar_one())
        if text.strip():
            self._remember(text.strip(), filter_, total)
        return total

    def first_page(
        self, actor: Actor, request: PageRequest, filter_: ReferralFilter | None = None
    ) -> tuple[list[ReferralRow], int]:
        """The page ``request`` asks for and the exact number of referrals shown.

        When a search is known to match few referrals (a shorter search it contains matched
        fewer than ``WALK_ORDER_FROM_MATCHES``), one query finds the page and counts every
        match (``count(*) OVER ()``): the matches are read once instead of twice.
        Otherwise the count comes first, since it decides how to page.
        """
        require(self.ctx, actor, Permission.VIEW_CASES)
        filter_ = filter_ or ReferralFilter()
        text = request.text.strip()
        by_person = self.sort_columns.get(request.sort or "") is YoungPerson.family_name_key
        scope = referral_rows_for(actor)
        if not text or not self._known_few(text, filter_):
            with self.ctx.read_only() as session:  # one session for the count and the rows
                total = self._count_in(session, request.text, filter_, scope)
                rows = self._page_in(session, request, filter_, scope) if total else []
            self._audit_listing(actor, total)
            return rows, total
        page = ordered(
            self._filtered(request.text, filter_, by_person=by_person, rows_for_reader=scope),
            request,
            self.sort_columns,
            [Referral.received_at.desc()],
            Referral.id,
        ).add_columns(sa.func.count().over().label("matches"))
        with self.ctx.read_only() as session:
            rows, counted = self._read_page(session, page, request, counted=True)
        total = counted or 0
        if not rows and request.offset > 0:  # past the end: count the usual way
            total = self.count(actor, request.text, filter_)
        else:
            self._remember(text, filter_, total)
        self._audit_listing(actor, total)
        return rows, total

    def _audit_listing(self, actor: Actor, total: int) -> None:
        """The list shown is a search of children's records: who, when, how many (no terms)."""
        with self.ctx.unit_of_work() as session:
            access.search(session, actor, "referrals", listed=total, at=self.ctx.now())

    def _known_few(self, text: str, filter_: ReferralFilter) -> bool:
        """A search ``text`` contains, with the same filter, matched few referrals."""
        needle = normalise_name(text)
        return any(
            known_filter == filter_
            and normalise_name(known) in needle
            and matches < WALK_ORDER_FROM_MATCHES
            for (known, known_filter), matches in self._recent_counts.items()
        )

    def _remember(self, text: str, filter_: ReferralFilter, total: int) -> None:
        if len(self._recent_counts) >= RECENT_COUNTS_KEPT:
            self._recent_counts.clear()
        self._recent_counts[(text, filter_)] = total

    def page(
        self, actor: Actor, request: PageRequest, filter_: ReferralFilter | None = None
    ) -> list[ReferralRow]:
        require(self.ctx, actor, Permission.VIEW_CASES)
        filter_ = filter_ or ReferralFilter()
        with self.ctx.read_only() as session:
            return self._page_in(session, request, filter_, referral_rows_for(actor))

    def _page_in(
        self,
        session: Any,
        request: PageRequest,
        filter_: ReferralFilter,
        rows_for_reader: sa.ColumnElement[bool] | None,
    ) -> list[ReferralRow]:
        by_person = self.sort_columns.get(request.sort or "") is YoungPerson.family_name_key
        matches = self._recent_counts.get((request.text.strip(), filter_))
        walk_order = matches is not None and matches >= WALK_ORDER_FROM_MATCHES
        page = ordered(
            self._filtered(
                request.text,
                filter_,
                by_person=by_person,
                walk_order=walk_order,
                rows_for_reader=rows_for_reader,
            ),
            request,
            self.sort_columns,
            [Referral.received_at.desc()],
            Referral.id,
        )
        rows, _ = self._read_page(session, page, request, counted=False)
        return rows

    def _read_page(
        self, session: Any, page: sa.Select[Any], request: PageRequest, *, counted: bool
    ) -> tuple[list[ReferralRow], int | None]:
        """The rows of ``page`` (referral ids, sorted and paged) with what the list shows.

        One statement: the page is found as a subquery, and each of its referrals is
        joined to its young person and caseworker and sorted again by the page's own order
        (a page's worth of rows). Reading the ids first and their columns second cost a
        second round trip and a second plan at every keystroke of a search. ``counted``:
        ``page`` also carries ``matches`` (every match counted), returned beside the rows.
        """
        found = page.subquery("page")
        caseworker = aliased(User)
        statement = (
            sa.select(*_shown_columns(caseworker), *([found.c.matches] if counted else []))
            .select_from(found)
            .join(Referral, Referral.id == found.c.id)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .outerjoin(caseworker, caseworker.id == Referral.caseworker_id)
            .order_by(
                *order_for(request, self.sort_columns, [Referral.received_at.desc()], Referral.id)
            )
        )
        found_rows = session.connection().execute(statement).all()
        total = int(found_rows[0][-1]) if counted and found_rows else None
        return self._rows_from(session, found_rows), total

    def _due_soon(self) -> timedelta:
        with self.ctx.read_only() as session:
            return due_soon_window(session)

    def rows_for(self, session: Any, ids: list[int]) -> list[ReferralRow]:
        """Rows for ``ids``, in that order."""
        if not ids:
            return []
        caseworker = aliased(User)
        # plain Core execution: the rows are columns, not objects (no ORM result layer)
        rows = (
            session.connection()
            .execute(
                sa.select(*_shown_columns(caseworker))
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .outerjoin(caseworker, caseworker.id == Referral.caseworker_id)
                .where(among(session, Referral.id, ids))
            )
            .all()
        )
        return self._rows_from(session, in_page_order(ids, rows))

    def _rows_from(self, session: Any, rows: Sequence[Any]) -> list[ReferralRow]:
        """The list's rows from the columns of ``_shown_columns`` (in that order)."""
        if not rows:
            return []
        now = self.ctx.now()
        result = []
        calendar = working_calendar(session)
        today = london_today(now)
        due_soon = due_soon_window(session)
        for row in rows:
            referral_id, person_id, given, family, pathway, source = row[:6]
            status, received, worker, met, ended, assessment_due, assessed = row[6:13]
            result.append(
                ReferralRow(
                    id=referral_id,
                    young_person_id=person_id,
                    young_person=f"{given} {family}",
                    pathway=pathway,
                    source=source,
                    status=status,
                    received_at=received,
                    caseworker=worker or "Unallocated",
                    clock=reading_for(received, met, status, ended, now, due_soon),
                    assessment_deadline=read_deadline(
                        "Assessment",
                        assessment_due,
                        assessed,
                        today,
                        calendar,
                        ended_on=None if status.is_open or ended is None else london_today(ended),
                    ),
                )
            )
        return result


def _shown_columns(caseworker: Any) -> tuple[Any, ...]:
    """What the list shows of a referral (``caseworker``: the aliased users table)."""
    return (
        Referral.id,
        Referral.young_person_id,
        YoungPerson.given_name,
        YoungPerson.family_name,
        Referral.pathway,
        Referral.source,
        Referral.status,
        Referral.received_at,
        caseworker.display_name,
        Referral.clock_met_at,
        Referral.ended_at,
        Referral.assessment_due_on,
        Referral.assessed_on,
    )
