"""The notification centre: each user sees and marks only their own notifications."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, NotificationPreference, Reason
from tests.factories.core import UserFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications:centre")


@pytest.fixture
def owner(committee):
    return UserFactory(committee=committee)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_it_lists_my_notifications_newest_first_with_the_unread_marked(
    owner_client, owner, committee, django_assert_max_num_queries
):
    old = NotificationFactory(committee=committee, recipient=owner, title="旧通知")
    new = NotificationFactory(committee=committee, recipient=owner, title="新通知")
    Notification.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2020))
    NotificationFactory(
        committee=committee, recipient=owner, title="已读通知", read_at=new.created_at
    )
    NotificationFactory(committee=committee, title="别人的通知")
    # Session, user, the menu's roles (at most four), the unread badge and the page's lists.
    with django_assert_max_num_queries(10):
        response = owner_client.get(CENTRE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("新通知") < html.index("旧通知")
    assert "别人的通知" not in html
    assert response.context["unread_notifications"] == 2
    assert html.count('class="notification unread"') == 2


def test_the_page_costs_the_same_queries_for_many_notifications(
    owner_client, owner, committee, django_assert_max_num_queries
):
    NotificationFactory(committee=committee, recipient=owner)
    with django_assert_max_num_queries(20) as few:
        owner_client.get(CENTRE)
    NotificationFactory.create_batch(25, committee=committee, recipient=owner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(CENTRE)


def test_signing_in_is_required(client):
    response = client.get(CENTRE)
    assert response.status_code == 302
    assert reverse("portal:login") in response.url


def test_i_mark_one_notification_read(owner_client, owner, committee):
    notification = NotificationFactory(committee=committee, recipient=owner)
    response = owner_client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_a_notification_marks_it_read_and_follows_its_link(owner_client, owner, committee):
    notification = NotificationFactory(committee=committee, recipient=owner, url="/admin/")
    response = owner_client.post(
        reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"}
    )
    assert response.url == "/admin/"


def test_someone_elses_notification_is_not_found(owner_client, committee):
    theirs = NotificationFactory(committee=committee)
    response = owner_client.post(reverse("notifications:mark_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post_with_the_csrf_token(client, owner, committee):
    notification = NotificationFactory(committee=committee, recipient=owner)
    url = reverse("notifications:mark_read", args=[notification.pk])
    client.force_login(owner)
    assert client.get(url).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post(url).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_i_mark_all_mine_read_and_nobody_elses(owner_client, owner, committee):
    NotificationFactory.create_batch(3, committee=committee, recipient=owner)
    theirs = NotificationFactory(committee=committee)
    owner_client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=owner, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert owner_client.get(CENTRE).context["unread_notifications"] == 0


def test_i_mute_an_optional_reminder_on_the_same_page(owner_client, owner):
    page = owner_client.get(CENTRE).content.decode()
    assert f'value="{Reason.MEETING_TOMORROW}"' in page
    assert f'value="{Reason.REPLY_OVERDUE}"' not in page  # a duty: not offered
    owner_client.post(reverse("notifications:preferences"), {"muted": [Reason.MEETING_TOMORROW]})
    assert list(NotificationPreference.objects.values_list("user", "reason", "muted")) == [
        (owner.pk, Reason.MEETING_TOMORROW, True)
    ]
    response = owner_client.get(CENTRE)
    assert response.context["form"].initial["muted"] == [Reason.MEETING_TOMORROW]


def test_a_duty_reminder_cannot_be_muted_through_the_form(owner_client):
    response = owner_client.post(
        reverse("notifications:preferences"), {"muted": [Reason.ON_DUTY_TOMORROW]}, follow=True
    )
    assert not NotificationPreference.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_the_page_is_in_chinese_by_default(owner_client, owner, committee):
    NotificationFactory(committee=committee, recipient=owner)
    html = owner_client.get(CENTRE).content.decode()
    assert "全部标为已读" in html
