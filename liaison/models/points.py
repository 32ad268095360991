"""Contact points (联络点 and 委员工作室) and the "ten haves" (十有) standard they are checked
against."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
