"""Notifications through the API: one's own only, marked read one by one or all at once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from notifications.models import Notification, Reason
from tests.api.helpers_meetings import client_for, ids, queries_for
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_a_person_sees_only_their_own_notifications(people, committee):
    mine = NotificationFactory(committee=committee, recipient=people.member)
    theirs = NotificationFactory(committee=committee, recipient=people.other_member)
    assert ids(client_for(people.member).get(URL)) == [mine.pk]
    assert ids(client_for(people.staff).get(URL)) == []
    assert client_for(people.member).get(f"{URL}{theirs.pk}/").status_code == 404
    assert client_for(people.member).post(f"{URL}{theirs.pk}/mark-read/").status_code == 404
    assert client_for().get(URL).status_code == 401
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_filters_search_and_ordering(people, committee):
    old = NotificationFactory(
        committee=committee,
        recipient=people.member,
        reason=Reason.MEETING_TOMORROW,
        title="明天：常委会会议",
    )
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=40)
    )
    read = NotificationFactory(
        committee=committee, recipient=people.member, title="提案已立案", read_at=timezone.now()
    )
    client = client_for(people.member)
    assert ids(client.get(URL, {"status": "unread"})) == [old.pk]
    assert ids(client.get(URL, {"status": "read"})) == [read.pk]
    assert ids(client.get(URL, {"search": "提案"})) == [read.pk]
    assert ids(client.get(URL, {"kind": Reason.MEETING_TOMORROW, "search": "常委会"})) == [old.pk]
    recent = (timezone.localdate() - timezone.timedelta(days=7)).isoformat()
    assert ids(client.get(URL, {"date_from": recent})) == [read.pk]
    assert ids(client.get(URL, {"date_to": recent})) == [old.pk]
    assert ids(client.get(URL, {"ordering": "created_at"})) == [old.pk, read.pk]
    assert ids(client.get(URL)) == [read.pk, old.pk]
    page = client.get(URL, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1


def test_mark_one_read_then_all(people, committee):
    first, second, third = (
        NotificationFactory(committee=committee, recipient=people.member) for _ in range(3)
    )
    others = NotificationFactory(committee=committee, recipient=people.other_member)
    client = client_for(people.member)
    response = client.post(f"{URL}{first.pk}/mark-read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    response = client.post(f"{URL}mark-all-read/")
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=people.member, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_list_queries_do_not_grow_with_rows(people, committee, django_assert_num_queries):
    NotificationFactory.create_batch(2, committee=committee, recipient=people.member)
    client = client_for(people.member)
    count = queries_for(client, URL)
    NotificationFactory.create_batch(8, committee=committee, recipient=people.member)
    with django_assert_num_queries(count):
        assert len(ids(client.get(URL))) == 10
