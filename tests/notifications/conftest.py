import pytest

from tests.factories.core import UserFactory
from tests.factories.liaison import MemberFactory


def member_with_login(committee, *, email="", **kwargs):
    """A member who signs in (their account carries ``email``)."""
    user = UserFactory(committee=committee, email=email)
    return MemberFactory(committee=committee, user=user, **kwargs)


@pytest.fixture
def member(committee):
    return member_with_login(committee, email="wang@example.cn")


@pytest.fixture
def user(member):
    return member.user
