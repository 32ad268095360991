"""Standing Committee members score each year-end report once, secretly."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from evaluations import selectors, services
from evaluations.models import BallotPaper, BallotRound, BallotVoter
from liaison.models import YearEndReport
from members.models import Member
from tests.factories.liaison import MemberFactory, YearEndReportFactory

from .helpers import YEAR, at, scores_for, standing_member

pytestmark = pytest.mark.django_db


def refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


# --- anonymity --------------------------------------------------------------------------------


def test_a_ballot_paper_has_no_column_for_the_voter_nor_a_time():
    fields = BallotPaper._meta.get_fields()
    related = {f.related_model for f in fields if f.is_relation}
    assert related == {BallotRound, YearEndReport}
    assert not any(isinstance(f, models.DateField | models.TimeField) for f in fields)
    assert {f.name for f in fields} == {"id", "round", "report", "score"}
    pk = BallotPaper._meta.pk
    assert isinstance(pk, models.UUIDField) and pk.default is uuid.uuid4
    # Nor does the voter record point at a paper.
    assert not any(
        f.related_model is BallotPaper for f in BallotVoter._meta.get_fields() if f.is_relation
    )


def test_papers_do_not_come_out_in_the_order_the_votes_were_cast(committee, open_ballot):
    reports = list(selectors.reports_for_round(open_ballot))
    cast_order = []
    for i in range(8):
        voter = standing_member(committee)
        services.cast_ballot(
            round=open_ballot, voter=voter, scores=scores_for(reports, 50 + i, 60 + i)
        )
        cast_order.append(Decimal(50 + i))
    ids_while_open = set(BallotPaper.objects.values_list("pk", flat=True))

    closed = services.ballot_round_close(round=open_ballot)

    papers = BallotPaper.objects.filter(round=closed, report=reports[0])
    listed = [p.score for p in papers]
    assert sorted(listed) == sorted(cast_order)
    # Ordered by a random id: the chance of matching the voting order is 1 in 8! = 40,320.
    assert listed != cast_order
    assert all(p.pk.version == 4 for p in papers)
    # Closing shook the box: every paper was rewritten under a new id, in a new order.
    assert ids_while_open.isdisjoint(BallotPaper.objects.values_list("pk", flat=True))
    assert BallotPaper.objects.count() == 16


# --- casting ----------------------------------------------------------------------------------


def test_a_standing_committee_member_scores_every_report(open_ballot, reports, voters):
    written = services.cast_ballot(
        round=open_ballot, voter=voters[0], scores=scores_for(reports, "88.5", 90)
    )
    assert written == 2
    assert sorted(BallotPaper.objects.values_list("score", flat=True)) == [
        Decimal("88.50"),
        Decimal("90.00"),
    ]
    voted = BallotVoter.objects.get()
    assert (voted.voter, voted.round) == (voters[0], open_ballot)


def test_a_second_vote_is_refused(open_ballot, reports, voters):
    services.cast_ballot(round=open_ballot, voter=voters[0], scores=scores_for(reports, 80, 80))
    error = refusal(
        lambda: services.cast_ballot(
            round=open_ballot, voter=voters[0], scores=scores_for(reports, 10, 10)
        )
    )
    assert error.code == "already_voted"
    assert "不能重复投票" in error.messages[0]
    assert BallotPaper.objects.count() == 2
    assert BallotVoter.objects.count() == 1


def test_the_database_refuses_a_second_voter_row(open_ballot, voters):
    BallotVoter.objects.create(round=open_ballot, voter=voters[0])
    with pytest.raises(Exception, match="(?i)unique"):
        BallotVoter.objects.create(round=open_ballot, voter=voters[0])


def test_a_member_off_the_standing_committee_cannot_vote(committee, open_ballot, reports):
    ordinary = MemberFactory(committee=committee)
    former = standing_member(committee, end=at(12, 31, year=2024).date())
    for member in (ordinary, former):
        error = refusal(
            lambda m=member: services.cast_ballot(
                round=open_ballot, voter=m, scores=scores_for(reports, 80, 80)
            )
        )
        assert error.code == "not_standing_committee"
    assert not BallotPaper.objects.exists()
    assert not BallotVoter.objects.exists()


def test_a_member_of_another_committee_cannot_vote(other_committee, open_ballot, reports):
    outsider = standing_member(other_committee)
    error = refusal(
        lambda: services.cast_ballot(
            round=open_ballot, voter=outsider, scores=scores_for(reports, 80, 80)
        )
    )
    assert error.code == "cross_committee"


def test_no_vote_while_the_round_is_a_draft_or_closed(ballot, reports, voters):
    error = refusal(
        lambda: services.cast_ballot(
            round=ballot, voter=voters[0], scores=scores_for(reports, 80, 80)
        )
    )
    assert error.code == "not_open"
    services.ballot_round_open(round=ballot)
    closed = services.ballot_round_close(round=ballot)
    error = refusal(
        lambda: services.cast_ballot(
            round=closed, voter=voters[0], scores=scores_for(reports, 80, 80)
        )
    )
    assert error.code == "not_open"
    assert not BallotPaper.objects.exists()


@pytest.mark.parametrize("moment", [at(1, 9), at(1, 20), at(1, 25)])
def test_no_vote_outside_the_rounds_dates(frozen_time, open_ballot, reports, voters, moment):
    frozen_time.move_to(moment)
    error = refusal(
        lambda: services.cast_ballot(
            round=open_ballot, voter=voters[0], scores=scores_for(reports, 80, 80)
        )
    )
    assert error.code == "not_open"


@pytest.mark.parametrize("bad", ["100.01", "-1", "abc", "12.345", "NaN"])
def test_a_score_must_be_between_0_and_100(open_ballot, reports, voters, bad):
    scores = {reports[0].pk: bad, reports[1].pk: Decimal(50)}
    error = refusal(lambda: services.cast_ballot(round=open_ballot, voter=voters[0], scores=scores))
    assert error.code == "bad_score"
    assert not BallotVoter.objects.exists()


def test_the_database_refuses_a_score_above_100(open_ballot, reports):
    with pytest.raises(Exception, match="(?i)check|constraint"):
        BallotPaper.objects.create(round=open_ballot, report=reports[0], score=Decimal("100.5"))


def test_a_ballot_must_score_every_report_and_only_the_rounds(open_ballot, reports, voters, groups):
    error = refusal(
        lambda: services.cast_ballot(
            round=open_ballot, voter=voters[0], scores={reports[0].pk: Decimal(80)}
        )
    )
    assert error.code == "incomplete"
    last_year = YearEndReportFactory(group=groups[0], year=YEAR - 1, submitted=True)
    draft = YearEndReportFactory(group=groups[0], year=YEAR + 1)
    for stray in (last_year, draft):
        scores = {**scores_for(reports, 80, 80), stray.pk: Decimal(80)}
        error = refusal(
            lambda s=scores: services.cast_ballot(round=open_ballot, voter=voters[0], scores=s)
        )
        assert error.code == "unknown_report"
    assert not BallotVoter.objects.exists()


# --- the round's states -----------------------------------------------------------------------


def test_a_round_opens_once_and_closes_once(ballot):
    error = refusal(lambda: services.ballot_round_close(round=ballot))
    assert error.code == "illegal_transition"
    opened = services.ballot_round_open(round=ballot)
    assert opened.state == BallotRound.State.OPEN
    assert refusal(lambda: services.ballot_round_open(round=opened)).code == "illegal_transition"
    closed = services.ballot_round_close(round=opened)
    assert closed.state == BallotRound.State.CLOSED and closed.closed_at is not None
    assert refusal(lambda: services.ballot_round_open(round=closed)).code == "illegal_transition"


def test_one_round_per_committee_and_year(committee, ballot):
    duplicate = BallotRound(committee=committee, year=YEAR, opens_at=at(2, 1), closes_at=at(2, 2))
    assert "已有常委会测评" in " ".join(
        refusal(lambda: services.ballot_round_save(round=duplicate)).messages
    )


def test_voting_must_close_after_it_opens(committee):
    backwards = BallotRound(committee=committee, year=YEAR, opens_at=at(2, 2), closes_at=at(2, 1))
    assert refusal(lambda: services.ballot_round_save(round=backwards))


# --- results ----------------------------------------------------------------------------------


def test_results_per_report_only_once_the_round_is_closed(open_ballot, reports, voters, groups):
    for voter, (a, b) in zip(voters, [(80, 70), (91, 75), ("70.5", 71)], strict=True):
        services.cast_ballot(round=open_ballot, voter=voter, scores=scores_for(reports, a, b))
    assert refusal(lambda: selectors.results_for_round(open_ballot)).code == "round_not_closed"
    # A report submitted after everyone voted is on the results with no ballots.
    late_group = groups[0].__class__.objects.create(
        committee=groups[0].committee, name="迟交联络组", kind="township", display_order=9
    )
    late = YearEndReportFactory(group=late_group, year=YEAR, submitted=True)

    closed = services.ballot_round_close(round=open_ballot)

    results = selectors.results_for_round(closed)
    assert [(r.report_id, r.ballots, r.average) for r in results] == [
        (reports[0].pk, 3, Decimal("80.50")),  # (80 + 91 + 70.5) / 3
        (reports[1].pk, 3, Decimal("72.00")),  # (70 + 75 + 71) / 3
        (late.pk, 0, None),
    ]


def test_eligible_voters_are_the_standing_committee_on_the_day(committee, ballot, voters):
    standing_member(committee, end=at(12, 31, year=2024).date())
    MemberFactory(committee=committee)
    eligible = selectors.eligible_voters(ballot, at(1, 15).date())
    assert set(eligible) == set(voters)
    assert Member.objects.filter(committee=committee).count() == 5
