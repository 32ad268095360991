"""Reads for the signed-in home page: what this person has to do now.

Each block is one query, run only for the roles it concerns, so the page costs the same number
of queries whether the person has one row or a hundred.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.roles import Roles
from assessment.models import Dispute, Result
from assessment.selectors import result_explained
from committees import access

#: How far ahead the home page lists the meetings a member is invited to.
UPCOMING_DAYS = 14
#: The most rows one block shows; the rest are one click away.
BLOCK_LIMIT = 20
LATEST_NOTIFICATIONS = 5
#: How many of the latest bulletins a member's home page lists.
LATEST_BULLETINS = 5


@dataclass
class HomeBlocks:
    notifications: list = field(default_factory=list)
    cosign_invitations: list | None = None
    replies_to_rate: list | None = None
    upcoming_meetings: list | None = None
    pending_leave_requests: list | None = None
    open_assignments: list | None = None
    bulletins: list | None = None


def home_blocks(user, roles: Roles, *, today: datetime.date | None = None) -> HomeBlocks:
    """The blocks of ``user``'s home page; a block is None when it does not concern them."""
    from bulletins.selectors import bulletins_for_member
    from meetings.models import Attendance, AttendanceStatus, LeaveRequest
    from notifications.models import Notification
    from proposals.models import Proposal, ProposalAssignment, ProposalCoSigner, ProposalState

    today = today or timezone.localdate()
    blocks = HomeBlocks(
        notifications=list(
            Notification.objects.filter(recipient=user, read_at__isnull=True).order_by(
                "-created_at", "-pk"
            )[:LATEST_NOTIFICATIONS]
        )
    )
    if roles.is_member:
        blocks.cosign_invitations = list(
            ProposalCoSigner.objects.filter(
                member_id=roles.member_id, status=ProposalCoSigner.Status.INVITED
            )
            .select_related("proposal", "proposal__first_proposer")
            .order_by("-pk")[:BLOCK_LIMIT]
        )
        blocks.replies_to_rate = list(
            Proposal.objects.filter(
                first_proposer_id=roles.member_id, state=ProposalState.ANSWERED
            ).order_by("answered_at", "pk")[:BLOCK_LIMIT]
        )
        blocks.upcoming_meetings = list(
            Attendance.objects.filter(
                member_id=roles.member_id,
                status=AttendanceStatus.INVITED,
                meeting__start_date__gte=today,
                meeting__start_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
            )
            .select_related("meeting")
            .order_by("meeting__start_date", "meeting__start_time", "pk")[:BLOCK_LIMIT]
        )
        blocks.bulletins = list(bulletins_for_member(roles.member_id)[:LATEST_BULLETINS])
    if roles.is_staff:
        blocks.pending_leave_requests = list(
            access.scope_writable(
                LeaveRequest.objects.filter(state=LeaveRequest.State.PENDING),
                user,
                "meeting__committee",
            )
            .select_related("meeting", "member")
            .order_by("meeting__start_date", "pk")[:BLOCK_LIMIT]
        )
    if roles.is_handling_unit:
        blocks.open_assignments = list(
            ProposalAssignment.objects.filter(
                unit_id__in=roles.handling_units, replied_on__isnull=True
            )
            .select_related("proposal", "unit")
            .order_by("deadline", "pk")[:BLOCK_LIMIT]
        )
    return blocks


def performance_file(*, member, year: int) -> dict:
    """What a performance file shows of ``member`` for ``year`` (a fixed number of queries):
    the result with everything explaining it, the lines already disputed and past years."""
    result = (
        Result.objects.filter(member=member, year=year)
        .select_related("grade", "sector", "liaison_group", "scheme")
        .first()
    )
    return {
        "member": member,
        "year": year,
        "result": result,
        "explained": result_explained(result) if result else None,
        "open_disputes": set(
            Dispute.objects.filter(result=result, state=Dispute.State.OPEN).values_list(
                "rule_id", flat=True
            )
        )
        if result
        else set(),
        "past": Result.objects.filter(member=member, year__lt=year)
        .select_related("grade")
        .order_by("-year"),
    }
