"""Allocation, contacts and the clock, ending a referral: the services on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from diversion_app.domain.clock import ClockState
from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import ContactMethod, ContactOutcome, ReferralStatus, Role
from diversion_app.domain.errors import DomainError, ValidationError
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.base.listing import PageRequest
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from tests.conftest import MovableClock
from tests.integration.referral_fixtures import add_family, add_user, prevention_draft


@pytest.fixture
def people(services: Services):  # type: ignore[no-untyped-def]
    ctx = services.ctx
    return {
        "supervisor": add_user(ctx, "sup", "Sue Pervisor", Role.SUPERVISOR),
        "alex": add_user(ctx, "alex", "Alex Caseworker", Role.CASEWORKER),
        "bea": add_user(ctx, "bea", "Bea Caseworker", Role.CASEWORKER),
    }


def _make(services: Services, actor, family):  # type: ignore[no-untyped-def]
    return services.referral_record.make(
        actor, prevention_draft(services.ctx, family.young_person_id)
    )


def _visit(referral_id: int, when, **changes):  # type: ignore[no-untyped-def]
    values = dict(
        referral_id=referral_id,
        occurred_at=when,
        method=ContactMethod.HOME_VISIT,
        outcome=ContactOutcome.MADE_CONTACT,
        with_young_person=True,
        carer_member_id=None,
    )
    values.update(changes)
    return ContactDraft(**values)  # type: ignore[arg-type]


def test_allocation_oldest_first_with_caseloads_and_history(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup, alex, bea = people["supervisor"], people["alex"], people["bea"]
    first = add_family(services.ctx, date(2012, 3, 1), given="Ann")
    second = add_family(services.ctx, date(2012, 3, 1), given="Bob")
    older = services.referral_record.make(
        sup,
        prevention_draft(
            services.ctx, first.young_person_id, received_at=clock() - timedelta(hours=5)
        ),
    )
    newer = services.referral_record.make(
        sup, prevention_draft(services.ctx, second.young_person_id)
    )
    waiting = services.allocation.unallocated(sup, PageRequest())
    assert [row.id for row in waiting] == [older.id, newer.id]
    assert [o.label for o in services.allocation.caseworkers(sup)] == [
        "Alex Caseworker (0 open cases, 0 overdue)",
        "Bea Caseworker (0 open cases, 0 overdue)",
    ]
    services.allocation.allocate(sup, older.id, alex.user_id)
    # the lightest caseload is offered first
    assert [o.label for o in services.allocation.caseworkers(sup)] == [
        "Bea Caseworker (0 open cases, 0 overdue)",
        "Alex Caseworker (1 open case, 0 overdue)",
    ]
    services.allocation.allocate(sup, older.id, bea.user_id)
    record = services.referral_record.record(sup, older.id)
    assert record.status is ReferralStatus.ALLOCATED
    assert record.caseworker == "Bea Caseworker"
    texts = [entry.text for entry in record.history]
    assert "Allocated to Alex Caseworker" in texts
    assert "Reallocated from Alex Caseworker to Bea Caseworker" in texts
    assert services.allocation.count_unallocated(sup) == 1
    with pytest.raises(PermissionDenied):
        services.allocation.allocate(alex, newer.id, alex.user_id)


def test_contact_with_both_meets_the_clock_and_only_the_allocated_caseworker_records(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup, alex, bea = people["supervisor"], people["alex"], people["bea"]
    family = add_family(services.ctx, date(2012, 3, 1))
    made = services.referral_record.make(
        sup, prevention_draft(services.ctx, family.young_person_id)
    )
    services.allocation.allocate(sup, made.id, alex.user_id)
    clock.advance(hours=3)
    with pytest.raises(PermissionDenied):
        services.contacts.record(bea, _visit(made.id, clock() - timedelta(minutes=5)))
    child_only = services.contacts.record(alex, _visit(made.id, clock() - timedelta(hours=1)))
    assert child_only.clock.state is ClockState.ON_TRACK
    both = services.contacts.record(
        alex, _visit(made.id, clock() - timedelta(minutes=5), carer_member_id=family.mother_id)
    )
    assert both.clock.state is ClockState.MET
    record = services.referral_record.record(alex, made.id)
    assert record.status is ReferralStatus.CONTACTED
    assert record.contacts[0].with_whom == "Young person and Dawn Marsh (mother)"
    assert [c.label for c in record.carers] == ["Dawn Marsh (mother)"]


def test_bad_contacts_are_refused_and_nothing_is_saved(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup = people["supervisor"]
    family = add_family(services.ctx, date(2012, 3, 1))
    other = add_family(services.ctx, date(2011, 3, 1), given="Other", family="Ng")
    made = services.referral_record.make(
        sup, prevention_draft(services.ctx, family.young_person_id)
    )
    with pytest.raises(ValidationError) as before:
        services.contacts.record(sup, _visit(made.id, clock() - timedelta(hours=2)))
    assert "before the referral was received" in before.value.problems["occurred_at"]
    with pytest.raises(ValidationError) as future:
        services.contacts.record(sup, _visit(made.id, clock() + timedelta(minutes=5)))
    assert "future" in future.value.problems["occurred_at"]
    with pytest.raises(ValidationError) as nobody:
        services.contacts.record(sup, _visit(made.id, clock(), with_young_person=False))
    assert "whom" in nobody.value.problems["with_whom"]
    with pytest.raises(ValidationError) as stranger:
        services.contacts.record(sup, _visit(made.id, clock(), carer_member_id=other.mother_id))
    assert "household" in stranger.value.problems["carer_member_id"]
    assert services.referral_record.record(sup, made.id).contacts == ()


def test_an_overdue_clock_asks_for_a_reason_and_keeps_it(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup = people["supervisor"]
    family = add_family(services.ctx, date(2012, 3, 1))
    made = services.referral_record.make(
        sup, prevention_draft(services.ctx, family.young_person_id)
    )
    clock.advance(hours=60)
    attempt = _visit(
        made.id, clock() - timedelta(hours=1), outcome=ContactOutcome.NO_ANSWER, clock_reason="  "
    )
    with pytest.raises(ValidationError) as refused:
        services.contacts.record(sup, attempt)
    assert "give the reason" in refused.value.problems["clock_reason"]
    assert services.referral_record.record(sup, made.id).contacts == ()
    from dataclasses import replace

    services.contacts.record(sup, replace(attempt, clock_reason="Family away until Monday"))
    record = services.referral_record.record(sup, made.id)
    assert record.clock.state is ClockState.OVERDUE
    assert record.clock_reason == "Family away until Monday"
    assert any(entry.kind == "clock" for entry in record.history)
    # once given, later contacts need not repeat it; met late is "missed"
    saved = services.contacts.record(
        sup, _visit(made.id, clock(), carer_member_id=family.mother_id)
    )
    assert saved.clock.state is ClockState.MISSED


def test_declining_stops_the_clock_with_a_reason(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup = people["supervisor"]
    family = add_family(services.ctx, date(2012, 3, 1))
    made = services.referral_record.make(
        sup, prevention_draft(services.ctx, family.young_person_id)
    )
    with pytest.raises(ValidationError):
        services.referral_record.end(sup, made.id, ReferralStatus.DECLINED, " ")
    with pytest.raises(DomainError):
        services.referral_record.end(sup, made.id, ReferralStatus.CLOSED, "done")
    services.referral_record.end(sup, made.id, ReferralStatus.DECLINED, "Already open to CSC")
    clock.advance(days=5)
    record = services.referral_record.record(sup, made.id)
    assert record.clock.state is ClockState.STOPPED
    assert record.history[-1].reason == "Already open to CSC"
    assert record.history[-1].by == "Sue Pervisor"


def test_tile_filters_match_the_dashboard_counts(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup, alex = people["supervisor"], people["alex"]
    ids = []
    for n, hours_ago in enumerate([1, 40, 60, 70]):
        family = add_family(services.ctx, date(2012, 3, 1), given=f"Kid{n}")
        made = services.referral_record.make(
            sup,
            prevention_draft(
                services.ctx,
                family.young_person_id,
                received_at=clock() - timedelta(hours=hours_ago),
            ),
        )
        ids.append((made.id, family))
    services.allocation.allocate(sup, ids[3][0], alex.user_id)
    services.contacts.record(
        alex,
        _visit(ids[3][0], clock() - timedelta(hours=30), carer_member_id=ids[3][1].mother_id),
    )
    services.contacts.record(
        sup,
        _visit(
            ids[2][0], clock(), carer_member_id=ids[2][1].mother_id, clock_reason="Late referral"
        ),
    )
    counts = services.dashboard.counts(sup)
    listing = services.referral_list
    assert (counts.overdue, counts.due_soon, counts.unallocated) == (0, 1, 3)
    assert (counts.met_last_7_days, counts.missed_last_7_days) == (1, 1)
    for value, filter_ in [
        (counts.due_soon, ReferralFilter(due_soon_only=True)),
        (counts.met_last_7_days, ReferralFilter(met_within_days=7)),
        (counts.missed_last_28_days, ReferralFilter(missed_within_days=28)),
        (counts.unallocated, ReferralFilter(unallocated_only=True)),
    ]:
        assert listing.count(sup, "", filter_) == value
    mine = services.dashboard.counts(sup, caseworker_id=alex.user_id)
    assert mine.met_last_7_days == 1 and mine.open_referrals == 1


def test_clock_watch_tells_of_each_state_once(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    sup, alex = people["supervisor"], people["alex"]
    family = add_family(services.ctx, date(2012, 3, 1))
    made = services.referral_record.make(
        sup, prevention_draft(services.ctx, family.young_person_id)
    )
    services.allocation.allocate(sup, made.id, alex.user_id)
    watch = services.clock_watch
    first = watch.running_alerts(alex)
    assert first == {}
    clock.advance(hours=37)
    second = watch.running_alerts(alex)
    entered = watch.newly_entered(first, second)
    assert [a.state for a in entered] == [ClockState.DUE_SOON]
    assert entered[0].message == (
        "Due soon: the 48-hour clock for Ellie Marsh is due 30/11/2026 13:30 (UK time)."
    )
    assert watch.newly_entered(second, watch.running_alerts(alex)) == []
    clock.advance(hours=12)
    third = watch.running_alerts(alex)
    overdue = watch.newly_entered(second, third)
    assert [a.state for a in overdue] == [ClockState.OVERDUE]
    assert overdue[0].message.startswith("Overdue: the 48-hour clock for Ellie Marsh was due")
    assert watch.running_alerts(people["bea"]) == {}


def test_a_diversion_referral_links_the_childs_community_resolution(
    services: Services, people, clock: MovableClock
) -> None:  # type: ignore[no-untyped-def]
    from diversion_app.domain.enums import OffenceCategory, Pathway, ReferralReason, VictimType
    from diversion_app.persistence.models import CommunityResolution

    sup = people["supervisor"]
    family = add_family(services.ctx, date(2012, 3, 1))
    with services.ctx.unit_of_work() as session:
        cr = CommunityResolution(
            young_person_id=family.young_person_id,
            crime_reference="CR/123/26",
            offence_date=date(2026, 11, 20),
            offence_category=next(iter(OffenceCategory)),
            offence_description="Damage to a fence",
            officer_name="PC Jones",
            collar_number="1234",
            accepted_responsibility=True,
            appropriate_adult_present=True,
            victim_type=next(iter(VictimType)),
            gravity_score=2,
            authorised_by="Sgt Brown",
            recorded_on=date(2026, 11, 21),
            created_at=clock(),
        )
        session.add(cr)
        session.flush()
        cr_id = cr.id
    [option] = services.referral_record.community_resolutions(sup, family.young_person_id)
    assert option.label.startswith("CR/123/26, 20/11/2026")
    made = services.referral_record.make(
        sup,
        prevention_draft(
            services.ctx,
            family.young_person_id,
            pathway=Pathway.DIVERSION,
            reasons=(ReferralReason.OFFENCE,),
            community_resolution_id=cr_id,
        ),
    )
    record = services.referral_record.record(sup, made.id)
    assert record.community_resolution == "CR/123/26, offence on 20/11/2026"
    assert services.referral_record.young_person_label(sup, family.young_person_id) == (
        "Ellie Marsh, born 01/03/2012"
    )
