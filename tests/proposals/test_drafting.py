"""Drafting a proposal, gathering co-signers and submitting it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from proposals import services
from proposals.models import Proposal, ProposalCoSigner, ProposalState
from tests.factories.core import MemberFactory, StaffUserFactory, UserFactory
from tests.factories.proposals import ProposalFactory, member_of, proposal_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def draft(proposer, **kwargs):
    return services.proposal_create(
        committee=proposer.committee,
        term=proposer.term,
        year=2024,
        title="关于推进县域医共体建设的建议",
        body="……",
        category="social",
        first_proposer=proposer,
        by=proposer.user,
        **kwargs,
    )


def test_it_lets_a_member_draft_their_own_proposal(proposer):
    proposal = draft(proposer)
    assert proposal.state == ProposalState.DRAFT
    assert proposal.created_by == proposer.user
    assert proposal.history.count() == 1


def test_it_refuses_a_member_drafting_in_someone_elses_name(proposer, colleague):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            committee=proposer.committee,
            term=proposer.term,
            year=2024,
            title="代拟",
            body="……",
            category="social",
            first_proposer=colleague,
            by=proposer.user,
        )
    assert not Proposal.objects.exists()


def test_it_lets_staff_enter_a_sector_proposal(staff, term):
    sector = MemberFactory(committee=staff.committee, term=term).sector
    proposal = services.proposal_create(
        committee=staff.committee,
        term=term,
        year=2024,
        title="关于发展智慧农业的建议",
        body="……",
        category="economic",
        submitter_kind="sector",
        submitting_sector=sector,
        by=staff,
    )
    assert proposal.submitter_display == sector.name
    assert proposal.is_collective


def test_it_refuses_a_proposer_who_has_left(staff, term):
    former = member_of(staff.committee, status="resigned", left_on=term.start_date)
    with pytest.raises(ValidationError, match="no longer an active member"):
        services.proposal_create(
            committee=staff.committee,
            term=term,
            year=2024,
            title="x",
            body="y",
            category="other",
            first_proposer=former,
            by=staff,
        )


def test_it_refuses_a_year_outside_the_term(proposer):
    with pytest.raises(ValidationError, match="within the term"):
        services.proposal_create(
            committee=proposer.committee,
            term=proposer.term,
            year=2031,
            title="x",
            body="y",
            category="other",
            first_proposer=proposer,
            by=proposer.user,
        )


def test_the_proposer_edits_a_draft_but_not_a_submitted_proposal(proposer):
    proposal = draft(proposer)
    services.proposal_update(proposal=proposal, title="新标题", by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).title == "新标题"
    services.proposal_submit(proposal=proposal, by=proposer.user)
    with pytest.raises(PermissionDenied):
        services.proposal_update(proposal=proposal, title="再改", by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).title == "新标题"


def test_staff_correct_the_text_after_submission_but_not_who_submitted(staff, proposer, colleague):
    proposal = draft(proposer)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    services.proposal_update(proposal=proposal, body="规范后的正文", by=staff)
    with pytest.raises(ValidationError, match="only change while it is a draft"):
        services.proposal_update(proposal=proposal, first_proposer=colleague, by=staff)
    proposal.refresh_from_db()
    assert (proposal.body, proposal.first_proposer) == ("规范后的正文", proposer)


def test_a_joint_proposal_waits_for_every_invited_cosigner(proposer, colleague):
    proposal = draft(proposer, submitter_kind="joint")
    cosigner = services.proposal_cosigner_invite(
        proposal=proposal, member=colleague, by=proposer.user
    )
    with pytest.raises(ValidationError, match=f"Still waiting.*{colleague.name}"):
        services.proposal_submit(proposal=proposal, by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT

    services.proposal_cosigner_respond(cosigner=cosigner, accept=True, by=colleague.user)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_declined_cosigners_drop_out_but_a_joint_proposal_needs_one_confirmation(
    proposer, colleague
):
    proposal = draft(proposer, submitter_kind="joint")
    cosigner = services.proposal_cosigner_invite(
        proposal=proposal, member=colleague, by=proposer.user
    )
    services.proposal_cosigner_respond(cosigner=cosigner, accept=False, by=colleague.user)
    with pytest.raises(ValidationError, match="at least one confirmed co-signer"):
        services.proposal_submit(proposal=proposal, by=proposer.user)

    third = member_of(proposer.committee, user=UserFactory(committee=proposer.committee))
    services.proposal_cosigner_respond(
        cosigner=services.proposal_cosigner_invite(
            proposal=proposal, member=third, by=proposer.user
        ),
        accept=True,
        by=third.user,
    )
    services.proposal_submit(proposal=proposal, by=proposer.user)
    statuses = dict(proposal.cosigners.values_list("member__name", "status"))
    assert statuses == {colleague.name: "declined", third.name: "confirmed"}


def test_only_the_invited_member_or_staff_answers_an_invitation(proposer, colleague, staff):
    proposal = draft(proposer, submitter_kind="joint")
    cosigner = services.proposal_cosigner_invite(
        proposal=proposal, member=colleague, by=proposer.user
    )
    with pytest.raises(PermissionDenied):
        services.proposal_cosigner_respond(cosigner=cosigner, accept=True, by=proposer.user)
    services.proposal_cosigner_respond(cosigner=cosigner, accept=True, by=staff)
    assert ProposalCoSigner.objects.get(pk=cosigner.pk).status == "confirmed"


def test_cosignatures_are_settled_once_submitted(proposer, colleague):
    proposal = draft(proposer, submitter_kind="joint")
    cosigner = services.proposal_cosigner_invite(
        proposal=proposal, member=colleague, by=proposer.user
    )
    services.proposal_cosigner_respond(cosigner=cosigner, accept=True, by=colleague.user)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    with pytest.raises(ValidationError, match="co-signatures are settled"):
        services.proposal_cosigner_respond(cosigner=cosigner, accept=False, by=colleague.user)
    with pytest.raises(ValidationError, match="only be invited while the proposal is a draft"):
        services.proposal_cosigner_invite(
            proposal=proposal, member=member_of(proposer.committee), by=proposer.user
        )
    with pytest.raises(ValidationError, match="only be removed while the proposal is a draft"):
        services.proposal_cosigner_remove(cosigner=cosigner, by=proposer.user)
    assert ProposalCoSigner.objects.get(pk=cosigner.pk).status == "confirmed"


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("first_proposer", "The first proposer cannot also be a co-signer."),
        ("other_committee", "The member belongs to another committee."),
        ("duplicate", "This member is already a co-signer of the proposal."),
        ("resigned", "is no longer an active member"),
    ],
)
def test_it_refuses_an_impossible_cosigner(proposer, colleague, who, message):
    proposal = draft(proposer, submitter_kind="joint")
    services.proposal_cosigner_invite(proposal=proposal, member=colleague, by=proposer.user)
    member = {
        "first_proposer": lambda: proposer,
        "other_committee": lambda: MemberFactory(),
        "duplicate": lambda: colleague,
        "resigned": lambda: member_of(
            proposer.committee, status="resigned", left_on=proposer.joined_on
        ),
    }[who]()
    with pytest.raises(ValidationError, match=message):
        services.proposal_cosigner_invite(proposal=proposal, member=member, by=proposer.user)
    assert proposal.cosigners.count() == 1


def test_a_single_member_proposal_takes_no_cosigners(proposer, colleague):
    proposal = draft(proposer)
    with pytest.raises(ValidationError, match="make it a joint proposal first"):
        services.proposal_cosigner_invite(proposal=proposal, member=colleague, by=proposer.user)


def test_a_proposal_with_cosigners_stays_joint(proposer, colleague):
    proposal = draft(proposer, submitter_kind="joint")
    services.proposal_cosigner_invite(proposal=proposal, member=colleague, by=proposer.user)
    with pytest.raises(ValidationError, match="is a joint proposal"):
        services.proposal_update(proposal=proposal, submitter_kind="member", by=proposer.user)
    with pytest.raises(ValidationError, match="cannot also be a co-signer"):
        services.proposal_update(proposal=proposal, first_proposer=colleague, by=proposer.user)


def test_the_proposer_removes_an_invitation_while_drafting(proposer, colleague):
    proposal = draft(proposer, submitter_kind="joint")
    cosigner = services.proposal_cosigner_invite(
        proposal=proposal, member=colleague, by=proposer.user
    )
    services.proposal_cosigner_remove(cosigner=cosigner, by=proposer.user)
    assert not proposal.cosigners.exists()


def test_staff_return_a_proposal_with_a_reason_and_the_proposer_resubmits(proposer, staff):
    proposal = draft(proposer)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    with pytest.raises(ValidationError, match="Say why"):
        services.proposal_return_for_revision(proposal=proposal, reason="  ", by=staff)
    services.proposal_return_for_revision(proposal=proposal, reason="请补充数据", by=staff)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.returned_reason) == (ProposalState.DRAFT, "请补充数据")
    services.proposal_submit(proposal=proposal, by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_only_staff_return_or_register(proposer):
    proposal = draft(proposer)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    with pytest.raises(PermissionDenied):
        services.proposal_return_for_revision(proposal=proposal, reason="x", by=proposer.user)
    with pytest.raises(PermissionDenied):
        services.proposal_register(proposal=proposal, by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED


def test_staff_of_a_higher_committee_read_but_do_not_act(proposer):
    proposal = draft(proposer)
    services.proposal_submit(proposal=proposal, by=proposer.user)
    proposer.committee.parent = StaffUserFactory().committee
    proposer.committee.parent.level = "municipal"
    proposer.committee.parent.save()
    proposer.committee.save()
    city_staff = StaffUserFactory(committee=proposer.committee.parent)
    with pytest.raises(PermissionDenied):
        services.proposal_register(proposal=proposal, by=city_staff)


def test_a_withdrawal_needs_a_reason(proposer):
    proposal = draft(proposer)
    with pytest.raises(ValidationError, match="Say why"):
        services.proposal_withdraw(proposal=proposal, reason="", by=proposer.user)
    services.proposal_withdraw(proposal=proposal, reason="与他人重复", by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.WITHDRAWN


def test_every_submitter_kind_can_be_carried_to_the_end():
    for kind in ["member", "joint", "sector", "party", "special_committee", "session_group"]:
        proposal = proposal_in_state(ProposalState.CLOSED, submitter_kind=kind)
        assert proposal.state == ProposalState.CLOSED
        assert proposal.submitter_display


def test_a_collective_proposal_with_a_lead_drafter_accepts_participants(staff, term):
    proposal = ProposalFactory(
        committee=staff.committee,
        term=term,
        submitter_kind="sector",
        first_proposer=member_of(staff.committee),
    )
    participant = member_of(staff.committee)
    services.proposal_cosigner_invite(proposal=proposal, member=participant, by=staff)
    assert proposal.cosigners.get().member == participant


def test_the_year_is_fixed_once_the_serial_number_is_given(staff):
    proposal = proposal_in_state(ProposalState.REGISTERED, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="fixed once the proposal has its serial number"):
        services.proposal_update(proposal=proposal, year=2025, by=staff)
    assert Proposal.objects.get(pk=proposal.pk).year == 2024
