"""Writes for sectors, members and contact activities: strict validation and the workflow.

Who may write each is in the endpoint matrix (tests/api/endpoints_people.py)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from liaison.models import ContactActivity
from members.models import Member
from sectors.models import Sector
from tests.api.endpoints_people import ACTIVITY, convener_body, membership_body, shift_body
from tests.factories.liaison import ContactActivityFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db

MEMBER_ROLES = ("member", "other_member", "convener", "other_convener", "leader")


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def as_role(people, role):
    return client_for(None if role == "anonymous" else getattr(people, role))


def test_a_new_sector_lands_in_the_writers_own_committee(people):
    response = client_for(people.other_staff).post(
        reverse("api:sector-list"), {"name": "新界别"}, format="json"
    )
    assert response.status_code == 201
    assert Sector.objects.get(name="新界别").committee_id == people.other_staff.committee_id


def test_a_sector_with_a_taken_name_is_refused_in_chinese(people):
    existing = people.sector_convened
    count = Sector.objects.count()
    response = client_for(people.staff).post(
        reverse("api:sector-list"), {"name": existing.name}, format="json"
    )
    assert response.status_code == 400
    assert "已有" in str(response.json())
    assert Sector.objects.count() == count
    blank = client_for(people.staff).post(reverse("api:sector-list"), {"name": ""}, format="json")
    assert blank.status_code == 400 and "name" in blank.json()


def test_staff_change_a_members_record(people):
    target = people.member.member
    response = client_for(people.staff).patch(
        reverse("api:member-detail", args=[target.pk]), {"phone": "13912345678"}, format="json"
    )
    assert response.status_code == 200 and response.json()["phone"] == "13912345678"
    target.refresh_from_db()
    assert target.phone == "13912345678"


def test_a_bad_member_change_is_refused_per_field_and_saves_nothing(people):
    target = people.member.member
    response = client_for(people.staff).patch(
        reverse("api:member-detail", args=[target.pk]),
        {"email": "not-an-address", "phone": "13900000000"},
        format="json",
    )
    assert response.status_code == 400
    assert "合法" in str(response.json()["email"])
    target.refresh_from_db()
    assert target.phone != "13900000000"
    # The service's own rule: an active member has no leaving date.
    response = client_for(people.staff).patch(
        reverse("api:member-detail", args=[target.pk]), {"left_on": "2024-01-01"}, format="json"
    )
    assert response.status_code == 400 and "left_on" in response.json()
    assert Member.objects.get(pk=target.pk).left_on is None


def test_a_member_logs_and_submits_an_activity_with_a_fellow(people):
    fellow = people.other_member.member
    response = client_for(people.member).post(
        reverse("api:contact-activity-list"),
        {**ACTIVITY, "co_participants": [fellow.pk], "submit": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    activity = ContactActivity.objects.get(pk=response.json()["id"])
    assert activity.status == ContactActivity.Status.SUBMITTED
    assert {p.member_id for p in activity.participants.all()} == {
        people.member.member.pk,
        fellow.pk,
    }
    # The fellow member sees it among theirs; staff see it awaiting verification.
    listed = client_for(people.other_member).get(reverse("api:contact-activity-list"))
    assert [row["id"] for row in listed.json()["results"]] == [activity.pk]
    waiting = client_for(people.staff).get(
        reverse("api:contact-activity-list"), {"status": "submitted"}
    )
    assert [row["id"] for row in waiting.json()["results"]] == [activity.pk]


def test_a_bad_activity_is_refused_with_the_forms_messages_and_saves_nothing(
    people, other_committee
):
    stranger = member_of(other_committee)
    response = client_for(people.member).post(
        reverse("api:contact-activity-list"),
        {
            **ACTIVITY,
            "title": "",
            "date": "2999-01-01",
            "place": "",
            "issues_raised": 1,
            "issues_resolved": 5,
            "co_participants": [stranger.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "必填" in errors["title"][0]
    assert "今天" in errors["date"][0]
    assert "issues_resolved" in errors
    assert "co_participants" in errors
    assert not ContactActivity.objects.exists()


def test_staff_verify_and_return_submitted_activities(people):
    member = people.member.member
    staff = client_for(people.staff)
    submitted = ContactActivityFactory(
        committee=member.committee, participants=[member], submitted=True
    )
    returned = ContactActivityFactory(
        committee=member.committee, participants=[member], submitted=True
    )

    response = staff.post(reverse("api:contact-activity-verify", args=[submitted.pk]))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified"
    again = staff.post(reverse("api:contact-activity-verify", args=[submitted.pk]))
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_transition"
    assert "只有" in again.json()["detail"]

    no_reason = staff.post(
        reverse("api:contact-activity-return-to-member", args=[returned.pk]), {}, format="json"
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    response = staff.post(
        reverse("api:contact-activity-return-to-member", args=[returned.pk]),
        {"reason": "请补充照片"},
        format="json",
    )
    assert response.json()["status"] == "returned"
    assert response.json()["returned_reason"] == "请补充照片"

    # The member corrects nothing but sends it again: it is submitted once more.
    ContactActivity.objects.filter(pk=returned.pk).update(created_by=people.member)
    resent = client_for(people.member).post(
        reverse("api:contact-activity-submit", args=[returned.pk])
    )
    assert resent.status_code == 200 and resent.json()["status"] == "submitted"


def test_an_activity_sent_as_a_list_is_a_400(people):
    response = client_for(people.member).post(
        reverse("api:contact-activity-list"), [ACTIVITY], format="json"
    )
    assert response.status_code == 400
    assert not ContactActivity.objects.exists()


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("api:sector-convener-list", convener_body),
        ("api:liaison-group-membership-list", membership_body),
        ("api:duty-shift-list", shift_body),
    ],
)
def test_staff_of_the_committee_alone_create_through_the_services(people, committee, route, body):
    cache.clear()
    data = body(people, committee)
    # Another committee's staff cannot name this committee's records: "does not exist".
    foreign = client_for(people.other_staff).post(reverse(route), data, format="json")
    assert foreign.status_code == 400 and "不存在" in str(foreign.json())
    assert client_for(people.staff).post(reverse(route), data, format="json").status_code == 201
    # The service's rules: the same again is refused with a message, nothing more saved.
    again = client_for(people.staff).post(reverse(route), data, format="json")
    assert again.status_code == 400
    listed = client_for(people.staff).get(reverse(route), {"member": data["member"]})
    assert listed.json()["count"] == 1
