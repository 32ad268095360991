"""The committee's yearly figures, checked against hand-counted data."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from committees.models import Committee
from meetings.models import AttendanceStatus, MeetingKind
from proposals import services
from proposals.models import Conversion, ProposalState, Satisfaction, SocialReportState
from reports.selectors import percent, yearly_figures
from tests.factories.core import CommitteeFactory, MemberFactory, TermFactory
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import (
    AttendanceFactory,
    MeetingFactory,
    PlenaryFactory,
    ResearchReportFactory,
    ResearchTripFactory,
)
from tests.factories.meetings import member_of as meeting_member
from tests.factories.proposals import proposal_in_state, social_report_in_state
from tests.factories.supervision import SupervisionTopicFactory

S = ProposalState
A = AttendanceStatus
D = Decimal
QUERIES = 6


def build_proposals(committee, staff):
    def make(state, **kwargs):
        return proposal_in_state(state, staff=staff, committee=committee, **kwargs)

    make(S.DRAFT)  # never submitted: not received
    make(S.SUBMITTED)
    make(S.WITHDRAWN)  # submitted, then withdrawn: received and withdrawn
    make(S.NOT_REGISTERED, conversion=Conversion.SOCIAL_REPORT)
    make(S.NOT_REGISTERED, conversion=Conversion.OPINION)
    make(S.REGISTERED)
    key = make(S.EVALUATED, answer_category="A")
    services.proposal_mark_key(proposal=key, supervising_leader="王县长", by=staff)
    excellent = make(S.EVALUATED, answer_category="A")
    services.proposal_mark_excellent(proposal=excellent, by=staff)
    make(S.EVALUATED, answer_category="B", satisfaction=Satisfaction.BASICALLY_SATISFIED)
    make(S.REOPENED, answer_category="C")  # rated unsatisfied
    make(S.CLOSED, answer_category="D")  # rated satisfied, then closed
    make(S.ANSWERED, answer_category="A")  # not rated yet
    make(S.REGISTERED, year=2023)  # another year
    proposal_in_state(S.REGISTERED, committee=CommitteeFactory())  # another committee


def build_reports(committee, staff):
    forwarded = social_report_in_state(SocialReportState.ADOPTED, staff=staff, committee=committee)
    on = timezone.localdate()
    services.social_report_forward(
        report=forwarded, forwarded_to="市政协", forwarded_on=on, by=staff
    )
    services.social_report_record_higher_adoption(
        report=forwarded, adopted_by="市政协", adopted_on=on, by=staff
    )
    instructed = social_report_in_state(SocialReportState.ADOPTED, staff=staff, committee=committee)
    for leader in ["县委书记", "县长"]:  # two instructions on one report count it once
        services.social_report_instruction_record(
            report=instructed,
            leader=leader,
            level="county",
            instructed_on=on,
            content="阅",
            by=staff,
        )
    social_report_in_state(SocialReportState.SUBMITTED, staff=staff, committee=committee)
    social_report_in_state(SocialReportState.NOT_ADOPTED, staff=staff, committee=committee)
    social_report_in_state(SocialReportState.DRAFT, staff=staff, committee=committee)


def build_activities(committee):
    first, second = meeting_member(committee), meeting_member(committee)
    ContactActivityFactory(
        committee=committee,
        verified=True,
        people_reached=20,
        issues_raised=3,
        issues_resolved=1,
        participants=[first, second],
    )
    ContactActivityFactory(
        committee=committee,
        verified=True,
        people_reached=30,
        issues_raised=5,
        issues_resolved=4,
        participants=[first],
    )
    ContactActivityFactory(committee=committee, submitted=True, people_reached=99)  # not verified
    ContactActivityFactory(
        committee=committee, verified=True, date=datetime.date(2023, 5, 6), people_reached=99
    )


def build_attendance(committee):
    standing = MeetingFactory(committee=committee, kind=MeetingKind.STANDING_COMMITTEE)
    for status in [A.PRESENT, A.LATE_OR_EARLY, A.APPROVED_LEAVE, A.ABSENT_WITHOUT_LEAVE]:
        AttendanceFactory.marked(status, meeting=standing)
    AttendanceFactory(meeting=standing)  # invited, not marked: left out
    plenary = PlenaryFactory(committee=committee)
    for _ in range(3):
        AttendanceFactory.marked(A.PRESENT, meeting=plenary)
    earlier = MeetingFactory(committee=committee, start_date=datetime.date(2023, 6, 1))
    AttendanceFactory.marked(A.ABSENT_WITHOUT_LEAVE, meeting=earlier)


def build_research_and_supervision(committee):
    trip = ResearchTripFactory(committee=committee, start_date=datetime.date(2024, 4, 1))
    ResearchReportFactory(meeting=trip, committee=committee)
    ResearchReportFactory(meeting=trip, committee=committee)
    later = ResearchTripFactory(committee=committee, start_date=datetime.date(2025, 3, 1))
    ResearchReportFactory(meeting=later, committee=committee)
    SupervisionTopicFactory(committee=committee)
    SupervisionTopicFactory(committee=committee, year=2023, start_date=datetime.date(2023, 4, 1))


@pytest.fixture
def busy_year(committee, staff):
    build_proposals(committee, staff)
    build_reports(committee, staff)
    build_activities(committee)
    build_attendance(committee)
    build_research_and_supervision(committee)
    return committee


def test_it_counts_the_proposals_of_the_year(busy_year, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        p = yearly_figures(busy_year.pk, 2024).proposals
    assert (p.received, p.registered, p.not_registered, p.withdrawn) == (11, 7, 2, 1)
    assert (p.converted_to_reports, p.converted_to_opinions) == (1, 1)
    assert p.registration_rate == D("63.6")  # 7 / 11
    assert (p.answered, p.answer_rate) == (6, D("85.7"))  # 6 / 7
    assert {c: (s.count, s.percent) for c, s in p.answer_mix.items()} == {
        "A": (3, D("50.0")),
        "B": (1, D("16.7")),
        "C": (1, D("16.7")),
        "D": (1, D("16.7")),
    }
    assert p.rated == 5
    assert {k: (s.count, s.percent) for k, s in p.satisfaction_mix.items()} == {
        Satisfaction.SATISFIED: (3, D("60.0")),
        Satisfaction.BASICALLY_SATISFIED: (1, D("20.0")),
        Satisfaction.UNSATISFIED: (1, D("20.0")),
    }
    assert p.satisfaction_rate == D("80.0")
    assert (p.key, p.excellent) == (1, 1)


def test_it_counts_reports_activities_meetings_research_and_supervision(busy_year):
    figures = yearly_figures(busy_year.pk, 2024)
    r = figures.social_reports
    # Four submitted here, and the one the proposal not registered was converted into.
    assert (r.submitted, r.adopted, r.forwarded, r.adopted_by_higher_level) == (5, 2, 1, 1)
    assert (r.with_instruction, r.adoption_rate) == (1, D("40.0"))

    c = figures.contact
    assert (c.activities, c.members_taking_part, c.people_reached) == (2, 2, 50)
    assert (c.issues_raised, c.issues_resolved, c.resolution_rate) == (8, 5, D("62.5"))

    by_kind = {line.kind: line for line in figures.attendance}
    assert list(by_kind) == [MeetingKind.PLENARY, MeetingKind.STANDING_COMMITTEE]
    standing = by_kind[MeetingKind.STANDING_COMMITTEE]
    assert (standing.meetings, standing.marked, standing.attended) == (1, 4, 2)
    assert (standing.approved_leave, standing.absent_without_leave, standing.rate) == (
        1,
        1,
        D("50.0"),
    )
    assert (by_kind[MeetingKind.PLENARY].marked, by_kind[MeetingKind.PLENARY].rate) == (
        3,
        D("100.0"),
    )
    total = figures.attendance_total
    assert (total.meetings, total.marked, total.attended, total.rate) == (2, 7, 5, D("71.4"))

    assert (figures.research_reports, figures.supervision_topics) == (2, 1)


def test_the_query_count_does_not_grow_with_the_rows(
    committee, busy_year, django_assert_num_queries
):
    empty = CommitteeFactory()
    with django_assert_num_queries(QUERIES):
        figures = yearly_figures(empty.pk, 2024)
    assert figures.proposals.received == 0
    assert figures.proposals.registration_rate is None
    assert figures.attendance == [] and figures.attendance_total.rate is None
    with django_assert_num_queries(QUERIES):
        yearly_figures(busy_year.pk, 2024)


def test_members_in_office_on_the_last_day_of_the_year(committee):
    term = TermFactory(committee=committee)  # 2022-01-10 to 2027-01-09

    def member(joined, left=None):
        status = "active" if left is None else "resigned"
        return MemberFactory(
            committee=committee, term=term, joined_on=joined, left_on=left, status=status
        )

    member(datetime.date(2022, 1, 10))
    member(datetime.date(2022, 1, 10), left=datetime.date(2024, 12, 31))  # still in on the day
    member(datetime.date(2022, 1, 10), left=datetime.date(2024, 6, 30))
    member(datetime.date(2025, 1, 1))
    assert yearly_figures(committee.pk, 2024).members_at_year_end == 2
    assert yearly_figures(committee.pk, 2021).members_at_year_end == 0  # before the term


def test_an_unknown_committee_is_refused(db):
    with pytest.raises(Committee.DoesNotExist):
        yearly_figures(987654, 2024)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, D("33.3")), (2, 3, D("66.7")), (1, 8, D("12.5")), (1, 16, D("6.3")), (0, 0, None)],
)
def test_shares_are_percentages_with_one_decimal_rounded_half_up(part, whole, expected):
    assert percent(part, whole) == expected
