"""The start and end snapshot of a referral: the facts the YJB's KPIs count (RETURNS.md).

The start snapshot is taken in the whole-family assessment; the end snapshot is
required at closure, pre-filled from the start. "Not known" is always allowed and is
counted in the returns, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from diversion_app.domain.enums import LabelledEnum

FULL_TIME_SCHOOL_HOURS = 25
MAX_WEEKLY_HOURS = 60


RETURNS_LABELS: dict[tuple[type, str], str] = {}
"""(enum class, value) -> the words users see, for the returns' closed lists."""


class ReturnsEnum(LabelledEnum):
    """A closed list of the returns work, labelled from ``RETURNS_LABELS``."""

    @property
    def label(self) -> str:
        return RETURNS_LABELS.get((type(self), self.value), super().label)


class SnapshotStage(LabelledEnum):
    START = "start"
    END = "end"


class Answer(ReturnsEnum):
    """Yes, no, or not known: every KPI question allows the last."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class Suitability(ReturnsEnum):
    SUITABLE = "suitable"
    UNSUITABLE = "unsuitable"
    NOT_KNOWN = "not_known"


class AccommodationType(ReturnsEnum):
    PARENTS_FAMILY = "parents_family"
    RELATIVES_FRIENDS = "relatives_friends"
    FOSTER_CARE = "foster_care"
    CHILDRENS_HOME = "childrens_home"
    SUPPORTED_INDEPENDENT = "supported_independent"
    TEMPORARY = "temporary"
    NO_FIXED_ABODE = "no_fixed_abode"
    OTHER = "other"
    NOT_KNOWN = "not_known"


class EteType(ReturnsEnum):
    """Education, training or employment."""

    SCHOOL_FULL_TIME = "school_full_time"
    SCHOOL_PART_TIME = "school_part_time"
    ALTERNATIVE_PROVISION = "alternative_provision"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    COLLEGE = "college"
    TRAINING_APPRENTICESHIP = "training_apprenticeship"
    EMPLOYMENT = "employment"
    NONE = "none"
    NOT_KNOWN = "not_known"


class SendPlan(ReturnsEnum):
    EHCP = "ehcp"
    SEN_SUPPORT = "sen_support"
    NONE = "none"
    NOT_KNOWN = "not_known"


class SocialCareStatus(ReturnsEnum):
    NONE = "none"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    LOOKED_AFTER = "looked_after"
    NOT_KNOWN = "not_known"


_LABEL_PAIRS: list[tuple[ReturnsEnum, str]] = [
    (Answer.NOT_KNOWN, "Not known"),
    (Suitability.NOT_KNOWN, "Not known"),
    (AccommodationType.PARENTS_FAMILY, "With parents or family"),
    (AccommodationType.RELATIVES_FRIENDS, "With relatives or friends"),
    (AccommodationType.FOSTER_CARE, "Foster care"),
    (AccommodationType.CHILDRENS_HOME, "Children's home"),
    (AccommodationType.SUPPORTED_INDEPENDENT, "Supported or independent living"),
    (AccommodationType.TEMPORARY, "Temporary (B&B, hostel, sofa-surfing)"),
    (AccommodationType.NO_FIXED_ABODE, "No fixed abode"),
    (AccommodationType.NOT_KNOWN, "Not known"),
    (EteType.SCHOOL_FULL_TIME, "School, full time"),
    (EteType.SCHOOL_PART_TIME, "School, part-time timetable"),
    (EteType.ALTERNATIVE_PROVISION, "Alternative provision / PRU"),
    (EteType.ELECTIVE_HOME_EDUCATION, "Elective home education"),
    (EteType.COLLEGE, "College or further education"),
    (EteType.TRAINING_APPRENTICESHIP, "Training or apprenticeship"),
    (EteType.EMPLOYMENT, "Employment"),
    (EteType.NONE, "Not in education, training or employment"),
    (EteType.NOT_KNOWN, "Not known"),
    (SendPlan.EHCP, "Education, health and care plan (EHCP)"),
    (SendPlan.SEN_SUPPORT, "SEN support"),
    (SendPlan.NONE, "No plan"),
    (SendPlan.NOT_KNOWN, "Not known"),
    (SocialCareStatus.NONE, "None"),
    (SocialCareStatus.CHILD_IN_NEED, "Child in need"),
    (SocialCareStatus.CHILD_PROTECTION, "Child protection plan"),
    (SocialCareStatus.LOOKED_AFTER, "Looked after"),
    (SocialCareStatus.NOT_KNOWN, "Not known"),
]


RETURNS_LABELS.update({(type(member), member.value): words for member, words in _LABEL_PAIRS})


def label(member: LabelledEnum) -> str:
    """The words users see for a snapshot value."""
    return member.label


@dataclass(frozen=True)
class Snapshot:
    """One snapshot (start or end); every field "not known" until recorded."""

    accommodation: Suitability = Suitability.NOT_KNOWN
    accommodation_type: AccommodationType = AccommodationType.NOT_KNOWN
    ete_type: EteType = EteType.NOT_KNOWN
    ete_suitable: Answer = Answer.NOT_KNOWN
    ete_hours_offered: int | None = None
    ete_hours_attended: int | None = None
    send_identified: Answer = Answer.NOT_KNOWN
    send_plan: SendPlan = SendPlan.NOT_KNOWN
    mh_screened: Answer = Answer.NOT_KNOWN
    mh_need: Answer = Answer.NOT_KNOWN
    mh_intervention_offered: Answer = Answer.NOT_KNOWN
    mh_attending: Answer = Answer.NOT_KNOWN
    sm_screened: Answer = Answer.NOT_KNOWN
    sm_need: Answer = Answer.NOT_KNOWN
    sm_intervention_offered: Answer = Answer.NOT_KNOWN
    sm_attending: Answer = Answer.NOT_KNOWN
    social_care: SocialCareStatus = SocialCareStatus.NOT_KNOWN

    def as_dict(self) -> dict[str, str | int | None]:
        """Field -> stored value (enum values as text), for rows and the audit trail."""
        out: dict[str, str | int | None] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            out[item.name] = value.value if isinstance(value, LabelledEnum) else value
        return out

    @property
    def not_known_count(self) -> int:
        return sum(1 for value in self.as_dict().values() if value in ("not_known", None))


SNAPSHOT_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Snapshot))


def snapshot_problems(snapshot: Snapshot) -> dict[str, str]:
    """What to fix, field by field, in plain words."""
    problems: dict[str, str] = {}
    for name in ("ete_hours_offered", "ete_hours_attended"):
        value = getattr(snapshot, name)
        if value is not None and not 0 <= value <= MAX_WEEKLY_HOURS:
            problems[name] = f"Hours a week must be between 0 and {MAX_WEEKLY_HOURS}."
    offered, attended = snapshot.ete_hours_offered, snapshot.ete_hours_attended
    if offered is not None and attended is not None and attended > offered:
        problems["ete_hours_attended"] = "Hours attended cannot be more than the hours offered."
    if snapshot.ete_type is EteType.NONE:
        if offered:
            problems["ete_hours_offered"] = (
                "No education, training or employment was chosen, so no hours can be offered."
            )
        if snapshot.ete_suitable is Answer.YES:
            problems["ete_suitable"] = (
                "No education, training or employment was chosen, so it cannot be suitable."
            )
    if snapshot.send_identified is Answer.NO and snapshot.send_plan in (
        SendPlan.EHCP,
        SendPlan.SEN_SUPPORT,
    ):
        problems["send_plan"] = (
            "A SEND plan is chosen but SEND is recorded as not identified: correct one of them."
        )
    for prefix, words in (("mh", "mental health"), ("sm", "substance misuse")):
        attending = getattr(snapshot, f"{prefix}_attending")
        offered_answer = getattr(snapshot, f"{prefix}_intervention_offered")
        if attending is Answer.YES and offered_answer is Answer.NO:
            problems[f"{prefix}_attending"] = (
                f"Attending a {words} intervention needs one to have been offered."
            )
    if (
        snapshot.accommodation_type is AccommodationType.NO_FIXED_ABODE
        and snapshot.accommodation is Suitability.SUITABLE
    ):
        problems["accommodation"] = "No fixed abode cannot be recorded as suitable accommodation."
    return problems


def snapshot_from_values(values: dict[str, object]) -> Snapshot:
    """A snapshot from stored values (unknown or missing values read as "not known")."""
    kwargs: dict[str, object] = {}
    for item in fields(Snapshot):
        raw = values.get(item.name)
        default = item.default
        if isinstance(default, LabelledEnum):
            try:
                kwargs[item.name] = type(default)(str(raw)) if raw is not None else default
            except ValueError:
                kwargs[item.name] = default
        else:
            kwargs[item.name] = None if raw is None else int(str(raw))
    return Snapshot(**kwargs)  # type: ignore[arg-type]
