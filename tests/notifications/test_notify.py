"""notify(): one row per recipient, reason and period — whoever calls it, however often."""

from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from notifications.emails import notification_email_send
from notifications.models import Notification, NotificationPreference, Reason
from notifications.services import Recipient, notification_preferences_set, notify
from tests.factories.core import UserFactory
from tests.factories.notifications import NotificationFactory, NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def send(committee, recipients, *, reason=Reason.ASSESSMENT_RESULT, period="2024"):
    return notify(
        reason=reason,
        period=period,
        committee=committee,
        recipients=recipients,
        title="2024年度履职考核结果",
        body="您的考核等次为优秀。",
    )


def test_it_creates_one_notification_per_recipient_and_counts_them(committee):
    users = UserFactory.create_batch(3, committee=committee)
    created = send(committee, [Recipient(user_id=u.pk) for u in users])
    assert created == 3
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {u.pk for u in users}


def test_a_second_call_for_the_same_reason_and_period_creates_nothing(committee):
    user = UserFactory(committee=committee)
    assert send(committee, [Recipient(user_id=user.pk)]) == 1
    assert send(committee, [Recipient(user_id=user.pk)]) == 0
    assert send(committee, [Recipient(user_id=user.pk)], period="2025") == 1
    assert Notification.objects.filter(recipient=user).count() == 2


def test_it_reaches_people_without_an_account_by_address_once(committee):
    assert send(committee, [Recipient(email="unit@example.cn")] * 2) == 1
    assert send(committee, [Recipient(email="unit@example.cn")]) == 0
    row = Notification.objects.get()
    assert (row.recipient_id, row.email) == (None, "unit@example.cn")


def test_an_address_that_is_also_a_users_gets_one_notification_not_two(committee):
    user = UserFactory(committee=committee, email="li@example.cn")
    created = send(committee, [Recipient(email="li@example.cn"), Recipient(user_id=user.pk)])
    assert created == 1
    assert Notification.objects.get().recipient == user


def test_a_user_is_emailed_at_their_own_address_unless_another_is_given(committee):
    own = UserFactory(committee=committee, email="own@example.cn")
    other = UserFactory(committee=committee, email="account@example.cn")
    send(committee, [Recipient(user_id=own.pk), Recipient(user_id=other.pk, email="m@example.cn")])
    emails = dict(Notification.objects.values_list("recipient_id", "email"))
    assert emails == {own.pk: "own@example.cn", other.pk: "m@example.cn"}


def test_an_inactive_account_is_reached_by_email_or_not_at_all(committee):
    with_address = UserFactory(committee=committee, is_active=False)
    without = UserFactory(committee=committee, is_active=False)
    created = send(
        committee,
        [Recipient(user_id=with_address.pk, email="old@example.cn"), Recipient(user_id=without.pk)],
    )
    assert created == 1
    assert list(Notification.objects.values_list("recipient_id", "email")) == [
        (None, "old@example.cn")
    ]


def test_the_number_of_queries_does_not_grow_with_the_recipients(
    committee, django_assert_num_queries
):
    few = [Recipient(user_id=u.pk) for u in UserFactory.create_batch(2, committee=committee)]
    many = [Recipient(user_id=u.pk) for u in UserFactory.create_batch(40, committee=committee)]
    many += [Recipient(email=f"u{i}@example.cn") for i in range(20)]
    # users and addresses, mutes, the insert, the rows created (+ savepoint in the test's atomic)
    with django_assert_num_queries(6):
        assert send(committee, few, reason=Reason.MEETING_TOMORROW) == 2
    with django_assert_num_queries(6):
        assert send(committee, many, reason=Reason.MEETING_TOMORROW) == 60


def test_a_muted_optional_reminder_is_neither_shown_nor_emailed(
    committee, django_capture_on_commit_callbacks
):
    muted = UserFactory(committee=committee, email="a@example.cn")
    hearing = UserFactory(committee=committee, email="b@example.cn")
    NotificationPreferenceFactory(user=muted, reason=Reason.MEETING_TOMORROW)
    with django_capture_on_commit_callbacks(execute=True):
        created = send(
            committee,
            [Recipient(user_id=muted.pk), Recipient(user_id=hearing.pk)],
            reason=Reason.MEETING_TOMORROW,
        )
    assert created == 1
    assert not Notification.objects.filter(recipient=muted).exists()
    assert [m.to for m in mail.outbox] == [["b@example.cn"]]


def test_muting_one_reason_does_not_mute_another(committee):
    user = UserFactory(committee=committee)
    NotificationPreferenceFactory(user=user, reason=Reason.MEETING_TOMORROW)
    assert send(committee, [Recipient(user_id=user.pk)], reason=Reason.RATING_DUE) == 1


def test_a_reminder_that_is_part_of_a_duty_cannot_be_muted(committee):
    user = UserFactory(committee=committee)
    with translation.override("en"), pytest.raises(ValidationError, match="Only optional"):
        notification_preferences_set(user=user, muted=[Reason.REPLY_OVERDUE])
    with pytest.raises(ValidationError):
        NotificationPreference(user=user, reason=Reason.ON_DUTY_TOMORROW, muted=True).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(user=user, reason=Reason.ASSESSMENT_RESULT)


def test_setting_preferences_mutes_exactly_the_chosen_reasons(committee):
    user = UserFactory(committee=committee)
    notification_preferences_set(user=user, muted=[Reason.MEETING_TOMORROW, Reason.RATING_DUE])
    notification_preferences_set(user=user, muted=[Reason.RATING_DUE])
    assert list(
        NotificationPreference.objects.filter(user=user).values_list("reason", "muted")
    ) == [(Reason.RATING_DUE, True)]


def test_the_database_refuses_a_second_row_for_a_recipient_reason_and_period(committee):
    first = NotificationFactory(committee=committee, period="p")
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(
            committee=committee, recipient=first.recipient, reason=first.reason, period="p"
        )
    NotificationFactory(committee=committee, recipient=None, email="x@example.cn", period="p")
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(committee=committee, recipient=None, email="x@example.cn", period="p")


def test_the_database_refuses_a_notification_with_nobody_to_reach(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(committee=committee, recipient=None, email="")


def test_the_email_goes_out_once_after_commit(committee, django_capture_on_commit_callbacks):
    user = UserFactory(committee=committee, email="li@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        send(committee, [Recipient(user_id=user.pk)])
    assert [m.to for m in mail.outbox] == [["li@example.cn"]]
    assert mail.outbox[0].subject == "2024年度履职考核结果"
    notification = Notification.objects.get()
    assert notification.email_sent_at is not None
    # A retried or duplicated task finds the row claimed and sends nothing.
    assert notification_email_send(notification_id=notification.pk) is False
    with django_capture_on_commit_callbacks(execute=True):
        send(committee, [Recipient(user_id=user.pk)])
    assert len(mail.outbox) == 1


def test_a_user_without_an_address_is_notified_in_the_app_only(
    committee, django_capture_on_commit_callbacks
):
    user = UserFactory(committee=committee, email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(committee, [Recipient(user_id=user.pk)]) == 1
    assert mail.outbox == []


def test_a_failed_send_releases_the_claim_for_the_retry(committee):
    notification = NotificationFactory(committee=committee, email="li@example.cn")
    with mock.patch("notifications.emails.send_mail", side_effect=SMTPException("down")):
        with pytest.raises(SMTPException):
            notification_email_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_sent_at is None
    assert notification_email_send(notification_id=notification.pk) is True
    assert len(mail.outbox) == 1
