"""The liaison-group leader's yearly rating of each member of the group."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ballots import SCORE_DIGITS, score_in_range


class LeaderRating(models.Model):
    """How the group leader rated a member's year (0-100); one per member and year."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="leader_ratings",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="leader_ratings",
    )
    group = models.ForeignKey(
        "liaison.LiaisonGroup",
        verbose_name=_("liaison group"),
        on_delete=models.PROTECT,
        related_name="leader_ratings",
        help_text=_("The group the member was in at the end of the year."),
    )
    evaluator = models.ForeignKey(
        "members.Member",
        verbose_name=_("rated by"),
        on_delete=models.PROTECT,
        related_name="leader_ratings_given",
        help_text=_("The group's leader at the end of the year."),
    )
    score = models.DecimalField(_("score"), **SCORE_DIGITS)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), auto_now=True)

    history = HistoricalRecords()

    committee_guards = (
        ("committee", "member"),
        ("committee", "group"),
        ("committee", "evaluator"),
    )

    class Meta:
        verbose_name = _("liaison-group leader's rating")
        verbose_name_plural = _("liaison-group leaders' ratings")
        ordering = ["committee", "-year", "group", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member"],
                name="leader_rating_one_per_member_year",
                violation_error_message=_("This member already has a rating for this year."),
            ),
            models.CheckConstraint(
                condition=score_in_range(),
                name="leader_rating_score_0_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="leader_rating_year_sensible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(evaluator=models.F("member")),
                name="leader_rating_not_self",
                violation_error_message=_("A group leader does not rate themselves."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.member}"
