"""Democratic supervision (民主监督): topics, the members taking part, findings and follow-up.

A topic is supervised in one of four ways: an inquiry, an investigation (research and
inspection), a follow-up of an earlier topic (often across years), or in collaboration with
another supervising body. Its state moves only through the transitions below; the services in
``supervision.services`` are the way to call them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from committees.voiding import COUNTED, Voidable, void_constraint
from cppcc.workflow import StateField


class SupervisionKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    INVESTIGATION = "investigation", _("Investigation")
    FOLLOW_UP = "follow_up", _("Follow-up supervision")
    COLLABORATION = "collaboration", _("Collaborative supervision")


class TopicState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINDINGS_REPORTED = "findings_reported", _("Findings reported")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CLOSED = "closed", _("Closed")


#: States in which the findings are on record and may not be blank.
REPORTED_STATES = (TopicState.FINDINGS_REPORTED, TopicState.FOLLOWED_UP, TopicState.CLOSED)


class SupervisionTopic(models.Model):
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="supervision_topics",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("supervision kind"), max_length=16, choices=SupervisionKind.choices)
    title = models.CharField(_("topic title"), max_length=200)
    subject = models.CharField(
        _("supervised body or work"),
        max_length=200,
        help_text=_("The government department or the work under supervision."),
    )
    partner_body = models.CharField(
        _("partner supervising body"),
        max_length=200,
        blank=True,
        help_text=_("For collaborative supervision: the body supervising together with us."),
    )
    previous_topic = models.ForeignKey(
        "self",
        verbose_name=_("topic followed up"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_topics",
        help_text=_("For follow-up supervision: the earlier topic being followed up."),
    )
    lead_special_committee = models.ForeignKey(
        "committees.SpecialCommittee",
        verbose_name=_("lead special committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_topics",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    state = StateField(
        _("topic state"), max_length=20, choices=TopicState.choices, default=TopicState.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    committee_guards = (("committee", "previous_topic"), ("committee", "lead_special_committee"))

    class Meta:
        verbose_name = _("supervision topic")
        verbose_name_plural = _("supervision topics")
        ordering = ["-year", "-start_date"]
        indexes = [models.Index(fields=["committee", "year", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "title"],
                name="supervision_topic_unique_title_per_year",
                violation_error_message=_("A topic with this title already exists for the year."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="supervision_topic_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="follow_up") | Q(previous_topic__isnull=False),
                name="supervision_topic_follow_up_names_previous",
                violation_error_message=_("Follow-up supervision names the topic it follows up."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="collaboration") | ~Q(partner_body=""),
                name="supervision_topic_collaboration_names_partner",
                violation_error_message=_(
                    "Collaborative supervision names the body supervising with us."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(previous_topic=F("id")),
                name="supervision_topic_not_own_previous",
                violation_error_message=_("A topic cannot follow up itself."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[s.value for s in REPORTED_STATES]) | ~Q(findings=""),
                name="supervision_topic_findings_when_reported",
                violation_error_message=_("Once findings are reported they cannot be blank."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2200),
                name="supervision_topic_year_plausible",
                violation_error_message=_("Enter a year such as 2024."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _(
                "The topic starts in %(start)s but is planned for %(year)s."
            ) % {
                "start": self.start_date.year,
                "year": self.year,
            }
        if self.previous_topic_id:
            previous = self.previous_topic
            if self.committee_id and previous.committee_id != self.committee_id:
                errors["previous_topic"] = _("The topic followed up belongs to another committee.")
            elif self.pk and previous.pk == self.pk:
                errors["previous_topic"] = _("A topic cannot follow up itself.")
            elif self.year and previous.year > self.year:
                errors["previous_topic"] = _(
                    "The topic followed up must be from this year or before."
                )
        if (
            self.lead_special_committee_id
            and self.committee_id
            and self.lead_special_committee.committee_id != self.committee_id
        ):
            errors["lead_special_committee"] = _(
                "The special committee belongs to another committee."
            )
        if errors:
            raise ValidationError(errors)

    # Transitions. Call them through supervision.services, which lock the row and validate.

    @transition(field=state, source=TopicState.PLANNED, target=TopicState.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(field=state, source=TopicState.IN_PROGRESS, target=TopicState.FINDINGS_REPORTED)
    def report_findings(self, *, findings: str, recommendations: str) -> None:
        self.findings, self.recommendations = findings, recommendations

    @transition(field=state, source=TopicState.FINDINGS_REPORTED, target=TopicState.FOLLOWED_UP)
    def mark_followed_up(self) -> None:
        pass

    @transition(
        field=state,
        source=[TopicState.FINDINGS_REPORTED, TopicState.FOLLOWED_UP],
        target=TopicState.CLOSED,
    )
    def close(self) -> None:
        pass


class SupervisionParticipant(Voidable):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead member")
        MEMBER = "member", _("Participating member")

    topic = models.ForeignKey(
        SupervisionTopic,
        verbose_name=_("supervision topic"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="supervision_participations",
    )
    role = models.CharField(
        _("participant role"), max_length=8, choices=Role.choices, default=Role.MEMBER
    )

    history = HistoricalRecords()

    committee_guards = (("topic", "member"),)

    class Meta:
        verbose_name = _("supervision participant")
        verbose_name_plural = _("supervision participants")
        ordering = ["topic", "role", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "member"],
                condition=COUNTED,
                name="supervision_participant_unique",
                violation_error_message=_("This member already takes part in the topic."),
            ),
            void_constraint("supervision_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.topic}"

    def clean(self) -> None:
        if self.topic_id and self.member_id and self.member.committee_id != self.topic.committee_id:
            raise ValidationError({"member": _("This member belongs to another committee.")})


class SupervisionFollowUp(models.Model):
    """A follow-up step on reported findings and what the supervised body answered."""

    topic = models.ForeignKey(
        SupervisionTopic,
        verbose_name=_("supervision topic"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    date = models.DateField(_("follow-up date"))
    note = models.TextField(_("what was done"))
    response = models.TextField(
        _("response of the supervised body"),
        blank=True,
        help_text=_("What the department did about the findings, in its own words."),
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision follow-up")
        verbose_name_plural = _("supervision follow-ups")
        ordering = ["topic", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("date")),
                name="supervision_follow_up_response_after_follow_up",
                violation_error_message=_("The response cannot come before the follow-up."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.topic_id and self.date and self.date < self.topic.start_date:
            raise ValidationError(
                {"date": _("A follow-up cannot be dated before the topic started.")}
            )
