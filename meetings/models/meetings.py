"""Meetings and activities (会议活动) of a committee."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee meeting")
    CHAIRMANS_MEETING = "chairmans_meeting", _("Chairman's Meeting")
    SPECIAL_CONSULTATION = "special_consultation", _("Special consultation")
    COUNTERPART_CONSULTATION = "counterpart_consultation", _("Counterpart consultation")
    SECTOR_CONSULTATION = "sector_consultation", _("Sector consultation")
    RESEARCH = "research", _("Research trip")
    INSPECTION = "inspection", _("Inspection")
    TRAINING = "training", _("Training")
    READING_GROUP = "reading_group", _("Reading group")
    ONLINE_CONSULTATION = "online_consultation", _("Online consultation")
    OTHER = "other", _("Other activity")


#: Kinds after which a report is written (调研视察报告).
RESEARCH_KINDS = (MeetingKind.RESEARCH, MeetingKind.INSPECTION)
#: Kinds that count as learning (学习): study notes may refer to them.
LEARNING_KINDS = (MeetingKind.TRAINING, MeetingKind.READING_GROUP)


class Meeting(models.Model):
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("meeting kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("meeting title"), max_length=200)
    topic = models.CharField(
        _("meeting topic"),
        max_length=200,
        blank=True,
        help_text=_("The subject of the consultation, research trip or study session."),
    )
    organiser = models.ForeignKey(
        "committees.SpecialCommittee",
        verbose_name=_("organising special committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_meetings",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Leave empty for a one-day meeting.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    half_days = models.PositiveSmallIntegerField(
        _("half-days"),
        default=1,
        help_text=_(
            "How many half-days the meeting lasts; plenary sessions are counted per half-day."
        ),
    )
    off_site = models.BooleanField(
        _("off-site"), default=False, help_text=_("Held away from the committee's seat.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    committee_guards = (("committee", "organiser"),)

    class Meta:
        verbose_name = _("meeting or activity")
        verbose_name_plural = _("meetings and activities")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["committee", "start_date"]),
            models.Index(fields=["committee", "kind", "start_date"]),
            # The default order: a province's meetings, and its hundreds of thousands of
            # invitations (ordered by meeting), are listed page by page off this index.
            models.Index(fields=["-start_date", "title", "id"], name="meetings_default_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="meeting_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            # Every meeting lasts at least a half-day; plenary credit is counted per half-day.
            models.CheckConstraint(
                condition=Q(half_days__gte=1),
                name="meeting_half_days_at_least_one",
                violation_error_message=_("A meeting lasts at least one half-day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.start_date:%Y-%m-%d}）"

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def is_research(self) -> bool:
        return self.kind in RESEARCH_KINDS

    def clean(self) -> None:
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if (
            self.organiser_id
            and self.committee_id
            and self.organiser.committee_id != self.committee_id
        ):
            raise ValidationError(
                {"organiser": _("The organising special committee belongs to another committee.")}
            )
        if self.pk:
            self._clean_against_recorded_attendance()

    def _clean_against_recorded_attendance(self) -> None:
        recorded = self.attendances.all()
        if self.half_days and recorded.filter(half_days_present__gt=self.half_days).exists():
            raise ValidationError(
                {
                    "half_days": _(
                        "Some members are recorded as present for more half-days than that."
                    )
                }
            )
        if self.kind != MeetingKind.TRAINING and recorded.exclude(training_completion="").exists():
            raise ValidationError(
                {
                    "kind": _(
                        "Training completion is recorded for this meeting; it must stay a training."
                    )
                }
            )
