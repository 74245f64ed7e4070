"""Rules for the personal programme: interventions, attendance and progress at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diversion_app.domain.enums import InterventionStatus, InterventionType

MAX_PLANNED_SESSIONS = 100
UNFINISHED_INTERVENTION = frozenset({InterventionStatus.PLANNED, InterventionStatus.ACTIVE})


@dataclass(frozen=True)
class InterventionForm:
    intervention_type: InterventionType
    planned_sessions: int
    provider: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: InterventionStatus = InterventionStatus.PLANNED


def intervention_problems(form: InterventionForm, attended_sessions: int) -> dict[str, str]:
    """What cannot be saved about an intervention that has ``attended_sessions`` recorded."""
    problems: dict[str, str] = {}
    if form.planned_sessions < 1:
        problems["planned_sessions"] = "Plan at least one session."
    elif form.planned_sessions > MAX_PLANNED_SESSIONS:
        problems["planned_sessions"] = (
            f"Plan at most {MAX_PLANNED_SESSIONS} sessions; split longer work into interventions."
        )
    elif attended_sessions > form.planned_sessions:
        problems["planned_sessions"] = (
            f"{attended_sessions} sessions have already been attended; plan at least that many."
        )
    if form.start_date and form.end_date and form.end_date < form.start_date:
        problems["end_date"] = "The end date cannot be before the start date."
    if form.status is InterventionStatus.COMPLETED and form.end_date is None:
        problems["end_date"] = "Give the end date of a completed intervention."
    return problems


def attendance_problem(
    attended: bool, attended_so_far: int, planned: int, held_on: date, today: date
) -> str | None:
    """None if one more session may be recorded; else a plain sentence why not."""
    if held_on > today:
        return "Attendance can only be recorded for a session that has taken place."
    if attended and attended_so_far >= planned:
        return (
            f"All {planned} planned sessions have already been attended; "
            "plan more sessions before recording another."
        )
    return None


@dataclass(frozen=True)
class Progress:
    attended: int
    planned: int

    @property
    def percent(self) -> int:
        """Whole percent attended (0-100), rounded down."""
        if self.planned <= 0:
            return 0
        return min(100, (100 * self.attended) // self.planned)

    @property
    def sessions_text(self) -> str:
        """'2 of 6 sessions attended'."""
        noun = "session" if self.planned == 1 else "sessions"
        return f"{self.attended} of {self.planned} {noun} attended"

    @property
    def words(self) -> str:
        """'2 of 6 sessions attended (33%)'."""
        return f"{self.sessions_text} ({self.percent}%)"


def unfinished(status: InterventionStatus) -> bool:
    return status in UNFINISHED_INTERVENTION
