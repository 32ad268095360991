"""Point rules (计分规则) and minimum requirements of an assessment scheme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from meetings.models import MARKED_STATUSES, MeetingKind, Speech, TrainingCompletion
from members.models import Commendation

from .schemes import SCORE_DIGITS, AssessmentScheme, GradeBand, SchemeCategory, SchemePart


class DutyKind(models.TextChoices):
    MEETING_ATTENDANCE = "meeting_attendance", _("Meeting attendance")
    SPEECH = "speech", _("Speech")
    PROPOSAL = "proposal", _("Proposal")
    PROPOSAL_OUTCOME = "proposal_outcome", _("Proposal outcome")
    SOCIAL_REPORT = "social_report", _("Social conditions report")
    CONTACT_ACTIVITY = "contact_activity", _("Contact activity")
    RESEARCH_TRIP = "research_trip", _("Research trip")
    RESEARCH_REPORT = "research_report", _("Research report")
    TRAINING = "training", _("Training")
    READING_GROUP = "reading_group", _("Reading group")
    STUDY_NOTE = "study_note", _("Study note")
    SUPERVISION = "supervision", _("Supervision participation")
    COMMENDATION = "commendation", _("Commendation")
    QUALITATIVE = "qualitative", _("Qualitative evaluation")


#: Duty kinds counted from attendance rows (so the attendance filters and half-days apply).
ATTENDANCE_DUTIES = ("meeting_attendance", "research_trip", "training", "reading_group")


class CreditRole(models.TextChoices):
    FIRST_PROPOSER = "first_proposer", _("First proposer")
    CO_SIGNER = "co_signer", _("Co-signer")
    COLLECTIVE = "collective", _("Credited for collective work")


class Outcome(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("assessment", "Registered")
    KEY = "key", _("Key proposal")
    EXCELLENT = "excellent", _("Excellent proposal")
    CONVERTED = "converted", _("Converted to a report")
    SUBMITTED = "submitted", pgettext_lazy("assessment", "Submitted")
    ADOPTED = "adopted", pgettext_lazy("assessment", "Adopted")
    ADOPTED_HIGHER = "adopted_higher", _("Adopted by a higher level")
    INSTRUCTION = "instruction", _("Leader's instruction")


PROPOSAL_OUTCOMES = ("registered", "key", "excellent", "converted")
REPORT_OUTCOMES = ("submitted", "adopted", "adopted_higher", "instruction")


class SchemeRule(SchemePart):
    """Points for one kind of duty record, narrowed by the filters that are filled in.

    An empty filter matches every value, except the attendance status of attendance duties,
    where empty means "attended" (present, or late or early). Among the rules of one duty kind
    that apply to a member, a record counts under the first one by order, so a catch-all rule
    ("other meetings") follows the specific ones ("plenary"). Outcome bonuses are rules of
    their own duty kind and add to the credit for the proposal itself.
    """

    class Unit(models.TextChoices):
        PER_ITEM = "per_item", _("Per item")
        PER_HALF_DAY = "per_half_day", _("Per half-day")

    class AppliesTo(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        STANDING = "standing", _("Standing Committee members only")
        NOT_STANDING = "not_standing", _("Members not on the Standing Committee")

    class ShareRule(models.TextChoices):
        FULL_EACH = "full_each", _("Full points to each person credited")
        FIRST_TAKES_SHARE = (
            "first_takes_share",
            _("First proposer takes a share, co-signers split the rest"),
        )

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    category = models.ForeignKey(
        SchemeCategory,
        verbose_name=_("category"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="rules",
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    duty_kind = models.CharField(_("duty kind"), max_length=20, choices=DutyKind.choices)
    meeting_kind = models.CharField(
        _("meeting kind"), max_length=30, choices=MeetingKind.choices, blank=True
    )
    attendance_status = models.CharField(
        _("attendance"),
        max_length=24,
        choices=MARKED_STATUSES,
        blank=True,
        help_text=_("Empty: attended (present, or late or early)."),
    )
    speech_kind = models.CharField(
        _("speech form"), max_length=8, choices=Speech.Kind.choices, blank=True
    )
    role = models.CharField(_("role"), max_length=20, choices=CreditRole.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    training_completion = models.CharField(
        _("training completion"), max_length=8, choices=TrainingCompletion.choices, blank=True
    )
    commendation_level = models.CharField(
        _("commendation level"), max_length=12, choices=Commendation.Level.choices, blank=True
    )
    off_site = models.BooleanField(
        _("off-site"), null=True, blank=True, help_text=_("Empty: on or off site alike.")
    )
    points = models.DecimalField(
        _("points"), help_text=_("Negative for a deduction."), **SCORE_DIGITS
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.PER_ITEM)
    applies_to = models.CharField(
        _("applies to"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.EVERYONE
    )
    share_rule = models.CharField(
        _("joint work"), max_length=20, choices=ShareRule.choices, default=ShareRule.FULL_EACH
    )
    first_share = models.DecimalField(
        _("first proposer's share"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Between 0 and 1, e.g. 0.5; only when co-signers split the rest."),
    )
    max_credited = models.PositiveSmallIntegerField(
        _("people credited at most"),
        null=True,
        blank=True,
        help_text=_("For collective work, e.g. 5."),
    )
    year_cap = models.DecimalField(_("cap per year"), null=True, blank=True, **SCORE_DIGITS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme rule")
        verbose_name_plural = _("scheme rules")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="assessment_rule_unique_code",
                violation_error_message=_("The scheme already has a rule with this code."),
            ),
            models.CheckConstraint(
                condition=~Q(code="") & ~Q(label=""),
                name="assessment_rule_code_and_label",
                violation_error_message=_("Enter the code and the label of the rule."),
            ),
            models.CheckConstraint(
                condition=Q(duty_kind__in=DutyKind.values),
                name="assessment_rule_duty_kind_valid",
                violation_error_message=_("Unknown duty kind."),
            ),
            models.CheckConstraint(
                condition=Q(meeting_kind="") | Q(duty_kind__in=["meeting_attendance", "speech"]),
                name="assessment_rule_meeting_kind_for_meetings",
                violation_error_message=_(
                    "Only attendance and speech rules filter by meeting kind."
                ),
            ),
            models.CheckConstraint(
                condition=Q(attendance_status="") | Q(duty_kind__in=ATTENDANCE_DUTIES),
                name="assessment_rule_attendance_status_for_attendance",
                violation_error_message=_("Only attendance rules filter by attendance."),
            ),
            models.CheckConstraint(
                condition=Q(unit="per_item") | Q(duty_kind__in=ATTENDANCE_DUTIES),
                name="assessment_rule_half_days_for_attendance",
                violation_error_message=_("Only attendance is counted per half-day."),
            ),
            models.CheckConstraint(
                condition=Q(off_site__isnull=True) | Q(duty_kind__in=ATTENDANCE_DUTIES),
                name="assessment_rule_off_site_for_attendance",
                violation_error_message=_("Only attendance rules filter by off-site."),
            ),
            models.CheckConstraint(
                condition=Q(speech_kind="") | Q(duty_kind="speech"),
                name="assessment_rule_speech_kind_for_speeches",
                violation_error_message=_("Only speech rules filter by speech form."),
            ),
            models.CheckConstraint(
                condition=Q(training_completion="") | Q(duty_kind="training"),
                name="assessment_rule_completion_for_training",
                violation_error_message=_("Only training rules filter by completion."),
            ),
            models.CheckConstraint(
                condition=Q(commendation_level="") | Q(duty_kind="commendation"),
                name="assessment_rule_level_for_commendations",
                violation_error_message=_("Only commendation rules filter by level."),
            ),
            models.CheckConstraint(
                condition=Q(role="")
                | Q(
                    duty_kind__in=[
                        "proposal",
                        "proposal_outcome",
                        "social_report",
                        "research_report",
                    ]
                ),
                name="assessment_rule_role_for_joint_work",
                violation_error_message=_("Only proposals and reports filter by role."),
            ),
            models.CheckConstraint(
                condition=Q(duty_kind="proposal_outcome", outcome__in=PROPOSAL_OUTCOMES)
                | Q(duty_kind="social_report", outcome__in=("", *REPORT_OUTCOMES))
                | (~Q(duty_kind__in=["proposal_outcome", "social_report"]) & Q(outcome="")),
                name="assessment_rule_outcome_matches_duty",
                violation_error_message=_(
                    "A proposal outcome rule needs a proposal outcome; a report rule may take "
                    "a report outcome; other rules take none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(share_rule="full_each", first_share__isnull=True)
                | Q(
                    share_rule="first_takes_share",
                    first_share__isnull=False,
                    first_share__gt=0,
                    first_share__lt=1,
                ),
                name="assessment_rule_share_only_when_split",
                violation_error_message=_(
                    "Give the first proposer's share (between 0 and 1) exactly when "
                    "co-signers split the rest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_credited__isnull=True) | Q(max_credited__gte=1),
                name="assessment_rule_max_credited_positive",
                violation_error_message=_("At least one person must be credited."),
            ),
            models.CheckConstraint(
                condition=Q(year_cap__isnull=True) | Q(year_cap__gt=0),
                name="assessment_rule_year_cap_positive",
                violation_error_message=_("A cap must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(applies_to__in=["everyone", "standing", "not_standing"]),
                name="assessment_rule_applies_to_valid",
                violation_error_message=_("Unknown group of members."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.category_id and self.scheme_id and self.category.scheme_id != self.scheme_id:
            raise ValidationError({"category": _("The category belongs to another scheme.")})


class MinimumRequirement(SchemePart):
    """Something every member must do in the year (e.g. attend the plenary); failing it caps
    the grade. It counts the records matched by any of its rules."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="minimums",
    )
    label = models.CharField(_("label"), max_length=200)
    rules = models.ManyToManyField(
        SchemeRule,
        verbose_name=_("counted rules"),
        related_name="minimums",
        help_text=_("Records matched by any of these rules count towards the minimum."),
    )
    min_count = models.PositiveSmallIntegerField(_("at least"), default=1)
    grade_cap = models.ForeignKey(
        GradeBand,
        verbose_name=_("best grade when not met"),
        on_delete=models.RESTRICT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum requirement")
        verbose_name_plural = _("minimum requirements")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "label"],
                name="assessment_minimum_unique_label",
                violation_error_message=_("The scheme already has this minimum requirement."),
            ),
            models.CheckConstraint(
                condition=Q(min_count__gte=1),
                name="assessment_minimum_count_positive",
                violation_error_message=_("A minimum asks for at least one record."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.grade_cap_id and self.scheme_id and self.grade_cap.scheme_id != self.scheme_id:
            raise ValidationError({"grade_cap": _("The grade belongs to another scheme.")})
