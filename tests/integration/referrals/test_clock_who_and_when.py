"""The 48-hour clock's "who counts" and "when" rules, and "no parent or carer to contact",
through the services on a real SQLite file. Each test failed before the fix."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from diversion_app.domain.clock import ClockState
from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import (
    AuditAction,
    ContactMethod,
    ContactOutcome,
    ReferralStatus,
    Relationship,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.timekeeping import london_today
from diversion_app.persistence.models import AuditEvent, Contact, Referral, Visit, YoungPerson
from diversion_app.services.base.actor import Actor
from diversion_app.services.casework.visits import VisitOutcome
from diversion_app.services.registry import Services
from tests.casework_helpers import add_visit
from tests.conftest import FOR_TESTS, MovableClock
from tests.factories import member
from tests.visit_helpers import Family, add_caseworker, add_family, add_referral


def _sibling(services: Services, family: Family) -> int:
    """A brother in the young person's household (a member, not on the scheme)."""
    with services.ctx.unit_of_work() as session:
        person = session.get(YoungPerson, family.young_person_id)
        assert person is not None
        brother = member(person.household_id, "Kai", "Sample", Relationship.SIBLING)
        session.add(brother)
        session.flush()
        return brother.id


def _met(services: Services, referral_id: int) -> object:
    with services.ctx.read_only() as session:
        return session.execute(
            sa.select(Referral.clock_met_at).where(Referral.id == referral_id)
        ).scalar_one()


@pytest.fixture
def case(services: Services, everyone: Actor) -> tuple[Actor, int, Family]:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id, hours_ago=3
    )
    return worker, referral, family


def _contact(referral_id: int, services: Services, carer: int | None, **kw: object) -> ContactDraft:
    values: dict[str, object] = dict(
        referral_id=referral_id,
        occurred_at=services.ctx.now() - timedelta(hours=1),
        method=ContactMethod.HOME_VISIT,
        outcome=ContactOutcome.MADE_CONTACT,
        with_young_person=True,
        carer_member_id=carer,
    )
    values.update(kw)
    return ContactDraft(**values)  # type: ignore[arg-type]


def test_a_sibling_recorded_as_the_carer_of_a_contact_is_refused_in_plain_words(
    services: Services, case: tuple[Actor, int, Family]
) -> None:
    worker, referral_id, family = case
    brother = _sibling(services, family)
    with pytest.raises(ValidationError) as refused:
        services.contacts.record(worker, _contact(referral_id, services, brother))
    assert "sibling" in refused.value.problems["carer_member_id"]
    assert _met(services, referral_id) is None
    with services.ctx.read_only() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Contact)).scalar_one() == 0


def test_a_sibling_seen_at_a_completed_visit_never_meets_the_clock(
    services: Services, case: tuple[Actor, int, Family], clock: MovableClock
) -> None:
    worker, referral_id, family = case
    brother = _sibling(services, family)
    visit = add_visit(
        services.ctx,
        referral_id,
        services.ctx.now() - timedelta(hours=2),
        purpose=VisitPurpose.FIRST_CONTACT,
    )
    services.visits.record_outcome(
        worker,
        visit,
        VisitOutcome(VisitStatus.COMPLETED, saw_young_person=True, seen_carer_ids=(brother,)),
    )
    assert _met(services, referral_id) is None
    assert services.referral_record.clock(worker, referral_id).state is ClockState.ON_TRACK
    # a grandparent without parental responsibility does not count either; the mother does
    second = add_visit(
        services.ctx,
        referral_id,
        services.ctx.now() - timedelta(hours=1),
        purpose=VisitPurpose.FIRST_CONTACT,
    )
    services.visits.record_outcome(
        worker,
        second,
        VisitOutcome(
            VisitStatus.COMPLETED,
            saw_young_person=False,
            seen_carer_ids=(brother, family.grandfather_id, family.mother_id),
        ),
    )
    assert _met(services, referral_id) == services.ctx.now() - timedelta(hours=1)


def test_a_visit_dated_before_the_referral_was_received_is_refused(
    services: Services, case: tuple[Actor, int, Family]
) -> None:
    worker, referral_id, family = case
    early = add_visit(
        services.ctx,
        referral_id,
        services.ctx.now() - timedelta(hours=5),  # received 3 hours ago
        purpose=VisitPurpose.FIRST_CONTACT,
    )
    with pytest.raises(ValidationError) as refused:
        services.visits.record_outcome(
            worker,
            early,
            VisitOutcome(
                VisitStatus.COMPLETED, saw_young_person=True, seen_carer_ids=(family.mother_id,)
            ),
        )
    assert "before the referral was received" in refused.value.problems["status"]
    assert _met(services, referral_id) is None
    with services.ctx.read_only() as session:
        visit = session.get(Visit, early)
        assert visit is not None and visit.status is VisitStatus.SCHEDULED


