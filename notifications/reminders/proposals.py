"""Reminders about proposals: handling units' replies due or overdue, proposers' ratings."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Member
from proposals.models import HandlingUnitUser, Proposal, ProposalAssignment, ProposalState
from proposals.selectors import assignments_due_within, assignments_overdue

from ..models import Reason
from ..services import Draft, Recipient
from .registry import member_recipient, reminder

#: Days a proposer has to rate a reply before being reminded.
RATING_GRACE_DAYS = 14


def _unit_drafts(
    assignments: QuerySet[ProposalAssignment], reason: str, period, title: str, body: str
) -> list[Draft]:
    """One draft per officer of each unit and one to its contact address (two queries)."""
    rows = list(
        assignments.values(
            "pk",
            "unit_id",
            "unit__contact_email",
            "deadline",
            "proposal__title",
            "proposal__year",
            "proposal__serial_number",
            "proposal__committee_id",
        )
    )
    if not rows:
        return []
    officers = defaultdict(list)
    for unit_id, user_id in HandlingUnitUser.objects.filter(
        unit_id__in={row["unit_id"] for row in rows}
    ).values_list("unit_id", "user_id"):
        officers[unit_id].append(user_id)
    drafts = []
    for row in rows:
        recipients = [Recipient(user_id=user_id) for user_id in officers[row["unit_id"]]]
        if row["unit__contact_email"]:
            recipients.append(Recipient(email=row["unit__contact_email"]))
        serial = (
            f"{row['proposal__year']}-{row['proposal__serial_number']:04d}"
            if row["proposal__serial_number"]
            else ""
        )
        values = {
            "serial": serial,
            "title": row["proposal__title"],
            "deadline": date_format(row["deadline"]),
        }
        drafts.extend(
            Draft(
                reason=reason,
                period=period(row),
                committee_id=row["proposal__committee_id"],
                recipient=recipient,
                title=title % values,
                body=body % values,
            )
            for recipient in recipients
        )
    return drafts


@reminder(Reason.REPLY_DUE_SOON)
def reply_due_soon(today: datetime.date) -> list[Draft]:
    """Units whose reply is due within 7 days and not in yet: once per assignment and deadline."""
    return _unit_drafts(
        assignments_due_within(on=today, days=7),
        Reason.REPLY_DUE_SOON,
        lambda row: f"assignment-{row['pk']}-due-{row['deadline'].isoformat()}",
        _("Reply due by %(deadline)s: proposal %(serial)s"),
        _(
            "Your unit's reply to proposal %(serial)s “%(title)s” is due by %(deadline)s. "
            "Please submit it in time."
        ),
    )


@reminder(Reason.REPLY_OVERDUE)
def reply_overdue(today: datetime.date) -> list[Draft]:
    """Units past their deadline: once a week until the reply is in."""
    year, week, _day = today.isocalendar()
    return _unit_drafts(
        assignments_overdue(on=today),
        Reason.REPLY_OVERDUE,
        lambda row: f"assignment-{row['pk']}-overdue-{year}-W{week:02d}",
        _("Reply overdue: proposal %(serial)s"),
        _(
            "Your unit's reply to proposal %(serial)s “%(title)s” was due on %(deadline)s "
            "and has not been received. Please submit it as soon as possible."
        ),
    )


@reminder(Reason.RATING_DUE)
def rating_due(today: datetime.date) -> list[Draft]:
    """First proposers who have not rated a reply received two weeks ago: once per answer."""
    answered_before = today - datetime.timedelta(days=RATING_GRACE_DAYS)
    rows = Proposal.objects.filter(
        state=ProposalState.ANSWERED,
        satisfaction="",
        answered_at__date__lte=answered_before,
        first_proposer__status=Member.Status.ACTIVE,
    ).values(
        "pk",
        "committee_id",
        "title",
        "handling_round",
        "first_proposer__user_id",
        "first_proposer__email",
    )
    drafts = []
    for row in rows:
        recipient = member_recipient(row["first_proposer__user_id"], row["first_proposer__email"])
        if recipient is None:
            continue
        drafts.append(
            Draft(
                reason=Reason.RATING_DUE,
                period=f"proposal-{row['pk']}-round-{row['handling_round']}",
                committee_id=row["committee_id"],
                recipient=recipient,
                title=_("Please rate the reply to “%(title)s”") % {"title": row["title"]},
                body=_(
                    "The handling unit has answered your proposal “%(title)s”. Please say "
                    "whether you are satisfied with the reply."
                )
                % {"title": row["title"]},
            )
        )
    return drafts
