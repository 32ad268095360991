"""Writing a proposal: drafting, co-signing, submitting, returning and withdrawing."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, SpecialCommittee, Term
from members.models import Member
from sectors.models import Sector

from .. import tasks
from ..models import Proposal, ProposalCoSigner, ProposalState, SubmitterKind
from ._base import (
    lock,
    require_perm,
    require_text,
    require_transition,
    run_transition,
    save,
    state_error,
)

#: Fields a proposer may change while drafting and staff may correct later.
CONTENT_FIELDS = {"title", "body", "category", "session", "year", "term"}
#: Fields that place a proposal in a year's numbering; fixed once it is registered.
NUMBERING_FIELDS = {"year", "term"}
#: Fields that say who submits; they only change while the proposal is a draft.
SUBMITTER_FIELDS = {
    "submitter_kind",
    "first_proposer",
    "submitting_sector",
    "submitting_party",
    "submitting_special_committee",
    "session_group",
}


def _check_member_active(member: Member | None, field: str) -> None:
    if member is not None and not member.is_active:
        raise ValidationError(
            {field: _("%(member)s is no longer an active member.") % {"member": member}}
        )


@transaction.atomic
def proposal_create(
    *,
    committee: Committee,
    term: Term,
    year: int,
    title: str,
    body: str,
    category: str,
    by,
    submitter_kind: str = SubmitterKind.MEMBER,
    first_proposer: Member | None = None,
    submitting_sector: Sector | None = None,
    submitting_party: str = "",
    submitting_special_committee: SpecialCommittee | None = None,
    session_group: str = "",
    session: str = "",
) -> Proposal:
    """Start a draft; a member drafts their own, staff may enter any (e.g. one handed in on paper)."""
    proposal = Proposal(
        committee=committee,
        term=term,
        year=year,
        session=session,
        title=title,
        body=body,
        category=category,
        submitter_kind=submitter_kind,
        first_proposer=first_proposer,
        submitting_sector=submitting_sector,
        submitting_party=submitting_party,
        submitting_special_committee=submitting_special_committee,
        session_group=session_group,
        created_by=by,
    )
    require_perm(by, "proposals.act_as_proposer", proposal)
    _check_member_active(first_proposer, "first_proposer")
    save(proposal, by=by)
    return proposal


def proposal_update_check(*, proposal: Proposal, changes: dict[str, Any]) -> None:
    """What ``proposal_update`` refuses, so a form can say so before anything is saved."""
    unknown = set(changes) - CONTENT_FIELDS - SUBMITTER_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if proposal.state != ProposalState.DRAFT and set(changes) & SUBMITTER_FIELDS:
        raise ValidationError(_("Who submits a proposal can only change while it is a draft."))
    if proposal.serial_number is not None and set(changes) & NUMBERING_FIELDS:
        raise ValidationError(
            _("The year and term are fixed once the proposal has its serial number.")
        )
    if changes.get("first_proposer") is not None:
        _check_member_active(changes["first_proposer"], "first_proposer")
    kind = changes.get("submitter_kind", proposal.submitter_kind)
    if kind == SubmitterKind.MEMBER and proposal.pk and proposal.cosigners.exists():
        raise ValidationError(
            {"submitter_kind": _("A proposal with co-signers is a joint proposal.")}
        )
    first_proposer = changes.get("first_proposer", proposal.first_proposer)
    if (
        first_proposer is not None
        and proposal.pk
        and proposal.cosigners.filter(member=first_proposer).exists()
    ):
        raise ValidationError(
            {"first_proposer": _("The first proposer cannot also be a co-signer.")}
        )


@transaction.atomic
def proposal_update(*, proposal: Proposal, by, **changes: Any) -> Proposal:
    """Change a proposal's text or submitter.

    The proposer edits a draft; once submitted only staff may correct the text, and who submitted
    it no longer changes.
    """
    lock(proposal)
    if proposal.state == ProposalState.DRAFT:
        require_perm(by, "proposals.act_as_proposer", proposal)
    else:
        require_perm(by, "proposals.manage_proposal", proposal)
    proposal_update_check(proposal=proposal, changes=changes)
    for field, value in changes.items():
        setattr(proposal, field, value)
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_cosigner_invite(*, proposal: Proposal, member: Member, by) -> ProposalCoSigner:
    lock(proposal)
    require_perm(by, "proposals.act_as_proposer", proposal)
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("Co-signers can only be invited while the proposal is a draft."))
    if proposal.submitter_kind == SubmitterKind.MEMBER:
        raise ValidationError(
            _("A proposal by one member has no co-signers; make it a joint proposal first.")
        )
    _check_member_active(member, "member")
    cosigner = ProposalCoSigner(proposal=proposal, member=member)
    save(cosigner)
    transaction.on_commit(partial(tasks.notify_cosigner_invited.delay, cosigner.pk))
    return cosigner


@transaction.atomic
def proposal_cosigner_respond(*, cosigner: ProposalCoSigner, accept: bool, by) -> ProposalCoSigner:
    """A co-signer confirms or declines; they may change their mind until the proposal is submitted."""
    lock(cosigner.proposal)
    lock(cosigner)
    require_perm(by, "proposals.respond_as_cosigner", cosigner)
    if cosigner.proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("The proposal has been submitted; co-signatures are settled."))
    cosigner.status = (
        ProposalCoSigner.Status.CONFIRMED if accept else ProposalCoSigner.Status.DECLINED
    )
    cosigner.responded_at = timezone.now()
    save(cosigner)
    return cosigner


@transaction.atomic
def proposal_cosigner_remove(*, cosigner: ProposalCoSigner, by) -> None:
    lock(cosigner.proposal)
    require_perm(by, "proposals.act_as_proposer", cosigner.proposal)
    if cosigner.proposal.state != ProposalState.DRAFT:
        raise state_error(_("Co-signers can only be removed while the proposal is a draft."))
    cosigner.delete()


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.act_as_proposer", proposal)
    require_transition(proposal, "submit")
    pending = proposal.cosigners.filter(status=ProposalCoSigner.Status.INVITED).select_related(
        "member"
    )
    if pending:
        raise ValidationError(
            _("Still waiting for co-signers to confirm or decline: %(names)s.")
            % {"names": "、".join(c.member.name for c in pending)}
        )
    confirmed = proposal.cosigners.filter(status=ProposalCoSigner.Status.CONFIRMED)
    if proposal.submitter_kind == SubmitterKind.JOINT and not confirmed.exists():
        raise ValidationError(_("A joint proposal needs at least one confirmed co-signer."))
    proposal_update_check(proposal=proposal, changes={})
    run_transition(proposal, "submit", at=timezone.now())
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_return_for_revision(*, proposal: Proposal, reason: str, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    require_transition(proposal, "return_for_revision")
    reason = require_text(reason, "returned_reason", _("Say why the proposal is returned."))
    run_transition(proposal, "return_for_revision", reason=reason)
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, reason: str, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.act_as_proposer", proposal)
    require_transition(proposal, "withdraw")
    reason = require_text(reason, "withdrawn_reason", _("Say why the proposal is withdrawn."))
    run_transition(proposal, "withdraw", reason=reason, at=timezone.now())
    save(proposal, by=by)
    return proposal
