"""Contact activities with the masses and the members who took part in them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

from .common import member_serves_on, not_serving_message
from .groups import LiaisonGroup
from .points import ContactPoint


class ContactActivity(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        SEMINAR = "seminar", _("Seminar")
        RECEPTION = "reception", _("Reception at a contact point")
        ON_DUTY = "on_duty", _("On-duty day")
        HELP = "help", _("Help and relief")
        TEACHING = "teaching", _("Teaching")
        ONLINE = "online", _("Online Q&A")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified by staff")
        RETURNED = "returned", _("Returned")
        VOIDED = "voided", _("Voided")

    #: Kinds that by definition happen at a contact point.
    AT_CONTACT_POINT = (Kind.RECEPTION, Kind.ON_DUTY)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="contact_activities",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where, when not at a contact point.")
    )
    liaison_group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("organised by liaison group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    members = models.ManyToManyField(
        "members.Member",
        verbose_name=_("participating members"),
        through="ContactActivityParticipant",
        related_name="contact_activities",
    )
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    issues_raised = models.PositiveIntegerField(_("issues raised"), default=0)
    issues_resolved = models.PositiveIntegerField(_("issues resolved"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    returned_reason = models.TextField(_("reason returned"), blank=True)
    voided_reason = models.TextField(_("reason voided"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    committee_guards = (("committee", "contact_point"), ("committee", "liaison_group"))

    class Meta:
        verbose_name = _("contact activity")
        verbose_name_plural = _("contact activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["committee", "date"]),
            models.Index(fields=["committee", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(issues_resolved__lte=F("issues_raised")),
                name="contact_activity_resolved_within_raised",
                violation_error_message=_("Issues resolved cannot be more than the issues raised."),
            ),
            models.CheckConstraint(
                condition=Q(people_reached__gte=0, issues_raised__gte=0, issues_resolved__gte=0),
                name="contact_activity_counts_not_negative",
                violation_error_message=_("People and issues cannot be counted below zero."),
            ),
            models.CheckConstraint(
                condition=Q(contact_point__isnull=False) | ~Q(place=""),
                name="contact_activity_has_location",
                violation_error_message=_("Give the contact point or the place."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["reception", "on_duty"]) | Q(contact_point__isnull=False),
                name="contact_activity_reception_at_contact_point",
                violation_error_message=_(
                    "A reception or on-duty day takes place at a contact point; choose it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""),
                name="contact_activity_returned_has_reason",
                violation_error_message=_("A returned activity needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"]) | Q(submitted_at__isnull=False),
                name="contact_activity_submitted_has_time",
                violation_error_message=_("A submitted activity needs its submission time."),
            ),
            models.CheckConstraint(
                # A voided activity keeps the time it was verified at, if it was.
                condition=(Q(status="verified") & Q(verified_at__isnull=False))
                | (Q(status__in=["draft", "submitted", "returned"]) & Q(verified_at__isnull=True))
                | Q(status="voided"),
                name="contact_activity_verified_has_time",
                violation_error_message=_("Only a verified activity has a verification time."),
            ),
            models.CheckConstraint(
                condition=~Q(status="voided") | ~Q(voided_reason=""),
                name="contact_activity_voided_has_reason",
                violation_error_message=_("A voided activity needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def location(self) -> str:
        return str(self.contact_point) if self.contact_point_id else self.place

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def clean(self) -> None:
        for field in ("contact_point", "liaison_group"):
            target = getattr(self, field)
            if (
                self.committee_id
                and target is not None
                and target.committee_id != self.committee_id
            ):
                raise ValidationError({field: _("Choose one of this committee's own records.")})

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self, *, by) -> None:
        self.submitted_at = timezone.now()
        self.submitted_by = self._history_user = by

    @transition(field=status, source=Status.RETURNED, target=Status.SUBMITTED)
    def resubmit(self, *, by) -> None:
        self.submitted_at = timezone.now()
        self.submitted_by = self._history_user = by

    @transition(field=status, source=Status.SUBMITTED, target=Status.VERIFIED)
    def verify(self, *, by) -> None:
        self.verified_at = timezone.now()
        self.verified_by = self._history_user = by
        self.returned_reason = ""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def return_to_submitter(self, *, by, reason: str) -> None:
        # Who returned it and when is kept by the activity's history rather than in columns.
        self._history_user = by
        self.returned_reason = reason

    @transition(field=status, source=[Status.SUBMITTED, Status.VERIFIED], target=Status.VOIDED)
    def void(self, *, by, reason: str) -> None:
        """Take a submitted or verified activity out of every count for good (entered twice, or
        found not to have happened): it is kept, with its history, never deleted. Who voided it
        and when is kept by the history."""
        self._history_user = by
        self.voided_reason = reason


class ContactActivityParticipant(models.Model):
    activity = models.ForeignKey(
        ContactActivity,
        verbose_name=_("contact activity"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="contact_activity_participations",
    )

    history = HistoricalRecords()

    committee_guards = (("activity", "member"),)

    class Meta:
        verbose_name = _("participating member")
        verbose_name_plural = _("participating members")
        ordering = ["activity", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="contact_activity_participant_unique",
                violation_error_message=_("This member is already listed for the activity."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)

    def clean(self) -> None:
        activity = getattr(self, "activity", None)
        member = getattr(self, "member", None)
        if activity is None or member is None:
            return
        if activity.pk and not activity.is_editable:
            raise ValidationError(
                _("The members of a submitted activity cannot be changed; return it first.")
            )
        if activity.committee_id and member.committee_id != activity.committee_id:
            raise ValidationError(
                {"member": _("%(member)s is a member of another committee.") % {"member": member}}
            )
        if activity.date and not member_serves_on(member, activity.date):
            raise ValidationError({"member": not_serving_message(member, activity.date)})
