"""Building blocks for score-engine tests: duty records made through the real services where a
workflow is involved, and a shortcut to score a committee's year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from assessment import services
from assessment.engine import recompute
from assessment.models import Result
from meetings.models import AttendanceStatus, MeetingKind
from proposals import services as proposal_services
from proposals.models import ProposalState, SubmitterKind
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import AttendanceFactory, MeetingFactory
from tests.factories.proposals import (
    ProposalFactory,
    SocialReportAuthorFactory,
    SocialReportFactory,
)

YEAR = 2024
D = Decimal


def activate(scheme):
    return services.scheme_activate(scheme=scheme)


def score(committee, year=YEAR, **kwargs):
    recompute(committee_id=committee.pk, year=year, **kwargs)
    return {
        r.member_id: r
        for r in Result.objects.filter(committee=committee, year=year).select_related("grade")
    }


def meeting(committee, kind=MeetingKind.STANDING_COMMITTEE, *, day=None, half_days=1, **kwargs):
    return MeetingFactory(
        committee=committee,
        kind=kind,
        start_date=day or datetime.date(YEAR, 3, 15),
        end_date=day or datetime.date(YEAR, 3, 15),
        half_days=half_days,
        **kwargs,
    )


def attend(member, the_meeting, status=AttendanceStatus.PRESENT, **kwargs):
    return AttendanceFactory.marked(status=status, meeting=the_meeting, member=member, **kwargs)


def activity(committee, *members, day=None, verified=True):
    return ContactActivityFactory(
        committee=committee,
        date=day or datetime.date(YEAR, 5, 6),
        verified=verified,
        submitted=not verified,
        participants=members,
    )


def proposal(
    staff,
    first,
    *cosigners,
    state=ProposalState.REGISTERED,
    submitter_kind=None,
    key=False,
    excellent=False,
    conversion=None,
):
    """A proposal by ``first`` with confirmed ``cosigners``, taken to ``state`` by staff."""
    kind = submitter_kind or (SubmitterKind.JOINT if cosigners else SubmitterKind.MEMBER)
    extra = {}
    if kind == SubmitterKind.SESSION_GROUP:
        extra["session_group"] = "经济界别第一组"
    p = ProposalFactory(
        committee=first.committee, first_proposer=first, submitter_kind=kind, year=YEAR, **extra
    )
    for member in cosigners:
        invited = proposal_services.proposal_cosigner_invite(proposal=p, member=member, by=staff)
        proposal_services.proposal_cosigner_respond(cosigner=invited, accept=True, by=staff)
    proposal_services.proposal_submit(proposal=p, by=staff)
    if state == ProposalState.REGISTERED:
        proposal_services.proposal_register(proposal=p, by=staff)
    elif state == ProposalState.NOT_REGISTERED:
        proposal_services.proposal_decline_registration(
            proposal=p, reason="建议转为社情民意信息", conversion=conversion, by=staff
        )
    if key or excellent:
        type(p).objects.filter(pk=p.pk).update(
            is_key=key, is_excellent=excellent, supervising_leader="王县长" if key else ""
        )
    return p


def report(staff, *authors, adopted=False, higher=False):
    r = SocialReportFactory(committee=authors[0].committee, year=YEAR)
    for order, member in enumerate(authors, start=1):
        SocialReportAuthorFactory(report=r, member=member, order=order)
    proposal_services.social_report_submit(report=r, by=staff)
    if adopted:
        proposal_services.social_report_adopt(report=r, issue="《社情民意》第3期", by=staff)
    if higher:
        type(r).objects.filter(pk=r.pk).update(
            forwarded_on=datetime.date(YEAR, 6, 1),
            forwarded_to="市政协",
            higher_adopted_on=datetime.date(YEAR, 6, 20),
            higher_adopted_by="市政协",
        )
    return r


def now():
    return timezone.now()
