"""Proposal clues (提案线索) from the public: receiving and triage."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from members.models import Member

from ..models import Proposal, ProposalClue
from ._base import lock, require_perm, require_text, require_transition, run_transition, save


@transaction.atomic
def clue_submit(
    *,
    committee: Committee,
    title: str,
    content: str,
    channel: str = ProposalClue.Channel.ONLINE,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> ProposalClue:
    """Anyone may hand in a clue; leaving contact details is their choice."""
    clue = ProposalClue(
        committee=committee,
        title=title,
        content=content,
        channel=channel,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    save(clue)
    return clue


@transaction.atomic
def clue_start_review(*, clue: ProposalClue, by) -> ProposalClue:
    lock(clue)
    require_perm(by, "proposals.triage_clue", clue)
    run_transition(clue, "start_review", at=timezone.now(), by=by)
    save(clue)
    return clue


@transaction.atomic
def clue_refer(*, clue: ProposalClue, member: Member, by, note: str = "") -> ProposalClue:
    """Pass the clue to a member who may turn it into a proposal."""
    lock(clue)
    require_perm(by, "proposals.triage_clue", clue)
    require_transition(clue, "refer")
    if member.committee_id != clue.committee_id:
        raise ValidationError({"referred_member": _("The member belongs to another committee.")})
    if not member.is_active:
        raise ValidationError(
            {"referred_member": _("%(member)s is no longer an active member.") % {"member": member}}
        )
    run_transition(clue, "refer", member=member, note=note, at=timezone.now(), by=by)
    save(clue)
    return clue


@transaction.atomic
def clue_adopt(*, clue: ProposalClue, proposal: Proposal, by) -> ProposalClue:
    """The clue became (part of) a proposal."""
    lock(clue)
    require_perm(by, "proposals.adopt_clue", clue)
    require_transition(clue, "adopt")
    if proposal.committee_id != clue.committee_id:
        raise ValidationError(
            {"resulting_proposal": _("The proposal belongs to another committee.")}
        )
    run_transition(clue, "adopt", proposal=proposal, at=timezone.now(), by=by)
    save(clue)
    return clue


@transaction.atomic
def clue_decline(*, clue: ProposalClue, note: str, by) -> ProposalClue:
    lock(clue)
    require_perm(by, "proposals.triage_clue", clue)
    require_transition(clue, "decline")
    note = require_text(note, "triage_note", _("Say why the clue is not adopted."))
    run_transition(clue, "decline", note=note, at=timezone.now(), by=by)
    save(clue)
    return clue
