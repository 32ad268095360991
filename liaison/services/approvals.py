"""Choosing a liaison group's leader or deputy: nominated by the party group, discussed at the
Chairman's Meeting, approved by the Standing Committee (with a document number)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cppcc.workflow import run_transition
from members.models import Member

from ..models import LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from ._common import check_same_committee, check_serves_on, lock
from .groups import group_set_leader


@transaction.atomic
def leader_approval_nominate(
    *,
    group: LiaisonGroup,
    member: Member,
    nominated_on: datetime.date,
    role: str = LeaderApproval.Role.LEADER,
    note: str = "",
) -> LeaderApproval:
    check_same_committee(member, group.committee_id)
    check_serves_on(member, nominated_on)
    approval = LeaderApproval(
        committee_id=group.committee_id,
        group=group,
        member=member,
        role=role,
        nominated_on=nominated_on,
        note=note,
    )
    approval.full_clean()
    approval.save()
    return approval


@transaction.atomic
def leader_approval_record_discussion(
    *, approval: LeaderApproval, meeting_on: datetime.date
) -> LeaderApproval:
    approval = lock(approval)
    run_transition(
        approval,
        "record_discussion",
        _(
            "Only a nomination awaiting the Chairman's Meeting can be recorded as discussed; "
            "this one is “%(state)s”."
        ),
        meeting_on=meeting_on,
    )
    approval.full_clean()
    approval.save()
    return approval


@transaction.atomic
def leader_approval_approve(
    *,
    approval: LeaderApproval,
    approved_on: datetime.date,
    document_number: str,
    effective_date: datetime.date | None = None,
) -> LiaisonGroupMembership:
    """Record the Standing Committee's approval and give the member the role, in one step.

    The role starts on ``effective_date`` (by default the day of approval). If the member cannot
    take it up (e.g. they have left), nothing is recorded.
    """
    approval = lock(approval)
    document_number = document_number.strip()
    if not document_number:
        raise ValidationError(
            _("Give the number of the Standing Committee's document."), code="required"
        )
    run_transition(
        approval,
        "approve",
        _(
            "Only a nomination discussed at the Chairman's Meeting can be approved; "
            "this one is “%(state)s”."
        ),
        approved_on=approved_on,
        document_number=document_number,
    )
    approval.full_clean()
    approval.save()
    return group_set_leader(approval=approval, effective_date=effective_date or approved_on)


@transaction.atomic
def leader_approval_reject(*, approval: LeaderApproval, reason: str) -> LeaderApproval:
    approval = lock(approval)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Give the reason the nomination was not approved."), code="required"
        )
    run_transition(
        approval,
        "reject",
        _("Only a nomination still under way can be marked not approved; this one is “%(state)s”."),
        reason=reason,
    )
    approval.full_clean()
    approval.save()
    return approval
