"""A fan-out's emails go to the broker in chunks; each email still goes out at most once."""

from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail

from notifications import emails
from notifications.models import Notification, Reason
from notifications.services import Recipient, notify
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_fan_out_enqueues_one_message_per_chunk_of_emails(
    committee, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(emails, "EMAIL_CHUNK", 2)
    monkeypatch.setattr("notifications.services.EMAIL_CHUNK", 2)
    with (
        mock.patch.object(emails.send_notification_emails, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(
            reason=Reason.NO_CONTACT_ACTIVITY,
            period="2027-H1",
            committee=committee,
            recipients=[Recipient(email=f"m{i}@example.cn") for i in range(5)],
            title="本半年尚无联系群众活动",
        )
    chunks = [call.args[0] for call in delay.call_args_list]
    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    assert sorted(pk for chunk in chunks for pk in chunk) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )


def test_a_chunk_sends_each_email_once_and_hands_a_failure_to_the_retrying_task(committee):
    first, failing, last = (
        NotificationFactory(committee=committee, recipient=None, email=f"{n}@example.cn")
        for n in ("a", "b", "c")
    )
    real_send = emails.send_mail

    def send_mail(**kwargs):
        if kwargs["recipient_list"] == [failing.email]:
            raise SMTPException("refused")
        return real_send(**kwargs)

    with (
        mock.patch.object(emails, "send_mail", side_effect=send_mail),
        mock.patch.object(emails.send_notification_email, "apply_async") as retry,
    ):
        ids = [first.pk, failing.pk, last.pk]
        assert emails.send_notification_emails(ids) == 2
        assert emails.send_notification_emails(ids) == 0  # a redelivered chunk sends nothing

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "c@example.cn"]
    assert [call.args[0] for call in retry.call_args_list] == [(failing.pk,), (failing.pk,)]
    failing.refresh_from_db()
    assert failing.email_sent_at is None
