"""Demo notifications: a few of what the daily reminders send, and one muted reminder."""

from __future__ import annotations

import datetime

from accounts.models import User
from committees.models import Committee
from notifications.models import NotificationPreference, Reason
from notifications.services import Recipient, notify


def notifications(committee: Committee, users: dict[str, User], *, today: datetime.date) -> None:
    member, staff, unit = users["member"], users["staff"], users["unit"]
    notify(
        reason=Reason.LEAVE_REQUEST_PENDING,
        period=today.isoformat(),
        committee=committee,
        recipients=[Recipient(user_id=staff.pk)],
        title="2 份请假申请待审批",
        body=f"最早涉及的会议于 {today:%Y年%m月%d日} 举行。",
        url="/admin/meetings/leaverequest/?state__exact=pending",
    )
    notify(
        reason=Reason.ON_DUTY_TOMORROW,
        period=f"demo-duty-{today.isoformat()}",
        committee=committee,
        recipients=[Recipient(user_id=member.pk)],
        title="明天请到委员会客厅值班",
        body="您明天在城关镇委员联络站值班，接待来访群众。",
    )
    notify(
        reason=Reason.REPLY_DUE_SOON,
        period=f"demo-reply-{today.isoformat()}",
        committee=committee,
        recipients=[Recipient(user_id=unit.pk), Recipient(email="jyj@qinghe.example.cn")],
        title="提案答复将于 7 日内到期",
        body="贵单位承办的提案答复将于 7 日内到期，请按时答复。",
    )
    NotificationPreference.objects.get_or_create(
        user=member, reason=Reason.NO_CONTACT_ACTIVITY, defaults={"muted": True}
    )
