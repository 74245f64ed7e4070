"""The same faults on PostgreSQL: two allocations at once, stale saves, limits, change signal.

Skipped unless ``DIVERSION_TEST_POSTGRES_URL`` names a throwaway database (see .ci/run).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from diversion_app.domain.access_rules import AccessReason
from diversion_app.domain.enums import Area, Ethnicity, Gender, Role
from diversion_app.domain.errors import ValidationError
from diversion_app.domain.young_person_rules import YoungPersonDraft
from diversion_app.services.base.change_watch import ChangeWatch
from diversion_app.services.base.errors import Conflict
from diversion_app.services.base.stale import StaleRecord
from diversion_app.services.referrals import allocation
from diversion_app.services.registry import Services
from tests.conftest import MovableClock
from tests.factories import add_child, add_user, referral_draft
from tests.integration.test_postgres import _dispose, _services, new_schema

__all__ = ["new_schema"]


@pytest.fixture
def pg(new_schema: Callable[[], str]) -> Iterator[Services]:
    services = _services(new_schema(), MovableClock())
    yield services
    _dispose(services)


def test_two_supervisors_allocating_at_the_same_moment_exactly_one_wins(
    pg: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    sue = add_user(pg.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    sam = add_user(pg.ctx, "sam", "Sam Supervisor", Role.SUPERVISOR)
    alex = add_user(pg.ctx, "alex", "Alex Caseworker", Role.CASEWORKER)
    bea = add_user(pg.ctx, "bea", "Bea Caseworker", Role.CASEWORKER)
    made = pg.referral_record.make(
        sue, referral_draft(add_child(pg.ctx, date(2012, 1, 1)), pg.ctx.now() - timedelta(hours=1))
    )
    both_read = threading.Barrier(2, timeout=20)
    real_event = allocation.record_referral_event

    def after_both_have_read(*args: object, **kwargs: object) -> None:
        both_read.wait()  # each transaction has read "unallocated" before either writes
        real_event(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(allocation, "record_referral_event", after_both_have_read)
    results: list[str] = []

    def allocate(supervisor: object, worker: object) -> None:
        try:
            pg.allocation.allocate(
                supervisor,  # type: ignore[arg-type]
                made.id,
                worker.user_id,  # type: ignore[attr-defined]
                expected_caseworker_id=None,
            )
            results.append("won")
        except Conflict:
            results.append("refused")

    threads = [threading.Thread(target=allocate, args=pair) for pair in ((sue, alex), (sam, bea))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["refused", "won"]
    record = pg.referral_record.record(sue, made.id)
    assert [entry.kind for entry in record.history].count("allocation") == 1


def test_a_stale_save_is_refused_on_postgresql_too(pg: Services) -> None:
    anna = add_user(pg.ctx, "anna", "Anna Officer", Role.OFFICER)
    ben = add_user(pg.ctx, "ben", "Ben Officer", Role.OFFICER)
    person = add_child(pg.ctx, date(2011, 3, 3))
    for officer in (anna, ben):  # neither made this record: each says why they open it
        pg.access.justify(officer, person, AccessReason.DUTY)
    editor = pg.young_person_editor
    anna_form, ben_form = editor.draft_for(anna, person), editor.draft_for(ben, person)
    editor.update(anna, person, dataclasses.replace(anna_form, preferred_name="Jo"))
    with pytest.raises(StaleRecord, match="Anna Officer changed"):
        editor.update(ben, person, dataclasses.replace(ben_form, pnc_id="26/1234567X"))
    assert editor.draft_for(ben, person).preferred_name == "Jo"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_name": "Tom\x00"}, "given_name"),
        ({"address_line1": "1 Road " + "x" * 100_000}, "address_line1"),
        ({"town": "T" * 201}, "town"),
    ],
)
def test_input_the_server_would_refuse_is_a_plain_problem(
    pg: Services, change: dict[str, str], field: str
) -> None:
    officer = add_user(pg.ctx, "pc", "PC One", Role.OFFICER)
    draft = dataclasses.replace(
        YoungPersonDraft(
            given_name="Tom",
            family_name="Nowak",
            date_of_birth="14/02/2012",
            gender=Gender.MALE,
            ethnicity=Ethnicity.NOT_STATED,
            area=Area.WEST,
            address_line1="3 Quarry Road",
        ),
        **change,
    )
    with pytest.raises(ValidationError) as refused:
        pg.young_person_editor.create(officer, draft, confirmed_new=True)
    assert field in refused.value.problems


def test_other_programs_changes_are_signalled_by_notify(
    pg: Services, new_schema: Callable[[], str]
) -> None:
    me = add_user(pg.ctx, "sue", "Sue Supervisor", Role.SUPERVISOR)
    person = add_child(pg.ctx, date(2011, 3, 3))
    watch = ChangeWatch(pg.ctx)
    try:
        assert watch.poll() is None
        draft = pg.young_person_editor.draft_for(me, person)
        pg.young_person_editor.update(me, person, dataclasses.replace(draft, town="Eastby"))
        changes = watch.poll()
        assert changes is not None and changes.touches(person)
        assert watch.poll() is None
    finally:
        watch.close()
