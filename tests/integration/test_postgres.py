"""The application on PostgreSQL: migrations, demo data, the main services, reports, audit.

Skipped unless ``DIVERSION_TEST_POSTGRES_URL`` names a PostgreSQL database these tests may
use, e.g. ``postgresql+psycopg://diversion@/diversion_test?host=/var/run/postgresql``.
Each run works in fresh schemas of its own (dropped at the end), with the session's time
zone set far from UTC so that any instant not stored as UTC shows. Where it can, a test
asks the same question of the same seeded demo data on SQLite and on PostgreSQL and
expects the same answer, so a dialect difference cannot hide behind a plausible result.
"""

from __future__ import annotations

import os
import statistics
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversion_app.cli import main
from diversion_app.demo.generator import build_demo
from diversion_app.domain.diary import visit_instants
from diversion_app.domain.enums import (
    Area,
    AuditAction,
    ContactMethod,
    ContactOutcome,
    Pathway,
    ReferralReason,
    ReferralSource,
    ReferralStatus,
    VisitPlace,
    VisitPurpose,
    VisitStatus,
)
from diversion_app.domain.referral_rules import ReferralDraft
from diversion_app.domain.timekeeping import LONDON
from diversion_app.persistence.engine import create_engine, session_factory
from diversion_app.persistence.migrate import DatabaseOpenError, head_revision, open_database
from diversion_app.persistence.models import (
    AuditEvent,
    Base,
    DisclosedYoungPerson,
    Household,
    Referral,
    User,
    YoungPerson,
)
from diversion_app.persistence.name_search import NAME_TRIGRAM_INDEX
from diversion_app.persistence.types import UTCDateTime
from diversion_app.services.accounts.maintenance import check_database
from diversion_app.services.base import audit, id_lists
from diversion_app.services.base.actor import SYSTEM_ACTOR, Actor
from diversion_app.services.base.context import ServiceContext
from diversion_app.services.base.errors import Conflict
from diversion_app.services.base.listing import PageRequest, like_pattern, starts_with
from diversion_app.services.casework.visits import VisitDraft, VisitOutcome
from diversion_app.services.people.timeline import timeline
from diversion_app.services.people.young_people import YoungPeopleService
from diversion_app.services.referrals.contacts import ContactDraft
from diversion_app.services.referrals.core import make_referral
from diversion_app.services.referrals.referral_list import ReferralFilter, ReferralListService
from diversion_app.services.registry import Services
from diversion_app.services.reports import performance_data
from diversion_app.services.reports.caseload_data import CaseloadScope
from tests.conftest import DEMO_PEOPLE, FIXED_NOW, FOR_TESTS, MovableClock
from tests.integration.people.name_rows import add_household, add_named
from tests.integration.test_database_lifecycle import not_the_name_trigram_index
from tests.pg_schemas import in_schema
from tests.visit_helpers import add_family

PG_URL = os.environ.get("DIVERSION_TEST_POSTGRES_URL", "")
SESSION_TIME_ZONE = "America/New_York"
"""Every test connection reads and writes in this zone: instants must still be UTC."""

if not PG_URL:
    pytest.skip(
        "set DIVERSION_TEST_POSTGRES_URL to run the PostgreSQL tests", allow_module_level=True
    )


# --- fresh schemas ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_schema() -> Iterator[Callable[[], str]]:
    """Makes a fresh schema and returns a URL whose connections use only it."""
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"diversion_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
        made.append(name)
        return in_schema(PG_URL, name, f"-ctimezone={SESSION_TIME_ZONE}")

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
    admin.dispose()


def _services(url: str, clock: MovableClock) -> Services:
    opened = open_database(url, now=clock())
    return Services.build(ServiceContext(session_factory(opened.engine), now_provider=clock))


def _dispose(services: Services) -> None:
    services.ctx.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def pg_demo(new_schema: Callable[[], str]) -> Iterator[Services]:
    """The conftest demo (same seed, size and "now") on PostgreSQL, for reading only."""
    services = _services(new_schema(), MovableClock())
    build_demo(services.ctx, young_people=DEMO_PEOPLE, seed=7)
    yield services
    _dispose(services)


@pytest.fixture
def pg_work(new_schema: Callable[[], str]) -> Iterator[Services]:
    """The same demo in a schema of this test's own, to change."""
    services = _services(new_schema(), MovableClock())
    build_demo(services.ctx, young_people=DEMO_PEOPLE, seed=7)
    yield services
    _dispose(services)


