"""The Standing Committee hears when its ballot opens and, if it has not voted, when it closes."""

import datetime

import pytest

from evaluations import services
from notifications.models import Notification, Reason
from notifications.reminders import reminder_run
from tests.factories.liaison import MemberFactory

from .helpers import scores_for, standing_member

pytestmark = pytest.mark.django_db


def reached(reason):
    return set(Notification.objects.filter(reason=reason).values_list("email", flat=True))


def test_standing_members_yet_to_vote_hear_once_when_the_ballot_opens_and_before_it_closes(
    committee, open_ballot, reports
):
    voted = standing_member(committee, email="voted@example.cn")
    standing_member(committee, email="waiting@example.cn")
    MemberFactory(committee=committee, email="ordinary@example.cn")  # not on the Standing Committee
    services.cast_ballot(round=open_ballot, voter=voted, scores=scores_for(reports, 90, 80))
    today = datetime.date(2025, 1, 15)

    assert reminder_run(reason=Reason.BALLOT_OPEN, today=today) == 1
    assert reached(Reason.BALLOT_OPEN) == {"waiting@example.cn"}
    assert reminder_run(reason=Reason.BALLOT_OPEN, today=today) == 0  # once per round

    # Closing on 20 January: nothing on the 15th, a reminder from the 18th, only once.
    assert reminder_run(reason=Reason.BALLOT_CLOSING, today=today) == 0
    assert reminder_run(reason=Reason.BALLOT_CLOSING, today=datetime.date(2025, 1, 18)) == 1
    assert reminder_run(reason=Reason.BALLOT_CLOSING, today=datetime.date(2025, 1, 19)) == 0
    assert reached(Reason.BALLOT_CLOSING) == {"waiting@example.cn"}


def test_a_draft_or_closed_round_reminds_nobody(committee, ballot, reports):
    standing_member(committee, email="waiting@example.cn")
    assert reminder_run(reason=Reason.BALLOT_OPEN, today=datetime.date(2025, 1, 15)) == 0
    services.ballot_round_open(round=ballot)
    services.ballot_round_close(round=ballot)
    assert reminder_run(reason=Reason.BALLOT_CLOSING, today=datetime.date(2025, 1, 19)) == 0


def test_the_reminder_query_count_does_not_grow_with_the_standing_committee(
    committee, open_ballot, django_assert_max_num_queries
):
    for n in range(12):
        standing_member(committee, email=f"s{n}@example.cn")
    with django_assert_max_num_queries(3):
        from notifications.reminders.ballots import ballot_open

        assert len(ballot_open(datetime.date(2025, 1, 15))) == 12
