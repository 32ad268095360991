import pytest

from tests.factories.core import CommitteeFactory, StaffUserFactory


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def other_committee(db):
    return CommitteeFactory()


@pytest.fixture
def staff(committee):
    return StaffUserFactory(committee=committee)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
