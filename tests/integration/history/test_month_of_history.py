"""A month of casework with a movable clock, then the caseload and the period report
"as of" several days, every figure compared with counts worked out by hand in the test.

December 2026 (London time is UTC all month, so the hours below are both):

* 01/12 09:00  R1 (Ada) received; 10:00 R2 (Ben) received; 11:00 both allocated to Alice
* 02/12 10:00  Alice reaches Ada and her mother: R1's clock met (25 h)
* 04/12 12:00  Alice reaches Ben and his father: R2's clock missed (due 03/12 10:00)
* 05/12 10:00  Alice completes R1's assessment (completed on 05/12)
* 08/12 09:00  R1 reallocated from Alice to Bob
* 10/12 09:00  R3 (Cal) received, never allocated
* 11/12 09:00  R4 (Dee, lives independently) received; 09:30 allocated to Bob;
              10:00 Bob records "no parent or carer to contact"; 14:00 reaches Dee: met, apart
* 15/12 10:00  the supervisor signs R1's assessment off
* 16/12 10:00  R1's programme: one intervention of 2 sessions; session 1 attended 16/12
* 20/12 10:00  session 2 attended 20/12
* 31/12 12:00  the reports are printed
"""

from __future__ import annotations

from dataclasses import astuple, replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from diversion_app.domain.contact_rules import ContactDraft
from diversion_app.domain.enums import (
    ContactMethod,
    ContactOutcome,
    InterventionType,
    Relationship,
    Role,
    VisitPlace,
    VisitPurpose,
)
from diversion_app.domain.programme import InterventionForm
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.casework.visits import VisitDraft
from diversion_app.services.referrals.core import make_referral
from diversion_app.services.registry import Services
from diversion_app.services.reports.caseload_data import (
    CaseloadLine,
    CaseloadReport,
    CaseloadScope,
)
from tests.casework_helpers import full_form
from tests.conftest import MovableClock
from tests.factories import add_household, add_user, child, member, referral_draft


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def _family(ctx: ServiceContext, given: str, parent: Relationship | None) -> tuple[int, int | None]:
    now = ctx.now()
    with ctx.unit_of_work() as session:
        household = add_household(session, now, f"{len(given)} {given} Road")
        person = child(household.id, now, given=given, family="Example", born=date(2011, 6, 1))
        session.add(person)
        parent_id = None
        if parent is not None:
            adult = member(household.id, "Pat", "Example", parent, parental_responsibility=True)
            session.add(adult)
            session.flush()
            parent_id = adult.id
        session.flush()
        return person.id, parent_id


def _reach(
    services: Services, actor: Actor, referral: int, when: datetime, carer: int | None
) -> None:
    services.contacts.record(
        actor,
        ContactDraft(
            referral_id=referral,
            occurred_at=when,
            method=ContactMethod.HOME_VISIT,
            outcome=ContactOutcome.MADE_CONTACT,
            with_young_person=True,
            carer_member_id=carer,
            clock_reason="Family away until the 4th." if when > at(3, 10) else "",
        ),
    )


