"""Small facts the liaison models share."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _


def member_serves_on(member, day: datetime.date) -> bool:
    """Whether a member held their seat on ``day``."""
    return member.joined_on <= day and (member.left_on is None or day <= member.left_on)


def not_serving_message(member, day: datetime.date) -> str:
    return _("%(member)s did not hold a seat on %(date)s.") % {"member": member, "date": day}
