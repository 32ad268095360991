"""Handling registered proposals: assignment to units, replies, ratings, closing, follow-ups."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    ANSWERED_STATES,
    REGISTERED_STATES,
    AnswerCategory,
    HandlingUnit,
    Proposal,
    ProposalAssignment,
    ProposalFollowUp,
    ProposalState,
    Satisfaction,
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

#: Units usually get one month to handle a proposal again after an unsatisfied rating; staff can
#: change the deadline with ``proposal_units_change``.
REHANDLING_PERIOD = datetime.timedelta(days=30)

Role = ProposalAssignment.Role


def _check_units(
    proposal: Proposal,
    lead_unit: HandlingUnit,
    co_units: Sequence[HandlingUnit],
    deadline: datetime.date,
    assigned_on: datetime.date,
) -> None:
    units = [lead_unit, *co_units]
    if lead_unit in co_units:
        raise ValidationError({"co_units": _("The lead unit cannot also be a co-handling unit.")})
    if len({u.pk for u in units}) != len(units):
        raise ValidationError({"co_units": _("A unit is listed twice.")})
    for unit in units:
        if unit.committee_id != proposal.committee_id:
            raise ValidationError(
                {"lead_unit": _("%(unit)s belongs to another committee.") % {"unit": unit}}
            )
        if not unit.is_active:
            raise ValidationError(
                {"lead_unit": _("%(unit)s no longer handles proposals.") % {"unit": unit}}
            )
    if deadline <= assigned_on:
        raise ValidationError({"deadline": _("The deadline must be after the assignment date.")})


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    lead_unit: HandlingUnit,
    deadline: datetime.date,
    by,
    co_units: Sequence[HandlingUnit] = (),
) -> Proposal:
    """Hand a registered proposal to one lead unit and any co-handling units (交办)."""
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    require_transition(proposal, "assign")
    today = timezone.localdate()
    _check_units(proposal, lead_unit, co_units, deadline, today)
    run_transition(proposal, "assign")
    save(proposal, by=by)
    for unit, role in [(lead_unit, Role.LEAD), *((u, Role.CO) for u in co_units)]:
        save(
            ProposalAssignment(
                proposal=proposal,
                unit=unit,
                role=role,
                round=proposal.handling_round,
                assigned_on=today,
                deadline=deadline,
                assigned_by=by,
            ),
            by=by,
        )
    return proposal


@transaction.atomic
def proposal_units_change(
    *,
    proposal: Proposal,
    lead_unit: HandlingUnit,
    deadline: datetime.date,
    by,
    co_units: Sequence[HandlingUnit] = (),
) -> Proposal:
    """Change the units or the deadline of the current handling round (调整承办单位、延期).

    A unit that has already replied stays, in the same role.
    """
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    if proposal.state not in (ProposalState.ASSIGNED, ProposalState.REOPENED):
        raise state_error(
            _("Handling units can only be changed while the proposal is being handled.")
        )
    today = timezone.localdate()
    current = {a.unit_id: a for a in proposal.assignments.filter(round=proposal.handling_round)}
    wanted = {lead_unit.pk: Role.LEAD, **{u.pk: Role.CO for u in co_units}}
    # Kept rows were assigned on or before today, so a deadline after today suits them all.
    _check_units(proposal, lead_unit, co_units, deadline, today)
    for unit_id, assignment in current.items():
        if assignment.has_replied and wanted.get(unit_id) != assignment.role:
            raise ValidationError(
                _("%(unit)s has already replied and keeps its role.") % {"unit": assignment.unit}
            )
    # Removals and demotions first, so the round never holds two lead units.
    for unit_id, assignment in current.items():
        if unit_id not in wanted:
            assignment.delete()
    ordered = sorted(wanted.items(), key=lambda item: item[1] == Role.LEAD)
    for unit_id, role in ordered:
        assignment = current.get(unit_id) or ProposalAssignment(
            proposal=proposal,
            unit_id=unit_id,
            round=proposal.handling_round,
            assigned_on=today,
            assigned_by=by,
        )
        assignment.role = role
        assignment.deadline = deadline
        save(assignment, by=by)
    return proposal


def proposal_reply_check(*, assignment: ProposalAssignment, category: str) -> None:
    """What ``proposal_reply_submit`` refuses, so a form can say so first."""
    proposal = assignment.proposal
    if assignment.role == Role.LEAD:
        require_transition(proposal, "answer")
    elif proposal.state not in (
        ProposalState.ASSIGNED,
        ProposalState.REOPENED,
        ProposalState.ANSWERED,
    ):
        raise ValidationError(_("The proposal is no longer waiting for replies."))
    if assignment.round != proposal.handling_round:
        raise ValidationError(_("This assignment belongs to an earlier handling round."))
    if assignment.has_replied:
        raise ValidationError(_("This unit has already replied in this round."))
    if assignment.role == Role.LEAD and category not in AnswerCategory.values:
        raise ValidationError(
            {"reply_category": _("The lead unit's reply needs an answer category.")}
        )


@transaction.atomic
def proposal_reply_submit(
    *,
    assignment: ProposalAssignment,
    body: str,
    by,
    category: str = "",
    signer: str = "",
    replied_on: datetime.date | None = None,
) -> ProposalAssignment:
    """A unit's reply; the lead unit's reply answers the proposal with its A/B/C/D category."""
    proposal = assignment.proposal
    lock(proposal)
    lock(assignment)
    require_perm(by, "proposals.reply_as_unit", assignment)
    proposal_reply_check(assignment=assignment, category=category)
    is_lead = assignment.role == Role.LEAD
    assignment.reply_body = require_text(body, "reply_body", _("The reply has no text."))
    assignment.reply_category = category
    assignment.reply_signer = signer
    assignment.replied_on = replied_on or timezone.localdate()
    assignment.replied_by = by
    save(assignment, by=by)
    if is_lead:
        run_transition(proposal, "answer", category=category, at=timezone.now())
        save(proposal, by=by)
    return assignment


@transaction.atomic
def proposal_rate(*, proposal: Proposal, satisfaction: str, by, comment: str = "") -> Proposal:
    """The proposer rates the answer; an unsatisfied rating sends it back to the same units."""
    lock(proposal)
    require_perm(by, "proposals.act_as_proposer", proposal)
    if satisfaction == Satisfaction.UNSATISFIED:
        require_transition(proposal, "reopen")
        comment = require_text(
            comment, "satisfaction_comment", _("Say what is unsatisfactory about the answer.")
        )
        run_transition(proposal, "reopen", comment=comment, at=timezone.now())
        save(proposal, by=by)
        _start_new_round(proposal, by=by)
        return proposal
    require_transition(proposal, "evaluate")
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Unknown satisfaction rating.")})
    run_transition(
        proposal, "evaluate", satisfaction=satisfaction, comment=comment, at=timezone.now()
    )
    save(proposal, by=by)
    return proposal


def _start_new_round(proposal: Proposal, *, by) -> None:
    today = timezone.localdate()
    for previous in proposal.assignments.filter(round=proposal.handling_round - 1):
        save(
            ProposalAssignment(
                proposal=proposal,
                unit_id=previous.unit_id,
                role=previous.role,
                round=proposal.handling_round,
                assigned_on=today,
                deadline=today + REHANDLING_PERIOD,
                assigned_by=by,
            ),
            by=by,
        )


@transaction.atomic
def proposal_close(*, proposal: Proposal, by) -> Proposal:
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    run_transition(proposal, "close", at=timezone.now())
    save(proposal, by=by)
    return proposal


def proposal_followup_check(*, proposal: Proposal, kind: str, followed_on: datetime.date) -> None:
    """What ``proposal_followup_record`` refuses, so a form can say so first."""
    Kind = ProposalFollowUp.Kind
    if proposal.state not in REGISTERED_STATES:
        raise state_error(_("Only a registered proposal is followed up."))
    if kind == Kind.LOOK_BACK and not (
        proposal.state in ANSWERED_STATES and proposal.answer_category == AnswerCategory.B
    ):
        raise ValidationError({"kind": _("A look-back follows a proposal answered in category B.")})
    if kind == Kind.SUPERVISION and not proposal.is_key:
        raise ValidationError({"kind": _("Only key proposals are supervised.")})
    if followed_on < timezone.localtime(proposal.registered_at).date():
        raise ValidationError(
            {"followed_on": _("A follow-up cannot be dated before the proposal was registered.")}
        )


@transaction.atomic
def proposal_followup_record(
    *,
    proposal: Proposal,
    kind: str,
    followed_on: datetime.date,
    summary: str,
    by,
    progress: str = "",
    participants: str = "",
) -> ProposalFollowUp:
    """Record a look-back on a category-B answer, supervision of a key proposal, or other visit."""
    lock(proposal)
    require_perm(by, "proposals.manage_proposal", proposal)
    proposal_followup_check(proposal=proposal, kind=kind, followed_on=followed_on)
    follow_up = ProposalFollowUp(
        proposal=proposal,
        kind=kind,
        followed_on=followed_on,
        summary=require_text(summary, "summary", _("Record what was found.")),
        progress=progress,
        participants=participants,
        recorded_by=by,
    )
    save(follow_up)
    return follow_up
