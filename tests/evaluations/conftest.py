"""A county with two liaison groups, their 2024 year-end reports, and a Standing Committee.

Time stands at 15 January 2025, 10:00 in the committee's time zone; the 2024 ballot runs from
10 to 20 January.
"""

import pytest
import time_machine
from django.core.cache import cache

from evaluations import services
from evaluations.models import BallotRound
from tests.factories.liaison import LiaisonGroupFactory, YearEndReportFactory

from .helpers import NOW, YEAR, at, standing_member


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def groups(committee):
    return [LiaisonGroupFactory(committee=committee, display_order=i) for i in range(2)]


@pytest.fixture
def reports(groups):
    return [YearEndReportFactory(group=g, year=YEAR, submitted=True) for g in groups]


@pytest.fixture
def voters(committee):
    return [standing_member(committee) for _ in range(3)]


@pytest.fixture
def ballot(committee):
    return BallotRound.objects.create(
        committee=committee, year=YEAR, opens_at=at(1, 10), closes_at=at(1, 20)
    )


@pytest.fixture
def open_ballot(ballot, reports):
    return services.ballot_round_open(round=ballot)
