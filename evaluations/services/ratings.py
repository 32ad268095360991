"""The liaison-group leader rates each member of the group for the year."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.models import LiaisonGroup, LiaisonGroupMembership
from liaison.selectors import group_on
from members.models import Member

from .. import selectors
from ..models import LeaderRating


def leader_rating_check(*, evaluator: Member, member: Member, year: int) -> LiaisonGroup:
    """The group whose leader ``evaluator`` must be to rate ``member``'s ``year``, or a refusal.

    The group is the one the member was in on their last day of the year (31 December, or the
    day they left); only that group's leader on that day may rate them.
    """
    day = selectors.last_day_served(member, year)
    if day is None:
        raise ValidationError(
            _("%(member)s did not serve in %(year)s.") % {"member": member, "year": year},
            code="not_serving",
        )
    group = group_on(member, day)
    if group is None:
        raise ValidationError(
            _("%(member)s was in no liaison group at the end of %(year)s.")
            % {"member": member, "year": year},
            code="no_group",
        )
    leader = (
        LiaisonGroupMembership.objects.filter(group=group, role=LiaisonGroupMembership.Role.LEADER)
        .on(day)
        .values_list("member_id", flat=True)
        .first()
    )
    if leader != evaluator.pk:
        raise ValidationError(
            _("Only the leader of %(group)s at the end of %(year)s rates its members.")
            % {"group": group, "year": year},
            code="not_leader",
        )
    return group


@transaction.atomic
def leader_rating_record(
    *, evaluator: Member, member: Member, year: int, score: Decimal, comment: str = ""
) -> LeaderRating:
    """Record (or correct) the rating of ``member``'s ``year`` by the leader of their group."""
    group = leader_rating_check(evaluator=evaluator, member=member, year=year)
    rating = LeaderRating.objects.select_for_update().filter(
        year=year, member=member
    ).first() or LeaderRating(committee_id=member.committee_id, year=year, member=member)
    rating.group = group
    rating.evaluator = evaluator
    rating.score = score
    rating.comment = comment.strip()
    rating.full_clean()
    rating.save()
    return rating
