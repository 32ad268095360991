"""The registry of reminder definitions.

A reminder is a reason and a function that, for a given day, returns the notifications due that
day as ``Draft`` rows — computed set-based (a few queries, never one per member). Whether a day
falls in the reminder's season and what "period" means for it (a meeting, a week, a half-year)
is the function's business; the unique constraints make running it twice harmless.

To add one: write ``@reminder(Reason.X)`` on a function ``(today) -> list[Draft]`` in a module of
this package, import the module in ``__init__.py``, and add the reason to ``Reason``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..services import Draft, Recipient

Collect = Callable[[datetime.date], list[Draft]]


@dataclass(frozen=True)
class Reminder:
    reason: str
    collect: Collect
    #: Run by ``send_due_reminders`` every morning.
    daily: bool = True


REMINDERS: dict[str, Reminder] = {}


def reminder(reason: str, *, daily: bool = True) -> Callable[[Collect], Collect]:
    def register(collect: Collect) -> Collect:
        if reason in REMINDERS:
            raise ValueError(f"A reminder for {reason!r} is already registered.")
        REMINDERS[reason] = Reminder(reason=str(reason), collect=collect, daily=daily)
        return collect

    return register


def member_recipient(user_id: int | None, email: str | None) -> Recipient | None:
    """A member reached in the app when they have a login, else by email, else not at all."""
    if user_id is None and not email:
        return None
    return Recipient(user_id=user_id, email=email or "")
