"""Voiding a contact activity: the way out of the count for an activity already submitted or
verified, which is evidence and is never deleted (SECURITY.md, "History and deletion")."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessment.models import DutyKind
from liaison import services
from liaison.models import ContactActivity
from tests.assessment.engine_helpers import YEAR, activity, score
from tests.assessment.test_engine_rules import scheme_with
from tests.factories.core import StaffUserFactory
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import member_of
from tests.liaison.helpers import refused_by_db, refused_with

Status = ContactActivity.Status
pytestmark = pytest.mark.django_db


def test_a_voided_activity_counts_no_more_and_keeps_who_voided_it_and_why(committee, staff):
    scheme_with(committee, {"contact": {"duty_kind": DutyKind.CONTACT_ACTIVITY, "points": 5}})
    member = member_of(committee)
    counted = activity(committee, member, day=datetime.date(YEAR, 6, 3))
    activity(committee, member, day=datetime.date(YEAR, 6, 4))
    assert score(committee)[member.pk].total == 10

    voided = services.activity_void(activity=counted, by=staff, reason="与6月4日活动重复登记")

    assert score(committee)[member.pk].total == 5
    voided.refresh_from_db()
    assert (voided.status, voided.voided_reason) == (Status.VOIDED, "与6月4日活动重复登记")
    assert voided.verified_at is not None  # when it had been verified stays on record
    last, before = voided.history.order_by("-history_date", "-history_id")[:2]
    assert (last.history_user, last.status, before.status) == (staff, "voided", "verified")


def test_a_submitted_activity_can_be_voided_and_a_draft_cannot(committee, staff):
    submitted = ContactActivityFactory(committee=committee, submitted=True)
    assert services.activity_void(activity=submitted, by=staff, reason="未实际开展").status == (
        Status.VOIDED
    )
    draft = ContactActivityFactory(committee=committee)
    with refused_with("Only a submitted or verified activity can be voided; this one is “Draft”."):
        services.activity_void(activity=draft, by=staff, reason="未实际开展")
    with refused_with("Only a submitted or verified activity can be voided; this one is “Voided”."):
        services.activity_void(activity=submitted, by=staff, reason="再次作废")


def test_voiding_needs_a_reason_and_the_database_holds_to_it(committee, staff):
    verified = ContactActivityFactory(committee=committee, verified=True)
    with refused_with("Give the reason for voiding the activity."):
        services.activity_void(activity=verified, by=staff, reason="   ")
    verified.refresh_from_db()
    assert verified.status == Status.VERIFIED
    with refused_by_db("contact_activity_voided_has_reason"):
        ContactActivity.objects.filter(pk=verified.pk).update(status="voided")


def test_staff_void_through_the_admin_with_a_reason(staff_client, committee):
    verified = ContactActivityFactory(committee=committee, verified=True)
    url = reverse("admin:liaison_contactactivity_changelist")
    chosen = {"action": "void_selected", "_selected_action": [verified.pk]}

    asked = staff_client.post(url, chosen)
    assert asked.status_code == 200  # the form asking for the reason
    staff_client.post(url, {**chosen, "apply": "1", "reason": "照片与他次活动相同"})

    verified.refresh_from_db()
    assert (verified.status, verified.voided_reason) == (Status.VOIDED, "照片与他次活动相同")


def test_staff_void_through_the_api_and_other_committees_staff_get_404(committee, staff):
    verified = ContactActivityFactory(committee=committee, verified=True)
    url = reverse("api:contact-activity-void", args=[verified.pk])
    outsider = APIClient()
    outsider.force_authenticate(StaffUserFactory())
    assert outsider.post(url, {"reason": "重复"}, format="json").status_code == 404

    client = APIClient()
    client.force_authenticate(staff)
    missing = client.post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = client.post(url, {"reason": "重复登记"}, format="json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["voided_reason"]) == ("voided", "重复登记")
    again = client.post(url, {"reason": "重复登记"}, format="json")
    assert again.status_code == 409
