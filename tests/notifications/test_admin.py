"""Staff read their committee's notifications in the admin; nobody edits them there."""

import pytest
from django.urls import reverse

from tests.factories.core import CommitteeFactory, UserFactory
from tests.factories.notifications import NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def test_staff_list_their_committees_notifications_only(staff_client, committee):
    mine = NotificationFactory(committee=committee, title="本会通知")
    NotificationFactory(committee=CommitteeFactory(), title="外会通知")
    page = staff_client.get(reverse("admin:notifications_notification_changelist"))
    assert page.status_code == 200
    assert "本会通知" in page.content.decode()
    assert "外会通知" not in page.content.decode()
    detail = staff_client.get(reverse("admin:notifications_notification_change", args=[mine.pk]))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content


def test_another_committees_notification_is_not_shown(staff_client):
    theirs = NotificationFactory(committee=CommitteeFactory())
    response = staff_client.get(
        reverse("admin:notifications_notification_change", args=[theirs.pk])
    )
    assert (response.status_code, response.url) == (302, reverse("admin:index"))


def test_notifications_cannot_be_added_changed_or_deleted_in_the_admin(staff_client, committee):
    notification = NotificationFactory(committee=committee)
    assert staff_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:notifications_notification_delete", args=[notification.pk]), {"post": "yes"}
    )
    assert response.status_code == 403


def test_staff_see_the_preferences_of_their_committees_users(staff_client, committee):
    ours = UserFactory(committee=committee, name="王芳")
    theirs = UserFactory(committee=CommitteeFactory(), name="赵强")
    NotificationPreferenceFactory(user=ours)
    NotificationPreferenceFactory(user=theirs)
    page = staff_client.get(reverse("admin:notifications_notificationpreference_changelist"))
    html = page.content.decode()
    assert "王芳" in html
    assert "赵强" not in html


def test_filtering_unread_notifications(staff_client, committee):
    NotificationFactory(committee=committee, title="未读的")
    NotificationFactory(committee=committee, title="读过的", read_at="2024-05-01T08:00:00+08:00")
    page = staff_client.get(reverse("admin:notifications_notification_changelist") + "?read=no")
    assert "未读的" in page.content.decode()
    assert "读过的" not in page.content.decode()
