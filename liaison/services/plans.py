"""A liaison group's annual work plan and year-end report: drafted, submitted, reopened."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cppcc.workflow import run_transition

from ..models import LiaisonGroup, WorkPlan, YearEndReport
from ..models.plans import AnnualGroupDocument
from ._common import lock

WORK_PLAN_FIELDS = {"tasks", "goals", "learning_content", "activity_methods", "requirements"}
YEAR_END_REPORT_FIELDS = {"body", "highlights"}


def _check_fields(content: dict, allowed: set[str]) -> None:
    unknown = set(content) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _create(model, group: LiaisonGroup, year: int, content: dict) -> AnnualGroupDocument:
    document = model(group=group, year=year, **content)
    document.full_clean()
    document.save()
    return document


def _update(document: AnnualGroupDocument, content: dict) -> AnnualGroupDocument:
    document = lock(document)
    if not document.is_editable:
        raise ValidationError(
            _("A submitted document cannot be changed; reopen it first."), code="not_editable"
        )
    for name, value in content.items():
        setattr(document, name, value)
    document.full_clean()
    document.save()
    return document


def _submit(
    document: AnnualGroupDocument, by, *, required: tuple[str, ...], incomplete
) -> AnnualGroupDocument:
    document = lock(document)
    run_transition(
        document, "submit", _("Only a draft can be submitted; this one is “%(state)s”."), by=by
    )
    if any(not getattr(document, name).strip() for name in required):
        raise ValidationError(incomplete, code="incomplete")
    document.full_clean()
    document.save()
    return document


def _reopen(document: AnnualGroupDocument) -> AnnualGroupDocument:
    document = lock(document)
    run_transition(
        document, "reopen", _("Only a submitted document can be reopened; this one is “%(state)s”.")
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def work_plan_create(*, group: LiaisonGroup, year: int, **content: str) -> WorkPlan:
    _check_fields(content, WORK_PLAN_FIELDS)
    return _create(WorkPlan, group, year, content)


@transaction.atomic
def work_plan_update(*, plan: WorkPlan, **content: str) -> WorkPlan:
    _check_fields(content, WORK_PLAN_FIELDS)
    return _update(plan, content)


@transaction.atomic
def work_plan_submit(*, plan: WorkPlan, by) -> WorkPlan:
    return _submit(
        plan,
        by,
        required=("tasks", "goals"),
        incomplete=_("Fill in the tasks and goals before submitting the work plan."),
    )


@transaction.atomic
def work_plan_reopen(*, plan: WorkPlan) -> WorkPlan:
    return _reopen(plan)


@transaction.atomic
def year_end_report_create(*, group: LiaisonGroup, year: int, **content: str) -> YearEndReport:
    _check_fields(content, YEAR_END_REPORT_FIELDS)
    return _create(YearEndReport, group, year, content)


@transaction.atomic
def year_end_report_update(*, report: YearEndReport, **content: str) -> YearEndReport:
    _check_fields(content, YEAR_END_REPORT_FIELDS)
    return _update(report, content)


@transaction.atomic
def year_end_report_submit(*, report: YearEndReport, by) -> YearEndReport:
    return _submit(
        report,
        by,
        required=("body",),
        incomplete=_("Write the report before submitting it."),
    )


@transaction.atomic
def year_end_report_reopen(*, report: YearEndReport) -> YearEndReport:
    return _reopen(report)


@transaction.atomic
def work_plan_save(
    *, group: LiaisonGroup, year: int, by, submit: bool = False, **content: str
) -> WorkPlan:
    """Write the group's plan for the year (creating it the first time) and, when asked, submit
    it in the same step: a refused submission leaves the plan as it was."""
    plan = WorkPlan.objects.filter(group=group, year=year).first()
    if plan is None:
        plan = work_plan_create(group=group, year=year, **content)
    else:
        plan = work_plan_update(plan=plan, **content)
    return work_plan_submit(plan=plan, by=by) if submit else plan


@transaction.atomic
def year_end_report_save(
    *, group: LiaisonGroup, year: int, by, submit: bool = False, **content: str
) -> YearEndReport:
    """Write the group's year-end report (creating it the first time), submitting it when asked."""
    report = YearEndReport.objects.filter(group=group, year=year).first()
    if report is None:
        report = year_end_report_create(group=group, year=year, **content)
    else:
        report = year_end_report_update(report=report, **content)
    return year_end_report_submit(report=report, by=by) if submit else report
