import pytest

from tests.factories.core import StaffUserFactory
from tests.factories.meetings import MeetingFactory, member_of


@pytest.fixture
def meeting(committee):
    return MeetingFactory(committee=committee)


@pytest.fixture
def members(committee):
    return [member_of(committee, name=name) for name in ("张三", "李四", "王五")]


@pytest.fixture
def outsider(other_committee):
    """A member of another committee."""
    return member_of(other_committee, name="赵六")


@pytest.fixture
def other_staff(other_committee):
    return StaffUserFactory(committee=other_committee)
