"""A member logging their own contact activities from the browser: one step records (or
changes) the activity with the member among its participants and, when asked, sends it to staff
for verification. The workflow rules stay in ``activities``; this only composes them."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Member

from ..models import ContactActivity
from .activities import activity_create, activity_resubmit, activity_submit, activity_update


@transaction.atomic
def activity_log_by_member(
    *,
    member: Member,
    by,
    submit: bool,
    co_participants: Iterable[Member] = (),
    **fields,
) -> ContactActivity:
    """Record an activity the member took part in (with any fellow members), as a draft or
    submitted for verification."""
    activity = activity_create(
        committee=member.committee,
        participants=[member, *co_participants],
        created_by=by,
        **fields,
    )
    if submit:
        activity = activity_submit(activity=activity, by=by)
    return activity


def _check_recorder(activity: ContactActivity, by) -> None:
    if activity.created_by_id != by.pk:
        raise ValidationError(
            _("Only the member who recorded this activity can change it."), code="not_recorder"
        )


@transaction.atomic
def activity_change_by_member(
    *,
    activity: ContactActivity,
    member: Member,
    by,
    submit: bool,
    co_participants: Iterable[Member] = (),
    **fields,
) -> ContactActivity:
    """Change a draft or returned activity the member recorded, and optionally (re)submit it.

    A submitted or verified activity is refused by ``activity_update`` with its state named."""
    _check_recorder(activity, by)
    activity = activity_update(
        activity=activity, by=by, participants=[member, *co_participants], **fields
    )
    if submit:
        activity = activity_send_for_verification(activity=activity, by=by)
    return activity


@transaction.atomic
def activity_send_for_verification(*, activity: ContactActivity, by) -> ContactActivity:
    """Submit a draft, or resubmit a returned activity, whichever it is."""
    _check_recorder(activity, by)
    if activity.status == ContactActivity.Status.RETURNED:
        return activity_resubmit(activity=activity, by=by)
    return activity_submit(activity=activity, by=by)
