"""The people the bad-input tests send their forms and API writes as."""

import pytest

from tests.factories.core import UserFactory
from tests.factories.proposals import member_of


@pytest.fixture
def member(committee):
    return member_of(committee, user=UserFactory(committee=committee), name="李梅")


@pytest.fixture
def fellow(committee):
    return member_of(committee, name="赵强")
