"""The period performance report: every printed figure equals a count made here from the data."""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import ValidationError
from diversion_app.services.registry import Services
from diversion_app.services.reports.performance_data import Period
from tests.conftest import FIXED_NOW, FOR_TESTS
from tests.integration.pdf_reading import figures, page_texts

LONDON = ZoneInfo("Europe/London")
OPEN = {"received", "allocated", "contacted", "assessed", "programme"}
SECTIONS = [
    "Referrals to the YOS",
    "Referrals by pathway",
    "Referrals by source",
    "Referrals by area",
    "The 48-hour contact clock",
    "Community Resolutions, assessments and programmes",
    "Closures by outcome",
    "Reoffending at 12 months",
    "School referrals by area",
    "Restorative justice in school by area",
]
SOURCE_LABELS = {
    "police": "Police officer",
    "spoc": "School Liaison SPOC",
    "school": "School",
    "social_care": "Children's social care / MASH",
    "health": "Health",
    "parent_carer": "Parent or carer",
    "self": "Self",
    "other_service": "Other service",
}
OUTCOME_LABELS = {
    "programme_completed": "Programme completed",
    "partly_completed": "Partly completed",
    "did_not_engage": "Did not engage",
    "escalated": "Escalated to a formal disposal",
    "moved_out_of_area": "Moved out of area",
    "turned_18": "Turned 18",
    "other": "Other",
}


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


def _count(n: int) -> str:
    return f"{n:,}"


def _pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{100 * part / whole:.1f}%"


def expected_figures(db: Path, start: date, end: date) -> dict[tuple[str, str], str]:
    """Every figure for [start, end], counted in plain Python from the raw rows."""
    begin, finish = _midnight(start), _midnight(end + timedelta(days=1))
    today = FIXED_NOW.astimezone(LONDON).date()
    with sqlite3.connect(db) as c:
        referrals = [
            row
            for row in c.execute(
                "SELECT r.pathway, r.source, yp.area, r.status, r.received_at, r.clock_due_at, "
                "r.clock_met_at, r.ended_at FROM referrals r "
                "JOIN young_people yp ON yp.id = r.young_person_id"
            )
            if begin <= _utc(row[4]) < finish  # type: ignore[operator]
        ]
        days = (start.isoformat(), end.isoformat())
        crs = c.execute(
            "SELECT count(*) FROM community_resolutions WHERE recorded_on BETWEEN ? AND ?", days
        ).fetchone()[0]
        assessments = c.execute(
            "SELECT count(*) FROM assessments WHERE completed_on BETWEEN ? AND ? "
            "AND status IN ('completed', 'signed_off')",
            days,
        ).fetchone()[0]
        programmes = c.execute(
            "SELECT count(*) FROM programmes WHERE completed_on BETWEEN ? AND ? "
            "AND status = 'completed'",
            days,
        ).fetchone()[0]
        outcomes = Counter(
            o
            for (o,) in c.execute(
                "SELECT outcome FROM closures WHERE closed_on BETWEEN ? AND ? "
                "AND status = 'approved'",
                days,
            )
        )
        follow = c.execute(
            "SELECT f.came_to_notice FROM closures cl LEFT JOIN follow_ups f "
            "ON f.closure_id = cl.id WHERE cl.status = 'approved' "
            "AND cl.follow_up_due_on BETWEEN ? AND ?",
            (start.isoformat(), min(end, today).isoformat()),
        ).fetchall()
        school = Counter(
            a
            for (a,) in c.execute(
                "SELECT s.area FROM school_referrals sr JOIN schools s ON s.id = sr.school_id "
                "WHERE sr.concern_date BETWEEN ? AND ?",
                days,
            )
        )
        rj = Counter(
            a
            for (a,) in c.execute(
                "SELECT s.area FROM restorative_justice r JOIN schools s ON s.id = r.school_id "
                "WHERE r.held_on BETWEEN ? AND ?",
                days,
            )
        )
    total = len(referrals)
    pathways = Counter(r[0] for r in referrals)
    sources = Counter(r[1] for r in referrals)
    areas = Counter(r[2] for r in referrals)
    clock: Counter[str] = Counter()
    hours = []
    for _p, _s, _a, status, received, due_text, met_text, ended_text in referrals:
        due, met, ended = _utc(due_text), _utc(met_text), _utc(ended_text)
        is_open = status in OPEN
        if met is not None and (is_open or ended is None or met <= ended):
            clock["met" if met <= due else "missed"] += 1  # type: ignore[operator]
            hours.append((met - _utc(received)).total_seconds() / 3600)  # type: ignore[operator]
        elif status in ("declined", "not_engaged"):  # both stop the clock (DOMAIN.md)
            clock["stopped"] += 1
        elif is_open or ended is None:
            clock["missed" if due < FIXED_NOW else "running"] += 1  # type: ignore[operator]
        else:
            clock["missed" if ended > due else "stopped"] += 1  # type: ignore[operator]
    again = sum(1 for (f,) in follow if f == 1)
    not_again = sum(1 for (f,) in follow if f == 0)
    e: dict[tuple[str, str], str] = {
        ("Referrals to the YOS", "Referrals received"): _count(total),
        ("Referrals to the YOS", "Share made by police officers"): _pct(sources["police"], total),
        ("Referrals to the YOS", "Share made by police officers and SPOCs"): _pct(
            sources["police"] + sources["spoc"], total
        ),
        ("The 48-hour contact clock", "Met"): _count(clock["met"]),
        ("The 48-hour contact clock", "Missed"): _count(clock["missed"]),
        ("The 48-hour contact clock", "Met, as a share of met and missed"): _pct(
            clock["met"], clock["met"] + clock["missed"]
        ),
        ("The 48-hour contact clock", "Still running"): _count(clock["running"]),
        ("The 48-hour contact clock", "Stopped (declined, not engaged, or ended in time)"): _count(
            clock["stopped"]
        ),
        ("The 48-hour contact clock", "Median time to first contact"): (
            f"{statistics.median(hours):.1f} h" if hours else "–"
        ),
        (SECTIONS[5], "Community Resolutions recorded"): _count(crs),
        (SECTIONS[5], "Whole-family assessments completed"): _count(assessments),
        (SECTIONS[5], "Personal programmes completed"): _count(programmes),
        ("Closures by outcome", "Closures"): _count(sum(outcomes.values())),
        ("Reoffending at 12 months", "12-month follow-ups due"): _count(len(follow)),
        ("Reoffending at 12 months", "Came to notice again"): _count(again),
        ("Reoffending at 12 months", "Did not come to notice"): _count(not_again),
        ("Reoffending at 12 months", "Not yet recorded"): _count(len(follow) - again - not_again),
        ("Reoffending at 12 months", "Came to notice again, as a share of those recorded"): _pct(
            again, again + not_again
        ),
    }
    for value, label in (("diversion", "Diversion"), ("prevention", "Prevention")):
        e[("Referrals by pathway", label)] = _count(pathways[value])
    for value, label in SOURCE_LABELS.items():
        e[("Referrals by source", label)] = _count(sources[value])
    for value, label in OUTCOME_LABELS.items():
        e[("Closures by outcome", label)] = _count(outcomes[value])
    for value in ("south", "east", "west"):
        e[("Referrals by area", value.title())] = _count(areas[value])
        e[("School referrals by area", value.title())] = _count(school[value])
        e[("Restorative justice in school by area", value.title())] = _count(rj[value])
    return e


