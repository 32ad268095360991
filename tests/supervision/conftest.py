import pytest

from tests.factories.meetings import member_of
from tests.factories.supervision import SupervisionTopicFactory


@pytest.fixture
def topic(committee):
    return SupervisionTopicFactory(committee=committee)


@pytest.fixture
def members(committee):
    return [member_of(committee, name=name) for name in ("张三", "李四")]


@pytest.fixture
def outsider(other_committee):
    return member_of(other_committee, name="赵六")
