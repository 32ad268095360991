"""Reminders of the Standing Committee's ballot on liaison groups: when a round opens, and when it
is about to close, to the members of the Standing Committee who have not voted yet."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.models import BallotRound, BallotVoter
from members.models import Member, Position

from ..models import Reason
from ..services import Draft
from .registry import member_recipient, reminder

#: Days before a round closes when those who have not voted are reminded.
CLOSING_DAYS = 2


def _not_voted(rounds: list[BallotRound], today: datetime.date):
    """(round, member) pairs: Standing Committee members of each round's committee, on the
    committee today, who have not voted in it (one query for all rounds)."""
    if not rounds:
        return []
    by_committee = {r.committee_id: r for r in rounds}
    seated = Position.objects.filter(
        Q(start_date__lte=today), Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    voted = BallotVoter.objects.filter(
        round__in=rounds, round__committee_id=OuterRef("committee_id"), voter=OuterRef("pk")
    )
    members = (
        Member.objects.filter(
            Q(joined_on__lte=today),
            Q(left_on__isnull=True) | Q(left_on__gte=today),
            committee_id__in=list(by_committee),
            pk__in=seated.values("member_id"),
        )
        .exclude(Exists(voted))
        .values("pk", "committee_id", "user_id", "email")
    )
    return [(by_committee[m["committee_id"]], m) for m in members]


def _drafts(rounds, today, reason, title, body, period) -> list[Draft]:
    drafts = []
    for round_, member in _not_voted(rounds, today):
        recipient = member_recipient(member["user_id"], member["email"])
        if recipient is None:
            continue
        closes = date_format(timezone.localtime(round_.closes_at).date())
        drafts.append(
            Draft(
                reason=reason,
                period=period(round_),
                committee_id=round_.committee_id,
                recipient=recipient,
                title=title % {"year": round_.year},
                body=body % {"year": round_.year, "closes": closes},
            )
        )
    return drafts


def _open_rounds(today: datetime.date, **filters) -> list[BallotRound]:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return list(
        BallotRound.objects.filter(
            state=BallotRound.State.OPEN, opens_at__lt=start + datetime.timedelta(days=1), **filters
        ).filter(closes_at__gte=start)
    )


@reminder(Reason.BALLOT_OPEN)
def ballot_open(today: datetime.date) -> list[Draft]:
    """Once per round, as soon as it is open: every Standing Committee member yet to vote."""
    return _drafts(
        _open_rounds(today),
        today,
        Reason.BALLOT_OPEN,
        _("The Standing Committee's %(year)s evaluation of liaison groups is open"),
        _(
            "Please score each liaison group's %(year)s year-end report. Voting is anonymous and "
            "closes on %(closes)s."
        ),
        lambda round_: f"round-{round_.pk}-open",
    )


@reminder(Reason.BALLOT_CLOSING)
def ballot_closing(today: datetime.date) -> list[Draft]:
    """Once per round, in its last days: those who have still not voted."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return _drafts(
        _open_rounds(today, closes_at__lt=start + datetime.timedelta(days=CLOSING_DAYS + 1)),
        today,
        Reason.BALLOT_CLOSING,
        _("The Standing Committee's %(year)s evaluation closes soon"),
        _("You have not voted yet. Voting closes on %(closes)s."),
        lambda round_: f"round-{round_.pk}-closing",
    )
