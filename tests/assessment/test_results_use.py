"""What happens with results: evaluations feed the qualitative parts, a finalised year is notified
once, and staff read, download and settle results in the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessment import services, tasks
from assessment.models import AssessmentScheme, Dispute, DutyKind, QualitativePart, Result
from evaluations import services as evaluation_services
from notifications.models import Notification, Reason
from tests.factories.assessment import four_grades
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.meetings import member_of
from tests.factories.members import SectorConvenerFactory

from .engine_helpers import YEAR, activity, score

pytestmark = pytest.mark.django_db
D = Decimal


def scheme_with_evaluations(committee):
    scheme = services.scheme_create(
        committee=committee,
        year=YEAR,
        name="含评议的考核办法",
        scoring_mode=AssessmentScheme.ScoringMode.FROM_ZERO,
        max_score=100,
    )
    services.rule_add(
        scheme=scheme,
        code="contact",
        label="联系群众",
        duty_kind=DutyKind.CONTACT_ACTIVITY,
        points=25,
    )
    services.qualitative_part_add(
        scheme=scheme, kind=QualitativePart.Kind.LIAISON_GROUP, weight=D("0.2")
    )
    services.qualitative_part_add(scheme=scheme, kind=QualitativePart.Kind.PUBLIC, max_points=10)
    four_grades(scheme)
    return services.scheme_activate(scheme=scheme)


def test_evaluations_feed_the_qualitative_parts(committee):
    scheme_with_evaluations(committee)
    group = LiaisonGroupFactory(committee=committee)
    leader, member, unrated = (member_of(committee) for _ in range(3))
    LeaderMembershipFactory(group=group, member=leader, start_date=datetime.date(YEAR, 1, 1))
    for person in (member, unrated):
        LiaisonGroupMembershipFactory(
            group=group, member=person, start_date=datetime.date(YEAR, 1, 1)
        )
    for person in (member, unrated):
        activity(committee, person, day=datetime.date(YEAR, 4, 1))
        activity(committee, person, day=datetime.date(YEAR, 4, 2))  # 50 for duties
    evaluation_services.leader_rating_record(evaluator=leader, member=member, year=YEAR, score=80)
    _, token = evaluation_services.public_invitation_issue(
        committee=committee,
        year=YEAR,
        label="城关社区居民",
        expires_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
        member=member,
    )
    evaluation_services.public_rating_submit(token=token, stars=4)  # 80 of 100

    results = score(committee)

    rated = results[member.pk]
    assert {q.part.kind: q.score for q in rated.qualitative.select_related("part")} == {
        "liaison_group": D(80),
        "public": D(80),
    }
    # 0.8 × 50 + 0.2 × 80 (on the 100-point scale) + 80% of 10 points = 40 + 16 + 8
    assert rated.total == D(64)
    # Without a rating the weight does not count against the member: 50 stays 50.
    assert results[unrated.pk].total == D(50)


def finalised_year(committee, staff, django_capture_on_commit_callbacks):
    scheme = scheme_with_evaluations(committee)
    member = member_of(
        committee, user=UserFactory(committee=committee), work_unit_email="hr@unit.cn"
    )
    other = member_of(committee, sector=member.sector, email="li@example.cn")
    convener = member_of(committee, user=UserFactory(committee=committee))
    SectorConvenerFactory(
        sector=member.sector, member=convener, start_date=datetime.date(YEAR, 1, 1)
    )
    activity(committee, member, day=datetime.date(YEAR, 4, 1))
    score(committee)
    with django_capture_on_commit_callbacks(execute=True):
        action = services.year_finalise(scheme=scheme, by=staff)
    return action, member, other, convener


def test_a_finalised_year_is_notified_once_to_members_work_units_and_conveners(
    committee, staff, django_capture_on_commit_callbacks
):
    action, member, other, convener = finalised_year(
        committee, staff, django_capture_on_commit_callbacks
    )

    results = Notification.objects.filter(reason=Reason.ASSESSMENT_RESULT)
    assert set(results.values_list("recipient_id", "email")) >= {(member.user_id, "")}
    assert results.filter(email="li@example.cn").exists()
    to_unit = results.get(email="hr@unit.cn")
    assert member.name in to_unit.title
    mine = results.get(recipient_id=member.user_id)
    assert "25" in mine.body and "第 1" in mine.body
    summary = Notification.objects.get(reason=Reason.ASSESSMENT_SUMMARY)
    assert summary.recipient_id == convener.user_id
    assert "共 2 名委员" in summary.body  # the member and a colleague of the sector
    assert Result.objects.filter(notified_at__isnull=True).count() == 0

    before = Notification.objects.count()
    tasks.notify_results.apply(args=[action.pk]).get()  # the task again: nothing new
    assert Notification.objects.count() == before


def test_staff_read_a_result_line_by_line_and_download_the_report(
    committee, staff, staff_client, django_assert_max_num_queries
):
    scheme_with_evaluations(committee)
    member = member_of(committee, name="王芳")
    for day in (1, 2):
        activity(committee, member, day=datetime.date(YEAR, 4, day))
    result = score(committee)[member.pk]

    page = staff_client.get(reverse("admin:assessment_result_change", args=[result.pk]))
    assert page.status_code == 200
    assert "联系群众" in page.content.decode()
    facts = staff_client.get(
        reverse("admin:assessment_scoredfact_changelist"),
        {
            "member__id__exact": member.pk,
            "year": YEAR,
            "rule__id__exact": result.lines.get().rule_id,
        },
    )
    assert facts.context["cl"].result_count == 2

    with django_assert_max_num_queries(20):
        pdf = staff_client.get(reverse("admin:assessment_result_report", args=[result.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf.content)).pages
    )
    assert "王芳" in text and "联系群众" in text and "50" in text


def test_another_committees_result_is_not_found(other_committee, staff_client):
    scheme_with_evaluations(other_committee)
    member = member_of(other_committee)
    activity(other_committee, member, day=datetime.date(YEAR, 4, 1))
    result = score(other_committee)[member.pk]

    assert (
        staff_client.get(reverse("admin:assessment_result_report", args=[result.pk])).status_code
        == 404
    )
    page = staff_client.get(reverse("admin:assessment_result_change", args=[result.pk]))
    assert page.status_code == 302  # "does not exist" back to the list


def test_staff_resolve_a_dispute_with_an_admin_action(committee, staff, staff_client):
    scheme = scheme_with_evaluations(committee)
    member = member_of(committee, user=UserFactory(committee=committee))
    activity(committee, member, day=datetime.date(YEAR, 4, 1))
    result = score(committee)[member.pk]
    dispute = services.dispute_raise(
        result=result, rule=scheme.rules.get(), comment="少计一次活动", by=member.user
    )
    url = reverse("admin:assessment_dispute_changelist")
    chosen = {"action": "reject", "_selected_action": [dispute.pk]}

    page = staff_client.post(url, chosen)
    assert "resolution" in page.context["form"].fields
    staff_client.post(url, {**chosen, "apply": "1", "resolution": "该活动未经审核，不予计分"})

    dispute = Dispute.objects.get()
    assert (dispute.state, dispute.resolved_by, dispute.resolution) == (
        "rejected",
        staff,
        "该活动未经审核，不予计分",
    )
