"""The choices a proposal's fields take, and the groups of states the rules speak of."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    EVALUATED = "evaluated", _("Evaluated")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


S = ProposalState
#: States a proposal is in once it was registered (立案) and holds a serial number.
REGISTERED_STATES = (S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States in which handling units have been assigned.
ASSIGNED_STATES = (S.ASSIGNED, S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States in which the lead unit's answer (and its A/B/C/D category) is on record.
ANSWERED_STATES = (S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States that follow a submission (a withdrawn proposal may or may not have been submitted).
SUBMITTED_STATES = tuple(s for s in S if s not in (S.DRAFT, S.WITHDRAWN))


class ProposalCategory(models.TextChoices):
    ECONOMIC = "economic", _("Economic development")
    POLITICAL = "political", _("Political development")
    CULTURAL = "cultural", _("Cultural development")
    SOCIAL = "social", _("Social development")
    ECOLOGICAL = "ecological", _("Ecological conservation")
    OTHER = "other", _("Other")


class SubmitterKind(models.TextChoices):
    MEMBER = "member", _("By a member")
    JOINT = "joint", _("Jointly by members")
    SECTOR = "sector", _("By a sector")
    PARTY = "party", _("By a party")
    SPECIAL_COMMITTEE = "special_committee", _("By a special committee")
    SESSION_GROUP = "session_group", _("By a session group")


class Conversion(models.TextChoices):
    NONE = "none", _("Not converted")
    SOCIAL_REPORT = "social_report", _("Converted to a social-conditions report")
    OPINION = "opinion", _("Converted to an opinion and suggestion")


class AnswerCategory(models.TextChoices):
    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: to be solved later when conditions allow")
    D = "D", _("D: kept for reference, with an explanation")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