def _url_of(services: Services) -> str:
    url: sa.URL = services.ctx.sessions.kw["bind"].url
    return url.render_as_string(hide_password=False)


# --- schema and migrations -------------------------------------------------------------------


def test_migrations_run_to_head_with_no_file_checks_or_backup(
    new_schema: Callable[[], str],
) -> None:
    url = new_schema()
    first = open_database(url, now=FIXED_NOW)
    again = open_database(url, now=FIXED_NOW)
    try:
        assert first.revision == again.revision == head_revision()
        assert first.backup_path is None and again.backup_path is None
        with first.engine.connect() as connection:
            assert connection.dialect.name == "postgresql"
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": not_the_name_trigram_index},
            )
            assert compare_metadata(context, Base.metadata) == []
            index = connection.execute(
                sa.text(
                    "SELECT indexdef FROM pg_indexes"
                    " WHERE indexname = :name AND schemaname = current_schema()"
                ),
                {"name": "uq_referrals_one_open_per_pathway"},
            ).scalar_one()
        assert "UNIQUE" in index and "WHERE" in index
    finally:
        first.engine.dispose()
        again.engine.dispose()


def test_a_schema_from_a_newer_version_is_refused(new_schema: Callable[[], str]) -> None:
    url = new_schema()
    open_database(url, now=FIXED_NOW).engine.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseOpenError, match="newer version of Diversion"):
        open_database(url, now=FIXED_NOW)


def test_instants_are_stored_as_utc_timestamptz_and_come_back_aware(
    new_schema: Callable[[], str],
) -> None:
    url = new_schema()
    opened = open_database(url, now=FIXED_NOW)
    summer_noon_in_london = datetime(2026, 7, 1, 12, 0, tzinfo=LONDON)
    try:
        with opened.engine.connect() as connection:
            kinds = {
                (table, column): kind
                for table, column, kind in connection.execute(
                    sa.text(
                        "SELECT table_name, column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = current_schema()"
                    )
                )
            }
        instants = [
            (table.name, column.name)
            for table in Base.metadata.sorted_tables
            for column in table.columns
            if isinstance(column.type, UTCDateTime)
        ]
        assert instants and all(kinds[key] == "timestamp with time zone" for key in instants)
        with opened.engine.begin() as connection:
            connection.execute(
                sa.insert(User).values(
                    username="u",
                    display_name="U",
                    active=True,
                    failed_sign_ins=0,
                    created_at=summer_noon_in_london,
                )
            )
        with opened.engine.connect() as connection:
            created = connection.execute(sa.select(User.created_at)).scalar_one()
            utc_text = connection.execute(
                sa.text("SELECT to_char(created_at AT TIME ZONE 'UTC', 'HH24:MI') FROM users")
            ).scalar_one()
            zone = connection.execute(sa.text("SHOW timezone")).scalar_one()
    finally:
        opened.engine.dispose()
    assert zone == SESSION_TIME_ZONE
    assert created == summer_noon_in_london and created.utcoffset() == timedelta(0)
    assert utc_text == "11:00"  # British Summer Time is UTC+1


# --- the same questions on SQLite and PostgreSQL ---------------------------------------------


def _same(sqlite: Services, pg: Services, ask: Callable[[Services], Any]) -> Any:
    on_sqlite, on_pg = ask(sqlite), ask(pg)
    assert on_pg == on_sqlite
    return on_pg


@pytest.mark.parametrize(
    "text",
    ["", "zoe", "ZOË", "smi", "jo s", "o'n", "%", "_", "ex", "DM1", "DM", "SW1A 1AA"],
)
def test_young_people_search_and_paging(
    demo_services: Services, pg_demo: Services, everyone: Actor, text: str
) -> None:
    for sort in (None, "name", "date_of_birth", "area"):
        for descending in (False, True):
            request = PageRequest(text=text, sort=sort, descending=descending, offset=3, limit=40)
            _same(
                demo_services,
                pg_demo,
                lambda s, request=request: s.young_people.search(everyone, request),
            )
    _same(demo_services, pg_demo, lambda s: s.young_people.count(everyone, text))


