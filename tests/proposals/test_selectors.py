"""Who sees which proposals, the lists reminders use, and the yearly figures."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from proposals import selectors, services
from proposals.models import ProposalState
from tests.factories.core import CommitteeFactory, StaffUserFactory, UserFactory
from tests.factories.proposals import (
    HandlingUnitUserFactory,
    member_of,
    proposal_in_state,
    social_report_in_state,
)

pytestmark = pytest.mark.django_db
S = ProposalState


@pytest.fixture
def county_and_city():
    city = CommitteeFactory(name="政协某市委员会", level="municipal")
    county = CommitteeFactory(name="政协某县委员会", parent=city)
    return county, city


def test_each_person_sees_the_proposals_that_concern_them(county_and_city):
    county, city = county_and_city
    county_staff = StaffUserFactory(committee=county)
    proposer = member_of(county, user=UserFactory(committee=county))
    own = proposal_in_state(
        S.ASSIGNED,
        staff=county_staff,
        committee=county,
        submitter_kind="joint",
        first_proposer=proposer,
    )
    cosigner = own.cosigners.get().member
    cosigner.user = UserFactory(committee=county)
    cosigner.save()
    other = proposal_in_state(S.SUBMITTED, staff=county_staff, committee=county)
    elsewhere = proposal_in_state(S.SUBMITTED)
    officer = HandlingUnitUserFactory(unit=own.assignments.get(role="lead").unit).user

    def visible(user):
        return set(selectors.proposals_for_user(user).values_list("pk", flat=True))

    assert visible(county_staff) == {own.pk, other.pk}
    assert visible(StaffUserFactory(committee=city)) == {own.pk, other.pk}
    assert visible(StaffUserFactory(committee=elsewhere.committee)) == {elsewhere.pk}
    assert visible(proposer.user) == {own.pk}
    assert visible(cosigner.user) == {own.pk}
    assert visible(officer) == {own.pk}
    assert visible(UserFactory(committee=county)) == set()


def test_the_proposal_list_filters_and_costs_a_fixed_number_of_queries(
    staff, django_assert_num_queries
):
    for state in [S.SUBMITTED, S.REGISTERED, S.REGISTERED, S.CLOSED]:
        proposal_in_state(state, staff=staff, committee=staff.committee)
    user = User.objects.get(pk=staff.pk)
    with django_assert_num_queries(3):  # the user's member record and committee, then the list
        rows = list(selectors.proposal_list(user=user, filters={"state": "registered"}))
        names = [p.submitter_display for p in rows]
    assert len(rows) == 2 and all(names)


def test_the_list_searches_titles_and_proposers(staff):
    proposal = proposal_in_state(S.SUBMITTED, staff=staff, committee=staff.committee)
    proposal_in_state(S.SUBMITTED, staff=staff, committee=staff.committee)
    found = selectors.proposal_list(user=staff, filters={"q": proposal.first_proposer.name})
    assert list(found) == [proposal]


def test_replies_due_soon_and_overdue(staff):
    proposal = proposal_in_state(S.ASSIGNED, staff=staff, committee=staff.committee)
    today = timezone.localdate()
    deadline = proposal.assignments.first().deadline
    assert selectors.assignments_due_within(on=today, days=7).count() == 0
    due = selectors.assignments_due_within(on=deadline - datetime.timedelta(days=3), days=7)
    assert due.count() == 2
    overdue = selectors.assignments_overdue(on=deadline + datetime.timedelta(days=1))
    assert overdue.count() == 2
    services.proposal_reply_submit(
        assignment=proposal.assignments.get(role="lead"), category="C", body="条件不具备", by=staff
    )
    overdue = selectors.assignments_overdue(on=deadline + datetime.timedelta(days=1))
    assert [a.role for a in overdue] == ["co"]


def test_earlier_rounds_are_not_overdue(staff):
    proposal = proposal_in_state(S.REOPENED, staff=staff, committee=staff.committee)
    far_future = timezone.localdate() + datetime.timedelta(days=365)
    overdue = selectors.assignments_overdue(on=far_future, committee=staff.committee)
    assert {a.round for a in overdue} == {proposal.handling_round}


def test_proposals_awaiting_a_rating(staff):
    waiting = proposal_in_state(S.ANSWERED, staff=staff, committee=staff.committee)
    proposal_in_state(S.EVALUATED, staff=staff, committee=staff.committee)
    assert list(selectors.proposals_awaiting_rating(committee=staff.committee)) == [waiting]


def test_the_yearly_figures_of_a_work_report(staff, django_assert_num_queries):
    for state, category in [
        (S.DRAFT, "A"),
        (S.SUBMITTED, "A"),
        (S.NOT_REGISTERED, "A"),
        (S.EVALUATED, "A"),
        (S.EVALUATED, "B"),
        (S.REOPENED, "C"),
        (S.CLOSED, "D"),
    ]:
        proposal_in_state(state, staff=staff, committee=staff.committee, answer_category=category)
    with django_assert_num_queries(1):
        summary = selectors.proposal_year_summary(committee=staff.committee, year=2024)
    assert summary["received"] == 6
    assert summary["registered"] == 4
    assert summary["not_registered"] == 1
    assert summary["answered"] == 4
    assert [summary[f"category_{c}"] for c in "ABCD"] == [1, 1, 1, 1]
    assert (summary["satisfied"], summary["unsatisfied"]) == (3, 1)


def test_proposals_a_member_put_their_name_to(staff):
    joint = proposal_in_state(
        S.REGISTERED, staff=staff, committee=staff.committee, submitter_kind="joint"
    )
    cosigner = joint.cosigners.get().member
    own = proposal_in_state(
        S.SUBMITTED, staff=staff, committee=staff.committee, first_proposer=cosigner
    )
    assert set(selectors.proposals_of_member(member=cosigner, year=2024)) == {joint, own}
    assert list(selectors.proposal_confirmed_cosigners(joint)) == [cosigner]


def test_report_figures_and_visibility(staff):
    adopted = social_report_in_state("adopted", staff=staff, committee=staff.committee)
    social_report_in_state("submitted", staff=staff, committee=staff.committee)
    services.social_report_forward(
        report=adopted, forwarded_to="市政协", forwarded_on=timezone.localdate(), by=staff
    )
    for leader in ["县委书记", "县长"]:
        services.social_report_instruction_record(
            report=adopted,
            leader=leader,
            level="county",
            instructed_on=timezone.localdate(),
            content="阅示",
            by=staff,
        )
    summary = selectors.social_report_year_summary(committee=staff.committee, year=2024)
    assert summary == {
        "submitted": 2,
        "adopted": 1,
        "forwarded": 1,
        "adopted_by_higher_level": 0,
        "with_instruction": 1,
    }
    author = adopted.authorships.get().member
    author.user = UserFactory(committee=staff.committee)
    author.save()
    assert list(selectors.social_reports_for_user(author.user)) == [adopted]
