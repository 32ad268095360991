"""In-app notifications and their emails, and what each user chose to mute.

A notification reaches one recipient once per reason and period: the unique constraints below are
the dedupe, whichever job, retry or worker creates the row first. A recipient is a user (shown in
their notification centre, emailed when an address is known) or, for people without an account —
a handling unit's contact address, a member without a login — an email address alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    MEETING_TOMORROW = "meeting_tomorrow", _("Meeting tomorrow")
    LEAVE_REQUEST_PENDING = "leave_request_pending", _("Leave requests awaiting a decision")
    NO_PROPOSAL_YET = "no_proposal_yet", _("No proposal yet before the plenary session")
    NO_CONTACT_ACTIVITY = "no_contact_activity", _("No contact activity this half-year")
    REPLY_DUE_SOON = "reply_due_soon", _("Proposal reply due within 7 days")
    REPLY_OVERDUE = "reply_overdue", _("Proposal reply overdue")
    RATING_DUE = "rating_due", _("Reply awaiting the proposer's rating")
    WORK_PLAN_MISSING = "work_plan_missing", _("Liaison group work plan not submitted")
    YEAR_END_REPORT_MISSING = (
        "year_end_report_missing",
        _("Liaison group year-end report not submitted"),
    )
    ON_DUTY_TOMORROW = "on_duty_tomorrow", _("On duty tomorrow")
    BALLOT_OPEN = "ballot_open", _("Standing Committee ballot open")
    BALLOT_CLOSING = "ballot_closing", _("Standing Committee ballot closing soon")
    ASSESSMENT_RESULT = "assessment_result", _("Assessment result")
    ASSESSMENT_SUMMARY = "assessment_summary", _("Assessment summary")


#: Reasons a member may mute. The others are duties (a unit's deadline, a group's plan, an
#: on-duty day, a leave request to decide) or results people must receive.
OPTIONAL_REASONS = (
    Reason.MEETING_TOMORROW,
    Reason.NO_PROPOSAL_YET,
    Reason.NO_CONTACT_ACTIVITY,
    Reason.RATING_DUE,
)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("Where the email goes; for a recipient without an account, the recipient."),
    )
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reason = models.CharField(_("reason"), max_length=40, choices=Reason.choices)
    period = models.CharField(
        _("period"),
        max_length=60,
        help_text=_("The recipient hears about this reason once per period, e.g. 2026-H2."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    # The notify() call that inserted the row: lets that call find exactly the rows it created
    # when others were skipped as duplicates (INSERT … ON CONFLICT DO NOTHING returns no ids).
    batch = models.UUIDField(editable=False, null=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["batch"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reason", "period"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_user_reason_period",
                violation_error_message=_(
                    "This person was already notified for this reason and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["email", "reason", "period"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_address_reason_period",
                violation_error_message=_(
                    "This address was already notified for this reason and period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="notification_has_recipient_or_email",
                violation_error_message=_("A notification goes to a user or an email address."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def recipient_display(self) -> str:
        return str(self.recipient) if self.recipient_id else self.email


class NotificationPreference(models.Model):
    """A user's choice about one reason; only optional reasons can be muted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    reason = models.CharField(_("reason"), max_length=40, choices=Reason.choices)
    muted = models.BooleanField(_("muted"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "reason"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reason"],
                name="notification_preference_one_per_user_and_reason",
                violation_error_message=_("This user already has a preference for this reason."),
            ),
            models.CheckConstraint(
                condition=Q(muted=False) | Q(reason__in=[r.value for r in OPTIONAL_REASONS]),
                name="notification_preference_only_optional_muted",
                violation_error_message=_(
                    "Only optional reminders can be muted; this one is part of a duty."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_reason_display()}"

    def clean(self) -> None:
        if self.muted and self.reason and self.reason not in OPTIONAL_REASONS:
            raise ValidationError(
                {"reason": _("Only optional reminders can be muted; this one is part of a duty.")}
            )