def _db(services: Services) -> Path:
    return Path(str(services.ctx.sessions.kw["bind"].url).removeprefix("sqlite:///"))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 11, 29), date(2026, 11, 28)),  # the last twelve months, across BST twice
        (date(2026, 10, 1), date(2026, 11, 28)),  # a short period, charted by week
    ],
)
def test_every_figure_matches_an_independent_count_for_both_periods(
    demo_services: Services, supervisor: Actor, tmp_path: Path, start: date, end: date
) -> None:
    out = tmp_path / "performance.pdf"
    demo_services.reports.write_performance_pdf(supervisor, out, start, end, for_whom=FOR_TESTS)
    printed = figures(out, SECTIONS)
    previous = Period(start, end).previous()
    current_expected = expected_figures(_db(demo_services), start, end)
    previous_expected = expected_figures(_db(demo_services), previous.start, previous.end)
    assert int(current_expected[("Referrals to the YOS", "Referrals received")]) > 20
    assert set(current_expected) <= set(printed)
    for key, value in current_expected.items():
        assert printed[key] == (value, previous_expected[key]), key


def test_the_previous_period_has_the_same_length_and_the_chart_adds_up(
    demo_services: Services, supervisor: Actor
) -> None:
    report = demo_services.reports.performance(supervisor, date(2025, 6, 1), date(2026, 5, 31))
    assert report.previous.period == Period(date(2024, 6, 1), date(2025, 5, 31))
    assert len(report.current.referrals_by_bucket) == 12
    assert report.current.bucket_labels[0] == "Jun 2025"
    assert sum(report.current.referrals_by_bucket) == report.current.referrals
    assert sum(report.previous.referrals_by_bucket) == report.previous.referrals


def test_every_page_is_marked_numbered_and_ends_with_the_definitions(
    demo_services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "p.pdf"
    demo_services.reports.write_performance_pdf(
        supervisor, out, date(2025, 11, 29), date(2026, 11, 28), for_whom=FOR_TESTS
    )
    pages = page_texts(out)
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in text
    # the definitions (longer since the working-day deadlines and fairness) end the report
    ending = "\n".join(pages[-2:])
    assert "Definitions" in ending and "Median time to first contact" in ending
    assert ending.rstrip().rfind("Fairness") > ending.find("Definitions")
    assert "Referrals received over time" in pages[0]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (date(2026, 6, 1), date(2026, 5, 31), "end"),
        (date(2027, 1, 1), date(2027, 2, 1), "start"),
        (None, date(2026, 5, 31), "start"),
    ],
)
def test_a_bad_period_is_explained(
    demo_services: Services, supervisor: Actor, start: date | None, end: date, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        demo_services.reports.performance(supervisor, start, end)
    assert field in raised.value.problems
