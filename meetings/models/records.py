"""What members produce at or after meetings: speeches, research reports, study notes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.voiding import COUNTED, Voidable, void_constraint

from .attendance import Attendance, AttendanceStatus
from .meetings import LEARNING_KINDS, RESEARCH_KINDS, Meeting


class Speech(Voidable):
    """A speech made (oral) or submitted (written) at a meeting."""

    class Kind(models.TextChoices):
        ORAL = "oral", _("Oral")
        WRITTEN = "written", _("Written")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="speeches"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="speeches",
    )
    kind = models.CharField(_("speech form"), max_length=8, choices=Kind.choices, default=Kind.ORAL)
    title = models.CharField(_("speech title"), max_length=200)
    text = models.TextField(_("speech text"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="speeches/%Y/", blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    committee_guards = (("meeting", "member"),)

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["meeting", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "title"],
                condition=COUNTED,
                name="speech_unique_title_per_member",
                violation_error_message=_(
                    "This member already has a speech with this title at this meeting."
                ),
            ),
            void_constraint("speech"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not (self.meeting_id and self.member_id):
            return
        if self.member.committee_id != self.meeting.committee_id:
            raise ValidationError(
                {"member": _("This member belongs to another committee than the meeting.")}
            )
        if self.kind != self.Kind.ORAL:
            return
        status = (
            Attendance.objects.filter(meeting_id=self.meeting_id, member_id=self.member_id)
            .values_list("status", flat=True)
            .first()
        )
        if status in (AttendanceStatus.APPROVED_LEAVE, AttendanceStatus.ABSENT_WITHOUT_LEAVE):
            raise ValidationError(
                {
                    "kind": _(
                        "%(name)s did not attend this meeting; record a written speech instead."
                    )
                    % {"name": self.member.name}
                }
            )


class ResearchReport(Voidable):
    """The report written after a research or inspection trip (调研视察报告)."""

    # Denormalised from the meeting so that authors can be guarded against the committee.
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="research_reports",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("research or inspection trip"),
        on_delete=models.PROTECT,
        related_name="research_reports",
    )
    title = models.CharField(_("report title"), max_length=200)
    summary = models.TextField(_("report summary"), blank=True)
    written_on = models.DateField(_("written on"))
    attachment = models.FileField(_("attachment"), upload_to="research-reports/%Y/", blank=True)
    authors = models.ManyToManyField(
        "members.Member",
        verbose_name=_("authors"),
        through="ResearchReportAuthor",
        related_name="research_reports",
    )

    history = HistoricalRecords()

    committee_guards = (("committee", "meeting"),)

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-written_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "title"],
                condition=COUNTED,
                name="research_report_unique_title",
                violation_error_message=_("This trip already has a report with this title."),
            ),
            void_constraint("research_report"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.meeting_id:
            return
        if self.committee_id is None:
            self.committee_id = self.meeting.committee_id
        if self.meeting.kind not in RESEARCH_KINDS:
            raise ValidationError(
                {"meeting": _("A research report follows a research or inspection trip.")}
            )
        if self.meeting.committee_id != self.committee_id:
            raise ValidationError({"meeting": _("This trip belongs to another committee.")})
        if self.written_on and self.written_on < self.meeting.start_date:
            raise ValidationError(
                {"written_on": _("The report cannot be written before the trip started.")}
            )


class ResearchReportAuthor(Voidable):
    report = models.ForeignKey(
        ResearchReport,
        verbose_name=_("research report"),
        on_delete=models.CASCADE,
        related_name="author_links",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="research_report_authorships",
    )
    is_lead = models.BooleanField(_("lead author"), default=False)

    history = HistoricalRecords()

    committee_guards = (("report", "member"),)

    class Meta:
        verbose_name = _("research report author")
        verbose_name_plural = _("research report authors")
        ordering = ["report", "-is_lead", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "member"],
                condition=COUNTED,
                name="research_report_author_unique",
                violation_error_message=_("This member is already an author of the report."),
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(is_lead=True) & COUNTED,
                name="research_report_one_lead_author",
                violation_error_message=_("A report has only one lead author."),
            ),
            void_constraint("research_report_author"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.report}"


class StudyNote(Voidable):
    """A member's study note (学习心得), possibly from a training or reading-group session."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="study_notes",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("training or reading-group session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="study_notes",
    )
    title = models.CharField(_("note title"), max_length=200)
    body = models.TextField(_("note text"))
    written_on = models.DateField(_("written on"))

    history = HistoricalRecords()

    committee_guards = (("member", "meeting"),)

    class Meta:
        verbose_name = _("study note")
        verbose_name_plural = _("study notes")
        ordering = ["-written_on"]
        indexes = [models.Index(fields=["member", "written_on"])]
        constraints = [void_constraint("study_note")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.meeting_id:
            return
        if self.meeting.kind not in LEARNING_KINDS:
            raise ValidationError(
                {
                    "meeting": _(
                        "A study note can refer to a training or a reading-group session only."
                    )
                }
            )
        if self.member_id and self.member.committee_id != self.meeting.committee_id:
            raise ValidationError({"meeting": _("This session belongs to another committee.")})
