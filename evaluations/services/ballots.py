"""The Standing Committee ballot: staff open and close a round; members vote once, secretly."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.workflow import run_transition
from liaison.models import member_serves_on
from members.models import Member
from members.selectors import is_standing_committee_on

from .. import selectors
from ..models import SCORE_MAX, SCORE_MIN, BallotPaper, BallotRound, BallotVoter

#: What each transition is called in a refusal message.
ACTIONS = {
    "open": gettext_lazy("open the ballot"),
    "close": gettext_lazy("close the ballot"),
}

_shuffler = random.SystemRandom()


@transaction.atomic
def ballot_round_save(*, round: BallotRound, by=None) -> BallotRound:
    """Save a round's committee, year and dates; its state only changes by opening and closing."""
    if round.pk is None:
        round.created_by = by
    else:
        stored = BallotRound.objects.select_for_update().get(pk=round.pk)
        if stored.state != BallotRound.State.DRAFT and stored.year != round.year:
            raise ValidationError(
                {"year": _("The year of a round that has been opened cannot change.")}
            )
    round.full_clean()
    round.save()
    return round


def _move(round: BallotRound, action: str) -> BallotRound:
    locked = BallotRound.objects.select_for_update().get(pk=round.pk)
    run_transition(
        locked,
        action,
        _("Cannot %(action)s: the round is %(state)s."),
        {"action": ACTIONS[action]},
    )
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def ballot_round_open(*, round: BallotRound) -> BallotRound:
    return _move(round, "open")


@transaction.atomic
def ballot_round_close(*, round: BallotRound) -> BallotRound:
    """Close the round, then shake the ballot box (see ``_shake_ballot_box``)."""
    closed = _move(round, "close")
    _shake_ballot_box(closed)
    return closed


def _shake_ballot_box(round: BallotRound) -> None:
    """Rewrite the round's papers in a random order under new random ids.

    A paper carries no voter and no time, but the database itself remembers the order rows were
    written in (their physical place and, on PostgreSQL, the writing transaction). Rewriting
    every paper in one transaction, shuffled, leaves the stored papers in no useful order.
    """
    papers = list(BallotPaper.objects.filter(round=round).values_list("report_id", "score"))
    _shuffler.shuffle(papers)
    BallotPaper.objects.filter(round=round).delete()
    BallotPaper.objects.bulk_create(
        BallotPaper(round=round, report_id=report_id, score=score) for report_id, score in papers
    )


def _check_may_vote(round: BallotRound, voter: Member, moment) -> None:
    if voter.committee_id != round.committee_id:
        raise ValidationError(
            _("%(member)s is a member of another committee.") % {"member": voter},
            code="cross_committee",
        )
    if round.state != BallotRound.State.OPEN:
        raise ValidationError(
            _("The ballot is not open for voting: it is %(state)s.")
            % {"state": round.get_state_display()},
            code="not_open",
        )
    if moment < round.opens_at:
        raise ValidationError(
            _("Voting opens at %(time)s.")
            % {"time": date_format(timezone.localtime(round.opens_at), "DATETIME_FORMAT")},
            code="not_open",
        )
    if moment >= round.closes_at:
        raise ValidationError(
            _("Voting closed at %(time)s.")
            % {"time": date_format(timezone.localtime(round.closes_at), "DATETIME_FORMAT")},
            code="not_open",
        )
    today = timezone.localdate(moment)
    if not (member_serves_on(voter, today) and is_standing_committee_on(voter, today)):
        raise ValidationError(
            _("Only members of the Standing Committee vote; %(member)s holds no seat on it today.")
            % {"member": voter},
            code="not_standing_committee",
        )


def _score(value) -> Decimal:
    try:
        score = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        score = None
    if (
        score is None
        or not score.is_finite()
        or not SCORE_MIN <= score <= SCORE_MAX
        or score.as_tuple().exponent < -2
    ):
        raise ValidationError(
            _("A score is a number between 0 and 100 with at most two decimals; %(value)s is not.")
            % {"value": value},
            code="bad_score",
        )
    return score


@transaction.atomic
def cast_ballot(*, round: BallotRound, voter: Member, scores: Mapping[int, Decimal]) -> int:
    """Record ``voter``'s scores (report id -> 0-100) for every submitted report of the round.

    A ballot scores all the round's reports at once, so a vote is one act and casting twice is
    refused: the voter row is written first, and its unique constraint turns a second vote (or
    a second, simultaneous submission) into "already voted". The papers are written without the
    voter, in random order. Returns the number of papers written.
    """
    now = timezone.now()
    # Serialises votes with closing the round (which rewrites the papers).
    locked = BallotRound.objects.select_for_update().get(pk=round.pk)
    _check_may_vote(locked, voter, now)
    expected = set(selectors.reports_for_round(locked).values_list("pk", flat=True))
    if not expected:
        raise ValidationError(_("There is no submitted year-end report to score."), code="empty")
    given = {int(report_id): _score(value) for report_id, value in scores.items()}
    if given.keys() - expected:
        raise ValidationError(
            _("Some scores are for reports that are not on this ballot."), code="unknown_report"
        )
    missing = len(expected - given.keys())
    if missing:
        raise ValidationError(
            _("Score every year-end report on the ballot; %(count)d not scored.")
            % {"count": missing},
            code="incomplete",
        )
    try:
        with transaction.atomic():
            BallotVoter.objects.create(round=locked, voter=voter, cast_at=now)
    except IntegrityError as error:
        raise ValidationError(
            _("%(member)s has already voted in this round; a ballot cannot be cast twice.")
            % {"member": voter},
            code="already_voted",
        ) from error
    papers = [
        BallotPaper(round=locked, report_id=report_id, score=score)
        for report_id, score in given.items()
    ]
    _shuffler.shuffle(papers)
    BallotPaper.objects.bulk_create(papers)
    return len(papers)
