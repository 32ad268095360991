"""Demo evaluations of last year (the year whose year-end reports the demo groups submitted): a
closed Standing Committee ballot, leaders' ratings of their groups' members, and public links,
some used."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from committees.models import Committee
from evaluations import selectors, services
from evaluations.models import BallotRound
from liaison.models import LiaisonGroupMembership
from liaison.selectors import members_of_group_on


def county_evaluations(
    committee: Committee, year: int, *, rng: random.Random, staff: User
) -> BallotRound:
    now = timezone.now()
    ballot = services.ballot_round_save(
        round=BallotRound(
            committee=committee,
            year=year,
            opens_at=now - datetime.timedelta(days=7),
            closes_at=now + datetime.timedelta(days=7),
        ),
        by=staff,
    )
    ballot = services.ballot_round_open(round=ballot)
    reports = list(selectors.reports_for_round(ballot).values_list("pk", flat=True))
    for voter in selectors.eligible_voters(ballot, timezone.localdate(now)):
        scores = {pk: Decimal(rng.randint(70, 98)) for pk in reports}
        services.cast_ballot(round=ballot, voter=voter, scores=scores)
    ballot = services.ballot_round_close(round=ballot)

    day = datetime.date(year, 12, 31)
    leaders = (
        LiaisonGroupMembership.objects.filter(role=LiaisonGroupMembership.Role.LEADER)
        .on(day)
        .filter(group__committee=committee)
        .select_related("group", "member")
        .order_by("group__display_order")[:3]
    )
    for leadership in leaders:
        for member in members_of_group_on(leadership.group, day).exclude(pk=leadership.member_id):
            if selectors.last_day_served(member, year) != day:
                continue  # left during the year: rated by the group of their last day, if any
            services.leader_rating_record(
                evaluator=leadership.member,
                member=member,
                year=year,
                score=Decimal(rng.randint(75, 98)),
                comment="积极参加小组活动。",
            )

    expires = now + datetime.timedelta(days=30)
    first = leaders[0]
    targets = [
        {"group": first.group, "label": "城关镇幸福村村民代表"},
        {"group": first.group, "label": "城关镇社区居民代表"},
        {"member": first.member, "label": "县人民医院职工代表"},
    ]
    for number, target in enumerate(targets):
        _invitation, token = services.public_invitation_issue(
            committee=committee, year=year, expires_at=expires, by=staff, **target
        )
        if number < 2:
            services.public_rating_submit(token=token, stars=rng.randint(4, 5), comment="")
    return ballot
