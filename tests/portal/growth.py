"""``grow(people, committee)``: several more records of every kind the pages list, around the
people of the route × role matrix (tests/portal/conftest.py).

Each call adds the same handful of rows again, so a page's query count can be compared between
"some rows" and "more rows" (tests/portal/test_page_query_counts.py).
"""

from __future__ import annotations

import datetime
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import sessions
from assessment import services as assessment_services
from assessment.engine import recompute
from assessment.models import AssessmentScheme, RecomputeRun, Result
from evaluations.models import BallotRound, BallotVoter, LeaderRating, PublicRating
from evaluations.services import public_invitation_issue
from liaison.models import ContactActivity, ContactActivityParticipant
from meetings.models import Meeting, ResearchReport
from members.models import Member, Position
from proposals import services as proposal_services
from proposals.models import (
    AnswerCategory,
    HandlingUnitUser,
    ProposalState,
    SocialReportState,
    SubmitterKind,
)
from supervision.models import SupervisionTopic
from tests.factories.assessment import (
    AssessmentSchemeFactory,
    GradeBandFactory,
    MinimumRequirementFactory,
    QualitativePartFactory,
    SchemeCategoryFactory,
    SchemeRuleFactory,
)
from tests.factories.bulletins import BulletinFactory, BulletinReadFactory
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    ContactActivityFactory,
    ContactPointFactory,
    LeaderApprovalFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    OnDutyShiftFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    ResearchReportFactory,
    SpeechFactory,
    StudyNoteFactory,
)
from tests.factories.members import (
    CommendationFactory,
    PositionFactory,
    SectorConvenerFactory,
    SectorMembershipFactory,
    SpecialCommitteeMembershipFactory,
)
from tests.factories.notifications import NotificationFactory, NotificationPreferenceFactory
from tests.factories.proposals import (
    ProposalCoSignerFactory,
    ProposalFollowUpFactory,
    SocialReportAuthorFactory,
    SocialReportInstructionFactory,
    clue_in_state,
    member_of,
    proposal_assigned_to,
    proposal_in_state,
    social_report_in_state,
)
from tests.factories.supervision import (
    ReportedTopicFactory,
    SupervisionFollowUpFactory,
    SupervisionParticipantFactory,
)
from tests.portal.matrix import scored_year

YEAR = 2024
EACH = 2  # rows of each kind per call


def _member(user):
    return Member.objects.get(user=user)


def _grow_count(committee) -> int:
    """How many times grow() has run for this committee (for values that must differ)."""
    return BallotRound.objects.filter(committee=committee).count()


def _grow_first_records(committee, colleagues) -> None:
    """The admin tests open the first object of each model: its inline rows grow too."""
    meeting = Meeting.objects.filter(committee=committee).order_by("pk").first()
    report = ResearchReport.objects.filter(committee=committee).order_by("pk").first()
    topic = SupervisionTopic.objects.filter(committee=committee).order_by("pk").first()
    activity = ContactActivity.objects.filter(committee=committee).order_by("pk").first()
    for colleague in colleagues:
        if meeting is not None:
            AttendanceFactory(meeting=meeting, member=colleague)
            SpeechFactory(meeting=meeting, member=colleague)
        if report is not None:
            ResearchReportAuthorFactory(report=report, member=colleague)
        if topic is not None:
            SupervisionParticipantFactory(topic=topic, member=colleague)
        if activity is not None:
            ContactActivityParticipant.objects.create(activity=activity, member=colleague)


