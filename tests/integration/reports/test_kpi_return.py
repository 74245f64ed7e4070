"""The quarterly KPI return against the hand-counted 30-referral dataset (kpi_dataset.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from diversion_app.domain.enums import Role
from diversion_app.domain.errors import ValidationError
from diversion_app.services.base.actor import Actor
from diversion_app.services.base.errors import PermissionDenied
from diversion_app.services.registry import Services
from tests.conftest import FOR_TESTS, MovableClock
from tests.integration.pdf_reading import all_text
from tests.integration.reports.kpi_dataset import seed_kpi_dataset

# (section, measure) -> (numerator, denominator) this quarter (2026Q3), counted by hand
EXPECTED_Q3: dict[tuple[str, str], tuple[int, int]] = {
    ("Children", "Children whose intervention ended"): (19, 19),
    ("Children", "No end snapshot recorded (all counted as not known)"): (3, 19),
    ("Children", "Flagged for Turnaround"): (3, 19),
    ("1. Accommodation", "Suitable at the end"): (11, 19),
    ("1. Accommodation", "Unsuitable at the end"): (3, 19),
    ("1. Accommodation", "Not known at the end"): (5, 19),
    ("2. Education, training and employment", "In suitable education, training or employment"): (
        8,
        19,
    ),
    ("2. Education, training and employment", "Not suitable"): (4, 19),
    ("2. Education, training and employment", "Not known"): (7, 19),
    (
        "2. Education, training and employment",
        "Hours attended of hours offered a week (children with both recorded)",
    ): (120, 150),
    ("2. Education, training and employment", "Hours not recorded"): (13, 19),
    ("3. Special educational needs or disability", "SEND identified"): (6, 19),
    ("3. Special educational needs or disability", "Not known"): (6, 19),
    (
        "3. Special educational needs or disability",
        "Of those with SEND: a formal plan (EHCP or SEN support)",
    ): (5, 6),
    ("3. Special educational needs or disability", "Of those with SEND: an EHCP"): (2, 6),
    ("4. Mental health and emotional wellbeing", "Screened"): (10, 19),
    ("4. Mental health and emotional wellbeing", "Screening not known"): (9, 19),
    ("4. Mental health and emotional wellbeing", "Need identified"): (7, 19),
    ("4. Mental health and emotional wellbeing", "Need not known"): (12, 19),
    ("4. Mental health and emotional wellbeing", "Of those with a need: intervention offered"): (
        5,
        7,
    ),
    ("4. Mental health and emotional wellbeing", "Of those with a need: attending"): (3, 7),
    ("5. Substance misuse", "Need identified"): (0, 19),
    ("5. Substance misuse", "Need not known"): (19, 19),
    ("6. Out-of-court disposals", "Children with an out-of-court disposal"): (13, 19),
    ("6. Out-of-court disposals", "Of those: intervention completed"): (10, 13),
    ("6. Out-of-court disposals", "Children on the diversion pathway (an offence)"): (19, 19),
    ("6. Out-of-court disposals", "Of those: outcome code not recorded"): (5, 19),
    ("8. Links to wider services (children's social care)", "Child in need"): (3, 19),
    ("8. Links to wider services (children's social care)", "Child protection plan"): (1, 19),
    ("8. Links to wider services (children's social care)", "Looked after"): (1, 19),
    ("8. Links to wider services (children's social care)", "None"): (8, 19),
    ("8. Links to wider services (children's social care)", "Not known"): (6, 19),
    ("9. Serious violence", "Offence of serious violence"): (3, 19),
    ("9. Serious violence", "Diversion children whose offence category is not known"): (16, 19),
    ("10. Victims", "Offences with a victim"): (8, 19),
    ("10. Victims", "Victim not known"): (6, 19),
    ("10. Victims", "Of those: victim offered restorative justice"): (4, 8),
    ("10. Victims", "Of those: victim took part"): (2, 8),
    ("10. Victims", "Of those: victim's views taken into account"): (5, 8),
}
EXPECTED_Q2: dict[tuple[str, str], tuple[int, int]] = {
    ("Children", "Children whose intervention ended"): (10, 10),
    ("1. Accommodation", "Suitable at the end"): (7, 10),
    ("1. Accommodation", "Unsuitable at the end"): (3, 10),
    ("1. Accommodation", "Not known at the end"): (0, 10),
    ("6. Out-of-court disposals", "Children with an out-of-court disposal"): (0, 10),
    ("6. Out-of-court disposals", "Of those: outcome code not recorded"): (10, 10),
}
# group -> (children, completed), this quarter
EXPECTED_FAIRNESS_Q3 = {
    ("Ethnicity", "Asian"): (3, 0),
    ("Ethnicity", "Black"): (2, 0),
    ("Ethnicity", "Mixed"): (1, 0),
    ("Ethnicity", "White"): (12, 10),
    ("Ethnicity", "Other"): (1, 1),
    ("Ethnicity", "Not stated"): (0, 0),
    ("Sex", "Female"): (6, 1),
    ("Sex", "Male"): (13, 10),
}


@pytest.fixture
def seeded(services: Services, clock: MovableClock) -> Services:
    seed_kpi_dataset(services.ctx, clock())
    return services


def test_every_figure_equals_the_hand_count(seeded: Services, everyone: Actor) -> None:
    report = seeded.kpi.quarterly_return(everyone, "2026Q3")
    assert report.previous_quarter.code == "2026Q2"
    now = {(line.kpi, line.name): line.current for line in report.lines}
    before = {(line.kpi, line.name): line.previous for line in report.lines}
    for key, (numerator, denominator) in EXPECTED_Q3.items():
        assert (now[key].numerator, now[key].denominator) == (numerator, denominator), key
    for key, (numerator, denominator) in EXPECTED_Q2.items():
        assert (before[key].numerator, before[key].denominator) == (numerator, denominator), key
    fair = {(f.breakdown, f.group): (f.current.count, f.current.completed) for f in report.fairness}
    for key, expected in EXPECTED_FAIRNESS_Q3.items():
        assert fair[key] == expected, key
    # each snapshot block adds up to every child: "not known" is counted, not dropped
    accommodation = [
        line.current.numerator for line in report.lines if line.kpi == "1. Accommodation"
    ]
    assert sum(accommodation) == 19


def test_the_csv_carries_the_exact_hand_counts(
    seeded: Services, everyone: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "kpi.csv"
    written = seeded.kpi.write_csv(everyone, path, "2026Q3", for_whom=FOR_TESTS)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert written.rows == len(rows)
    by_key = {(row["section"], row["measure"]): row for row in rows}
    for key, (numerator, denominator) in EXPECTED_Q3.items():
        row = by_key[key]
        assert (int(row["numerator"]), int(row["denominator"])) == (numerator, denominator), key
        assert row["quarter"] == "2026Q3" and row["previous_quarter"] == "2026Q2"
    for key, (numerator, denominator) in EXPECTED_Q2.items():
        row = by_key[key]
        assert (int(row["previous_numerator"]), int(row["previous_denominator"])) == (
            numerator,
            denominator,
        )
    assert by_key[("1. Accommodation", "Suitable at the end")]["percent"] == "57.9"
    assert by_key[("Fairness: ethnicity", "White")]["numerator"] == "12"


def _row(text: str, measure: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    index = next(i for i, line in enumerate(lines) if line.startswith(measure))
    return lines[index : index + 7]


def test_the_pdf_prints_the_hand_counts_with_small_cells_suppressed(
    seeded: Services, everyone: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "kpi.pdf"
    seeded.kpi.write_pdf(everyone, path, "2026Q3", for_whom=FOR_TESTS)
    text = all_text(path)
    assert "Quarterly KPI return" in text
    assert "2026Q3 (01/07/2026 to 30/09/2026)" in text
    assert "OFFICIAL-SENSITIVE" in text
    flat = " ".join(text.split())
    # 11 of 19 suitable (57.9%); previous 7 of 10 (70.0%)
    assert "Suitable at the end 11 19 57.9% 7 10 70.0%" in flat
    # 3 unsuitable: a small cell, and its percentage left out; previous 3 of 10 too
    assert "Unsuitable at the end fewer than 5 19 – fewer than 5 10 –" in flat
    assert "Children with an out-of-court disposal 13 19 68.4% 0 10 0.0%" in flat
    assert "Of those: intervention completed 10 13 76.9%" in flat
    assert "Offences with a victim 8 19 42.1%" in flat
    assert (
        "Hours attended of hours offered a week (children with both recorded) 120 h 150 h 80.0%"
        in flat
    )
    assert "White 12 63.2% 10" in flat
    assert "Asian fewer than 5 – 0" in flat
    assert "Definitions" in text and "Small numbers" in text
    for count in (" 3 19", "Mixed 1 "):
        assert count not in flat


def test_a_badly_written_quarter_is_refused_in_plain_words(
    seeded: Services, everyone: Actor
) -> None:
    with pytest.raises(ValidationError) as raised:
        seeded.kpi.quarterly_return(everyone, "Q3 2026")
    assert "like 2026Q3" in str(raised.value.problems["quarter"])
    with pytest.raises(ValidationError):
        seeded.kpi.quarterly_return(everyone, "2027Q1")


def test_an_officer_cannot_print_the_return(seeded: Services) -> None:
    officer = Actor(None, "pc", "PC", frozenset({Role.OFFICER}))
    with pytest.raises(PermissionDenied):
        seeded.kpi.quarterly_return(officer, "2026Q3")