def test_young_people_found_by_postcode_prefix_and_identifier(
    demo_services: Services, pg_demo: Services, everyone: Actor
) -> None:
    with pg_demo.ctx.read_only() as session:
        postcode, local_id = session.execute(
            sa.text(
                "SELECT h.postcode, y.local_person_id FROM young_people y "
                "JOIN households h ON h.id = y.household_id "
                "WHERE h.postcode IS NOT NULL AND y.local_person_id IS NOT NULL "
                "ORDER BY y.id LIMIT 1"
            )
        ).one()
    outward = postcode.split()[0]
    for text in (postcode, postcode.lower(), outward, local_id, local_id[:-1]):
        found = _same(
            demo_services,
            pg_demo,
            lambda s, text=text: s.young_people.search(everyone, PageRequest(text=text, limit=500)),
        )
        assert found, text


FILTERS = [
    ReferralFilter(),
    ReferralFilter(open_only=True),
    ReferralFilter(unallocated_only=True),
    ReferralFilter(overdue_only=True),
    ReferralFilter(due_soon_only=True),
    ReferralFilter(met_within_days=7),
    ReferralFilter(missed_within_days=28),
]


@pytest.mark.parametrize("filter_", FILTERS, ids=lambda f: repr(f)[15:60])
def test_referral_list_paging_sorting_and_filters(
    demo_services: Services, pg_demo: Services, everyone: Actor, filter_: ReferralFilter
) -> None:
    sorts = [None, "received_at", "due", "urgency", "status", "pathway", "young_person"]
    for sort in sorts:
        for descending in (False, True):
            request = PageRequest(sort=sort, descending=descending, offset=2, limit=50)
            rows = _same(
                demo_services,
                pg_demo,
                lambda s, request=request: s.referral_list.page(everyone, request, filter_),
            )
            assert rows
    _same(demo_services, pg_demo, lambda s: s.referral_list.count(everyone, "", filter_))
    _same(demo_services, pg_demo, lambda s: s.referral_list.count(everyone, "ra", filter_))


def test_dashboard_caseloads_allocation_and_diary(
    demo_services: Services, pg_demo: Services, everyone: Actor
) -> None:
    counts = _same(demo_services, pg_demo, lambda s: s.dashboard.counts(everyone))
    assert counts.open_referrals and counts.overdue and counts.met_last_28_days
    workers = _same(demo_services, pg_demo, lambda s: s.allocation.caseworkers(everyone))
    for worker in workers[:3]:
        _same(demo_services, pg_demo, lambda s, w=worker: s.dashboard.counts(everyone, w.id))
    assert _same(demo_services, pg_demo, lambda s: s.caseload.by_caseworker(everyone))
    _same(
        demo_services,
        pg_demo,
        lambda s: s.allocation.unallocated(everyone, PageRequest(sort="urgency", limit=100)),
    )
    start = FIXED_NOW - timedelta(days=14)
    visits = _same(
        demo_services,
        pg_demo,
        lambda s: s.diary.visits(everyone, start, start + timedelta(days=28)),
    )
    assert visits


def test_timelines(demo_services: Services, pg_demo: Services) -> None:
    def timelines(services: Services) -> list[Any]:
        with services.ctx.read_only() as session:
            return [timeline(session, person, FIXED_NOW) for person in range(1, 300, 11)]

    assert any(_same(demo_services, pg_demo, timelines))


@pytest.mark.parametrize(
    "scope",
    [
        CaseloadScope(),
        CaseloadScope(caseworker_username="caseworker3"),
        CaseloadScope(area=Area.EAST),
    ],
    ids=["team", "caseworker", "area"],
)
@pytest.mark.parametrize("as_of", [None, date(2026, 10, 1), date(2025, 6, 30)])
def test_caseload_report(
    demo_services: Services,
    pg_demo: Services,
    supervisor: Actor,
    scope: CaseloadScope,
    as_of: date | None,
) -> None:
    _same(demo_services, pg_demo, lambda s: s.reports.caseload(supervisor, scope, as_of))


def test_caseload_report_read_in_small_array_batches(
    demo_services: Services, pg_demo: Services, supervisor: Actor, monkeypatch: Any
) -> None:
    """PostgreSQL asks about a batch of referrals with one array parameter: batches far
    smaller than the team still give the same report as SQLite's IN lists, and the facts
    really were read a batch at a time."""
    monkeypatch.setattr(id_lists, "ARRAY_BATCH", 7)
    monkeypatch.setattr(id_lists, "SQLITE_BATCH", 5)
    engine = pg_demo.ctx.sessions.kw["bind"]
    arrays: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "= ANY (" in statement:
            arrays.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        for as_of in (None, date(2026, 10, 1)):
            report = _same(
                demo_services,
                pg_demo,
                lambda s, day=as_of: s.reports.caseload(supervisor, CaseloadScope(), day),
            )
            assert len(report.referral_ids) > 7
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert len(arrays) > 2 * 6  # more than one batch of the six fact statements


