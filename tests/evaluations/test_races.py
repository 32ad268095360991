"""Two submissions at the same instant, on PostgreSQL: exactly one counts.

The threads use their own database connections, so the test data is committed
(``transaction=True``).
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from evaluations import selectors, services
from evaluations.models import BallotPaper, BallotVoter, PublicInvitation, PublicRating
from tests.factories.liaison import LiaisonGroupFactory

from .helpers import NOW, YEAR, scores_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def at_once(call, times=2):
    """Run ``call`` in ``times`` threads released together; return what each returned/raised."""
    barrier = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as error:  # collected and asserted on by the test
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_a_double_submitted_ballot_counts_once(open_ballot, reports, voters):
    assert connection.vendor == "postgresql"
    outcomes = at_once(
        lambda: services.cast_ballot(
            round=open_ballot, voter=voters[0], scores=scores_for(reports, 80, 90)
        )
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationError", "int"]
    error = next(o for o in outcomes if isinstance(o, ValidationError))
    assert error.code == "already_voted"
    assert BallotVoter.objects.count() == 1
    assert BallotPaper.objects.count() == 2


def test_a_double_submitted_public_rating_counts_once(committee):
    assert connection.vendor == "postgresql"
    _invitation, token = services.public_invitation_issue(
        committee=committee,
        year=YEAR,
        group=LiaisonGroupFactory(committee=committee),
        label="村民代表",
        expires_at=NOW.replace(year=2026),
    )
    outcomes = at_once(lambda: services.public_rating_submit(token=token, stars=5))
    refusals = [o for o in outcomes if isinstance(o, selectors.InvitationUnavailable)]
    assert len(refusals) == 1 and refusals[0].reason == "used"
    assert PublicRating.objects.count() == 1
    assert PublicInvitation.objects.get().used_at is not None
    assert Decimal(PublicRating.objects.get().stars) == 5