class Month:
    def __init__(self, ctx: ServiceContext, services: Services, clock: MovableClock) -> None:
        self.ctx, self.services, self.clock = ctx, services, clock
        self.snapshots: dict[date, CaseloadReport] = {}

    def go(self, when: datetime) -> None:
        """Move to ``when``, printing the live caseload at the end of each day passed."""
        while self.clock.current.date() < when.date():
            day = self.clock.current.date()
            self.clock.current = datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
            self.snapshots[day] = self.services.reports.caseload(self.supervisor, CaseloadScope())
            self.clock.current = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
        self.clock.current = when

    def run(self) -> None:
        ctx, services = self.ctx, self.services
        self.clock.current = at(1, 8)
        self.supervisor = add_user(ctx, "sup", "Sam Supervisor", Role.SUPERVISOR)
        self.alice = add_user(ctx, "alice", "Alice Able", Role.CASEWORKER)
        self.bob = add_user(ctx, "bob", "Bob Baker", Role.CASEWORKER)
        ada, ada_mother = _family(ctx, "Ada", Relationship.MOTHER)
        ben, ben_father = _family(ctx, "Ben", Relationship.FATHER)
        cal, _ = _family(ctx, "Cal", Relationship.MOTHER)
        dee, _ = _family(ctx, "Dee", None)
        sup = self.supervisor
        self.go(at(1, 9))
        self.r1 = make_referral(ctx, sup, referral_draft(ada, at(1, 9))).id
        self.go(at(1, 10))
        self.r2 = make_referral(ctx, sup, referral_draft(ben, at(1, 10))).id
        self.go(at(1, 11))
        services.allocation.allocate(sup, self.r1, self.alice.user_id or 0)
        services.allocation.allocate(sup, self.r2, self.alice.user_id or 0)
        self.go(at(2, 10))
        _reach(services, self.alice, self.r1, at(2, 10), ada_mother)
        self.go(at(4, 12))
        _reach(services, self.alice, self.r2, at(4, 12), ben_father)
        self.go(at(5, 10))
        assessment = services.assessments.complete(
            self.alice, self.r1, full_form(date(2026, 12, 5), completed_on=date(2026, 12, 5))
        )
        self.go(at(8, 9))
        services.allocation.allocate(sup, self.r1, self.bob.user_id or 0)
        self.go(at(10, 9))
        self.r3 = make_referral(ctx, sup, referral_draft(cal, at(10, 9))).id
        self.go(at(11, 9))
        self.r4 = make_referral(ctx, sup, referral_draft(dee, at(11, 9))).id
        self.go(at(11, 9, 30))
        services.allocation.allocate(sup, self.r4, self.bob.user_id or 0)
        self.go(at(11, 10))
        services.no_carer.record(self.bob, self.r4, "Dee is 17 and lives independently.")
        self.go(at(11, 14))
        _reach(services, self.bob, self.r4, at(11, 14), None)
        self.go(at(12, 15))
        services.visits.schedule(
            self.bob,
            VisitDraft(
                referral_id=self.r1,
                caseworker_ids=(self.bob.user_id or 0,),
                start_at=at(18, 10),
                end_at=at(18, 11),
                place=VisitPlace.HOME,
                purpose=VisitPurpose.INTERVENTION_SESSION,
                place_detail="At home",
            ),
            confirm=True,
        )
        self.go(at(15, 10))
        services.assessments.sign_off(sup, assessment.id or 0)
        self.go(at(16, 10))
        services.programmes.save_programme(self.bob, self.r1, "Repair the harm.", None)
        mentoring = services.programmes.add_intervention(
            self.bob,
            self.r1,
            InterventionForm(InterventionType.MENTORING, 2, provider="YOS mentor"),
        )
        services.programmes.record_session(self.bob, mentoring.id, date(2026, 12, 16), True)
        self.go(at(20, 10))
        services.programmes.record_session(self.bob, mentoring.id, date(2026, 12, 20), True)
        self.go(at(31, 12))


@pytest.fixture
def month(ctx: ServiceContext, services: Services, clock: MovableClock) -> Month:
    built = Month(ctx, services, clock)
    built.run()
    return built


def _lines(report: CaseloadReport) -> dict[int, tuple[str, str, str, str, str]]:
    """Referral -> (caseworker, status, clock state, assessment, programme)."""
    return {
        line.referral_id: (
            group.caseworker,
            line.status.label,
            line.clock.state.label,
            line.assessment,
            line.programme,
        )
        for group in report.caseworkers
        for line in group.lines
    }


