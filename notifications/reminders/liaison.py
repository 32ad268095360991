"""Reminders for liaison groups (missing work plan or year-end report) and the on-duty roster."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.models import (
    DocumentState,
    LiaisonGroupMembership,
    OnDutyShift,
    WorkPlan,
    YearEndReport,
)
from members.models import Member

from ..models import Reason
from ..services import Draft
from .registry import member_recipient, reminder

LEADING_ROLES = (LiaisonGroupMembership.Role.LEADER, LiaisonGroupMembership.Role.DEPUTY)


def _group_leader_drafts(
    today: datetime.date, document_model, year: int, reason: str, title: str, body: str
) -> list[Draft]:
    """The leader and deputies of every active group without a submitted document for ``year``
    (one query). Reminded once a month until it is submitted."""
    submitted = document_model.objects.filter(year=year, state=DocumentState.SUBMITTED)
    rows = (
        LiaisonGroupMembership.objects.on(today)
        .filter(
            role__in=LEADING_ROLES,
            group__is_active=True,
            member__status=Member.Status.ACTIVE,
        )
        .exclude(group_id__in=submitted.values("group_id"))
        .values(
            "group_id", "group__name", "group__committee_id", "member__user_id", "member__email"
        )
    )
    drafts = []
    for row in rows:
        recipient = member_recipient(row["member__user_id"], row["member__email"])
        if recipient is None:
            continue
        values = {"group": row["group__name"], "year": year}
        drafts.append(
            Draft(
                reason=reason,
                period=f"group-{row['group_id']}-{year}-{today:%Y-%m}",
                committee_id=row["group__committee_id"],
                recipient=recipient,
                title=title % values,
                body=body % values,
            )
        )
    return drafts


@reminder(Reason.WORK_PLAN_MISSING)
def work_plan_missing(today: datetime.date) -> list[Draft]:
    """From February on, groups still without this year's work plan."""
    if today.month < 2:
        return []
    return _group_leader_drafts(
        today,
        WorkPlan,
        today.year,
        Reason.WORK_PLAN_MISSING,
        _("%(group)s: the %(year)s work plan is not submitted"),
        _(
            "The liaison group %(group)s has not yet submitted its work plan for %(year)s. "
            "Please submit it."
        ),
    )


@reminder(Reason.YEAR_END_REPORT_MISSING)
def year_end_report_missing(today: datetime.date) -> list[Draft]:
    """In December (and January, for the year just ended), groups without their year-end report."""
    if today.month == 12:
        year = today.year
    elif today.month == 1:
        year = today.year - 1
    else:
        return []
    return _group_leader_drafts(
        today,
        YearEndReport,
        year,
        Reason.YEAR_END_REPORT_MISSING,
        _("%(group)s: the %(year)s year-end report is not submitted"),
        _(
            "The liaison group %(group)s has not yet submitted its year-end report for %(year)s. "
            "Please submit it."
        ),
    )


@reminder(Reason.ON_DUTY_TOMORROW)
def on_duty_tomorrow(today: datetime.date) -> list[Draft]:
    """Tomorrow's members on duty at the contact points (one query)."""
    tomorrow = today + datetime.timedelta(days=1)
    rows = OnDutyShift.objects.filter(date=tomorrow, member__status=Member.Status.ACTIVE).values(
        "pk",
        "contact_point__name",
        "contact_point__address",
        "contact_point__committee_id",
        "member__user_id",
        "member__email",
    )
    drafts = []
    for row in rows:
        recipient = member_recipient(row["member__user_id"], row["member__email"])
        if recipient is None:
            continue
        values = {
            "point": row["contact_point__name"],
            "address": row["contact_point__address"] or row["contact_point__name"],
            "date": date_format(tomorrow),
        }
        drafts.append(
            Draft(
                reason=Reason.ON_DUTY_TOMORROW,
                period=f"duty-{row['pk']}-{tomorrow.isoformat()}",
                committee_id=row["contact_point__committee_id"],
                recipient=recipient,
                title=_("On duty tomorrow at %(point)s") % values,
                body=_("You are on duty at %(point)s (%(address)s) on %(date)s.") % values,
            )
        )
    return drafts