def grow(people, committee) -> None:
    n = _grow_count(committee)
    member = _member(people.member)
    convener = _member(people.convener)
    leader = _member(people.leader)
    unit = HandlingUnitUser.objects.filter(user=people.unit_user).first().unit
    staff = people.staff
    sector, group = people.sector_convened, people.group_led
    day = datetime.date(YEAR, 4, 1) + datetime.timedelta(days=10 * n)
    upcoming = timezone.localdate() + datetime.timedelta(days=7 + n)

    # More colleagues in the convener's sector and the leader's group, with their histories.
    colleagues = []
    for _ in range(EACH):
        colleague = member_of(committee, sector=sector)
        LiaisonGroupMembershipFactory(group=group, member=colleague)
        SectorMembershipFactory(member=colleague)
        SpecialCommitteeMembershipFactory(member=colleague)
        CommendationFactory(member=colleague, awarded_on=day)
        PositionFactory(member=colleague)
        colleagues.append(colleague)
    everyone = [member, convener, leader, *colleagues]
    _grow_first_records(committee, colleagues)
    LeaderApprovalFactory(group=group, committee=committee, member=colleagues[0], approved=True)

    # Meetings (past and upcoming) with attendance, speeches, leave requests.
    for _ in range(EACH):
        past = MeetingFactory(committee=committee, start_date=day, end_date=day)
        soon = MeetingFactory(committee=committee, start_date=upcoming, end_date=upcoming)
        for someone in everyone:
            AttendanceFactory.marked(meeting=past, member=someone)
            AttendanceFactory(meeting=soon, member=someone)
            SpeechFactory(meeting=past, member=someone)
        LeaveRequestFactory(meeting=soon, member=member)
        LeaveRequestFactory(meeting=soon, member=colleagues[0])
        trip = MeetingFactory(
            committee=committee, kind="research", start_date=day, end_date=day, topic="调研"
        )
        AttendanceFactory.marked(meeting=trip, member=member)
        report = ResearchReportFactory(meeting=trip, committee=committee)
        ResearchReportAuthorFactory(report=report, member=member, is_lead=True)
        ResearchReportAuthorFactory(report=report, member=colleagues[0])
        StudyNoteFactory(member=member, written_on=day)
        StudyNoteFactory(member=colleagues[0], written_on=day)

    # Contact activities of the group with participants, and contact points with shifts.
    for status in ("verified", "submitted"):
        ContactActivityFactory(
            committee=committee,
            liaison_group=group,
            date=day,
            participants=everyone,
            created_by=people.member,
            **{status: True},
        )
    ContactActivityFactory(committee=committee, participants=[member], created_by=people.member)
    point = ContactPointFactory(committee=committee, complete=True)
    OnDutyShiftFactory(contact_point=point, member=member, date=day)
    OnDutyShiftFactory(
        contact_point=point, member=colleagues[0], date=day + datetime.timedelta(days=1)
    )

    # Proposals: the member's own (drafts, joint with co-signers, answered), the unit's inbox.
    for _ in range(EACH):
        draft = proposal_in_state(
            ProposalState.DRAFT,
            committee=committee,
            first_proposer=member,
            submitter_kind=SubmitterKind.JOINT,
        )
        ProposalCoSignerFactory(proposal=draft, member=colleagues[0])
        ProposalCoSignerFactory(proposal=draft, member=colleagues[1])
        proposal_in_state(
            ProposalState.ANSWERED,
            committee=committee,
            first_proposer=member,
            submitter_kind=SubmitterKind.JOINT,
            staff=staff,
            answer_category=AnswerCategory.B,
        )
        invited = proposal_in_state(
            ProposalState.DRAFT, committee=committee, submitter_kind=SubmitterKind.JOINT
        )
        ProposalCoSignerFactory(proposal=invited, member=member)
        assigned = proposal_assigned_to(unit, staff=staff, first_proposer=colleagues[0])
        lead = assigned.assignments.get()
        proposal_services.proposal_reply_submit(
            assignment=lead, category=AnswerCategory.A, body="已办理。", by=people.unit_user
        )
        proposal_assigned_to(unit, staff=staff, first_proposer=member)
    ProposalFollowUpFactory(
        proposal=proposal_in_state(
            ProposalState.EVALUATED,
            committee=committee,
            first_proposer=member,
            staff=staff,
            answer_category=AnswerCategory.B,
        )
    )

    # Social-conditions reports with several authors, clues, supervision.
    for adopt in (False, True):
        report = social_report_in_state(SocialReportState.DRAFT, committee=committee, authors=0)
        for order, author in enumerate((member, colleagues[0], colleagues[1]), start=1):
            SocialReportAuthorFactory(report=report, member=author, order=order)
        if adopt:
            proposal_services.social_report_submit(report=report, by=staff)
            proposal_services.social_report_adopt(report=report, issue=f"第{n}期", by=staff)
            SocialReportInstructionFactory(report=report)
    for state in ("new", "referred"):
        clue_in_state(state, committee=committee, staff=staff)
    topic = ReportedTopicFactory(committee=committee)
    SupervisionParticipantFactory(topic=topic, member=member)
    SupervisionParticipantFactory(topic=topic, member=colleagues[0])
    SupervisionFollowUpFactory(topic=topic)

    # Group documents, bulletins (read and unread), notifications.
    if n == 0:
        WorkPlanFactory(group=group, year=YEAR, submitted=True)
        YearEndReportFactory(group=group, year=YEAR, submitted=True)
    for _ in range(EACH):
        bulletin = BulletinFactory(committee=committee)
        BulletinReadFactory(bulletin=bulletin, member=member)
        BulletinFactory(committee=committee)
        for user in (people.member, people.convener, people.leader, people.unit_user, staff):
            NotificationFactory(committee=committee, recipient=user)
    NotificationPreferenceFactory(user=UserFactory(committee=committee))
    Token.objects.create(user=UserFactory(committee=committee, is_staff=True))
    # The sign-in records (django-axes): a failed attempt, its log line and a sign-in.
    signer = UserFactory(committee=committee).username
    seen = {"ip_address": f"10.0.0.{n % 250 + 1}", "user_agent": "test", "path_info": "/"}
    AccessAttempt.objects.create(username=signer, failures_since_start=1, **seen)
    AccessFailureLog.objects.create(username=signer, **seen)
    AccessLog.objects.create(username=signer, **seen)

    # Scores: the year's scheme, results recomputed, disputes on new colleagues' lines.
    scored_year(people, committee)
    recompute(committee_id=committee.pk, year=YEAR)
    # A record that changes results, recomputed at staff's request: each recompute is recorded,
    # and the results it changed (the first one among them) keep what they were before.
    first = Result.objects.filter(committee=committee, year=YEAR).order_by("pk").first()
    ContactActivityFactory(
        committee=committee,
        liaison_group=group,
        date=day,
        participants=[first.member, *colleagues],
        created_by=people.member,
        verified=True,
    )
    recompute(committee_id=committee.pk, year=YEAR, reason=RecomputeRun.Reason.STAFF, by=staff)
    scheme = AssessmentScheme.objects.filter(committee=committee, year=YEAR).first()
    scheme = assessment_services.year_finalise(scheme=scheme, by=staff).scheme
    assessment_services.year_reopen(scheme=scheme, by=staff, reason="补录材料")
    rule = scheme.rules.first()
    for colleague in colleagues:
        result = Result.objects.get(committee=committee, year=YEAR, member=colleague)
        assessment_services.dispute_raise(result=result, rule=rule, comment="少计一次", by=staff)

    # Evaluations: a ballot round of another year with voters, leader and public ratings.
    ballot = BallotRound.objects.create(
        committee=committee,
        year=2000 + n,
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    for colleague in colleagues:
        Position.objects.get_or_create(
            member=colleague,
            kind=Position.Kind.STANDING_MEMBER,
            defaults={"start_date": colleague.joined_on},
        )
        BallotVoter.objects.create(round=ballot, voter=colleague)
        LeaderRating.objects.create(
            committee=committee,
            year=YEAR,
            member=colleague,
            group=group,
            evaluator=leader,
            score=Decimal("90"),
        )
        PublicRating.objects.create(committee=committee, year=YEAR, member=colleague, stars=5)
        public_invitation_issue(
            committee=committee,
            year=YEAR,
            label="群众评议",
            expires_at=timezone.now() + datetime.timedelta(days=30),
            member=colleague,
        )

    # Another group, another sector's convener, and a draft scheme of another year with every
    # kind of part (after the 2024 scheme, so that it stays the first the admin opens).
    LiaisonGroupFactory(committee=committee)
    SectorConvenerFactory(member=member_of(committee))
    draft = AssessmentSchemeFactory(committee=committee, year=2000 + n)
    SchemeCategoryFactory(scheme=draft)
    SchemeRuleFactory(scheme=draft)
    GradeBandFactory(scheme=draft)
    QualitativePartFactory(scheme=draft)
    MinimumRequirementFactory(scheme=draft)


@contextmanager
def last_seen_unwritten():
    """Sessions keep the time of their last request, rewritten at most once a minute
    (accounts/sessions.py): over a count lasting minutes, that write would fall on whichever
    request came a minute after the last one and differ between two counts. Counts of queries
    per row leave it out."""
    with mock.patch.object(sessions, "LAST_SEEN_RESOLUTION", 24 * 60 * 60):
        yield


def assert_same_counts(pairs: dict) -> None:
    """``pairs``: {key: ((count, statements) with some rows, (count, statements) with more)}.
    Fails naming each key whose count changed, with the statements that changed in number."""
    wrong = []
    for key, ((some, some_sql), (more, more_sql)) in pairs.items():
        if some != more:
            a, b = Counter(some_sql), Counter(more_sql)
            changed = [f"  {a[q]}→{b[q]}: {q[:300]}" for q in a.keys() | b.keys() if a[q] != b[q]]
            wrong.append(f"{key}: {some} → {more} queries\n" + "\n".join(changed[:6]))
    assert wrong == [], "\n".join(wrong)
