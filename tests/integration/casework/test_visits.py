"""Scheduling visits, recording outcomes and the 48-hour clock, on a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.clock import ClockState
from diversion_app.domain.diary import Interval, NeedsConfirmation, visit_instants
from diversion_app.domain.enums import (
    AuditAction,
    ContactMethod,
    ContactOutcome,
    ReferralStatus,
    VisitPlace,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.persistence.models import AuditEvent, Contact, Referral, Setting
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.casework.visits import VisitDraft, VisitOutcome
from diversion_app.services.registry import Services
from tests.conftest import MovableClock
from tests.visit_helpers import add_caseworker, add_family, add_referral

MONDAY = date(2026, 11, 30)


def _draft(
    referral_id: int, worker: int, day: date, start: time, end: time, **kw: object
) -> VisitDraft:
    span = visit_instants(day, start, end)
    values: dict[str, object] = dict(
        referral_id=referral_id,
        caseworker_ids=(worker,),
        start_at=span.start,
        end_at=span.end,
        place=VisitPlace.HOME,
        purpose=VisitPurpose.FIRST_CONTACT,
        place_detail="12 Orchard Road, Exampleton, EX1 2AB",
    )
    values.update(kw)
    return VisitDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def setup(services: Services, everyone: Actor) -> tuple[Actor, int, object]:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )
    return worker, referral, family


def test_a_completed_first_visit_meeting_child_and_carer_meets_the_clock(
    services: Services, setup: tuple[Actor, int, object], clock: MovableClock
) -> None:
    worker, referral_id, family = setup
    assert worker.user_id is not None
    visit = services.visits.schedule(
        worker, _draft(referral_id, worker.user_id, MONDAY, time(10), time(11))
    )
    assert visit.status is VisitStatus.SCHEDULED and visit.caseworkers == ("Casey Worker",)
    clock.advance(days=2)  # Monday 14:30: after the visit
    done = services.visits.record_outcome(
        worker,
        visit.id,
        VisitOutcome(
            VisitStatus.COMPLETED,
            saw_young_person=True,
            seen_carer_ids=(family.mother_id,),  # type: ignore[attr-defined]
            notes="Met Jordan and mum at home.",
        ),
    )
    assert done.status is VisitStatus.COMPLETED and done.seen_carers == ("Alex Sample",)
    assert done.contact_id is not None
    with services.ctx.read_only() as session:
        contact = session.get(Contact, done.contact_id)
        assert contact is not None
        assert contact.method is ContactMethod.HOME_VISIT
        assert contact.outcome is ContactOutcome.MADE_CONTACT
        assert contact.with_young_person and contact.with_carer and contact.visit_id == visit.id
        referral = session.get(Referral, referral_id)
        assert referral is not None
        assert referral.clock_met_at == visit.start_at
        assert referral.status is ReferralStatus.CONTACTED
        actions = session.execute(
            sa.select(AuditEvent.entity, AuditEvent.action).where(AuditEvent.entity != "referral")
        ).all()
    assert ("visit", AuditAction.CREATED) in actions
    assert ("visit", AuditAction.CHANGED) in actions
    assert ("contact", AuditAction.CREATED) in actions
    rows = services.referral_list.page(worker, PageRequest(limit=10))
    assert [r.clock.state for r in rows if r.id == referral_id] == [ClockState.MET]


def test_a_clash_is_questioned_and_saved_once_confirmed(
    services: Services, setup: tuple[Actor, int, object]
) -> None:
    worker, referral_id, _ = setup
    assert worker.user_id is not None
    services.visits.schedule(
        worker, _draft(referral_id, worker.user_id, MONDAY, time(10), time(11))
    )
    touching = services.visits.schedule(
        worker,
        _draft(
            referral_id, worker.user_id, MONDAY, time(11), time(12), purpose=VisitPurpose.REVIEW
        ),
    )
    assert touching.id
    clash = _draft(
        referral_id, worker.user_id, MONDAY, time(10, 30), time(11, 30), purpose=VisitPurpose.REVIEW
    )
    with pytest.raises(NeedsConfirmation) as asked:
        services.visits.schedule(worker, clash)
    assert len(asked.value.questions) == 2
    assert all("clashes with another visit" in q for q in asked.value.questions)
    saved = services.visits.schedule(worker, clash, confirm=True)
    rows = services.diary.visits(
        worker,
        saved.start_at - timedelta(hours=2),
        saved.end_at + timedelta(hours=2),
        worker.user_id,
    )
    assert [r.clash for r in rows] == [True, True, True]


def test_out_of_hours_and_after_the_due_time_are_questioned(
    services: Services, setup: tuple[Actor, int, object]
) -> None:
    worker, referral_id, _ = setup
    assert worker.user_id is not None
    with pytest.raises(NeedsConfirmation, match="outside working hours"):
        services.visits.schedule(
            worker, _draft(referral_id, worker.user_id, MONDAY, time(7), time(8))
        )
    with pytest.raises(NeedsConfirmation, match="after the referral's 48-hour due time"):
        services.visits.schedule(
            worker, _draft(referral_id, worker.user_id, date(2026, 12, 1), time(10), time(11))
        )
    with services.ctx.unit_of_work() as session:
        session.add(Setting(key="diary.working_hours", value="07:00-19:00"))
    services.visits.schedule(worker, _draft(referral_id, worker.user_id, MONDAY, time(7), time(8)))


def test_bad_input_is_refused_or_questioned_in_plain_words(
    services: Services, setup: tuple[Actor, int, object], everyone: Actor
) -> None:
    worker, referral_id, _ = setup
    assert worker.user_id is not None
    with pytest.raises(ValidationError) as refused:
        services.visits.schedule(
            worker, _draft(referral_id, worker.user_id, MONDAY, time(11), time(10))
        )
    assert (
        refused.value.problems["end_at"]
        == "The visit must end after it starts: check the end time."
    )
    with pytest.raises(NeedsConfirmation, match="starts in the past"):
        services.visits.schedule(
            worker, _draft(referral_id, worker.user_id, date(2026, 11, 27), time(10), time(11))
        )
    with pytest.raises(ValidationError, match="Say where the visit will be"):
        services.visits.schedule(
            worker,
            _draft(
                referral_id,
                worker.user_id,
                MONDAY,
                time(10),
                time(11),
                place=VisitPlace.OTHER,
                place_detail="",
            ),
        )
    with services.ctx.unit_of_work() as session:
        referral = session.get(Referral, referral_id)
        assert referral is not None
        referral.status = ReferralStatus.CLOSED
    with pytest.raises(ValidationError, match="cannot be booked for a closed referral"):
        services.visits.schedule(
            worker, _draft(referral_id, worker.user_id, MONDAY, time(10), time(11)), confirm=True
        )


def test_a_caseworker_books_only_on_their_own_referrals(
    services: Services, setup: tuple[Actor, int, object]
) -> None:
    _, referral_id, _ = setup
    other = add_caseworker(services.ctx, "Other Worker")
    assert other.user_id is not None
    with pytest.raises(PermissionDenied, match="allocated to someone else"):
        services.visits.schedule(
            other, _draft(referral_id, other.user_id, MONDAY, time(10), time(11))
        )


def test_outcomes_cancel_did_not_attend_and_reschedule_keep_history(
    services: Services, setup: tuple[Actor, int, object], clock: MovableClock
) -> None:
    worker, referral_id, _ = setup
    assert worker.user_id is not None
    first = services.visits.schedule(
        worker, _draft(referral_id, worker.user_id, MONDAY, time(10), time(11))
    )
    with pytest.raises(ValidationError) as refused:
        services.visits.record_outcome(worker, first.id, VisitOutcome(VisitStatus.CANCELLED))
    assert set(refused.value.problems) == {"cancelled_by", "notes"}
    with pytest.raises(ValidationError, match="has not started yet"):
        services.visits.record_outcome(
            worker, first.id, VisitOutcome(VisitStatus.COMPLETED, saw_young_person=True)
        )
    moved = services.visits.reschedule(
        worker, first.id, *_span(MONDAY, time(12), time(13)), "Family asked for the afternoon"
    )
    assert moved.rescheduled_from_id == first.id
    old = services.visits.visit(worker, first.id)
    assert old.status is VisitStatus.CANCELLED and old.rescheduled_to_id == moved.id
    assert old.outcome_notes.startswith("Rescheduled to 30/11/2026 12:00")
    clock.advance(days=3)
    dna = services.visits.record_outcome(worker, moved.id, VisitOutcome(VisitStatus.DID_NOT_ATTEND))
    assert dna.status is VisitStatus.DID_NOT_ATTEND
    with services.ctx.read_only() as session:
        contact = session.execute(sa.select(Contact)).scalar_one()
        assert contact.outcome is ContactOutcome.NO_ANSWER
        referral = session.get(Referral, referral_id)
        assert referral is not None and referral.clock_met_at is None
    history = services.visits.visits_for_referral(worker, referral_id)
    assert [v.status for v in history] == [VisitStatus.CANCELLED, VisitStatus.DID_NOT_ATTEND]
    with pytest.raises(ValidationError, match="already recorded"):
        services.visits.record_outcome(worker, moved.id, VisitOutcome(VisitStatus.DID_NOT_ATTEND))


def test_suggested_slots_fall_before_the_due_time(
    services: Services, setup: tuple[Actor, int, object]
) -> None:
    worker, referral_id, _ = setup
    assert worker.user_id is not None
    context = services.visits.referral_for_visit(worker, referral_id)
    assert context.household_address == "12 Orchard Road, Exampleton, EX1 2AB"
    assert [c.name for c in context.carers] == ["Alex Sample", "Sam Sample"]
    slots = services.visits.suggest_slots(worker, referral_id, [worker.user_id])
    assert slots and all(s.end <= context.due_at for s in slots)
    first = slots[0]
    draft = _draft(referral_id, worker.user_id, MONDAY, time(10), time(11))
    taken = services.visits.schedule(worker, replace(draft, start_at=first.start, end_at=first.end))
    again = services.visits.suggest_slots(worker, referral_id, [worker.user_id])
    assert again and all(not s.overlaps(Interval(taken.start_at, taken.end_at)) for s in again)


def _span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    span = visit_instants(day, start, end)
    return span.start, span.end
