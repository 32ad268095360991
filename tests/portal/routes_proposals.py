"""Matrix rows of the proposal pages: a member's own proposals and reports, a unit's inbox."""

from __future__ import annotations

from proposals.models import HandlingUnitUser, ProposalAssignment, ProposalState, SubmitterKind
from tests.factories.proposals import (
    ProposalCoSignerFactory,
    ProposalFactory,
    SocialReportAuthorFactory,
    member_of,
    proposal_assigned_to,
    proposal_in_state,
)
from tests.portal.matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    REDIRECT,
    members_only,
    only,
)


def own_member(outcome):
    """The member's own object: theirs; other members are told it does not exist (404);
    people who are no member at all are refused (403)."""
    return {**members_only(NOT_FOUND), "member": outcome}


def units_only(outcome):
    return only({"unit_user": outcome}, otherwise=FORBIDDEN)


def _member(people):
    return people.member.member


def own_draft(people, committee):
    return {"pk": ProposalFactory(committee=committee, first_proposer=_member(people)).pk}


def own_joint_draft_with_cosigner(people, committee):
    proposal = ProposalFactory(
        committee=committee, first_proposer=_member(people), submitter_kind=SubmitterKind.JOINT
    )
    cosigner = ProposalCoSignerFactory(proposal=proposal, member=member_of(committee))
    return {"pk": proposal.pk, "cosigner_pk": cosigner.pk}


def own_invitation(people, committee):
    proposal = ProposalFactory(committee=committee, submitter_kind=SubmitterKind.JOINT)
    return {"cosigner_pk": ProposalCoSignerFactory(proposal=proposal, member=_member(people)).pk}


def own_answered(people, committee):
    proposal = proposal_in_state(
        ProposalState.ANSWERED, committee=committee, first_proposer=_member(people)
    )
    return {"pk": proposal.pk}


def _unit(people):
    return HandlingUnitUser.objects.filter(user=people.unit_user).first().unit


def unit_proposal(people, committee):
    return {"pk": proposal_assigned_to(_unit(people)).pk}


def unit_assignment(people, committee):
    proposal = proposal_assigned_to(_unit(people))
    return {"assignment_pk": ProposalAssignment.objects.get(proposal=proposal).pk}


def own_report(people, committee):
    return {
        "pk": SocialReportAuthorFactory(
            report__committee=committee, member=_member(people)
        ).report_id
    }


# Without its date the reply is refused and the form shown again (200): only access is at stake.
REPLY = {"reply_category": "A", "reply_body": "已采纳，正在落实。"}

ROWS = {
    "proposals:mine": ("get", None, None, members_only(OK)),
    "proposals:create": ("get", None, None, members_only(OK)),
    "proposals:detail": ("get", own_draft, None, own_member(OK)),
    "proposals:edit": ("get", own_draft, None, own_member(OK)),
    "proposals:submit": ("post", own_draft, None, own_member(REDIRECT)),
    "proposals:rate": ("post", own_answered, {"satisfaction": "satisfied"}, own_member(REDIRECT)),
    "proposals:invite": ("post", own_draft, {"member": 0}, own_member(REDIRECT)),
    "proposals:cosigner_remove": (
        "post",
        own_joint_draft_with_cosigner,
        None,
        own_member(REDIRECT),
    ),
    "proposals:cosign_respond": ("post", own_invitation, {"accept": "1"}, own_member(REDIRECT)),
    "proposals:inbox": ("get", None, None, units_only(OK)),
    "proposals:unit_detail": ("get", unit_proposal, None, units_only(OK)),
    "proposals:reply": ("post", unit_assignment, REPLY, units_only(OK)),
    "proposals:reports": ("get", None, None, members_only(OK)),
    "proposals:report_create": ("get", None, None, members_only(OK)),
    "proposals:report_detail": ("get", own_report, None, own_member(OK)),
    "proposals:report_submit": ("post", own_report, None, own_member(REDIRECT)),
}