def test_a_contact_stored_before_receipt_never_meets_the_clock(
    services: Services, case: tuple[Actor, int, Family]
) -> None:
    """Older data: a contact already on file before receipt is ignored by the clock."""
    worker, referral_id, family = case
    before = services.ctx.now() - timedelta(hours=4)
    with services.ctx.unit_of_work() as session:
        session.add(
            Contact(
                referral_id=referral_id,
                occurred_at=before,
                method=ContactMethod.HOME_VISIT,
                outcome=ContactOutcome.MADE_CONTACT,
                with_young_person=True,
                with_carer=True,
                carer_member_id=family.mother_id,
                created_at=services.ctx.now(),
            )
        )
    services.contacts.record(worker, _contact(referral_id, services, None))
    assert _met(services, referral_id) is None


def test_no_parent_or_carer_to_contact_lets_the_young_person_meet_the_clock_counted_apart(
    services: Services, case: tuple[Actor, int, Family], everyone: Actor
) -> None:
    worker, referral_id, _family = case
    with pytest.raises(ValidationError) as refused:
        services.no_carer.record(worker, referral_id, "  ")
    assert "Say why" in refused.value.problems["reason"]
    services.contacts.record(worker, _contact(referral_id, services, None))
    assert _met(services, referral_id) is None  # the young person alone is not enough yet
    decision = services.no_carer.record(
        worker, referral_id, "Lives independently in supported housing; no adult at home."
    )
    assert decision.recorded_by == "Casey Worker"
    met = services.ctx.now() - timedelta(hours=1)
    assert _met(services, referral_id) == met
    assert services.no_carer.decision(worker, referral_id) == decision
    with services.ctx.read_only() as session:
        status = session.execute(
            sa.select(Referral.status).where(Referral.id == referral_id)
        ).scalar_one()
        audited = (
            session.execute(
                sa.select(AuditEvent.changes).where(
                    AuditEvent.entity == "referral", AuditEvent.action == AuditAction.CHANGED
                )
            )
            .scalars()
            .all()
        )
    assert status is ReferralStatus.CONTACTED
    assert any("no_parent_or_carer" in changes for changes in audited)
    today = london_today(services.ctx.now())
    figures = services.reports.performance(everyone, today, today).current
    assert (figures.clock_met, figures.clock_missed) == (0, 0)
    assert (figures.no_carer_referrals, figures.no_carer_met) == (1, 1)
    with pytest.raises(Exception, match="already has"):
        services.no_carer.record(worker, referral_id, "Recorded a second time by mistake.")


def test_a_referral_ended_not_engaged_without_contact_is_not_a_missed_clock(
    services: Services, case: tuple[Actor, int, Family], clock: MovableClock
) -> None:
    worker, referral_id, _family = case
    clock.advance(days=3)  # well past the due time, never reached
    services.referral_record.end(
        worker, referral_id, ReferralStatus.NOT_ENGAGED, "No reply to letters or visits."
    )
    counts = services.dashboard.counts(worker)
    assert (counts.missed_last_7_days, counts.missed_last_28_days) == (0, 0)
    assert services.referral_record.clock(worker, referral_id).state is ClockState.STOPPED
    today = london_today(services.ctx.now())
    figures = services.reports.performance(worker, today - timedelta(days=6), today).current
    assert (figures.clock_missed, figures.clock_stopped) == (0, 1)


def test_the_period_report_compares_whole_months_with_whole_months(
    services: Services, everyone: Actor, clock: MovableClock
) -> None:
    report = services.reports.performance(everyone, date(2025, 6, 1), date(2026, 5, 31))
    previous = report.previous.period
    assert (previous.start, previous.end) == (date(2024, 6, 1), date(2025, 5, 31))
    report = services.reports.performance(everyone, date(2026, 1, 1), date(2026, 3, 31))
    previous = report.previous.period
    assert (previous.start, previous.end) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_csv_prints_hours_with_one_decimal_place_even_when_whole(
    services: Services, everyone: Actor, tmp_path: Path
) -> None:
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id, hours_ago=27
    )
    services.contacts.record(
        worker, _contact(referral, services, family.mother_id, occurred_at=services.ctx.now())
    )
    today = london_today(services.ctx.now())
    path = tmp_path / "figures.csv"
    services.exports.performance_csv(
        everyone, path, today - timedelta(days=6), today, for_whom=FOR_TESTS
    )
    with path.open(encoding="utf-8-sig") as handle:
        rows = {row[1]: row for row in csv.reader(handle)}
    median = rows["Median time to first contact"]
    assert median[2:4] == ["hours", "27.0"]
    assert rows["Met"][3] == "1"


def test_an_open_case_whose_young_person_turns_18_says_so(
    services: Services, everyone: Actor, clock: MovableClock
) -> None:
    """Born 10/12/2008: 17 on 28/11/2026, 18 on 10/12/2026."""
    worker = add_caseworker(services.ctx)
    family = add_family(services.ctx)
    with services.ctx.unit_of_work() as session:
        person = session.get(YoungPerson, family.young_person_id)
        assert person is not None
        person.date_of_birth = date(2008, 12, 10)
    referral = add_referral(
        services.ctx, everyone, family.young_person_id, caseworker_id=worker.user_id
    )
    record = services.referral_record.record(worker, referral)
    assert record.age_flag == "Turns 18 on 10/12/2026 (in 12 days): plan the closure or transfer."
    clock.advance(days=13)
    record = services.referral_record.record(worker, referral)
    assert record.age_flag.startswith("Turned 18 on 10/12/2026")
