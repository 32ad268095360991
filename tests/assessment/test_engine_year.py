"""A committee's year as a whole: minimums capping grades, pro-rating, sectors of the day, ranks,
idempotent recomputes with a query count independent of the number of members, finalising and
re-opening, disputes, and recomputes requested when records change."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services, signals, tasks
from assessment.engine import recompute
from assessment.models import (
    AssessmentScheme,
    Dispute,
    DutyKind,
    RecomputeRequest,
    Result,
    ScoredFact,
    YearAction,
)
from meetings.models import MeetingKind
from members.models import SectorMembership
from tests.factories.assessment import four_grades
from tests.factories.core import SectorFactory, UserFactory
from tests.factories.meetings import member_of

from .engine_helpers import YEAR, activity, attend, meeting, score

pytestmark = pytest.mark.django_db
D = Decimal


def county_scheme(committee, *, prorate=False, activate=True):
    """Plenary 10, contact activities 10 each; "attend the plenary" caps the grade at 基本称职."""
    scheme = services.scheme_create(
        committee=committee,
        year=YEAR,
        name="测试办法",
        scoring_mode=AssessmentScheme.ScoringMode.FROM_ZERO,
        max_score=100,
        prorate_partial_year=prorate,
    )
    grades = four_grades(scheme, thresholds=(30, 20, 10))
    plenary = services.rule_add(
        scheme=scheme,
        code="plenary",
        label="出席全体会议",
        duty_kind=DutyKind.MEETING_ATTENDANCE,
        meeting_kind=MeetingKind.PLENARY,
        points=10,
        order=0,
    )
    contact = services.rule_add(
        scheme=scheme,
        code="contact",
        label="联系群众活动",
        duty_kind=DutyKind.CONTACT_ACTIVITY,
        points=10,
        order=1,
    )
    services.minimum_add(
        scheme=scheme, label="出席全体会议", rules=[plenary], grade_cap=grades["basic"]
    )
    services.minimum_add(
        scheme=scheme,
        label="每年参加三次活动",
        rules=[contact],
        min_count=3,
        grade_cap=grades["competent"],
    )
    if activate:
        scheme = services.scheme_activate(scheme=scheme)
    return scheme


def busy_member(committee, plenary, *, activities=3, **kwargs):
    member = member_of(committee, **kwargs)
    if plenary:
        attend(member, plenary)
    for day in range(activities):
        activity(committee, member, day=datetime.date(YEAR, 10, day + 1))
    return member


def test_an_unmet_minimum_caps_the_grade(committee):
    county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    full = busy_member(committee, plenary)  # 10 + 30 = 40: 优秀
    skipped_plenary = busy_member(committee, None, activities=4)  # 40 but no plenary
    few = busy_member(committee, plenary, activities=2)  # 30: 优秀 by points, 2 of 3 activities

    results = score(committee)

    assert (results[full.pk].grade.name, results[full.pk].grade_capped) == ("优秀", False)
    assert results[skipped_plenary.pk].total == D(40)
    assert (results[skipped_plenary.pk].grade.name, results[skipped_plenary.pk].grade_capped) == (
        "基本称职",
        True,
    )
    assert results[few.pk].grade.name == "称职"
    minimums = {
        m.minimum.label: (m.count, m.required, m.met) for m in results[few.pk].minimums.all()
    }
    assert minimums == {"出席全体会议": (1, 1, True), "每年参加三次活动": (2, 3, False)}


def test_a_member_who_joined_mid_year_is_pro_rated(committee):
    county_scheme(committee, prorate=True)
    plenary = meeting(committee, MeetingKind.PLENARY)
    # Joined on 2 July 2024: 183 days of 365 served → factor 0.5014.
    late = busy_member(committee, plenary, activities=2, joined_on=datetime.date(YEAR, 7, 2))
    whole = busy_member(committee, plenary, activities=2)

    results = score(committee)

    joined = results[late.pk]
    assert (joined.days_served, joined.prorate_factor) == (183, D("0.5014"))
    # What was earned counts at a full year's pace: (10 + 20) / 0.5014, within the maximum.
    assert joined.quantitative == D("59.83")
    # Two activities meet the minimum of three, pro-rated to two.
    minimum = joined.minimums.get(minimum__label="每年参加三次活动")
    assert (minimum.count, minimum.required, minimum.met) == (2, 2, True)
    assert results[whole.pk].quantitative == D(30)
    assert results[whole.pk].minimums.get(minimum__label="每年参加三次活动").met is False


def test_facts_keep_the_sector_of_their_day_and_ranks_follow_the_year_end_sector(committee):
    county_scheme(committee)
    old, new = SectorFactory(committee=committee), SectorFactory(committee=committee)
    mover = member_of(committee, sector=old)
    SectorMembership.objects.filter(member=mover).update(end_date=datetime.date(YEAR, 6, 30))
    SectorMembership.objects.create(member=mover, sector=new, start_date=datetime.date(YEAR, 7, 1))
    activity(committee, mover, day=datetime.date(YEAR, 3, 1))
    activity(committee, mover, day=datetime.date(YEAR, 9, 1))
    stayer = member_of(committee, sector=new)
    for day in (1, 2, 3):
        activity(committee, stayer, day=datetime.date(YEAR, 5, day))
    tied = member_of(committee, sector=new)
    for day in (1, 2, 3):
        activity(committee, tied, day=datetime.date(YEAR, 5, day))

    results = score(committee)

    sectors = dict(ScoredFact.objects.filter(member=mover).values_list("occurred_on", "sector_id"))
    assert sectors == {datetime.date(YEAR, 3, 1): old.pk, datetime.date(YEAR, 9, 1): new.pk}
    assert results[mover.pk].sector_id == new.pk
    # Equal totals share a rank.
    assert results[stayer.pk].rank_in_committee == results[tied.pk].rank_in_committee == 1
    assert results[mover.pk].rank_in_committee == 3
    assert results[mover.pk].rank_in_sector == 3


def _recompute_queries(committee) -> int:
    with CaptureQueriesContext(connection) as queries:
        recompute(committee_id=committee.pk, year=YEAR)
    return len(queries)


def test_recomputing_is_idempotent_and_its_query_count_does_not_grow_with_members(committee):
    county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    for _ in range(2):
        busy_member(committee, plenary)
    recompute(committee_id=committee.pk, year=YEAR)  # the first run also caches content types
    few = _recompute_queries(committee)
    before = list(Result.objects.values_list("member_id", "total", "grade_id", "rank_in_committee"))
    facts = ScoredFact.objects.count()

    again = _recompute_queries(committee)
    assert (
        list(Result.objects.values_list("member_id", "total", "grade_id", "rank_in_committee"))
        == before
    )
    assert ScoredFact.objects.count() == facts

    for _ in range(8):
        busy_member(committee, plenary, activities=5)
    many = _recompute_queries(committee)

    assert Result.objects.count() == 10
    assert few == again == many, (few, again, many)


def test_a_chunked_recompute_gives_the_same_results_as_one_run(committee, settings, monkeypatch):
    county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    for n in range(7):
        busy_member(committee, plenary if n % 2 else None, activities=n % 4)
    recompute(committee_id=committee.pk, year=YEAR)
    whole = sorted(
        Result.objects.values_list("member_id", "total", "grade_id", "rank_in_committee")
    )
    Result.objects.all().delete()

    monkeypatch.setattr(tasks, "CHUNK_SIZE", 3)
    assert tasks.chunks(committee.pk, YEAR, size=3) != []
    monkeypatch.setattr(tasks, "chunks", lambda c, y, size=3, _f=tasks.chunks: _f(c, y, size=3))
    sent = tasks.recompute_committee_year.delay(committee.pk, YEAR).get()

    assert sent == 3
    chunked = sorted(
        Result.objects.values_list("member_id", "total", "grade_id", "rank_in_committee")
    )
    assert chunked == whole


def test_finalising_freezes_the_year_and_reopening_is_recorded(committee, staff):
    scheme = county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    member = busy_member(committee, plenary)

    with pytest.raises(ValidationError, match="请先对本年度重新计分"):
        services.year_finalise(scheme=scheme, by=staff)

    recompute(committee_id=committee.pk, year=YEAR)
    with time_machine.travel(
        datetime.datetime(YEAR + 1, 1, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        action = services.year_finalise(scheme=scheme, by=staff)
    scheme.refresh_from_db()
    assert scheme.state == AssessmentScheme.State.FROZEN
    assert (action.action, action.by, action.results) == ("finalise", staff, 1)
    assert action.at == datetime.datetime(YEAR + 1, 1, 20, 9, 0, tzinfo=datetime.UTC)

    # A late record no longer changes a finalised year by itself.
    activity(committee, member, day=datetime.date(YEAR, 12, 1))
    assert recompute(committee_id=committee.pk, year=YEAR) is None
    assert Result.objects.get(member=member).total == D(40)
    with pytest.raises(ValidationError, match="已冻结"):
        services.rule_add(scheme=scheme, code="x", label="x", duty_kind=DutyKind.SPEECH, points=1)

    with pytest.raises(ValidationError):
        services.year_reopen(scheme=scheme, by=staff, reason="  ")
    with time_machine.travel(datetime.datetime(YEAR + 1, 2, 3, 10, 0, tzinfo=datetime.UTC)):
        reopened = services.year_reopen(scheme=scheme, by=staff, reason="补录12月联系群众活动")
    assert reopened.reason == "补录12月联系群众活动"
    recompute(committee_id=committee.pk, year=YEAR)
    assert Result.objects.get(member=member).total == D(50)
    history = list(YearAction.objects.filter(scheme=scheme).values_list("action", flat=True))
    assert history == ["reopen", "finalise"]  # newest first
    with pytest.raises(ValidationError, match="只有已定稿的年度考核才能重新开放"):
        services.year_reopen(scheme=scheme, by=staff, reason="再次")


def test_a_member_disputes_a_line_and_staff_resolve_it(committee, staff):
    scheme = county_scheme(committee)
    member = busy_member(committee, None, activities=1, user=UserFactory(committee=committee))
    result = score(committee)[member.pk]
    contact = scheme.rules.get(code="contact")

    with time_machine.travel(datetime.datetime(YEAR, 12, 5, 8, 0, tzinfo=datetime.UTC)):
        dispute = services.dispute_raise(
            result=result, rule=contact, comment="11月的两次走访没有计入", by=member.user
        )
    assert (dispute.state, dispute.raised_by) == ("open", member.user)
    with pytest.raises(ValidationError, match="已有待处理的异议"):
        services.dispute_raise(result=result, rule=contact, comment="再提一次", by=member.user)
    with pytest.raises(ValidationError):
        services.dispute_resolve(dispute=dispute, by=staff, uphold=True, resolution="")

    resolved = services.dispute_resolve(
        dispute=dispute, by=staff, uphold=True, resolution="已补录两次活动并重新计分"
    )
    assert (resolved.state, resolved.resolved_by) == ("upheld", staff)
    assert resolved.resolved_at is not None
    with pytest.raises(ValidationError, match="只有待处理的异议"):
        services.dispute_resolve(dispute=resolved, by=staff, uphold=False, resolution="驳回")
    # The line may be disputed again once the first dispute is closed; recomputes keep disputes.
    services.dispute_raise(result=result, rule=contact, comment="仍少一次", by=member.user)
    recompute(committee_id=committee.pk, year=YEAR)
    assert Dispute.objects.filter(result=result).count() == 2


def test_changed_records_ask_for_one_coalesced_recompute(
    committee, django_capture_on_commit_callbacks, monkeypatch
):
    county_scheme(committee)
    with signals.paused():  # (this test's transaction never commits: start with no batch)
        member = busy_member(committee, meeting(committee, MeetingKind.PLENARY), activities=0)
    recompute(committee_id=committee.pk, year=YEAR)
    sent = []
    original = tasks.recompute_members.apply_async
    monkeypatch.setattr(
        tasks.recompute_members,
        "apply_async",
        lambda args, **kw: sent.append(args) or original(args, **kw),
    )

    with django_capture_on_commit_callbacks(execute=True):
        for day in (1, 2, 3):
            activity(committee, member, day=datetime.date(YEAR, 11, day))

    assert sent == [(committee.pk, YEAR, [member.pk])]  # three records, one task
    assert RecomputeRequest.objects.count() == 0  # the task took the request
    assert Result.objects.get(member=member).total == D(40)
    # A task sent twice finds the request gone and does nothing more.
    assert tasks.recompute_members.apply(args=(committee.pk, YEAR, [member.pk])).get() == 0


def test_a_draft_scheme_scores_nobody(committee):
    county_scheme(committee, activate=False)
    busy_member(committee, meeting(committee, MeetingKind.PLENARY))
    assert recompute(committee_id=committee.pk, year=YEAR) is None
    assert not Result.objects.exists()


def test_a_member_whose_leaving_date_moves_before_the_year_drops_out_of_it(committee):
    """Records dated in the year stay on file, but a member who no longer served a day of it has
    no result for it, and the rest of the committee is scored as before."""
    county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    leaving = busy_member(committee, plenary)
    staying = busy_member(committee, plenary)
    assert set(score(committee)) == {leaving.pk, staying.pk}

    type(leaving).objects.filter(pk=leaving.pk).update(
        status="resigned", left_on=datetime.date(YEAR - 1, 12, 31)
    )
    results = score(committee)

    assert set(results) == {staying.pk}
    assert results[staying.pk].total == D(40)
