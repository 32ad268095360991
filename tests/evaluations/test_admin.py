"""Staff run the ballot and issue links in the admin; they see totals and who voted, never what
anyone voted, and nothing of another committee."""

import re
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from evaluations import services
from evaluations.models import BallotRound, PublicInvitation
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)

from .helpers import YEAR, at, scores_for

pytestmark = pytest.mark.django_db

ROUNDS = reverse("admin:evaluations_ballotround_changelist")
VOTERS = reverse("admin:evaluations_ballotvoter_changelist")


def round_url(ballot):
    return reverse("admin:evaluations_ballotround_change", args=[ballot.pk])


def test_staff_open_and_close_a_round_with_the_actions(staff_client, ballot, reports):
    response = staff_client.post(
        ROUNDS, {"action": "open_rounds", "_selected_action": [ballot.pk]}, follow=True
    )
    assert response.status_code == 200
    assert BallotRound.objects.get().state == BallotRound.State.OPEN
    staff_client.post(ROUNDS, {"action": "close_rounds", "_selected_action": [ballot.pk]})
    assert BallotRound.objects.get().state == BallotRound.State.CLOSED


def test_the_round_shows_totals_once_closed_and_voters_without_their_votes(
    staff_client, open_ballot, reports, voters, django_assert_max_num_queries
):
    for voter, row in zip(voters, [(81, 61), (82, 62), (83, 63)], strict=True):
        services.cast_ballot(round=open_ballot, voter=voter, scores=scores_for(reports, *row))
    page = staff_client.get(round_url(open_ballot)).content.decode()
    assert "投票结束后显示" in page and "82.00" not in page

    closed = services.ballot_round_close(round=open_ballot)
    page = staff_client.get(round_url(closed)).content.decode()
    assert "82.00" in page and "62.00" in page  # the two averages
    assert not any(f"{n}.00" in page for n in (81, 83, 61, 63))  # no single vote

    with django_assert_max_num_queries(12):
        voter_list = staff_client.get(VOTERS).content.decode()
    assert all(voter.name in voter_list for voter in voters)
    assert not re.search(r"\b(81|82|83|61|62|63)\b", voter_list)


def test_ballot_papers_have_no_admin_page():
    with pytest.raises(NoReverseMatch):
        reverse("admin:evaluations_ballotpaper_changelist")


def test_another_committees_round_is_invisible(staff_client, other_committee):
    theirs = BallotRound.objects.create(
        committee=other_committee, year=YEAR, opens_at=at(1, 10), closes_at=at(1, 20)
    )
    assert "2024年度常委会测评" not in staff_client.get(ROUNDS).content.decode()
    response = staff_client.get(round_url(theirs))
    assert (response.status_code, response.url) == (302, reverse("admin:index"))


def test_an_issued_link_is_shown_once_and_works(staff_client, client, committee):
    group = LiaisonGroupFactory(committee=committee)
    response = staff_client.post(
        reverse("admin:evaluations_publicinvitation_add"),
        {
            "year": YEAR,
            "group": group.pk,
            "label": "幸福村村民代表",
            "expires_at_0": "2025-02-01",
            "expires_at_1": "12:00:00",
        },
        follow=True,
    )
    page = response.content.decode()
    links = re.findall(r"http://testserver(/evaluate/[\w-]+/)", page)
    assert links, page[:2000]
    invitation = PublicInvitation.objects.get()
    assert (invitation.committee, invitation.created_by.is_staff) == (committee, True)
    assert client.get(links[0]).status_code == 200
    change = reverse("admin:evaluations_publicinvitation_change", args=[invitation.pk])
    assert links[0] not in staff_client.get(change).content.decode()


def test_a_rating_by_someone_other_than_the_leader_is_refused_on_the_form(staff_client, committee):
    group = LiaisonGroupFactory(committee=committee)
    LeaderMembershipFactory(group=group)
    member = LiaisonGroupMembershipFactory(group=group).member
    fellow = LiaisonGroupMembershipFactory(group=group).member
    response = staff_client.post(
        reverse("admin:evaluations_leaderrating_add"),
        {"year": YEAR, "member": member.pk, "evaluator": fellow.pk, "score": "80"},
    )
    assert response.status_code == 200
    assert "组长可以评价" in response.content.decode()


def test_a_leaders_rating_is_recorded_through_the_form(staff_client, committee):
    group = LiaisonGroupFactory(committee=committee)
    leader = LeaderMembershipFactory(group=group).member
    member = LiaisonGroupMembershipFactory(group=group).member
    response = staff_client.post(
        reverse("admin:evaluations_leaderrating_add"),
        {"year": YEAR, "member": member.pk, "evaluator": leader.pk, "score": "87.5"},
    )
    assert response.status_code == 302
    rating = member.leader_ratings.get()
    assert (rating.group, rating.score, rating.committee) == (group, Decimal("87.5"), committee)
