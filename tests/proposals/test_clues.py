"""Proposal clues from the public: handed in without an account, triaged by staff."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from proposals import services
from proposals.models import ClueStatus, ProposalClue
from tests.factories.core import MemberFactory, UserFactory
from tests.factories.proposals import ProposalFactory, clue_in_state, member_of

pytestmark = pytest.mark.django_db
C = ClueStatus

WORKFLOW = {
    "start_review": ({C.NEW}, C.UNDER_REVIEW),
    "refer": ({C.NEW, C.UNDER_REVIEW}, C.REFERRED),
    "adopt": ({C.UNDER_REVIEW, C.REFERRED}, C.ADOPTED),
    "decline": ({C.NEW, C.UNDER_REVIEW, C.REFERRED}, C.NOT_ADOPTED),
}
LABELS_EN = {
    "start_review": "start review",
    "refer": "refer to a member",
    "adopt": "adopt",
    "decline": "not adopt",
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(name, clue, staff):
    return {
        "start_review": lambda: services.clue_start_review(clue=clue, by=staff),
        "refer": lambda: services.clue_refer(
            clue=clue, member=member_of(clue.committee), note="请酌情转化", by=staff
        ),
        "adopt": lambda: services.clue_adopt(
            clue=clue, proposal=ProposalFactory(committee=clue.committee), by=staff
        ),
        "decline": lambda: services.clue_decline(clue=clue, note="属于个人诉求", by=staff),
    }[name]()


PAIRS = list(itertools.product(list(C), WORKFLOW))


@pytest.mark.parametrize(("state", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
def test_every_clue_transition_from_every_status(state, name, staff):
    clue = clue_in_state(state, staff=staff, committee=staff.committee)
    before = ProposalClue.objects.filter(pk=clue.pk).values().get()
    sources, target = WORKFLOW[name]
    if state in sources:
        run(name, clue, staff)
        clue.refresh_from_db()
        assert (clue.status, clue.handled_by) == (target, staff)
    else:
        with pytest.raises(ValidationError) as excinfo:
            run(name, clue, staff)
        assert excinfo.value.messages == [
            f"The proposal clue is “{C(state).label}”; it cannot be “{LABELS_EN[name]}”."
        ]
        assert ProposalClue.objects.filter(pk=clue.pk).values().get() == before


def test_anyone_may_hand_in_a_clue_without_contact_details(committee):
    clue = services.clue_submit(
        committee=committee, title="小区停车难", content="夜间车辆乱停", channel="contact_point"
    )
    assert (clue.status, clue.contact_name, clue.handled_at) == (C.NEW, "", None)


def test_a_clue_goes_to_a_member_of_the_same_committee(staff):
    clue = clue_in_state(C.NEW, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="another committee"):
        services.clue_refer(clue=clue, member=MemberFactory(), by=staff)
    with pytest.raises(ValidationError, match="another committee"):
        services.clue_adopt(
            clue=clue_in_state(C.UNDER_REVIEW, committee=staff.committee, staff=staff),
            proposal=ProposalFactory(),
            by=staff,
        )


def test_the_referred_member_records_the_proposal_it_became(committee, staff):
    member = MemberFactory(
        committee=committee,
        term=ProposalFactory(committee=committee).term,
        user=UserFactory(committee=committee),
    )
    clue = clue_in_state(C.NEW, staff=staff, committee=committee)
    services.clue_refer(clue=clue, member=member, by=staff)
    proposal = ProposalFactory(committee=committee, first_proposer=member)
    services.clue_adopt(clue=clue, proposal=proposal, by=member.user)
    clue.refresh_from_db()
    assert (clue.status, clue.resulting_proposal) == (C.ADOPTED, proposal)
    assert list(proposal.source_clues.all()) == [clue]


def test_other_members_do_not_triage_clues(committee, staff):
    clue = clue_in_state(C.NEW, staff=staff, committee=committee)
    member = member_of(committee, user=UserFactory(committee=committee))
    with pytest.raises(PermissionDenied):
        services.clue_start_review(clue=clue, by=member.user)
    with pytest.raises(PermissionDenied):
        services.clue_decline(clue=clue, note="x", by=member.user)


def test_a_declined_clue_says_why(staff):
    clue = clue_in_state(C.UNDER_REVIEW, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="Say why"):
        services.clue_decline(clue=clue, note=" ", by=staff)
    assert ProposalClue.objects.get(pk=clue.pk).status == C.UNDER_REVIEW
