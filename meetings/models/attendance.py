"""Invitations and attendance (出勤), and leave requests (请假) with who decided them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

from .meetings import Meeting, MeetingKind


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited (not yet marked)")
    PRESENT = "present", _("Present")
    LATE_OR_EARLY = "late_or_early", _("Late or left early")
    APPROVED_LEAVE = "approved_leave", _("On approved leave")
    ABSENT_WITHOUT_LEAVE = "absent_without_leave", _("Absent without leave")


ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE_OR_EARLY)
#: The statuses attendance is marked with (every one but "invited").
MARKED_STATUSES = [c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.INVITED]


class TrainingCompletion(models.TextChoices):
    FULL = "full", _("Completed in full")
    PARTIAL = "partial", _("Completed in part")


class Attendance(models.Model):
    """One member's invitation to, and attendance at, one meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendances"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(
        _("attendance"),
        max_length=24,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.INVITED,
    )
    half_days_present = models.PositiveSmallIntegerField(
        _("half-days present"),
        default=0,
        help_text=_("Filled in from the meeting's length when left empty for a member present."),
    )
    training_completion = models.CharField(
        _("training completion"),
        max_length=8,
        choices=TrainingCompletion.choices,
        blank=True,
        help_text=_("For trainings: whether the member completed it in full or in part."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    invited_at = models.DateTimeField(
        pgettext_lazy("meeting notice", "invited at"), auto_now_add=True
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    history = HistoricalRecords()

    committee_guards = (("meeting", "member"),)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__name"]
        indexes = [models.Index(fields=["member", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="attendance_one_per_member_and_meeting",
                violation_error_message=_(
                    "This member is already on this meeting's attendance list."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(status="invited") & Q(marked_at__isnull=True))
                | (~Q(status="invited") & Q(marked_at__isnull=False)),
                name="attendance_marked_at_matches_status",
                violation_error_message=_(
                    "An attendance that is marked records when it was marked; an invitation not yet marked does not."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(status__in=["present", "late_or_early"]) & Q(half_days_present__gte=1))
                | (~Q(status__in=["present", "late_or_early"]) & Q(half_days_present=0)),
                name="attendance_half_days_match_status",
                violation_error_message=_(
                    "A member who attended was present for at least one half-day; a member who did not attend, for none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(training_completion="") | Q(status__in=["present", "late_or_early"]),
                name="attendance_completion_only_when_attended",
                violation_error_message=_(
                    "Training completion can only be recorded for a member who attended."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED_STATUSES

    def clean(self) -> None:
        if not self.meeting_id:
            return
        meeting = self.meeting
        if self.member_id and self.member.committee_id != meeting.committee_id:
            raise ValidationError(
                {"member": _("This member belongs to another committee than the meeting.")}
            )
        if self.status in ATTENDED_STATUSES:
            if not self.half_days_present:
                self.half_days_present = meeting.half_days
            if self.half_days_present > meeting.half_days:
                raise ValidationError(
                    {
                        "half_days_present": _("The meeting lasts only %(count)s half-day(s).")
                        % {"count": meeting.half_days}
                    }
                )
        else:
            self.half_days_present = 0
            if self.training_completion:
                raise ValidationError(
                    {
                        "training_completion": _(
                            "Training completion can only be recorded for a member who attended."
                        )
                    }
                )
        if self.training_completion and meeting.kind != MeetingKind.TRAINING:
            raise ValidationError(
                {"training_completion": _("Training completion applies to trainings only.")}
            )


class LeaveRequest(models.Model):
    """A member's request to be excused from a meeting (请假), and who decided it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="leave_requests",
    )
    reason = models.TextField(_("reason for leave"))
    state = StateField(
        _("approval state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leave_decisions",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    committee_guards = (("meeting", "member"),)

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(state="pending"),
                name="leave_request_one_pending_per_member_and_meeting",
                violation_error_message=_(
                    "This member already has a leave request waiting for a decision for this meeting."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(state="pending") & Q(approver__isnull=True) & Q(decided_at__isnull=True)
                )
                | (~Q(state="pending") & Q(approver__isnull=False) & Q(decided_at__isnull=False)),
                name="leave_request_decision_matches_state",
                violation_error_message=_(
                    "A decided leave request records who decided it and when; a pending one does not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"

    @transition(field=state, source=State.PENDING, target=State.APPROVED)
    def approve(self, *, by, at, note: str = "") -> None:
        self.approver, self.decided_at, self.decision_note = by, at, note

    @transition(field=state, source=State.PENDING, target=State.REJECTED)
    def reject(self, *, by, at, note: str = "") -> None:
        self.approver, self.decided_at, self.decision_note = by, at, note
