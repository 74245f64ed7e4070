"""School referrals and restorative justice through the services, on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from diversion_app.domain.enums import (
    Area,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    RjPart,
    RjType,
    SchoolAction,
    SchoolConcernType,
)
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.school_rules import RjParticipantDraft
from diversion_app.persistence.models import AuditEvent, Referral, RestorativeJustice
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import Conflict, PermissionDenied
from diversion_app.services.referrals.referral_list import ReferralFilter
from diversion_app.services.registry import Services
from diversion_app.services.schools.lists import SchoolScope
from diversion_app.services.schools.work import ActionDraft, RjDraft, SchoolReferralDraft
from tests.integration.school_fixtures import SchoolWorld, pupil, school_world

TODAY = date(2026, 11, 28)


@pytest.fixture
def world(services: Services) -> SchoolWorld:
    return school_world(services)


def _concern(school_id: int, person_id: int, action: ActionDraft | None) -> SchoolReferralDraft:
    return SchoolReferralDraft(
        school_id=school_id,
        young_person_id=person_id,
        concern_date=TODAY - timedelta(days=1),
        raised_by="Head of Year 8",
        concern_type=SchoolConcernType.BULLYING,
        description="Repeated name-calling in the playground.",
        action=action,
    )


def test_referral_to_prevention_makes_the_yos_referral_linked_both_ways(
    services: Services, world: SchoolWorld
) -> None:
    spoc = world.south_spoc
    person = pupil(services, spoc, world.south_school, "Ava", date(2014, 3, 1))
    record = services.school_work.record_school_referral(
        spoc,
        _concern(world.south_school, person, ActionDraft(SchoolAction.REFER_PREVENTION)),
    )
    assert record.referral_id is not None
    assert record.referral_pathway is Pathway.PREVENTION
    assert record.referral_status is ReferralStatus.RECEIVED
    assert record.referral_due_at == services.ctx.now() + timedelta(hours=48)
    assert record.spoc == "PCSO South"
    assert services.school_work.school_referral_for_referral(spoc, record.referral_id) == record.id
    with services.ctx.read_only() as session:
        referral = session.get(Referral, record.referral_id)
        assert referral is not None
        assert referral.source is ReferralSource.SPOC
        assert referral.referrer_name == "PCSO South"
        assert "Hillside Academy" in (referral.referrer_contact or "")
        assert referral.reasons == [ReferralReason.ANTI_SOCIAL_BEHAVIOUR.value]
        assert f"School referral {record.id}" in (referral.reason_notes or "")
    unallocated = services.referral_list.page(
        spoc, _request(), ReferralFilter(unallocated_only=True)
    )
    assert [row.id for row in unallocated] == [record.referral_id]
    assert unallocated[0].caseworker == "Unallocated"
    assert unallocated[0].clock.due_at == services.ctx.now() + timedelta(hours=48)


def _request():  # type: ignore[no-untyped-def]
    from diversion_app.services.base.listing import PageRequest

    return PageRequest()


def test_a_pupil_outside_8_to_17_is_refused_the_prevention_pathway_and_nothing_is_saved(
    services: Services, world: SchoolWorld
) -> None:
    spoc = world.south_spoc
    person = pupil(services, spoc, world.south_school, "Sam", date(2019, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.school_work.record_school_referral(
            spoc,
            _concern(world.south_school, person, ActionDraft(SchoolAction.REFER_PREVENTION)),
        )
    assert refused.value.problems["pathway"] == (
        "The young person was 7 on the day received; the prevention pathway is for ages 8 to 17."
    )
    scope = SchoolScope(area=Area.SOUTH)
    assert services.school_lists.count_school_referrals(spoc, scope, "open") == 0


def test_diversion_needs_ten_on_the_concern_date(services: Services, world: SchoolWorld) -> None:
    spoc = world.south_spoc
    person = pupil(services, spoc, world.south_school, "Kit", date(2017, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.school_work.record_school_referral(
            spoc,
            _concern(world.south_school, person, ActionDraft(SchoolAction.REFER_DIVERSION)),
        )
    assert "diversion pathway is for ages 10 to 17" in refused.value.problems["pathway"]


def test_a_spoc_records_only_in_their_own_area_and_the_refusal_is_audited(
    services: Services, world: SchoolWorld, supervisor: Actor
) -> None:
    person = pupil(services, world.east_spoc, world.east_school, "Lee", date(2013, 6, 1))
    with pytest.raises(PermissionDenied, match="East area"):
        services.school_work.record_school_referral(
            world.south_spoc, _concern(world.east_school, person, None)
        )
    with services.ctx.read_only() as session:
        refused = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "refused")
        ).scalar_one()
        assert refused.user_id == world.south_spoc.user_id
    record = services.school_work.record_school_referral(
        supervisor, _concern(world.east_school, person, None)
    )
    assert record.spoc == "PCSO East"
    assert record.action is None and record.open


def test_action_later_then_close(services: Services, world: SchoolWorld) -> None:
    spoc = world.south_spoc
    person = pupil(services, spoc, world.south_school, "Mo", date(2012, 2, 2))
    record = services.school_work.record_school_referral(
        spoc, _concern(world.south_school, person, None)
    )
    with pytest.raises(ValidationError, match="which service"):
        services.school_work.take_action(
            spoc, record.id, ActionDraft(SchoolAction.REFER_OTHER_SERVICE)
        )
    done = services.school_work.take_action(
        spoc, record.id, ActionDraft(SchoolAction.REFER_OTHER_SERVICE, notes="School nurse")
    )
    assert done.action is SchoolAction.REFER_OTHER_SERVICE and done.referral_id is None
    with pytest.raises(ValidationError, match="already recorded"):
        services.school_work.take_action(spoc, record.id, ActionDraft(SchoolAction.ADVICE))
    closed = services.school_work.set_open(spoc, record.id, False)
    assert not closed.open
    assert services.school_lists.count_school_referrals(spoc, SchoolScope(), "open") == 0


def test_an_existing_open_prevention_referral_is_a_plain_conflict(
    services: Services, world: SchoolWorld
) -> None:
    spoc = world.south_spoc
    person = pupil(services, spoc, world.south_school, "Jo", date(2012, 2, 2))
    services.school_work.record_school_referral(
        spoc, _concern(world.south_school, person, ActionDraft(SchoolAction.REFER_PREVENTION))
    )
    with pytest.raises(Conflict, match="already has an open prevention referral"):
        services.school_work.record_school_referral(
            spoc, _concern(world.south_school, person, ActionDraft(SchoolAction.REFER_PREVENTION))
        )
    assert services.school_lists.count_school_referrals(spoc, SchoolScope(), "open") == 1


def test_restorative_justice_between_two_pupils_is_on_both_pupils_school_work(
    services: Services, world: SchoolWorld
) -> None:
    spoc = world.south_spoc
    harmer = pupil(services, spoc, world.south_school, "Ben", date(2012, 5, 5))
    harmed = pupil(services, spoc, world.south_school, "Cal", date(2012, 6, 6))
    rj = services.school_work.record_restorative_justice(
        spoc,
        RjDraft(
            school_id=world.south_school,
            held_on=TODAY - timedelta(days=2),
            rj_type=RjType.CONFERENCE,
            participants=(
                RjParticipantDraft(harmer, RjPart.HARMER),
                RjParticipantDraft(harmed, RjPart.HARMED),
            ),
            agreement_reached=True,
            outcome="Apology given and accepted.",
            follow_up_on=TODAY + timedelta(days=28),
        ),
    )
    assert rj.spoc == "PCSO South"
    assert {(p.young_person_id, p.part) for p in rj.participants} == {
        (harmer, RjPart.HARMER),
        (harmed, RjPart.HARMED),
    }
    for person, part in ((harmer, "harmer"), (harmed, "harmed")):
        entries = services.school_lists.pupil_school_work(spoc, person)
        assert [(e.kind, e.id) for e in entries] == [("restorative_justice", rj.id)]
        assert f"conference ({part})" in entries[0].summary
        timeline = services.young_person_record.open(spoc, person).timeline
        assert [(t.entity, t.entity_id) for t in timeline] == [("restorative_justice", rj.id)]
        assert timeline[0].title == f"Conference in Hillside Academy ({part})"
    with services.ctx.read_only() as session:
        audited = session.execute(
            sa.select(AuditEvent.young_person_id).where(
                AuditEvent.entity == "restorative_justice", AuditEvent.action == "created"
            )
        ).scalars()
        assert set(audited) == {harmer, harmed}
    summary = services.school_lists.summary(spoc, SchoolScope(area=Area.SOUTH))
    assert summary.restorative_justice_this_term == 1
    assert summary.restorative_justice_this_year == 1
    rows = services.school_lists.restorative_justice_list(
        spoc, SchoolScope(school_id=world.south_school), "term", _request()
    )
    assert [row.id for row in rows] == [rj.id]
    assert "Ben Pupil (harmer)" in rows[0].pupils


def test_the_same_pupil_as_harmer_and_harmed_is_refused_plainly(
    services: Services, world: SchoolWorld
) -> None:
    spoc = world.south_spoc
    ben = pupil(services, spoc, world.south_school, "Ben", date(2012, 5, 5))
    with pytest.raises(ValidationError) as refused:
        services.school_work.record_restorative_justice(
            spoc,
            RjDraft(
                school_id=world.south_school,
                held_on=TODAY,
                rj_type=RjType.MEDIATION,
                participants=(
                    RjParticipantDraft(ben, RjPart.HARMER),
                    RjParticipantDraft(ben, RjPart.HARMED),
                ),
                agreement_reached=False,
            ),
        )
    assert refused.value.problems["participants"] == (
        "Ben Pupil is listed as both harmer and harmed. Keep one entry and choose the part "
        "'Both' instead."
    )
    with services.ctx.read_only() as session:
        assert session.execute(sa.select(sa.func.count(RestorativeJustice.id))).scalar_one() == 0


def test_the_area_figures_agree_with_the_lists_they_open(demo_services: Services) -> None:
    from diversion_app.domain.enums import Role

    actor = Actor(None, "sup", "Supervisor", frozenset({Role.SUPERVISOR}))
    work = demo_services.school_lists
    by_area = work.summaries_by_area(actor)
    assert by_area[None].open_school_referrals > 0 and by_area[None].referred_to_yos > 0
    schools = demo_services.schools.schools(actor)
    for area in [*Area, None]:
        scope = SchoolScope(area=area)
        figures = by_area[area]
        assert figures == work.summary(actor, scope)
        assert figures.open_school_referrals == work.count_school_referrals(actor, scope, "open")
        assert figures.referred_to_yos == work.count_school_referrals(actor, scope, "to_yos")
        assert figures.restorative_justice_this_term == work.count_restorative_justice(
            actor, scope, "term"
        )
        assert figures.restorative_justice_this_year == work.count_restorative_justice(
            actor, scope, "year"
        )
        in_area = [s for s in schools if area is None or s.area is area]
        assert figures.open_school_referrals == sum(s.open_school_referrals for s in in_area)
        assert figures.referred_to_yos == sum(s.referrals_to_yos for s in in_area)
        assert figures.restorative_justice_this_year == sum(
            s.restorative_justice_this_year for s in in_area
        )
    first = schools[0]
    one = work.summary(actor, SchoolScope(school_id=first.id))
    assert one.open_school_referrals == first.open_school_referrals
    assert one.restorative_justice_this_term == first.restorative_justice_this_term
