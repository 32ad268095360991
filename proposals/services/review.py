"""Reviewing submitted proposals: registering (立案) with a serial number, or declining."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    REGISTERED_STATES,
    Conversion,
    Proposal,
    ProposalCoSigner,
    ProposalSerialCounter,
    SocialReport,
    SocialReportAuthor,
)
from ._base import (
    lock,
    require_perm,
    require_text,
    require_transition,
    run_transition,
    save,
    state_error,
)


def _next_serial_number(*, committee_id: int, year: int) -> int:
    """Hand out the next number of the committee's year, without gaps or duplicates.

    The counter row is locked until the registering transaction ends, so concurrent
    registrations queue up; a registration that fails rolls its number back with it.
    """
    already_used = (
        Proposal.objects.filter(committee_id=committee_id, year=year).aggregate(
            last=Max("serial_number")
        )["last"]
        or 0
    )
    counter, _created = ProposalSerialCounter.objects.select_for_update().get_or_create(
        committee_id=committee_id, year=year, defaults={"last_number": already_used}
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def proposal_register(*, proposal: Proposal, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    require_transition(proposal, "register")
    number = _next_serial_number(committee_id=proposal.committee_id, year=proposal.year)
    run_transition(proposal, "register", serial_number=number, at=timezone.now(), by=by)
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_decline_registration(
    *, proposal: Proposal, reason: str, by, conversion: str = Conversion.NONE
) -> Proposal:
    """Decide not to register; converting to a report hands it on with the same authors."""
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    require_transition(proposal, "decline_registration")
    reason = require_text(
        reason, "not_registered_reason", _("Say why the proposal is not registered.")
    )
    if conversion not in Conversion.values:
        raise ValidationError({"conversion": _("Unknown conversion.")})
    now = timezone.now()
    run_transition(
        proposal, "decline_registration", reason=reason, conversion=conversion, at=now, by=by
    )
    save(proposal, by=by)
    if conversion == Conversion.SOCIAL_REPORT:
        _convert_to_social_report(proposal, at=now, by=by)
    return proposal


def _convert_to_social_report(proposal: Proposal, *, at, by) -> SocialReport:
    report = SocialReport(
        committee_id=proposal.committee_id,
        year=proposal.year,
        title=proposal.title,
        body=proposal.body,
        converted_from=proposal,
        created_by=by,
    )
    run_transition(report, "submit", at=at)
    save(report, by=by)
    authors = []
    if proposal.first_proposer_id:
        authors.append(proposal.first_proposer_id)
    authors += list(
        proposal.cosigners.filter(status=ProposalCoSigner.Status.CONFIRMED)
        .order_by("invited_at", "pk")
        .values_list("member_id", flat=True)
    )
    SocialReportAuthor.objects.bulk_create(
        SocialReportAuthor(report=report, member_id=member_id, order=order)
        for order, member_id in enumerate(authors, start=1)
    )
    return report


def _require_registered(proposal: Proposal, message) -> None:
    if proposal.state not in REGISTERED_STATES:
        raise state_error(message)


@transaction.atomic
def proposal_mark_key(*, proposal: Proposal, supervising_leader: str, by) -> Proposal:
    """Make it a key proposal (重点提案) supervised by a named leader."""
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    _require_registered(proposal, _("Only a registered proposal can be a key proposal."))
    proposal.supervising_leader = require_text(
        supervising_leader, "supervising_leader", _("Name the supervising leader.")
    )
    proposal.is_key = True
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_unmark_key(*, proposal: Proposal, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    proposal.is_key = False
    proposal.supervising_leader = ""
    save(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_mark_excellent(*, proposal: Proposal, by, excellent: bool = True) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    if excellent:
        _require_registered(proposal, _("Only a registered proposal can be rated excellent."))
    proposal.is_excellent = excellent
    save(proposal, by=by)
    return proposal
