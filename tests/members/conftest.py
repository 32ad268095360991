import datetime

import pytest
from django.utils import translation

from committees.models import Committee
from tests.factories.core import (
    CommitteeFactory,
    MemberFactory,
    SectorFactory,
    StaffUserFactory,
    TermFactory,
)


@pytest.fixture
def term(committee):
    return TermFactory(committee=committee, number=12)


@pytest.fixture
def sector(committee):
    return SectorFactory(committee=committee, name="教育界")


@pytest.fixture
def other_sector(committee):
    return SectorFactory(committee=committee, name="医药卫生界")


@pytest.fixture
def member(committee, term, sector):
    return MemberFactory(
        committee=committee, term=term, sector=sector, joined_on=datetime.date(2022, 1, 10)
    )


@pytest.fixture
def county(committee):
    """A county committee below the staff user's (municipal) committee."""
    committee.level = Committee.Level.MUNICIPAL
    committee.save()
    return CommitteeFactory(parent=committee, level=Committee.Level.COUNTY)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(StaffUserFactory(committee=None, is_superuser=True))
    return client


@pytest.fixture
def english():
    """Model and service messages asserted in their source language (the admin tests read Chinese)."""
    with translation.override("en"):
        yield