def test_a_printed_caseload_links_every_young_person_it_lists(
    pg_work: Services, supervisor: Actor, tmp_path: Any
) -> None:
    """The disclosure's links are written with one unnested array on PostgreSQL."""
    report = pg_work.reports.caseload(supervisor, CaseloadScope())
    pg_work.reports.write_caseload_pdf(
        supervisor, tmp_path / "caseload.pdf", CaseloadScope(), for_whom=FOR_TESTS
    )
    with pg_work.ctx.read_only() as session:
        event_id = session.execute(
            sa.select(sa.func.max(AuditEvent.id)).where(AuditEvent.action == AuditAction.DISCLOSED)
        ).scalar_one()
        linked = session.execute(
            sa.select(DisclosedYoungPerson.young_person_id).where(
                DisclosedYoungPerson.event_id == event_id
            )
        ).scalars()
        assert sorted(linked) == report.young_person_ids
    assert len(report.young_person_ids) > 1


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 12, 1), date(2026, 11, 28)),
        (date(2026, 10, 1), date(2026, 11, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),  # the clocks change inside the period
    ],
)
def test_performance_report(
    demo_services: Services, pg_demo: Services, supervisor: Actor, start: date, end: date
) -> None:
    def figures(services: Services) -> Any:
        # SQLite works out the median in SQL (julianday), PostgreSQL in Python: equal to
        # well under a second, so compare it to the thousandth of an hour
        report = services.reports.performance(supervisor, start, end)
        return [
            replace(period, median_hours_to_contact=_rounded(period.median_hours_to_contact))
            for period in (report.current, report.previous)
        ]

    current, _previous = _same(demo_services, pg_demo, figures)
    assert current.referrals and current.median_hours_to_contact is not None


@pytest.mark.parametrize("first_ids", [0, 1, 2, 3, 10_000])
def test_the_median_time_to_contact_is_worked_out_by_postgresql_exactly(
    pg_demo: Services, first_ids: int
) -> None:
    """percentile_cont(0.5) on the server is statistics.median of the exact gaps, odd
    and even counts alike (the ids dropped from the front change which it is)."""
    counted = Referral.id > first_ids
    with pg_demo.ctx.read_only() as session:
        pairs = session.execute(
            sa.select(Referral.received_at, Referral.clock_met_at).where(
                counted, Referral.clock_met_at.is_not(None), Referral.ended_at.is_(None)
            )
        ).all()
        found = performance_data._median_hours(
            session, sa.and_(counted, Referral.ended_at.is_(None))
        )
    hours = [(met - received).total_seconds() / 3600 for received, met in pairs]
    if not hours:
        assert found is None
        return
    assert found == pytest.approx(statistics.median(hours), abs=1e-9)


def _rounded(hours: float | None) -> float | None:
    return None if hours is None else round(hours, 3)


def test_prefix_search_is_exact_under_every_collation(pg_demo: Services) -> None:
    """Postcode and identifier prefixes match the same rows in a binary or a linguistic order."""
    values = ["AB1", "AB12CD", "AB1-2", "ab12", "AB2", "AB", "AB-1", "AC1", "AB9", "AB99X"]
    values += ["AZ9", "B1", "12/345", "12/34", "123/4", "12-3", "AB1Z", "ABZ1"]
    prefixes = ["AB1", "AB9", "AB", "AZ", "ABZ", "12/3", "12/", "12-", "A"]
    with pg_demo.ctx.read_only() as session:  # rolled back: the collations made here go too
        collations = [
            "C",
            *session.execute(
                sa.text(
                    "SELECT collname FROM pg_collation WHERE collname IN "
                    "('en-GB-x-icu', 'und-x-icu', 'en_GB.utf8', 'en_US.utf8')"
                )
            ).scalars(),
        ]
        for locale in ("en_GB.utf8", "en_US.utf8"):  # as a server's default would be
            name = f"libc_{locale[:5].lower()}"
            try:
                with session.begin_nested():
                    session.execute(sa.text(f"CREATE COLLATION {name} (locale = '{locale}')"))
                collations.append(name)
            except sa.exc.DBAPIError:
                pass  # the machine has no such locale
        table = sa.values(sa.column("v", sa.String), name="sample").data([(v,) for v in values])
        for collation in collations:
            column = table.c.v.collate(collation)
            for prefix in prefixes:
                found = session.execute(sa.select(table.c.v).where(starts_with(column, prefix)))
                expected = sorted(v for v in values if v.startswith(prefix))
                assert sorted(found.scalars()) == expected, (collation, prefix)


