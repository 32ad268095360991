"""Social-conditions reports (社情民意信息): writing, adoption, forwarding, instructions."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from members.models import Member

from ..models import SocialReport, SocialReportAuthor, SocialReportInstruction, SocialReportState
from ._base import (
    lock,
    require_perm,
    require_text,
    require_transition,
    run_transition,
    save,
    state_error,
)

EDITABLE_FIELDS = {"title", "body", "year"}


def _check_author(report: SocialReport, member: Member) -> None:
    if member.committee_id != report.committee_id:
        raise ValidationError({"member": _("The member belongs to another committee.")})
    if not member.is_active:
        raise ValidationError(
            {"member": _("%(member)s is no longer an active member.") % {"member": member}}
        )


@transaction.atomic
def social_report_create(
    *,
    committee: Committee,
    year: int,
    title: str,
    body: str,
    by,
    authors: Sequence[Member] = (),
) -> SocialReport:
    """Start a draft report; authors are listed first author first and may be added later."""
    report = SocialReport(committee=committee, year=year, title=title, body=body, created_by=by)
    member = getattr(by, "member", None)
    writes_own = member is not None and member in authors
    if not writes_own:
        require_perm(by, "proposals.manage_report", report)
    if len({a.pk for a in authors}) != len(authors):
        raise ValidationError({"authors": _("An author is listed twice.")})
    for author in authors:
        _check_author(report, author)
    save(report, by=by)
    for order, author in enumerate(authors, start=1):
        save(SocialReportAuthor(report=report, member=author, order=order))
    return report


@transaction.atomic
def social_report_update(*, report: SocialReport, by, **changes: Any) -> SocialReport:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    lock(report)
    if report.state == SocialReportState.DRAFT:
        require_perm(by, "proposals.act_as_report_author", report)
    else:
        require_perm(by, "proposals.manage_report", report)
    for field, value in changes.items():
        setattr(report, field, value)
    save(report, by=by)
    return report


@transaction.atomic
def social_report_author_add(*, report: SocialReport, member: Member, by) -> SocialReportAuthor:
    lock(report)
    require_perm(by, "proposals.act_as_report_author", report)
    if report.state != SocialReportState.DRAFT:
        raise state_error(_("Authors can only change while the report is a draft."))
    _check_author(report, member)
    last = report.authorships.aggregate(last=Max("order"))["last"] or 0
    authorship = SocialReportAuthor(report=report, member=member, order=last + 1)
    save(authorship)
    return authorship


@transaction.atomic
def social_report_author_remove(*, authorship: SocialReportAuthor, by) -> None:
    report = authorship.report
    lock(report)
    require_perm(by, "proposals.act_as_report_author", report)
    if report.state != SocialReportState.DRAFT:
        raise state_error(_("Authors can only change while the report is a draft."))
    authorship.delete()


@transaction.atomic
def social_report_submit(*, report: SocialReport, by) -> SocialReport:
    lock(report)
    require_perm(by, "proposals.act_as_report_author", report)
    require_transition(report, "submit")
    if not report.authorships.exists():
        raise ValidationError(_("A report needs at least one author."))
    run_transition(report, "submit", at=timezone.now())
    save(report, by=by)
    return report


@transaction.atomic
def social_report_return_for_revision(*, report: SocialReport, note: str, by) -> SocialReport:
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    require_transition(report, "return_for_revision")
    note = require_text(note, "review_note", _("Say why the report is returned."))
    run_transition(report, "return_for_revision", note=note)
    save(report, by=by)
    return report


@transaction.atomic
def social_report_adopt(*, report: SocialReport, by, issue: str = "") -> SocialReport:
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    run_transition(report, "adopt", at=timezone.now(), issue=issue, by=by)
    save(report, by=by)
    return report


@transaction.atomic
def social_report_reject(*, report: SocialReport, by, note: str = "") -> SocialReport:
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    run_transition(report, "reject", note=note, by=by)
    save(report, by=by)
    return report


def _require_adopted(report: SocialReport, message) -> None:
    if report.state != SocialReportState.ADOPTED:
        raise state_error(message)


@transaction.atomic
def social_report_forward(
    *, report: SocialReport, forwarded_to: str, forwarded_on: datetime.date, by
) -> SocialReport:
    """Send an adopted report on to the committee one level up (报送上级)."""
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    _require_adopted(report, _("Only an adopted report is forwarded to a higher level."))
    if report.forwarded_on is not None:
        raise state_error(_("The report has already been forwarded."))
    if forwarded_on < timezone.localtime(report.adopted_at).date():
        raise ValidationError({"forwarded_on": _("A report is forwarded after it is adopted.")})
    report.forwarded_to = require_text(forwarded_to, "forwarded_to", _("Say where it went."))
    report.forwarded_on = forwarded_on
    save(report, by=by)
    return report


@transaction.atomic
def social_report_record_higher_adoption(
    *, report: SocialReport, adopted_by: str, adopted_on: datetime.date, by
) -> SocialReport:
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    if report.forwarded_on is None:
        raise state_error(_("Forward the report before recording its adoption up there."))
    if adopted_on < report.forwarded_on:
        raise ValidationError(
            {"higher_adopted_on": _("A higher level adopts a report after receiving it.")}
        )
    report.higher_adopted_by = require_text(
        adopted_by, "higher_adopted_by", _("Say who adopted it.")
    )
    report.higher_adopted_on = adopted_on
    save(report, by=by)
    return report


@transaction.atomic
def social_report_instruction_record(
    *,
    report: SocialReport,
    leader: str,
    level: str,
    instructed_on: datetime.date,
    content: str,
    by,
) -> SocialReportInstruction:
    """Record a leader's instruction (批示) on an adopted report."""
    lock(report)
    require_perm(by, "proposals.manage_report", report)
    _require_adopted(report, _("Leaders' instructions are recorded on adopted reports."))
    if instructed_on < timezone.localtime(report.submitted_at).date():
        raise ValidationError(
            {"instructed_on": _("An instruction cannot be dated before the report was submitted.")}
        )
    instruction = SocialReportInstruction(
        report=report,
        leader=require_text(leader, "leader", _("Name the leader.")),
        level=level,
        instructed_on=instructed_on,
        content=require_text(content, "content", _("Record the instruction.")),
        recorded_by=by,
    )
    save(instruction)
    return instruction
