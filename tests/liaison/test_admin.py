"""The liaison back office as staff use it: lists, forms and the bulk steps (in Chinese)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.models import (
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    LeaderApproval,
    LiaisonGroup,
    LiaisonGroupMembership,
    OnDutyShift,
    WorkPlan,
    YearEndReport,
)
from tests.factories.core import CommitteeFactory, StaffUserFactory
from tests.factories.liaison import (
    ContactActivityFactory,
    ContactPointFactory,
    LeaderApprovalFactory,
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    OnDutyShiftFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def url(model, name, *args):
    return reverse(f"admin:liaison_{model._meta.model_name}_{name}", args=args)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def one_of_each(committee, group, point, make_member):
    member = make_member()
    LiaisonGroupMembershipFactory(group=group, member=member)
    activity = ContactActivityFactory(committee=committee, participants=[member])
    return {
        LiaisonGroup: group,
        LiaisonGroupMembership: group.memberships.get(),
        LeaderApproval: LeaderApprovalFactory(group=group),
        WorkPlan: WorkPlanFactory(group=group),
        YearEndReport: YearEndReportFactory(group=group),
        ContactPoint: point,
        ContactActivity: activity,
        ContactActivityParticipant: activity.participants.get(),
        OnDutyShift: OnDutyShiftFactory(contact_point=point, member=member),
    }


def test_every_liaison_page_loads_for_staff(staff_client, one_of_each):
    for model, obj in one_of_each.items():
        for page in (url(model, "changelist"), url(model, "add"), url(model, "change", obj.pk)):
            assert staff_client.get(page).status_code == 200, page
    history = url(ContactActivity, "history", one_of_each[ContactActivity].pk)
    assert staff_client.get(history).status_code == 200


def test_staff_of_another_committee_see_none_of_it(client, one_of_each):
    client.force_login(StaffUserFactory(committee=CommitteeFactory()))
    for model, obj in one_of_each.items():
        response = client.get(url(model, "changelist"))
        assert response.context["cl"].result_count == 0, model
        assert client.get(url(model, "change", obj.pk)).status_code == 302, model
    history = url(ContactActivity, "history", one_of_each[ContactActivity].pk)
    assert client.get(history).status_code == 403


def test_the_group_list_shows_each_groups_leader_and_size(staff_client, group, make_member):
    LiaisonGroupMembershipFactory(group=group, member=make_member(name="王组员"))
    LeaderMembershipFactory(group=group, member=make_member(name="李组长"))
    response = staff_client.get(url(LiaisonGroup, "changelist"))
    row = response.context["cl"].result_list.get(pk=group.pk)
    assert (row.leader_name_on, row.member_count_on) == ("李组长", 2)
    assert "李组长" in response.content.decode()


def test_a_duplicate_group_name_is_a_form_error_not_a_crash(staff_client, group):
    response = staff_client.post(
        url(LiaisonGroup, "add"),
        {
            "name": group.name,
            "kind": "township",
            "display_order": 0,
            "is_active": "on",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "本委员会已有同名联络组。" in response.content.decode()
    assert LiaisonGroup.objects.count() == 1


def test_staff_add_a_group_to_their_own_committee(staff_client, staff):
    response = staff_client.post(
        url(LiaisonGroup, "add"),
        {
            "name": "新城街道联络组",
            "kind": "township",
            "display_order": 0,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert LiaisonGroup.objects.get(name="新城街道联络组").committee == staff.committee


def test_the_contact_point_list_shows_the_ten_haves(staff_client, committee):
    complete = ContactPointFactory(committee=committee, complete=True)
    ContactPointFactory(committee=committee, has_sign=True, has_rules=True, has_archives=True)

    response = staff_client.get(url(ContactPoint, "changelist"))
    page = response.content.decode()
    assert "10/10" in page and "3/10" in page
    for label in (
        "场所",
        "召集人",
        "联络员",
        "标牌",
        "电话",
        "委员信箱",
        "工作制度",
        "工作计划",
        "公示栏",
        "档案",
    ):
        assert f">{label}<" in page or f"{label}</" in page, label

    meets_all = staff_client.get(url(ContactPoint, "changelist"), {"ten_haves": "yes"})
    assert list(meets_all.context["cl"].result_list) == [complete]
    lacking_phone = staff_client.get(url(ContactPoint, "changelist"), {"missing": "has_phone"})
    assert complete not in lacking_phone.context["cl"].result_list


def queries_for(client, page):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "model", [ContactActivity, ContactPoint, LiaisonGroup, LiaisonGroupMembership, OnDutyShift]
)
def test_a_list_costs_the_same_queries_for_few_or_many_rows(
    staff_client, committee, make_member, model
):
    def add_rows(n):
        for _ in range(n):
            member = make_member()
            group = LiaisonGroupFactory(committee=committee)
            LiaisonGroupMembershipFactory(group=group, member=member)
            point = ContactPointFactory(committee=committee, liaison_group=group, convener=member)
            ContactActivityFactory(committee=committee, contact_point=point, participants=[member])
            OnDutyShiftFactory(contact_point=point, member=member)

    add_rows(2)
    few = queries_for(staff_client, url(model, "changelist"))
    add_rows(5)
    assert queries_for(staff_client, url(model, "changelist")) == few


def post_action(client, model, action, objects, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(url(model, "changelist"), data, follow=True)


def test_staff_verify_the_selected_activities_and_hear_about_the_rest(
    staff_client, staff, committee, make_member
):
    submitted = ContactActivityFactory(committee=committee, submitted=True, title="入户走访")
    draft = ContactActivityFactory(committee=committee, title="草稿活动")

    response = post_action(
        staff_client, ContactActivity, "verify_selected", [submitted, draft], index=0
    )

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, submitted.verified_by) == ("verified", staff)
    assert draft.status == "draft"
    messages = messages_of(response)
    assert any("草稿活动" in m and "只有已提交的活动才能审核" in m for m in messages), messages
    assert any("已更新 1 条记录" in m for m in messages), messages


def test_returning_asks_for_a_reason_first(staff_client, committee):
    activity = ContactActivityFactory(committee=committee, submitted=True)

    form_page = post_action(staff_client, ContactActivity, "return_selected", [activity], index=0)
    assert "admin/committees/action_form.html" in [t.name for t in form_page.templates]
    assert str(activity) in form_page.content.decode()

    missing = post_action(
        staff_client, ContactActivity, "return_selected", [activity], apply=1, reason=""
    )
    assert missing.context["form"].errors
    activity.refresh_from_db()
    assert activity.status == "submitted"

    post_action(
        staff_client, ContactActivity, "return_selected", [activity], apply=1, reason="缺少照片"
    )
    activity.refresh_from_db()
    assert (activity.status, activity.returned_reason) == ("returned", "缺少照片")


def test_a_submitted_activity_is_read_only_in_the_form(staff_client, committee):
    activity = ContactActivityFactory(committee=committee, submitted=True, people_reached=5)
    response = staff_client.post(
        url(ContactActivity, "change", activity.pk), {"people_reached": 500}
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.people_reached == 5


def test_staff_of_the_city_read_a_county_activity_but_cannot_verify_it(client, committee):
    city = CommitteeFactory(level="municipal")
    committee.parent = city
    committee.save()
    activity = ContactActivityFactory(committee=committee, submitted=True)
    client.force_login(StaffUserFactory(committee=city))

    assert client.get(url(ContactActivity, "change", activity.pk)).status_code == 200
    response = post_action(client, ContactActivity, "verify_selected", [activity], index=0)

    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert any("属于其他委员会" in m for m in messages_of(response))


def test_approving_a_leader_through_the_admin_makes_them_leader(staff_client, group):
    approval = LeaderApprovalFactory(group=group, discussed=True)
    post_action(
        staff_client,
        LeaderApproval,
        "record_approval",
        [approval],
        apply=1,
        approved_on="2022-03-01",
        document_number="县政协常〔2022〕5号",
    )
    approval.refresh_from_db()
    assert approval.state == "approved"
    leader = group.memberships.get(role="leader")
    assert (leader.member, leader.start_date) == (approval.member, D(2022, 3, 1))


def test_moving_members_through_the_admin(staff_client, group, other_group, make_member):
    membership = LiaisonGroupMembershipFactory(group=group, member=make_member())
    post_action(
        staff_client,
        LiaisonGroupMembership,
        "move_to_group",
        [membership],
        apply=1,
        group=other_group.pk,
        effective_date="2024-01-01",
    )
    membership.refresh_from_db()
    assert membership.end_date == D(2023, 12, 31)
    assert membership.member.liaison_memberships.get(end_date__isnull=True).group == other_group


def test_planning_the_roster_from_the_contact_point_list(
    staff_client, committee, group, make_member
):
    point = ContactPointFactory(committee=committee, liaison_group=group)
    LiaisonGroupMembershipFactory(group=group, member=make_member())
    response = post_action(
        staff_client,
        ContactPoint,
        "generate_roster",
        [point],
        apply=1,
        start_date="2024-05-06",
        end_date="2024-05-12",
        skip_dates="2024-05-08",
    )
    assert sorted(point.duty_shifts.values_list("date", flat=True)) == [
        D(2024, 5, 6),
        D(2024, 5, 7),
        D(2024, 5, 9),
        D(2024, 5, 10),
    ]
    assert any("4 天" in m for m in messages_of(response)), messages_of(response)


def test_submitting_plans_in_bulk(staff_client, staff, group, other_group):
    ready = WorkPlanFactory(group=group)
    empty = WorkPlanFactory(group=other_group, tasks="", goals="")
    post_action(staff_client, WorkPlan, "submit_selected", [ready, empty], index=0)
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert (ready.state, ready.submitted_by) == ("submitted", staff)
    assert empty.state == "draft"


def test_an_overlapping_membership_added_inline_is_a_form_error(
    staff_client, group, other_group, make_member
):
    member = make_member(name="赵委员")
    LiaisonGroupMembershipFactory(group=other_group, member=member, start_date=D(2022, 1, 10))
    response = staff_client.post(
        url(LiaisonGroup, "change", group.pk),
        {
            "name": group.name,
            "kind": group.kind,
            "display_order": 0,
            "is_active": "on",
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-0-member": member.pk,
            "memberships-0-role": "member",
            "memberships-0-start_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"赵委员自2022-01-10至今已在联络组“{other_group.name}”中。" in page
    assert not group.memberships.exists()
