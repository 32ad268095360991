"""Liaison groups, and who is in which, from when, in which role.

Every change closes a dated period and opens another rather than editing one in place, so a
member's group on any past day stays recoverable. The member's row is locked first: two staff
moving the same member at once queue up instead of both opening a period.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from cppcc.records import save_fields
from members.models import Member

from ..models import LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from ._common import check_same_committee, check_serves_on, lock

Role = LiaisonGroupMembership.Role
ONE_DAY = datetime.timedelta(days=1)


#: What staff may set on a liaison group (its committee is the writer's own and stays).
GROUP_FIELDS = ("name", "kind", "area_name", "description", "display_order", "is_active")


@transaction.atomic
def liaison_group_create(*, committee: Committee, **fields) -> LiaisonGroup:
    return save_fields(LiaisonGroup(committee=committee), fields, allowed=GROUP_FIELDS)


@transaction.atomic
def liaison_group_update(*, group: LiaisonGroup, **fields) -> LiaisonGroup:
    """Change a group's details; its memberships and their history stay as they are."""
    return save_fields(lock(group), fields, allowed=GROUP_FIELDS)


def _check_can_join(group: LiaisonGroup, member: Member, day: datetime.date) -> None:
    check_same_committee(member, group.committee_id)
    check_serves_on(member, day)
    if not group.is_active:
        raise ValidationError(
            _("Liaison group %(group)s is no longer active.") % {"group": group},
            code="inactive_group",
        )


def _open_membership(member: Member) -> LiaisonGroupMembership | None:
    return (
        LiaisonGroupMembership.objects.select_for_update()
        .filter(member=member, end_date__isnull=True)
        .select_related("group")
        .first()
    )


def _create(**fields) -> LiaisonGroupMembership:
    membership = LiaisonGroupMembership(**fields)
    membership.full_clean()
    membership.save()
    return membership


def _change(
    current: LiaisonGroupMembership,
    *,
    group: LiaisonGroup,
    role: str,
    approval: LeaderApproval | None,
    effective_date: datetime.date,
) -> LiaisonGroupMembership:
    """End ``current`` the day before ``effective_date`` and open the new period from it."""
    if effective_date < current.start_date:
        raise ValidationError(
            _(
                "The change must take effect on or after %(start)s, when %(member)s's current "
                "period in %(group)s began."
            )
            % {"start": current.start_date, "member": current.member, "group": current.group},
            code="before_current_period",
        )
    if effective_date == current.start_date:
        # The current period began that very day: correct it rather than leave a zero-length one.
        current.group, current.role, current.approval = group, role, approval
        current.full_clean()
        current.save()
        return current
    current.end_date = effective_date - ONE_DAY
    current.full_clean()
    current.save()
    return _create(
        group=group,
        member=current.member,
        role=role,
        approval=approval,
        start_date=effective_date,
    )


@transaction.atomic
def group_add_member(
    *, group: LiaisonGroup, member: Member, start_date: datetime.date
) -> LiaisonGroupMembership:
    """Put a member who is in no liaison group into ``group`` as an ordinary member."""
    member = lock(member)
    _check_can_join(group, member, start_date)
    current = _open_membership(member)
    if current is not None:
        raise ValidationError(
            _("%(member)s is already in liaison group %(group)s; move them instead.")
            % {"member": member, "group": current.group},
            code="already_in_group",
        )
    return _create(group=group, member=member, role=Role.MEMBER, start_date=start_date)


@transaction.atomic
def group_move_member(
    *, member: Member, group: LiaisonGroup, effective_date: datetime.date
) -> LiaisonGroupMembership:
    """Move a member to ``group`` from ``effective_date``; their old period ends the day before.

    A leader or deputy who moves becomes an ordinary member of the new group: their approval was
    for the old one.
    """
    member = lock(member)
    _check_can_join(group, member, effective_date)
    current = _open_membership(member)
    if current is None:
        return _create(group=group, member=member, role=Role.MEMBER, start_date=effective_date)
    if current.group_id == group.pk:
        raise ValidationError(
            _("%(member)s is already in liaison group %(group)s.")
            % {"member": member, "group": group},
            code="same_group",
        )
    if effective_date <= current.start_date:
        raise ValidationError(
            _("The move must take effect after %(member)s joined %(group)s on %(start)s.")
            % {"member": member, "group": current.group, "start": current.start_date},
            code="before_current_period",
        )
    return _change(
        current, group=group, role=Role.MEMBER, approval=None, effective_date=effective_date
    )


@transaction.atomic
def group_remove_member(*, member: Member, end_date: datetime.date) -> LiaisonGroupMembership:
    """End a member's current period (they resigned, were replaced, or left the county)."""
    member = lock(member)
    current = _open_membership(member)
    if current is None:
        raise ValidationError(
            _("%(member)s is not in any liaison group.") % {"member": member},
            code="not_in_group",
        )
    if end_date < current.start_date:
        raise ValidationError(
            _("The end date cannot be before %(member)s joined %(group)s on %(start)s.")
            % {"member": member, "group": current.group, "start": current.start_date},
            code="before_current_period",
        )
    current.end_date = end_date
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def group_set_leader(
    *, approval: LeaderApproval, effective_date: datetime.date
) -> LiaisonGroupMembership:
    """Give the approved member their role (leader or deputy) in the group from ``effective_date``.

    An outgoing leader stays in the group as an ordinary member. Running this twice for the same
    approval changes nothing the second time.
    """
    approval = LeaderApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.state != LeaderApproval.State.APPROVED:
        raise ValidationError(
            _("Only a nomination approved by the Standing Committee can take up the role."),
            code="not_approved",
        )
    group = LiaisonGroup.objects.select_for_update().get(pk=approval.group_id)
    member = lock(approval.member)
    _check_can_join(group, member, effective_date)
    current = _open_membership(member)
    if (
        current is not None
        and current.group_id == group.pk
        and current.role == approval.role
        and current.approval_id == approval.pk
    ):
        return current
    if approval.role == Role.LEADER:
        outgoing = (
            LiaisonGroupMembership.objects.select_for_update()
            .filter(group=group, role=Role.LEADER, end_date__isnull=True)
            .exclude(member=member)
            .first()
        )
        if outgoing is not None:
            _change(
                outgoing,
                group=group,
                role=Role.MEMBER,
                approval=None,
                effective_date=effective_date,
            )
    if current is None:
        return _create(
            group=group,
            member=member,
            role=approval.role,
            approval=approval,
            start_date=effective_date,
        )
    return _change(
        current,
        group=group,
        role=approval.role,
        approval=approval,
        effective_date=effective_date,
    )