# --- changing things -------------------------------------------------------------------------


def _caseworker(services: Services, username: str = "caseworker2") -> Actor:
    with services.ctx.read_only() as session:
        user = session.execute(sa.select(User).where(User.username == username)).scalar_one()
        return Actor(user.id, user.username, user.display_name, frozenset())


def _journey(services: Services, everyone: Actor) -> list[Any]:
    """A referral made, refused twice, allocated, contacted, visited: what each step said."""
    ctx, seen = services.ctx, []
    family = add_family(ctx, "Portia", "Gresql")
    draft = ReferralDraft(
        young_person_id=family.young_person_id,
        pathway=Pathway.PREVENTION,
        source=ReferralSource.SCHOOL,
        referrer_name="Head of Year",
        received_at=ctx.now() - timedelta(hours=3),
        reasons=(ReferralReason.ANTI_SOCIAL_BEHAVIOUR,),
    )
    made = make_referral(ctx, everyone, draft)
    seen.append(made)
    with pytest.raises(Conflict) as refused:
        make_referral(ctx, everyone, draft)
    seen.append(refused.value.existing_id)
    with pytest.raises(sa.exc.IntegrityError), ctx.unit_of_work() as session:
        # past the service's own check: the partial unique index refuses it too
        original = session.get(Referral, made.id)
        assert original is not None
        twin = {c.key: getattr(original, c.key) for c in Referral.__table__.columns}
        session.add(Referral(**{**twin, "id": None}))
        session.flush()
    worker = _caseworker(services)
    assert worker.user_id is not None
    services.allocation.allocate(everyone, made.id, worker.user_id)
    attempt = services.contacts.record(
        everyone,
        ContactDraft(
            made.id,
            ctx.now() - timedelta(hours=1),
            ContactMethod.PHONE,
            ContactOutcome.NO_ANSWER,
            with_young_person=True,
        ),
    )
    seen.append(attempt)
    span = visit_instants(date(2026, 11, 30), time(10), time(11))
    visit = services.visits.schedule(
        everyone,
        VisitDraft(
            made.id,
            (worker.user_id,),
            span.start,
            span.end,
            VisitPlace.HOME,
            VisitPurpose.FIRST_CONTACT,
            place_detail="12 Orchard Road",
        ),
    )
    seen.append(replace(visit, uid=""))  # a calendar uid is random by design
    seen.append(services.visits.suggest_slots(everyone, made.id, (worker.user_id,)))
    ctx.now_provider.advance(days=2)  # type: ignore[attr-defined]
    done = services.visits.record_outcome(
        everyone,
        visit.id,
        VisitOutcome(
            VisitStatus.COMPLETED, saw_young_person=True, seen_carer_ids=(family.mother_id,)
        ),
    )
    seen.append(replace(done, uid=""))
    with ctx.read_only() as session:
        referral = session.get(Referral, made.id)
        assert referral is not None
        seen.append((referral.status, referral.clock_met_at, referral.caseworker_id))
        seen.append(timeline(session, family.young_person_id, ctx.now()))
        seen.append(audit.verify_chain(session))
    seen.append(services.referral_list.page(everyone, PageRequest(text="gresql")))
    seen.append(services.dashboard.counts(everyone))
    seen.append(services.young_people.search(everyone, PageRequest(text="EX1 2")))
    return seen


