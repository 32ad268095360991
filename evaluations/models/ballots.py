"""The Standing Committee's anonymous ballot on the liaison groups' year-end reports.

A ballot round is held per committee and year. Each Standing Committee member scores every
submitted year-end report of that year once. What they scored (``BallotPaper``) and that they
voted (``BallotVoter``) are two tables with nothing in common but the round: a paper has no voter,
no time, and a random primary key, so neither its id nor its position in an ordered list says
who cast it. The unique voter row is what refuses a second vote.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)
SCORE_DIGITS = {"max_digits": 5, "decimal_places": 2}


def score_in_range(field: str = "score") -> Q:
    return Q(**{f"{field}__gte": SCORE_MIN, f"{field}__lte": SCORE_MAX})


class BallotRound(models.Model):
    """One committee's Standing Committee ballot on one year's year-end reports."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("ballot round", "Open")
        CLOSED = "closed", pgettext_lazy("ballot round", "Closed")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="ballot_rounds",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year whose liaison-group year-end reports are scored.")
    )
    opens_at = models.DateTimeField(_("voting opens at"))
    closes_at = models.DateTimeField(_("voting closes at"))
    state = StateField(
        pgettext_lazy("ballot round", "state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
    )
    closed_at = models.DateTimeField(
        pgettext_lazy("ballot round", "closed at"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Standing Committee ballot round")
        verbose_name_plural = _("Standing Committee ballot rounds")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="ballot_round_one_per_committee_year",
                violation_error_message=_(
                    "The committee already has a ballot round for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="ballot_round_year_sensible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="ballot_round_closes_after_opening",
                violation_error_message=_("Voting must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "open", "closed"]),
                name="ballot_round_state_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=(Q(state="closed") & Q(closed_at__isnull=False))
                | (~Q(state="closed") & Q(closed_at__isnull=True)),
                name="ballot_round_closed_has_time",
                violation_error_message=_("Only a closed round has a closing time."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s Standing Committee ballot") % {"year": self.year}

    def accepts_votes_at(self, moment) -> bool:
        return self.state == self.State.OPEN and self.opens_at <= moment < self.closes_at

    @transition(field=state, source=State.DRAFT, target=State.OPEN)
    def open(self) -> None:
        pass

    @transition(field=state, source=State.OPEN, target=State.CLOSED)
    def close(self) -> None:
        self.closed_at = timezone.now()


class BallotPaper(models.Model):
    """One score given to one year-end report in one round, by nobody in particular.

    Deliberately without a voter, a time or a sequential id: never add one (nor history, which
    records both), or the ballot stops being secret.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BallotRound,
        verbose_name=_("ballot round"),
        on_delete=models.PROTECT,
        related_name="papers",
    )
    report = models.ForeignKey(
        "liaison.YearEndReport",
        verbose_name=_("year-end report"),
        on_delete=models.PROTECT,
        related_name="ballot_papers",
    )
    score = models.DecimalField(_("score"), **SCORE_DIGITS)

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        # By the random id: a listing never comes out in the order the votes were cast.
        ordering = ["round", "report", "id"]
        constraints = [
            models.CheckConstraint(
                condition=score_in_range(),
                name="ballot_paper_score_0_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("ballot paper"))


class BallotVoter(models.Model):
    """That a member voted in a round (and when), never what they voted."""

    round = models.ForeignKey(
        BallotRound,
        verbose_name=_("ballot round"),
        on_delete=models.PROTECT,
        related_name="voters",
    )
    voter = models.ForeignKey(
        "members.Member",
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="ballots_cast",
    )
    cast_at = models.DateTimeField(_("voted at"), default=timezone.now)

    committee_guards = (("round", "voter"),)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["round", "voter__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "voter"],
                name="ballot_voter_once_per_round",
                violation_error_message=_("This member has already voted in this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.voter}"
