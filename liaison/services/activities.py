"""Contact activities: recorded (by a member or by staff for them), submitted, then verified by
staff or returned with a reason and resubmitted. Only verified activities count in statistics."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from cppcc.workflow import run_transition
from members.models import Member

from ..models import ContactActivity, ContactActivityParticipant
from ._common import lock

#: Fields a submitter may change while the activity is a draft or has been returned.
EDITABLE_FIELDS = {
    "kind",
    "title",
    "date",
    "contact_point",
    "place",
    "liaison_group",
    "people_reached",
    "issues_raised",
    "issues_resolved",
    "summary",
}


def _unique(members: Iterable[Member]) -> list[Member]:
    seen: dict[int, Member] = {}
    for member in members:
        seen.setdefault(member.pk, member)
    return list(seen.values())


def _set_participants(activity: ContactActivity, members: list[Member]) -> None:
    """Make the participants exactly ``members``, validating each against the activity."""
    wanted = {m.pk: m for m in members}
    for member in wanted.values():
        ContactActivityParticipant(activity=activity, member=member).clean()
    current = {p.member_id: p for p in activity.participants.all()}
    for member_id, participant in current.items():
        if member_id not in wanted:
            participant._history_user = getattr(activity, "_history_user", None)
            participant.delete()
    for member_id, member in wanted.items():
        if member_id not in current:
            participant = ContactActivityParticipant(activity=activity, member=member)
            participant._history_user = getattr(activity, "_history_user", None)
            participant.save()


@transaction.atomic
def activity_create(
    *,
    committee: Committee,
    kind: str,
    title: str,
    date: datetime.date,
    participants: Iterable[Member],
    contact_point=None,
    place: str = "",
    liaison_group=None,
    people_reached: int = 0,
    issues_raised: int = 0,
    issues_resolved: int = 0,
    summary: str = "",
    created_by=None,
) -> ContactActivity:
    activity = ContactActivity(
        committee=committee,
        kind=kind,
        title=title,
        date=date,
        contact_point=contact_point,
        place=place,
        liaison_group=liaison_group,
        people_reached=people_reached,
        issues_raised=issues_raised,
        issues_resolved=issues_resolved,
        summary=summary,
        created_by=created_by,
    )
    activity._history_user = created_by
    activity.full_clean()
    members = _unique(participants)
    # Check every participant before anything is written, so a bad one saves nothing.
    for member in members:
        ContactActivityParticipant(activity=activity, member=member).clean()
    activity.save()
    _set_participants(activity, members)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: ContactActivity,
    by,
    participants: Iterable[Member] | None = None,
    **fields,
) -> ContactActivity:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    activity = lock(activity)
    if not activity.is_editable:
        raise ValidationError(
            _("Only a draft or returned activity can be changed; this one is “%(state)s”.")
            % {"state": activity.get_status_display()},
            code="not_editable",
        )
    for name, value in fields.items():
        setattr(activity, name, value)
    activity._history_user = by
    activity.full_clean()
    activity.save()
    if participants is not None:
        _set_participants(activity, _unique(participants))
    elif "date" in fields:
        for participant in activity.participants.select_related("member"):
            participant.activity = activity
            participant.clean()
    return activity


def _check_has_participants(activity: ContactActivity) -> None:
    if not activity.participants.exists():
        raise ValidationError(
            _("List at least one participating member before submitting."),
            code="no_participants",
        )


@transaction.atomic
def activity_submit(*, activity: ContactActivity, by) -> ContactActivity:
    activity = lock(activity)
    run_transition(
        activity,
        "submit",
        _("Only a draft activity can be submitted; this one is “%(state)s”."),
        by=by,
    )
    _check_has_participants(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_resubmit(*, activity: ContactActivity, by) -> ContactActivity:
    activity = lock(activity)
    run_transition(
        activity,
        "resubmit",
        _("Only a returned activity can be resubmitted; this one is “%(state)s”."),
        by=by,
    )
    _check_has_participants(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_verify(*, activity: ContactActivity, by) -> ContactActivity:
    activity = lock(activity)
    run_transition(
        activity,
        "verify",
        _("Only a submitted activity can be verified; this one is “%(state)s”."),
        by=by,
    )
    activity.full_clean()
    activity.save()
    return activity


def _staff_step_with_reason(
    activity: ContactActivity, *, transition: str, by, reason: str, missing, illegal
) -> ContactActivity:
    """Run a staff step that needs a reason (returning, voiding) on the locked activity."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(missing, code="required")
    activity = lock(activity)
    run_transition(activity, transition, illegal, by=by, reason=reason)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_return(*, activity: ContactActivity, by, reason: str) -> ContactActivity:
    return _staff_step_with_reason(
        activity,
        transition="return_to_submitter",
        by=by,
        reason=reason,
        missing=_("Give the reason for returning the activity."),
        illegal=_("Only a submitted activity can be returned; this one is “%(state)s”."),
    )


@transaction.atomic
def activity_void(*, activity: ContactActivity, by, reason: str) -> ContactActivity:
    """Void a submitted or verified activity: it stays on record with the reason but counts for
    nobody any more (the members' results are recomputed as for any change)."""
    return _staff_step_with_reason(
        activity,
        transition="void",
        by=by,
        reason=reason,
        missing=_("Give the reason for voiding the activity."),
        illegal=_("Only a submitted or verified activity can be voided; this one is “%(state)s”."),
    )
