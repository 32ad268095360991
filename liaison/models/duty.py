"""The on-duty roster (值班表) of the contact points."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import member_serves_on, not_serving_message
from .points import ContactPoint


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
            raise ValidationError({"member": not_serving_message(self.member, self.date)})