def test_a_referral_from_start_to_first_visit(
    demo_services: Services, pg_work: Services, everyone: Actor
) -> None:
    seen = _same(demo_services, pg_work, lambda s: _journey(s, everyone))
    made, existing_id = seen[0], seen[1]
    assert existing_id == made.id
    status, met_at, caseworker_id = seen[6]
    assert status is ReferralStatus.CONTACTED and met_at is not None and caseworker_id
    assert met_at.utcoffset() == timedelta(0)
    assert seen[8] == []  # the audit chain holds
    # every table's next ordinary insert follows the demo's explicit ids
    with pg_work.ctx.unit_of_work() as session:
        for table in Base.metadata.sorted_tables:
            column = table.autoincrement_column
            if column is None:
                continue
            largest = session.execute(sa.select(sa.func.max(column))).scalar() or 0
            following = session.execute(
                sa.select(sa.func.nextval(sa.func.pg_get_serial_sequence(table.name, column.name)))
            ).scalar_one()
            assert following > largest, table.name


def test_concurrent_audit_writers_keep_one_chain(pg_work: Services) -> None:
    ctx, failures = pg_work.ctx, []

    def write(worker: int) -> None:
        try:
            for n in range(15):
                with ctx.unit_of_work() as session:
                    audit.record(
                        session,
                        SYSTEM_ACTOR,
                        AuditAction.CHANGED,
                        "setting",
                        worker,
                        at=FIXED_NOW + timedelta(seconds=n),
                        changes={"n": [n, n + 1]},
                    )
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with ctx.read_only() as session:
        assert audit.verify_chain(session) == []
        written = session.execute(
            sa.select(sa.func.count()).where(AuditEvent.entity == "setting")
        ).scalar_one()
    assert written == 60
    assert check_database(ctx).ok


