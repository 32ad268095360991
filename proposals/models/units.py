"""Handling units (承办单位): the government departments that answer registered proposals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingUnit(models.Model):
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="handling_units",
    )
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive units keep their past proposals but receive no new ones."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers"),
        through="HandlingUnitUser",
        related_name="handling_units",
        blank=True,
    )

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"],
                name="handling_unit_unique_name",
                violation_error_message=_(
                    "This committee already has a handling unit by this name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class HandlingUnitUser(models.Model):
    """An officer who answers proposals on behalf of a handling unit."""

    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("handling unit"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="handling_unit_roles",
    )

    committee_guards = (("unit", "user"),)

    class Meta:
        verbose_name = _("handling unit officer")
        verbose_name_plural = _("handling unit officers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user"],
                name="handling_unit_user_unique",
                violation_error_message=_("This user is already an officer of the unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"

    def clean(self) -> None:
        if self.unit_id and self.user_id and self.user.committee_id != self.unit.committee_id:
            raise ValidationError({"user": _("The user account belongs to another committee.")})
