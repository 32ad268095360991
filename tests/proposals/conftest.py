import pytest

from tests.factories.core import MemberFactory, TermFactory, UserFactory
from tests.factories.proposals import HandlingUnitFactory, HandlingUnitUserFactory


@pytest.fixture
def term(committee):
    return TermFactory(committee=committee)


@pytest.fixture
def proposer(committee, term):
    """A member with a user account, who drafts their own proposals."""
    return MemberFactory(committee=committee, term=term, user=UserFactory(committee=committee))


@pytest.fixture
def colleague(committee, term):
    """Another member of the same committee, with a user account."""
    return MemberFactory(committee=committee, term=term, user=UserFactory(committee=committee))


@pytest.fixture
def lead_unit(committee):
    return HandlingUnitFactory(committee=committee, name="县发展和改革局")


@pytest.fixture
def co_unit(committee):
    return HandlingUnitFactory(committee=committee, name="县财政局")


@pytest.fixture
def unit_officer(lead_unit):
    return HandlingUnitUserFactory(unit=lead_unit).user
