import datetime

import pytest
from django.utils import translation

from tests.factories.liaison import ContactPointFactory, LiaisonGroupFactory, MemberFactory


@pytest.fixture
def make_member(committee):
    """Members of the test committee who joined at the start of the term."""

    def make(**kwargs):
        return MemberFactory(committee=committee, **kwargs)

    return make


@pytest.fixture
def group(committee):
    return LiaisonGroupFactory(committee=committee, name="城关镇联络组")


@pytest.fixture
def other_group(committee):
    return LiaisonGroupFactory(committee=committee, name="东风镇联络组")


@pytest.fixture
def point(committee):
    return ContactPointFactory(committee=committee, name="城关镇委员工作室")


@pytest.fixture
def day():
    return datetime.date(2024, 5, 6)


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read service and model messages in their source language; the admin tests read
    the Chinese pages the site serves (the request picks its own language)."""
    with translation.override("en"):
        yield
