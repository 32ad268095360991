"""Each liaison group files one work plan at the start of the year and one year-end report."""

import pytest

from liaison import selectors, services
from liaison.models import DocumentState, WorkPlan
from tests.factories.core import StaffUserFactory
from tests.factories.liaison import LiaisonGroupFactory, WorkPlanFactory, YearEndReportFactory
from tests.liaison.helpers import refused_by_db, refused_with

pytestmark = pytest.mark.django_db


def test_it_refuses_a_second_work_plan_for_the_same_year(group):
    WorkPlanFactory(group=group, year=2024)
    with refused_by_db(
        "liaison_workplan_one_per_group_and_year",
        "liaison_workplan.group_id",
        "liaison_workplan.year",
    ):
        WorkPlanFactory(group=group, year=2024)
    WorkPlanFactory(group=group, year=2025)


def test_it_refuses_a_second_year_end_report_for_the_same_year(group):
    YearEndReportFactory(group=group, year=2024)
    with refused_by_db(
        "liaison_yearendreport_one_per_group_and_year",
        "liaison_yearendreport.group_id",
        "liaison_yearendreport.year",
    ):
        YearEndReportFactory(group=group, year=2024)


def test_it_refuses_a_submitted_plan_without_its_submission_time(group):
    with refused_by_db("liaison_workplan_submitted_has_time"):
        WorkPlanFactory(group=group, state=DocumentState.SUBMITTED)


def test_it_refuses_a_year_out_of_range(group):
    with refused_by_db("liaison_yearendreport_year_in_range"):
        YearEndReportFactory(group=group, year=1990)


def test_the_service_explains_a_duplicate_plan(group):
    services.work_plan_create(group=group, year=2024, tasks="走访")
    with refused_with("This liaison group already has one for that year."):
        services.work_plan_create(group=group, year=2024, tasks="再来一份")
    assert WorkPlan.objects.count() == 1


def test_submitting_a_plan_records_who_and_when(group, staff):
    plan = services.work_plan_create(group=group, year=2024, tasks="走访", goals="全覆盖")
    plan = services.work_plan_submit(plan=plan, by=staff)
    assert plan.state == DocumentState.SUBMITTED
    assert plan.submitted_by == staff and plan.submitted_at is not None


def test_a_plan_without_tasks_and_goals_cannot_be_submitted(group, staff):
    plan = services.work_plan_create(group=group, year=2024, learning_content="学习")
    with refused_with("Fill in the tasks and goals before submitting the work plan."):
        services.work_plan_submit(plan=plan, by=staff)
    plan.refresh_from_db()
    assert plan.state == DocumentState.DRAFT


def test_it_refuses_submitting_twice(group, staff):
    plan = WorkPlanFactory(group=group, submitted=True)
    with refused_with("Only a draft can be submitted; this one is “Submitted”."):
        services.work_plan_submit(plan=plan, by=staff)


def test_a_submitted_plan_is_changed_only_after_reopening(group, staff):
    plan = WorkPlanFactory(group=group, submitted=True)
    with refused_with("A submitted document cannot be changed; reopen it first."):
        services.work_plan_update(plan=plan, goals="新目标")
    services.work_plan_reopen(plan=plan)
    plan = services.work_plan_update(plan=plan, goals="新目标")
    assert (plan.state, plan.goals, plan.submitted_at) == (DocumentState.DRAFT, "新目标", None)


def test_it_refuses_reopening_a_draft(group):
    with refused_with("Only a submitted document can be reopened; this one is “Draft”."):
        services.work_plan_reopen(plan=WorkPlanFactory(group=group))


def test_a_year_end_report_needs_its_body(group, staff):
    report = services.year_end_report_create(group=group, year=2024, highlights="亮点")
    with refused_with("Write the report before submitting it."):
        services.year_end_report_submit(report=report, by=staff)
    services.year_end_report_update(report=report, body="全年工作总结")
    report = services.year_end_report_submit(report=report, by=StaffUserFactory())
    assert report.state == DocumentState.SUBMITTED
    services.year_end_report_reopen(report=report)


def test_it_lists_groups_still_owing_a_plan_or_report(group, other_group, committee):
    WorkPlanFactory(group=group, year=2025, submitted=True)
    WorkPlanFactory(group=other_group, year=2025)  # a draft does not count
    YearEndReportFactory(group=other_group, year=2025, submitted=True)
    LiaisonGroupFactory(committee=committee, is_active=False)

    assert list(selectors.groups_missing_work_plan(committee, 2025)) == [other_group]
    assert list(selectors.groups_missing_year_end_report(committee, 2025)) == [group]
