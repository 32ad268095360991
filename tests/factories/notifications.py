"""Factories for notifications and notification preferences."""

import factory
from factory.django import DjangoModelFactory

from notifications.models import Notification, NotificationPreference, Reason
from tests.factories.core import CommitteeFactory, UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    committee = factory.SubFactory(CommitteeFactory)
    recipient = factory.LazyAttribute(lambda o: UserFactory(committee=o.committee))
    reason = Reason.MEETING_TOMORROW
    period = factory.Sequence(lambda n: f"meeting-{n}")
    title = factory.Sequence(lambda n: f"明天：常委会第{n}次会议")
    body = "请准时参加。"


class NotificationPreferenceFactory(DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    reason = Reason.MEETING_TOMORROW
    muted = True
