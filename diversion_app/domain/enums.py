"""Every closed list in the scheme (DOMAIN.md), each value with the words users see."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a human label for screens and reports."""

    @property
    def label(self) -> str:
        return _LABELS.get((type(self), self.value), self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Area(LabelledEnum):
    SOUTH = "south"
    EAST = "east"
    WEST = "west"


class Gender(LabelledEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    NOT_KNOWN = "not_known"


class Ethnicity(LabelledEnum):
    """Census 2021 high-level groups, used for disproportionality monitoring."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"
    NOT_STATED = "not_stated"


class Relationship(LabelledEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEP_PARENT = "step_parent"
    CARER = "carer"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    OTHER = "other"


class Pathway(LabelledEnum):
    DIVERSION = "diversion"
    PREVENTION = "prevention"


class ReferralSource(LabelledEnum):
    POLICE = "police"
    SPOC = "spoc"
    SCHOOL = "school"
    SOCIAL_CARE = "social_care"
    HEALTH = "health"
    PARENT_CARER = "parent_carer"
    SELF = "self"
    OTHER_SERVICE = "other_service"


class ReferralReason(LabelledEnum):
    OFFENCE = "offence"
    ANTI_SOCIAL_BEHAVIOUR = "anti_social_behaviour"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour"
    GANG_EXPLOITATION = "gang_exploitation"
    MISSING_EPISODES = "missing_episodes"
    OTHER = "other"


class ReferralStatus(LabelledEnum):
    RECEIVED = "received"
    ALLOCATED = "allocated"
    CONTACTED = "contacted"
    ASSESSED = "assessed"
    PROGRAMME = "programme"
    CLOSED = "closed"
    DECLINED = "declined"
    NOT_ENGAGED = "not_engaged"

    @property
    def is_open(self) -> bool:
        return self not in (
            ReferralStatus.CLOSED,
            ReferralStatus.DECLINED,
            ReferralStatus.NOT_ENGAGED,
        )


OPEN_REFERRAL_STATUSES: tuple[ReferralStatus, ...] = tuple(s for s in ReferralStatus if s.is_open)


class ContactMethod(LabelledEnum):
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    VIDEO = "video"
    LETTER = "letter"
    TEXT = "text"
    OFFICE = "office"
    SCHOOL = "school"


class ContactOutcome(LabelledEnum):
    MADE_CONTACT = "made_contact"
    NO_ANSWER = "no_answer"
    REFUSED = "refused"
    WRONG_DETAILS = "wrong_details"


class VisitPlace(LabelledEnum):
    HOME = "home"
    SCHOOL = "school"
    OFFICE = "office"
    OTHER = "other"


class VisitPurpose(LabelledEnum):
    FIRST_CONTACT = "first_contact"
    ASSESSMENT = "assessment"
    INTERVENTION_SESSION = "intervention_session"
    REVIEW = "review"


class VisitStatus(LabelledEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DID_NOT_ATTEND = "did_not_attend"


class ConcernRating(LabelledEnum):
    NO_CONCERN = "no_concern"
    SOME_CONCERN = "some_concern"
    SIGNIFICANT_CONCERN = "significant_concern"


class SafetyLevel(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class AssessmentDomain(LabelledEnum):
    FAMILY = "family"
    ASSOCIATIONS = "associations"
    EDUCATION = "education"
    HEALTH = "health"
    SUBSTANCE_USE = "substance_use"
    LIFESTYLE = "lifestyle"
    EXPLOITATION = "exploitation"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour"
    VICTIM_ISSUES = "victim_issues"
    SLCN = "slcn"


class AssessmentStatus(LabelledEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    SIGNED_OFF = "signed_off"
    RETURNED = "returned"


class InterventionType(LabelledEnum):
    RJ_DIRECT = "rj_direct"
    RJ_INDIRECT = "rj_indirect"
    VICTIM_AWARENESS = "victim_awareness"
    WEAPON_AWARENESS = "weapon_awareness"
    SUBSTANCE_MISUSE = "substance_misuse"
    ETE_SUPPORT = "ete_support"
    MENTORING = "mentoring"
    POSITIVE_ACTIVITIES = "positive_activities"
    EMOTIONAL_HEALTH = "emotional_health"
    HEALTHY_RELATIONSHIPS = "healthy_relationships"
    PARENTING_SUPPORT = "parenting_support"
    SPEECH_LANGUAGE = "speech_language"
    THINKING_BEHAVIOUR = "thinking_behaviour"
    OTHER = "other"


class InterventionStatus(LabelledEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    STOPPED = "stopped"


class ProgrammeStatus(LabelledEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED = "ended"


class ClosureOutcome(LabelledEnum):
    PROGRAMME_COMPLETED = "programme_completed"
    PARTLY_COMPLETED = "partly_completed"
    DID_NOT_ENGAGE = "did_not_engage"
    ESCALATED = "escalated"
    MOVED_OUT_OF_AREA = "moved_out_of_area"
    TURNED_18 = "turned_18"
    OTHER = "other"


class ClosureStatus(LabelledEnum):
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    RETURNED = "returned"


class OffenceCategory(LabelledEnum):
    THEFT = "theft"
    CRIMINAL_DAMAGE = "criminal_damage"
    ASSAULT = "assault"
    PUBLIC_ORDER = "public_order"
    DRUGS = "drugs"
    WEAPONS = "weapons"
    ONLINE = "online"
    SEXUAL = "sexual"
    OTHER = "other"


class VictimType(LabelledEnum):
    PERSON = "person"
    BUSINESS = "business"
    NONE = "none"


class RestorativeAction(LabelledEnum):
    ADVICE = "advice"
    APOLOGY = "apology"
    REPARATION = "reparation"
    COMPENSATION = "compensation"
    RJ_MEETING = "rj_meeting"
    ABC = "abc"


class SchoolType(LabelledEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ACADEMY = "academy"
    SPECIAL = "special"
    PUPIL_REFERRAL_UNIT = "pupil_referral_unit"
    INDEPENDENT = "independent"
    COLLEGE = "college"


class SchoolConcernType(LabelledEnum):
    BEHAVIOUR = "behaviour"
    BULLYING = "bullying"
    VIOLENCE = "violence"
    THEFT = "theft"
    WEAPONS = "weapons"
    DRUGS = "drugs"
    ONLINE_HARM = "online_harm"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour"
    EXPLOITATION = "exploitation"
    OTHER = "other"


class SchoolAction(LabelledEnum):
    ADVICE = "advice"
    RESTORATIVE_IN_SCHOOL = "restorative_in_school"
    REFER_DIVERSION = "refer_diversion"
    REFER_PREVENTION = "refer_prevention"
    REFER_OTHER_SERVICE = "refer_other_service"


class RjType(LabelledEnum):
    CONFERENCE = "conference"
    MEDIATION = "mediation"
    CIRCLE = "circle"
    OTHER = "other"


class RjPart(LabelledEnum):
    HARMER = "harmer"
    HARMED = "harmed"
    BOTH = "both"


class Role(LabelledEnum):
    OFFICER = "officer"
    SPOC = "spoc"
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class AuditAction(LabelledEnum):
    CREATED = "created"
    CHANGED = "changed"
    DELETED = "deleted"
    VIEWED = "viewed"
    DISCLOSED = "disclosed"
    REFUSED = "refused"
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    """Sign out or Switch user: the session's windows were closed (``changes.how`` says which)."""
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED = "locked"
    SEARCHED = "searched"
    """A list of young people was shown: who, when and how many (never the terms)."""
    JUSTIFIED = "justified"
    """A reason given for opening a record outside one's own caseload, area or school list."""
    ERASED = "erased"
    """A young person's records were disposed of after a retention review."""


_LABEL_PAIRS: list[tuple[StrEnum, str]] = [
    (Gender.NON_BINARY, "Non-binary"),
    (Ethnicity.NOT_STATED, "Not stated"),
    (Relationship.STEP_PARENT, "Step-parent"),
    (ReferralSource.POLICE, "Police officer"),
    (ReferralSource.SPOC, "School Liaison SPOC"),
    (ReferralSource.SOCIAL_CARE, "Children's social care / MASH"),
    (ReferralSource.PARENT_CARER, "Parent or carer"),
    (ReferralSource.OTHER_SERVICE, "Other service"),
    (ReferralReason.ANTI_SOCIAL_BEHAVIOUR, "Anti-social behaviour"),
    (ReferralReason.GANG_EXPLOITATION, "Gang involvement or exploitation"),
    (ReferralStatus.NOT_ENGAGED, "Not engaged"),
    (ContactOutcome.MADE_CONTACT, "Made contact"),
    (VisitPurpose.INTERVENTION_SESSION, "Intervention session"),
    (VisitStatus.DID_NOT_ATTEND, "Did not attend"),
    (AssessmentDomain.FAMILY, "Family and relationships"),
    (AssessmentDomain.ASSOCIATIONS, "Associations and peers"),
    (AssessmentDomain.EDUCATION, "Education and school attendance"),
    (AssessmentDomain.HEALTH, "Health and emotional wellbeing"),
    (AssessmentDomain.LIFESTYLE, "Lifestyle and use of time"),
    (AssessmentDomain.EXPLOITATION, "Exploitation and gang concern"),
    (AssessmentDomain.HARMFUL_SEXUAL_BEHAVIOUR, "Harmful sexual behaviour concern"),
    (AssessmentDomain.SLCN, "Speech, language and communication needs"),
    (AssessmentStatus.SIGNED_OFF, "Signed off"),
    (InterventionType.RJ_DIRECT, "Restorative justice (direct)"),
    (InterventionType.RJ_INDIRECT, "Restorative justice (indirect)"),
    (InterventionType.ETE_SUPPORT, "Education, training and employment support"),
    (
        InterventionType.HEALTHY_RELATIONSHIPS,
        "Healthy relationships / harmful sexual behaviour work",
    ),
    (InterventionType.SPEECH_LANGUAGE, "Speech and language"),
    (InterventionType.THINKING_BEHAVIOUR, "Thinking and behaviour"),
    (ClosureOutcome.ESCALATED, "Escalated to a formal disposal"),
    (ClosureOutcome.MOVED_OUT_OF_AREA, "Moved out of area"),
    (ClosureOutcome.TURNED_18, "Turned 18"),
    (ClosureStatus.PENDING_APPROVAL, "Awaiting approval"),
    (RestorativeAction.RJ_MEETING, "RJ meeting"),
    (RestorativeAction.ABC, "Acceptable behaviour contract"),
    (SchoolType.PUPIL_REFERRAL_UNIT, "Pupil referral unit"),
    (SchoolConcernType.ONLINE_HARM, "Online harm"),
    (SchoolAction.RESTORATIVE_IN_SCHOOL, "Restorative intervention in school"),
    (SchoolAction.REFER_DIVERSION, "Referral to the diversion pathway"),
    (SchoolAction.REFER_PREVENTION, "Referral to the prevention pathway"),
    (SchoolAction.REFER_OTHER_SERVICE, "Referral to another service"),
    (Role.SPOC, "School Liaison SPOC"),
    (AuditAction.SIGNED_IN, "Signed in"),
    (AuditAction.SIGNED_OUT, "Signed out"),
    (AuditAction.SIGN_IN_FAILED, "Sign-in failed"),
]

# keyed by (enum class, value): members of different enums share values ("health", "other")
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): label for m, label in _LABEL_PAIRS}