# Hand-counted: what the team caseload said at the end of each day.
NONE, NOT_STARTED = "No programme", "Not started"
ALICE, BOB, UNALLOCATED = "Alice Able", "Bob Baker", "Unallocated"
EXPECTED: dict[date, dict[str, tuple[str, str, str, str, str]]] = {
    date(2026, 12, 1): {
        "r1": (ALICE, "Allocated", "On track", NOT_STARTED, NONE),
        "r2": (ALICE, "Allocated", "On track", NOT_STARTED, NONE),
    },
    date(2026, 12, 3): {
        "r1": (ALICE, "Contacted", "Met", NOT_STARTED, NONE),
        "r2": (ALICE, "Allocated", "Overdue", NOT_STARTED, NONE),
    },
    date(2026, 12, 7): {
        "r1": (ALICE, "Assessed", "Met", "Completed 05/12/2026", NONE),
        "r2": (ALICE, "Contacted", "Missed", NOT_STARTED, NONE),
    },
    date(2026, 12, 10): {
        "r1": (BOB, "Assessed", "Met", "Completed 05/12/2026", NONE),
        "r2": (ALICE, "Contacted", "Missed", NOT_STARTED, NONE),
        "r3": (UNALLOCATED, "Received", "On track", NOT_STARTED, NONE),
    },
    date(2026, 12, 11): {
        "r1": (BOB, "Assessed", "Met", "Completed 05/12/2026", NONE),
        "r2": (ALICE, "Contacted", "Missed", NOT_STARTED, NONE),
        "r3": (UNALLOCATED, "Received", "Due soon", NOT_STARTED, NONE),  # due 12/12 09:00
        "r4": (BOB, "Contacted", "Met", NOT_STARTED, NONE),
    },
    date(2026, 12, 16): {
        "r1": (
            BOB,
            "Programme",
            "Met",
            "Signed off 15/12/2026",
            "Active: 1 of 2 sessions, 1 intervention",
        ),
        "r2": (ALICE, "Contacted", "Missed", NOT_STARTED, NONE),
        "r3": (UNALLOCATED, "Received", "Overdue", NOT_STARTED, NONE),
        "r4": (BOB, "Contacted", "Met", NOT_STARTED, NONE),
    },
    date(2026, 12, 20): {
        "r1": (
            BOB,
            "Programme",
            "Met",
            "Signed off 15/12/2026",
            "Active: 2 of 2 sessions, 1 intervention",
        ),
        "r2": (ALICE, "Contacted", "Missed", NOT_STARTED, NONE),
        "r3": (UNALLOCATED, "Received", "Overdue", NOT_STARTED, NONE),
        "r4": (BOB, "Contacted", "Met", NOT_STARTED, NONE),
    },
}


def _named(month: Month, lines: dict[int, tuple[str, str, str, str, str]]) -> dict[str, object]:
    names = {month.r1: "r1", month.r2: "r2"}
    for attr in ("r3", "r4"):
        if hasattr(month, attr):
            names[getattr(month, attr)] = attr
    return {names[ref]: value for ref, value in lines.items()}


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_the_caseload_as_of_a_past_day_says_what_was_true_that_day(month: Month, day: date) -> None:
    as_of = month.services.reports.caseload(month.supervisor, CaseloadScope(), day)
    assert _named(month, _lines(as_of)) == EXPECTED[day]
    # and it is exactly what the live caseload printed at the end of that day
    assert _lines(as_of) == _lines(month.snapshots[day])


def _everything(report: CaseloadReport) -> dict[int, tuple[object, ...]]:
    """Every field of every line, the caseworker heading included."""
    return {
        line.referral_id: (group.caseworker, line)
        for group in report.caseworkers
        for line in group.lines
    }


def test_every_day_of_the_month_as_of_equals_what_was_printed_live(month: Month) -> None:
    """Nothing from after the day appears: not a later allocation, status, assessment step,
    session, clock reason or visit booking."""
    for day, printed in month.snapshots.items():
        as_of = month.services.reports.caseload(month.supervisor, CaseloadScope(), day)
        expected = {
            ref: (who, replace(line, clock=as_of_clock(line)), *rest)
            for ref, (who, line, *rest) in _everything(printed).items()
        }
        got = {
            ref: (who, replace(line, clock=as_of_clock(line)), *rest)
            for ref, (who, line, *rest) in _everything(as_of).items()
        }
        assert got == expected, day
        assert as_of.totals == printed.totals, day


def as_of_clock(line: CaseloadLine) -> object:
    """The live snapshot was taken at 23:59:59, the as-of reading is at midnight: compare
    the clock's state, due and met times, not the seconds remaining."""
    return (line.clock.state, line.clock.due_at, line.clock.met_at)


def test_a_reason_and_a_visit_given_later_do_not_appear_earlier(month: Month) -> None:
    def line(day: date, ref: int) -> CaseloadLine:
        report = month.services.reports.caseload(month.supervisor, CaseloadScope(), day)
        return next(x for g in report.caseworkers for x in g.lines if x.referral_id == ref)

    assert line(date(2026, 12, 3), month.r2).clock_reason is None  # given on 04/12
    assert line(date(2026, 12, 7), month.r2).clock_reason == "Family away until the 4th."
    assert line(date(2026, 12, 11), month.r1).next_visit is None  # booked on 12/12
    assert line(date(2026, 12, 14), month.r1).next_visit == at(18, 10)


