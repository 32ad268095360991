"""Contact with the masses: contact points, contact activities and the on-duty roster."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .groups import LiaisonGroup

#: The "ten haves" (十有) standard a contact point should meet, in the published order.
TEN_HAVES = (
    "has_place",
    "has_convener",
    "has_liaison_person",
    "has_sign",
    "has_phone",
    "has_mailbox",
    "has_rules",
    "has_work_plan",
    "has_notice_board",
    "has_archives",
)


class ContactPoint(models.Model):
    class Kind(models.TextChoices):
        CONTACT_POINT = "contact_point", _("Grassroots contact point")
        WORKSTATION = "workstation", _("Member workstation")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="contact_points",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    township = models.CharField(_("township or sub-district"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    liaison_group = models.ForeignKey(
        LiaisonGroup,
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_points",
        help_text=_("The group whose members staff this point; its roster rotates among them."),
    )
    convener = models.ForeignKey(
        "members.Member",
        verbose_name=_("convener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_contact_points",
    )
    liaison_person = models.ForeignKey(
        "members.Member",
        verbose_name=_("liaison person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_points_as_liaison",
    )
    liaison_person_name = models.CharField(
        _("liaison person (not a member)"),
        max_length=50,
        blank=True,
        help_text=_("Fill in when the liaison person is township staff rather than a member."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    has_place = models.BooleanField(_("premises"), default=False)
    has_convener = models.BooleanField(_("convener"), default=False)
    has_liaison_person = models.BooleanField(_("liaison person"), default=False)
    has_sign = models.BooleanField(_("sign"), default=False)
    has_phone = models.BooleanField(_("phone number"), default=False)
    has_mailbox = models.BooleanField(_("member mailbox"), default=False)
    has_rules = models.BooleanField(_("work rules"), default=False)
    has_work_plan = models.BooleanField(_("work plan"), default=False)
    has_notice_board = models.BooleanField(_("public notice board"), default=False)
    has_archives = models.BooleanField(_("archives"), default=False)
    standard_checked_on = models.DateField(_("ten haves last checked on"), null=True, blank=True)

    committee_guards = (
        ("committee", "liaison_group"),
        ("committee", "convener"),
        ("committee", "liaison_person"),
    )

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="contact_point_unique_name",
                violation_error_message=_(
                    "This committee already has a contact point by that name."
                ),
            ),
            # A ticked item that has a datum behind it must show that datum.
            models.CheckConstraint(
                condition=Q(has_place=False) | ~Q(address=""),
                name="contact_point_place_has_address",
                violation_error_message=_("A point that has a place needs its address."),
            ),
            models.CheckConstraint(
                condition=Q(has_convener=False) | Q(convener__isnull=False),
                name="contact_point_convener_named",
                violation_error_message=_("A point that has a convener needs the convener named."),
            ),
            models.CheckConstraint(
                condition=Q(has_liaison_person=False)
                | Q(liaison_person__isnull=False)
                | ~Q(liaison_person_name=""),
                name="contact_point_liaison_person_named",
                violation_error_message=_(
                    "A point that has a liaison person needs that person named."
                ),
            ),
            models.CheckConstraint(
                condition=Q(has_phone=False) | ~Q(phone=""),
                name="contact_point_phone_given",
                violation_error_message=_("A point that has a phone number needs the number."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def standard_met_count(self) -> int:
        return sum(bool(getattr(self, item)) for item in TEN_HAVES)

    @property
    def meets_ten_haves(self) -> bool:
        return self.standard_met_count == len(TEN_HAVES)

    def clean(self) -> None:
        for field in ("liaison_group", "convener", "liaison_person"):
            target = getattr(self, field)
            if (
                self.committee_id
                and target is not None
                and target.committee_id != self.committee_id
            ):
                raise ValidationError({field: _("Choose one of this committee's own records.")})


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
    status = FSMField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    returned_reason = models.TextField(_("reason returned"), blank=True)
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
                condition=(Q(status="verified") & Q(verified_at__isnull=False))
                | (~Q(status="verified") & Q(verified_at__isnull=True)),
                name="contact_activity_verified_has_time",
                violation_error_message=_("Only a verified activity has a verification time."),
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


def member_serves_on(member, day: datetime.date) -> bool:
    """Whether a member held their seat on ``day``."""
    return member.joined_on <= day and (member.left_on is None or day <= member.left_on)


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
            raise ValidationError(
                {
                    "member": _("%(member)s did not hold a seat on %(date)s.")
                    % {"member": member, "date": activity.date}
                }
            )


class OnDutyShift(models.Model):
    """Which member receives the public at which contact point on which day."""

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.PROTECT,
        related_name="duty_shifts",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member on duty"),
        on_delete=models.PROTECT,
        related_name="duty_shifts",
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    committee_guards = (("contact_point", "member"),)

    class Meta:
        verbose_name = _("on-duty shift")
        verbose_name_plural = _("on-duty roster")
        ordering = ["date", "contact_point"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "date"],
                name="on_duty_one_member_per_point_and_day",
                violation_error_message=_("Someone is already on duty at this point that day."),
            ),
            models.UniqueConstraint(
                fields=["member", "date"],
                name="on_duty_one_point_per_member_and_day",
                violation_error_message=_(
                    "This member is already on duty at another point that day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.contact_point} · {self.member}"

    def clean(self) -> None:
        point = getattr(self, "contact_point", None)
        if point is None or getattr(self, "member", None) is None:
            return
        if point.committee_id != self.member.committee_id:
            raise ValidationError(
                {
                    "member": _("%(member)s is a member of another committee.")
                    % {"member": self.member}
                }
            )
        if self.date and not member_serves_on(self.member, self.date):
            raise ValidationError(
                {
                    "member": _("%(member)s did not hold a seat on %(date)s.")
                    % {"member": self.member, "date": self.date}
                }
            )
