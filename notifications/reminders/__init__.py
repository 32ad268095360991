"""Reminders: the registry of definitions and running them.

``REMINDERS`` maps each reason to its definition; the modules below register theirs when this
package is imported (the app does so when it is ready).
"""

from __future__ import annotations

import datetime

from ..services import notify_many
from . import ballots, liaison, meetings, members, proposals
from .registry import REMINDERS, Reminder, member_recipient, reminder

__all__ = [
    "REMINDERS",
    "Reminder",
    "ballots",
    "liaison",
    "meetings",
    "member_recipient",
    "members",
    "proposals",
    "reminder",
    "reminder_run",
    "reminders_run_daily",
]


def reminder_run(*, reason: str, today: datetime.date) -> int:
    """Create the notifications one reminder owes on ``today``; returns how many are new."""
    try:
        definition = REMINDERS[reason]
    except KeyError:
        raise ValueError(f"No reminder is registered for {reason!r}.") from None
    return notify_many(definition.collect(today))


def reminders_run_daily(*, today: datetime.date) -> dict[str, int]:
    """Run every daily reminder for ``today``, each in its own transaction."""
    return {
        reason: reminder_run(reason=reason, today=today)
        for reason, definition in REMINDERS.items()
        if definition.daily
    }
