"""Reminders to members behind pace: no proposal before the plenary, no contact activity."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.models import ContactActivity, ContactActivityParticipant
from meetings.models import Meeting, MeetingKind
from members.models import Member
from members.selectors import active_on
from proposals.models import Proposal, ProposalCoSigner
from proposals.models.proposal_choices import SUBMITTED_STATES

from ..models import Reason
from ..services import Draft
from .registry import member_recipient, reminder

#: How long before the plenary session members without a proposal are reminded.
PLENARY_LEAD_DAYS = 14
#: Activities that count as done (a draft does not; a returned one is being corrected).
ACTIVITY_DONE = (ContactActivity.Status.SUBMITTED, ContactActivity.Status.VERIFIED)


def _active_members(today: datetime.date):
    return active_on(Member.objects.filter(status=Member.Status.ACTIVE), today)


@reminder(Reason.NO_PROPOSAL_YET)
def no_proposal_yet(today: datetime.date) -> list[Draft]:
    """Members who have not proposed this year (as first proposer or confirmed co-signer) when
    their committee's plenary session is at most two weeks away; once per plenary."""
    plenaries = {}
    for meeting in (
        Meeting.objects.filter(
            kind=MeetingKind.PLENARY,
            start_date__gt=today,
            start_date__lte=today + datetime.timedelta(days=PLENARY_LEAD_DAYS),
        )
        .order_by("start_date")
        .values("pk", "committee_id", "start_date", "title")
    ):
        plenaries.setdefault(meeting["committee_id"], meeting)
    by_year = defaultdict(list)
    for committee_id, meeting in plenaries.items():
        by_year[meeting["start_date"].year].append(committee_id)
    drafts = []
    for year, committee_ids in by_year.items():  # one query per year (at most two)
        proposed = Exists(
            Proposal.objects.filter(
                first_proposer=OuterRef("pk"), year=year, state__in=SUBMITTED_STATES
            )
        ) | Exists(
            ProposalCoSigner.objects.filter(
                member=OuterRef("pk"),
                status=ProposalCoSigner.Status.CONFIRMED,
                proposal__year=year,
                proposal__state__in=SUBMITTED_STATES,
            )
        )
        members = (
            _active_members(today)
            .filter(committee_id__in=committee_ids)
            .exclude(proposed)
            .values("committee_id", "user_id", "email")
        )
        for row in members:
            recipient = member_recipient(row["user_id"], row["email"])
            if recipient is None:
                continue
            meeting = plenaries[row["committee_id"]]
            values = {"meeting": meeting["title"], "date": date_format(meeting["start_date"])}
            drafts.append(
                Draft(
                    reason=Reason.NO_PROPOSAL_YET,
                    period=f"plenary-{meeting['pk']}",
                    committee_id=row["committee_id"],
                    recipient=recipient,
                    title=_("No proposal yet before the plenary session"),
                    body=_(
                        "%(meeting)s opens on %(date)s and you have not submitted a proposal "
                        "this year. Members are expected to submit at least one proposal or "
                        "social-conditions report."
                    )
                    % values,
                )
            )
    return drafts


def half_year(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The half-year ``today`` falls in: its key (``2026-H2``), first and last day."""
    if today.month <= 6:
        return f"{today.year}-H1", datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
    return f"{today.year}-H2", datetime.date(today.year, 7, 1), datetime.date(today.year, 12, 31)


@reminder(Reason.NO_CONTACT_ACTIVITY)
def no_contact_activity(today: datetime.date) -> list[Draft]:
    """In the last month of each half-year, members with no contact activity since it began;
    once per half-year (one query)."""
    key, first, last = half_year(today)
    if today.month != last.month:
        return []
    done = ContactActivityParticipant.objects.filter(
        member=OuterRef("pk"),
        activity__date__gte=first,
        activity__date__lte=today,
        activity__status__in=ACTIVITY_DONE,
    )
    members = (
        _active_members(today).filter(~Exists(done)).values("committee_id", "user_id", "email")
    )
    drafts = []
    for row in members:
        recipient = member_recipient(row["user_id"], row["email"])
        if recipient is None:
            continue
        drafts.append(
            Draft(
                reason=Reason.NO_CONTACT_ACTIVITY,
                period=key,
                committee_id=row["committee_id"],
                recipient=recipient,
                title=_("No contact activity this half-year"),
                body=_(
                    "You have no contact activity with the masses on record since %(date)s. "
                    "Visits, receptions at a contact point and on-duty days all count."
                )
                % {"date": date_format(first)},
            )
        )
    return drafts
