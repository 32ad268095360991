"""Public evaluation of liaison groups and members through single-use links.

Staff hand a link to a person (a resident, a village representative …); the link carries a
random token of which only the SHA-256 is stored, so the database cannot rebuild a link. The
rating a link produces is stored apart from the invitation (no link back, no time, a random id):
staff know whom they invited and that the link was used, not what that person said.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: Public ratings are given in stars; the score engine reads 1 star as 20 and 5 stars as 100.
STARS_MIN, STARS_MAX = 1, 5
POINTS_PER_STAR = 20


def exactly_one_target() -> Q:
    return Q(group__isnull=False, member__isnull=True) | Q(group__isnull=True, member__isnull=False)


class PublicInvitation(models.Model):
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="public_invitations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey(
        "liaison.LiaisonGroup",
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_invitations",
        help_text=_("Leave empty to evaluate a member instead."),
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_invitations",
        help_text=_("Leave empty to evaluate a liaison group instead."),
    )
    label = models.CharField(
        _("given to"),
        max_length=120,
        help_text=_("Who received the link, e.g. 幸福村村民代表 (for staff only)."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    committee_guards = (("committee", "group"), ("committee", "member"))

    class Meta:
        verbose_name = _("public evaluation invitation")
        verbose_name_plural = _("public evaluation invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(),
                name="public_invitation_one_target",
                violation_error_message=_("Choose either a liaison group or a member, not both."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="public_invitation_year_sensible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(label=""),
                name="public_invitation_label_not_blank",
                violation_error_message=_("Write down who receives the link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.label}"

    @property
    def target(self):
        return self.group if self.group_id else self.member


class PublicRating(models.Model):
    """A rating given through an invitation; nothing in it says whose invitation it was."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="public_ratings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.ForeignKey(
        "liaison.LiaisonGroup",
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_ratings",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_ratings",
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.TextField(_("comment"), blank=True)

    committee_guards = (("committee", "group"), ("committee", "member"))

    class Meta:
        verbose_name = _("public rating")
        verbose_name_plural = _("public ratings")
        # By the random id, never in the order the links were used.
        ordering = ["committee", "-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(),
                name="public_rating_one_target",
                violation_error_message=_("Choose either a liaison group or a member, not both."),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=STARS_MIN, stars__lte=STARS_MAX),
                name="public_rating_stars_1_5",
                violation_error_message=_("Give between 1 and 5 stars."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group or self.member} · {'★' * self.stars}"
