"""Creating notifications (once per recipient, reason and period), emailing them, reading them.

``notify`` is the one entry point other apps call. It is set-based — a handful of queries
whatever the number of recipients — and safe to call twice or from two workers at once: the
unique constraints on ``Notification`` decide which call creates a row, and only that call
enqueues its email. The email itself is claimed with a conditional UPDATE before it is sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import EMAIL_CHUNK, send_notification_emails
from .models import OPTIONAL_REASONS, Notification, NotificationPreference, Reason

User = get_user_model()


@dataclass(frozen=True)
class Recipient:
    """Who a notification goes to: a user (``user_id``), or only an ``email`` address.

    For a user, ``email`` is where to send the email; left empty, the user's own address is used.
    """

    user_id: int | None = None
    email: str = ""

    def __post_init__(self) -> None:
        if self.user_id is None and not self.email:
            raise ValueError("A recipient needs a user id or an email address.")


@dataclass(frozen=True)
class Draft:
    """One notification to create: what ``notify_many`` takes, one per recipient."""

    reason: str
    period: str
    committee_id: int
    recipient: Recipient
    title: str
    body: str = ""
    url: str = ""


def notify(
    *,
    reason: str,
    period: str,
    committee,
    recipients: Iterable[Recipient],
    title: str,
    body: str = "",
    url: str = "",
) -> int:
    """Notify every recipient once for ``reason`` in ``period``; return how many rows are new.

    Recipients already notified for this reason and period, users who muted an optional reason
    and inactive users are left out. Emails are enqueued after the transaction commits.
    """
    committee_id = committee if isinstance(committee, int) else committee.pk
    return notify_many(
        Draft(
            reason=reason,
            period=period,
            committee_id=committee_id,
            recipient=recipient,
            title=title,
            body=body,
            url=url,
        )
        for recipient in recipients
    )


@transaction.atomic
def notify_many(drafts: Iterable[Draft]) -> int:
    """Create the notifications of many drafts (any reasons, periods, committees) at once."""
    drafts = list(drafts)
    if not drafts:
        return 0
    rows = _resolve(drafts)
    if not rows:
        return 0
    batch = uuid.uuid4()
    for row in rows:
        row.batch = batch
    Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # Rows skipped as duplicates keep the batch of the call that created them.
    created = list(Notification.objects.filter(batch=batch).values_list("pk", "email"))
    to_email = [pk for pk, email in created if email]
    if to_email:
        transaction.on_commit(lambda: _enqueue_emails(to_email))
    return len(created)


def _enqueue_emails(notification_ids: list[int]) -> None:
    for start in range(0, len(notification_ids), EMAIL_CHUNK):
        send_notification_emails.delay(notification_ids[start : start + EMAIL_CHUNK])


def _resolve(drafts: list[Draft]) -> list[Notification]:
    """Turn drafts into unsaved rows: users' addresses filled in, muted and inactive users and
    duplicates within the call left out (two queries, whatever the number of drafts)."""
    user_ids = {d.recipient.user_id for d in drafts if d.recipient.user_id is not None}
    users = dict(
        User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "email")
        if user_ids
        else []
    )
    optional = {d.reason for d in drafts} & set(OPTIONAL_REASONS)
    muted = (
        set(
            NotificationPreference.objects.filter(
                user_id__in=users, reason__in=optional, muted=True
            ).values_list("user_id", "reason")
        )
        if users and optional
        else set()
    )
    rows: list[Notification] = []
    seen_users: set[tuple] = set()
    seen_addresses: set[tuple] = set()
    address_rows: list[tuple[tuple, Notification]] = []
    for draft in drafts:
        user_id, email = draft.recipient.user_id, draft.recipient.email.strip()
        if user_id is not None and user_id not in users:
            user_id = None  # an inactive or deleted account: fall back to the address, if any
        if user_id is not None:
            if (user_id, draft.reason) in muted:
                continue
            key = (user_id, draft.reason, draft.period)
            if key in seen_users:
                continue
            seen_users.add(key)
            email = email or users[user_id] or ""
            seen_addresses.add((email.lower(), draft.reason, draft.period))
            rows.append(_row(draft, user_id, email))
        elif email:
            key = (email.lower(), draft.reason, draft.period)
            address_rows.append((key, _row(draft, None, email)))
    for key, row in address_rows:
        # One email per address: a unit's contact address is often an officer's own.
        if key not in seen_addresses:
            seen_addresses.add(key)
            rows.append(row)
    return rows


def _row(draft: Draft, user_id: int | None, email: str) -> Notification:
    return Notification(
        recipient_id=user_id,
        email=email,
        committee_id=draft.committee_id,
        reason=draft.reason,
        period=draft.period,
        title=draft.title[:200],
        body=draft.body,
        url=draft.url,
    )


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; another person's is ``DoesNotExist``."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(*, user, muted: Iterable[str]) -> set[str]:
    """Mute exactly the reasons in ``muted`` for the user; every other optional reason is heard."""
    muted = set(muted)
    refused = muted - set(OPTIONAL_REASONS)
    if refused:
        labels = ", ".join(str(Reason(r).label) if r in Reason.values else r for r in refused)
        raise ValidationError(
            _("Only optional reminders can be muted; these are part of a duty: %(reasons)s")
            % {"reasons": labels}
        )
    NotificationPreference.objects.filter(user=user).exclude(reason__in=muted).delete()
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, reason=reason, muted=True) for reason in muted],
        update_conflicts=True,
        unique_fields=["user", "reason"],
        update_fields=["muted"],
    )
    return muted