def test_a_caseworkers_caseload_before_a_reallocation_still_holds_the_referral(
    month: Month,
) -> None:
    alice = CaseloadScope(caseworker_id=month.alice.user_id)
    bob = CaseloadScope(caseworker_id=month.bob.user_id)
    before = month.services.reports.caseload(month.supervisor, alice, date(2026, 12, 7))
    after = month.services.reports.caseload(month.supervisor, alice, date(2026, 12, 8))
    assert sorted(before.referral_ids) == [month.r1, month.r2]
    assert before.totals.open_referrals == 2
    assert after.referral_ids == [month.r2]
    bob_before = month.services.reports.caseload(month.supervisor, bob, date(2026, 12, 7))
    assert bob_before.referral_ids == []


def test_the_period_report_for_december_matches_the_hand_count(month: Month) -> None:
    report = month.services.reports.performance(
        month.supervisor, date(2026, 12, 1), date(2026, 12, 31)
    )
    figures = report.current
    assert figures.referrals == 4
    # R1 met; R2 missed; R3 never reached and overdue (missed); R4 counted apart
    assert (figures.clock_met, figures.clock_missed) == (1, 2)
    assert (figures.clock_running, figures.clock_stopped) == (0, 0)
    assert (figures.no_carer_referrals, figures.no_carer_met, figures.no_carer_missed) == (1, 1, 0)
    assert figures.median_hours_to_contact == pytest.approx((25 + 74) / 2)
    assert figures.assessments_completed == 1
    # the whole month sits beside the whole month before it
    assert (report.previous.period.start, report.previous.period.end) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert report.previous.referrals == 0


def test_the_period_report_of_the_first_week_printed_later_counts_only_that_week(
    month: Month,
) -> None:
    figures = month.services.reports.performance(
        month.supervisor, date(2026, 12, 1), date(2026, 12, 7)
    ).current
    assert figures.referrals == 2
    assert (figures.clock_met, figures.clock_missed, figures.no_carer_referrals) == (1, 1, 0)
    assert figures.assessments_completed == 1


def test_the_timeline_dates_the_sign_off_on_the_day_it_was_signed(month: Month) -> None:
    with month.ctx.read_only() as session:
        from diversion_app.persistence.models import Referral
        from diversion_app.services.people.timeline import timeline

        person = session.get(Referral, month.r1)
        assert person is not None
        entries = timeline(session, person.young_person_id, month.ctx.now())
    steps = {e.title: e.when for e in entries if e.kind == "Assessment"}
    assert steps["Whole-family assessment completed"] == "05/12/2026"
    assert steps["Whole-family assessment signed off"].startswith("15/12/2026")


# Hand-counted: the dashboard's tiles at the end of each day, whole team
# (open, overdue, due soon, unallocated, met 7 d, missed 7 d, met 28 d, missed 28 d).
DASHBOARD: dict[date, tuple[int, ...]] = {
    # R1 met 02/12 10:00; R2 due 03/12 10:00, unmet at midnight: overdue and missed
    date(2026, 12, 3): (2, 1, 0, 0, 1, 1, 1, 1),
    # R3 received 10/12, due 12/12 09:00 (33 h left), nobody holds it; R1 met 9 days ago
    date(2026, 12, 10): (3, 0, 0, 1, 0, 0, 1, 1),
    # R3 now 9 h from due: due soon; R4 met apart (no parent or carer) on 11/12
    date(2026, 12, 11): (4, 0, 1, 1, 1, 0, 2, 1),
    # R3 overdue since 12/12 09:00: overdue and missed
    date(2026, 12, 16): (4, 1, 0, 1, 1, 1, 2, 2),
}


@pytest.mark.parametrize("day", sorted(DASHBOARD))
def test_the_dashboard_for_a_past_day_matches_the_hand_count(month: Month, day: date) -> None:
    counts = month.services.dashboard_as_of.counts(month.supervisor, day)
    # the 48-hour clock figures (the working-day deadline tiles are counted apart)
    assert astuple(counts)[: len(DASHBOARD[day])] == DASHBOARD[day]


def test_a_caseworkers_dashboard_for_a_past_day_counts_what_they_held_then(
    month: Month,
) -> None:
    before = month.services.dashboard_as_of.counts(
        month.supervisor, date(2026, 12, 7), month.alice.user_id
    )
    after = month.services.dashboard_as_of.counts(
        month.supervisor, date(2026, 12, 8), month.alice.user_id
    )
    assert (before.open_referrals, after.open_referrals) == (2, 1)
    bob = month.services.dashboard_as_of.counts(
        month.supervisor, date(2026, 12, 7), month.bob.user_id
    )
    assert bob.open_referrals == 0
