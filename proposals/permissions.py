"""Who may do what with proposals, reports and clues: the one place that decides it.

Committee staff act on every record of their own committee (including on behalf of members who
hand in paper). Members act on their own proposals and reports, co-signers answer their own
invitations, and handling-unit officers reply for their own unit. Superusers pass every check.
"""

import rules

from committees import access

from .models import HandlingUnitUser, ProposalAssignment, ProposalCoSigner


def _committee_id(obj) -> int | None:
    if isinstance(obj, ProposalCoSigner | ProposalAssignment):
        return obj.proposal.committee_id
    return getattr(obj, "committee_id", None)


def _member_id(user) -> int | None:
    member = getattr(user, "member", None) if user.is_authenticated else None
    return member.pk if member is not None else None


@rules.predicate
def is_committee_staff(user, obj) -> bool:
    return bool(user.is_staff) and access.can_write_committee(user, _committee_id(obj))


@rules.predicate
def is_first_proposer(user, proposal) -> bool:
    member_id = _member_id(user)
    return member_id is not None and proposal.first_proposer_id == member_id


@rules.predicate
def is_invited_cosigner(user, cosigner) -> bool:
    member_id = _member_id(user)
    return member_id is not None and cosigner.member_id == member_id


@rules.predicate
def is_unit_officer(user, assignment) -> bool:
    if not user.is_authenticated:
        return False
    return HandlingUnitUser.objects.filter(unit_id=assignment.unit_id, user=user).exists()


@rules.predicate
def is_report_author(user, report) -> bool:
    member_id = _member_id(user)
    if member_id is None:
        return False
    if report.pk is None:
        return False
    return report.authorships.filter(member_id=member_id).exists()


@rules.predicate
def is_referred_member(user, clue) -> bool:
    member_id = _member_id(user)
    return member_id is not None and clue.referred_member_id == member_id


rules.add_perm("proposals.act_as_proposer", is_first_proposer | is_committee_staff)
rules.add_perm("proposals.manage_proposal", is_committee_staff)
rules.add_perm("proposals.respond_as_cosigner", is_invited_cosigner | is_committee_staff)
rules.add_perm("proposals.reply_as_unit", is_unit_officer | is_committee_staff)
rules.add_perm("proposals.act_as_report_author", is_report_author | is_committee_staff)
rules.add_perm("proposals.manage_report", is_committee_staff)
rules.add_perm("proposals.triage_clue", is_committee_staff)
rules.add_perm("proposals.adopt_clue", is_referred_member | is_committee_staff)
