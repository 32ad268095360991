"""History of results (SECURITY.md "History and deletion"): every recompute is recorded with its
cause and, when staff asked for it, who did; each result it changed keeps what it was before.
Written set-based: the statements a recompute sends do not grow with the results it changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import signals, tasks
from assessment.engine import recompute
from assessment.models import RecomputeRun, Result, ResultRevision
from meetings.models import MeetingKind
from members.models import Member
from tests.factories.core import StaffUserFactory

from .engine_helpers import YEAR, activity, meeting
from .test_engine_year import busy_member, county_scheme

pytestmark = pytest.mark.django_db
D = Decimal


def scored_year(committee, members=1):
    """A county year in force, its members at 10 (plenary) + 20 (two activities) = 30, 称职
    (one activity short of the minimum caps the grade), already scored once."""
    scheme = county_scheme(committee)
    with signals.paused():
        plenary = meeting(committee, MeetingKind.PLENARY)
        people = [busy_member(committee, plenary, activities=2) for _ in range(members)]
    recompute(committee_id=committee.pk, year=YEAR)
    return scheme, people


def test_a_recompute_after_a_record_changed_keeps_the_old_result_and_its_cause(
    committee, django_capture_on_commit_callbacks
):
    _scheme, [member] = scored_year(committee)
    before = Result.objects.select_related("grade").get(member=member)
    assert (before.total, before.grade.name, before.grade_capped) == (D(30), "称职", True)
    first = RecomputeRun.objects.get()
    assert (first.reason, first.by, first.members, first.results_changed) == (
        "system",
        None,
        None,
        0,
    )
    assert not ResultRevision.objects.exists()  # a new result replaced nothing

    # A third activity: the member's recompute request is taken by its task, which runs here.
    with django_capture_on_commit_callbacks(execute=True):
        activity(committee, member, day=datetime.date(YEAR, 11, 1))

    after = Result.objects.select_related("grade").get(member=member)
    assert (after.total, after.grade.name, after.grade_capped) == (D(40), "优秀", False)
    run = RecomputeRun.objects.exclude(pk=first.pk).get()
    assert (run.reason, run.by, run.members, run.results_changed) == ("records", None, 1, 1)
    assert run.started_at <= run.finished_at
    revision = ResultRevision.objects.get()
    assert (revision.run, revision.result, revision.member, revision.year) == (
        run,
        after,
        member,
        YEAR,
    )
    assert (revision.total, revision.quantitative, revision.grade, revision.grade_name) == (
        D(30),
        D(30),
        before.grade,
        "称职",
    )
    assert revision.grade_capped is True
    assert (revision.computed_at, revision.rank_in_committee) == (before.computed_at, 1)


def test_a_recompute_asked_for_in_the_admin_names_the_staff_member(
    committee, staff, client, django_capture_on_commit_callbacks
):
    scheme, [member] = scored_year(committee)
    with signals.paused():
        activity(committee, member, day=datetime.date(YEAR, 11, 1))
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:assessment_assessmentscheme_changelist"),
            {"action": "recompute", "_selected_action": [scheme.pk]},
        )
    assert response.status_code == 302
    run = RecomputeRun.objects.get(reason=RecomputeRun.Reason.STAFF)
    assert (run.by, run.scheme_version, run.results_changed) == (staff, scheme.version, 1)
    assert ResultRevision.objects.get().run == run


def test_a_recompute_that_changes_nothing_keeps_no_revision(committee):
    scored_year(committee, members=2)
    assert tasks.recompute_open_years.apply().get() == 1  # the nightly run, here in-process

    nightly = RecomputeRun.objects.get(reason=RecomputeRun.Reason.NIGHTLY)
    assert (nightly.members, nightly.results_changed) == (2, 0)  # one chunk of both members
    assert nightly.finished_at is not None
    assert not ResultRevision.objects.exists()


def test_a_result_removed_by_a_recompute_keeps_its_last_value(committee):
    scored_year(committee)
    idle = busy_member(committee, None, activities=0)
    recompute(committee_id=committee.pk, year=YEAR)
    old = Result.objects.get(member=idle)
    # Recorded as having left before the year began: the member no longer has a result.
    Member.objects.filter(pk=idle.pk).update(
        joined_on=datetime.date(YEAR - 5, 1, 1),
        left_on=datetime.date(YEAR - 1, 12, 31),
        status=Member.Status.RESIGNED,
    )
    recompute(committee_id=committee.pk, year=YEAR)
    assert not Result.objects.filter(member=idle).exists()
    revision = ResultRevision.objects.get()
    assert (revision.member, revision.result_id, revision.total) == (idle, old.pk, D(0))


def _statements(committee) -> int:
    with CaptureQueriesContext(connection) as queries:
        recompute(committee_id=committee.pk, year=YEAR)
    return len(queries)


def test_keeping_the_revisions_costs_as_many_statements_for_more_changed_results(committee):
    _scheme, people = scored_year(committee, members=4)
    with signals.paused():
        activity(committee, people[0], day=datetime.date(YEAR, 11, 1))
    one_changed = _statements(committee)
    with signals.paused():
        activity(committee, *people, day=datetime.date(YEAR, 11, 2))
    all_changed = _statements(committee)

    assert one_changed == all_changed
    assert list(
        RecomputeRun.objects.order_by("started_at").values_list("results_changed", flat=True)
    ) == [0, 1, 4]
    assert ResultRevision.objects.count() == 5


def test_staff_of_another_committee_see_neither_the_runs_nor_the_revisions(
    committee, other_committee, client, django_capture_on_commit_callbacks
):
    _scheme, [member] = scored_year(committee)
    with django_capture_on_commit_callbacks(execute=True):
        activity(committee, member, day=datetime.date(YEAR, 11, 1))
    result = Result.objects.get(member=member)
    run = RecomputeRun.objects.get(reason=RecomputeRun.Reason.RECORDS)
    runs = reverse("admin:assessment_recomputerun_changelist")
    result_page = reverse("admin:assessment_result_change", args=[result.pk])

    client.force_login(StaffUserFactory(committee=committee))
    page = client.get(result_page)
    assert page.status_code == 200
    shown = page.content.decode()
    assert "重新计分前的结果" in shown and "委员履职记录变动" in shown and "30.00" in shown
    listed = client.get(runs)
    assert listed.status_code == 200 and list(listed.context["cl"].result_list)[0] == run

    client.force_login(StaffUserFactory(committee=other_committee))
    listed = client.get(runs)
    assert listed.status_code == 200 and list(listed.context["cl"].result_list) == []
    home = reverse("admin:index")
    for page in (reverse("admin:assessment_recomputerun_change", args=[run.pk]), result_page):
        response = client.get(page)
        assert (response.status_code, response.url) == (302, home)
