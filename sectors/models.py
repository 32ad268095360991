"""Sectors (界别) and their convener groups (界别召集人)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import check_within_membership


class Sector(models.Model):
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="sectors",
    )
    name = models.CharField(_("name"), max_length=60)
    code = models.CharField(_("code"), max_length=20, blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["committee", "display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="sector_name_not_blank",
                violation_error_message=_("Enter the sector's name."),
            ),
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="sector_unique_name",
                violation_error_message=_("This committee already has a sector with this name."),
            ),
            models.UniqueConstraint(
                fields=["committee", "code"],
                condition=~Q(code=""),
                name="sector_unique_code",
                violation_error_message=_("This committee already has a sector with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SectorConvener(models.Model):
    """A member who convenes (or deputises in convening) their sector for a period."""

    class Role(models.TextChoices):
        CONVENER = "convener", _("Convener")
        DEPUTY = "deputy", _("Deputy convener")

    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="conveners"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="convener_roles",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CONVENER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    committee_guards = (("sector", "member"),)

    class Meta:
        verbose_name = _("sector convener")
        verbose_name_plural = _("sector conveners")
        ordering = ["sector", "role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["convener", "deputy"]),
                name="sector_convener_role_valid",
                violation_error_message=_("Unknown role."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="sector_convener_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["sector", "member"],
                condition=Q(end_date__isnull=True),
                name="sector_convener_one_open_role",
                violation_error_message=_("The member already convenes this sector."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector} · {self.member} ({self.get_role_display()})"

    def clean(self) -> None:
        if not (self.sector_id and self.member_id):
            return
        if self.sector.committee_id != self.member.committee_id:
            raise ValidationError({"member": _("The member belongs to another committee.")})
        check_within_membership(self.member, self.start_date, self.end_date)
        if (
            self.start_date
            and not self.member.sector_periods.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.start_date),
                sector=self.sector,
                start_date__lte=self.start_date,
            ).exists()
        ):
            raise ValidationError(
                {
                    "member": _("On %(day)s the member was not in the sector %(sector)s.")
                    % {"day": self.start_date, "sector": self.sector}
                }
            )