def test_check_from_the_command_line_finds_tampering(
    pg_work: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _url_of(pg_work)
    assert main(["check", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert f"Schema revision: {head_revision()}" in out and "No faults found." in out
    with (
        pytest.raises(sa.exc.DBAPIError, match="cannot be changed or deleted"),
        pg_work.ctx.unit_of_work() as session,
    ):  # the trigger refuses; the table's owner can switch it off
        event = session.execute(sa.select(AuditEvent).order_by(AuditEvent.id).limit(1)).scalar_one()
        event.at = event.at.replace(tzinfo=UTC) + timedelta(minutes=1)
    with pg_work.ctx.unit_of_work() as session:
        session.execute(sa.text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        event = session.execute(sa.select(AuditEvent).order_by(AuditEvent.id).limit(1)).scalar_one()
        event.at = event.at.replace(tzinfo=UTC) + timedelta(minutes=1)
        victim = event.id
    assert main(["check", "--database-url", url]) == 1
    out = capsys.readouterr().out
    assert f"FAULT: Audit event {victim} has been altered" in out
    assert "triggers that stop the audit trail being changed" in out  # switched off above
    assert "2 fault(s) found." in out


def test_an_unreachable_database_is_one_plain_line_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = sa.engine.make_url(PG_URL).set(password="not-the-password", database="no_such_db")
    text = url.render_as_string(hide_password=False)
    assert main(["check", "--database-url", text]) == 1
    err = capsys.readouterr().err
    assert "Cannot open the database at" in err and "not-the-password" not in err


# --- the names' trigram index ----------------------------------------------------------------


def test_the_name_trigram_index_is_made_and_serves_a_name_search(pg_demo: Services) -> None:
    with pg_demo.ctx.read_only() as session:
        connection = session.connection()
        definition = connection.execute(
            sa.text(
                "SELECT indexdef FROM pg_indexes"
                " WHERE indexname = :name AND schemaname = current_schema()"
            ),
            {"name": NAME_TRIGRAM_INDEX},
        ).scalar_one()
        # a small demo table: with the other ways off, a plan can only use the GIN index if
        # that index serves the LIKE (on the region database the planner picks it itself)
        for way in ("seqscan", "indexscan", "indexonlyscan"):
            connection.exec_driver_sql(f"SET LOCAL enable_{way} = off")
        searched = sa.select(YoungPerson.id).where(
            YoungPerson.search_name.like(like_pattern("smith"), escape="\\")
        )
        compiled = searched.compile(dialect=connection.dialect)
        plan = "\n".join(
            row[0]
            for row in connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).all()
        )
    assert "gin" in definition and "gin_trgm_ops" in definition
    assert NAME_TRIGRAM_INDEX in plan, plan


PG_NAME_CHARS = st.sampled_from(list("aeimnorstzAÉéèëçñøßŁłÆæ'’-.%_\\\" ") + list("Σσжд李小龙محمد"))


@pytest.fixture(scope="module")
def names_on_both(
    new_schema: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Services, Services]]:
    """Two empty databases, PostgreSQL and a SQLite file, for the same names."""
    pg = _services(new_schema(), MovableClock())
    path = tmp_path_factory.mktemp("names") / "names.db"
    sqlite = _services(f"sqlite:///{path}", MovableClock())
    yield pg, sqlite
    _dispose(pg)
    _dispose(sqlite)


def _name_answers(
    services: Services, actor: Actor, typed: str, numbers: dict[tuple[str, int], int]
) -> list[object]:
    """What a search finds, as the numbers of the names written (ids differ between databases)."""
    request = PageRequest(0, 500, None, False, typed)
    referrals, referral_total = ReferralListService(services.ctx).first_page(
        actor, request, ReferralFilter()
    )
    people, people_total = YoungPeopleService(services.ctx).first_page(actor, request)
    return [
        sorted(numbers["referral", row.id] for row in referrals),
        referral_total,
        sorted(numbers["person", row.id] for row in people),
        people_total,
    ]


NAMES_ON_BOTH = st.lists(
    st.tuples(
        st.text(PG_NAME_CHARS, min_size=1, max_size=8),
        st.text(PG_NAME_CHARS, min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=NAMES_ON_BOTH, data=st.data())
def test_a_name_search_answers_on_postgresql_as_on_sqlite(
    names_on_both: tuple[Services, Services],
    everyone: Actor,
    names: list[tuple[str, str]],
    data: st.DataObject,
) -> None:
    """The GIN index serves the LIKE on PostgreSQL, the FTS5 pre-filter narrows it on SQLite:
    the same names, the same typed text, the same people and referrals found."""
    given_name, family = data.draw(st.sampled_from(names))
    whole = f"{given_name} {family}"
    start = data.draw(st.integers(0, len(whole) - 1))
    end = data.draw(st.integers(start + 1, len(whole)))
    typed = data.draw(
        st.one_of(st.just(whole[start:end]), st.text(PG_NAME_CHARS, min_size=1, max_size=6))
    )
    answers = []
    for services in names_on_both:
        engine = services.ctx.sessions.kw["bind"]
        numbers: dict[tuple[str, int], int] = {}
        with engine.begin() as connection:
            household = add_household(connection)
            for number, (first, last) in enumerate(names):
                person, referral = add_named(connection, household, first, last, number=number)
                numbers["person", person] = numbers["referral", referral] = number
        try:
            answers.append(_name_answers(services, everyone, typed, numbers))
        finally:
            with engine.begin() as connection:
                connection.execute(sa.delete(Referral))
                connection.execute(sa.delete(YoungPerson))
                connection.execute(sa.delete(Household))
    on_pg, on_sqlite = answers
    assert on_pg == on_sqlite


def test_without_pg_trgm_the_migration_goes_on_and_searches_still_answer(
    new_schema: Callable[[], str], everyone: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    """An extension the server does not have (here: asked for under another name) is left
    out inside a savepoint: the schema reaches head without the index, the log says so
    without naming anyone, and a name search answers from the LIKE alone."""

    def unavailable(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> Any:
        if "CREATE EXTENSION IF NOT EXISTS pg_trgm" in statement:
            statement = statement.replace("pg_trgm", "pg_trgm_not_installed_here")
        return statement, parameters

    sa.event.listen(sa.Engine, "before_cursor_execute", unavailable, retval=True)
    try:
        url = new_schema()
        with caplog.at_level("WARNING"):
            services = _services(url, MovableClock())
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", unavailable)
    try:
        engine = services.ctx.sessions.kw["bind"]
        with engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert revision.scalar_one() == head_revision()
            index = connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_indexes"
                    " WHERE indexname = :name AND schemaname = current_schema()"
                ),
                {"name": NAME_TRIGRAM_INDEX},
            ).scalar_one()
        assert index == 0
        assert any("pg_trgm" in record.getMessage() for record in caplog.records)
        with engine.begin() as connection:
            household = add_household(connection)
            add_named(connection, household, "Mia", "Smith")
            add_named(connection, household, "Amara", "Okafor", number=1)
        rows, total = YoungPeopleService(services.ctx).first_page(
            everyone, PageRequest(text="smith")
        )
        assert [row.name for row in rows] == ["Mia Smith"] and total == 1
    finally:
        _dispose(services)
