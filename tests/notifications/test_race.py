"""Two workers notifying the same people at the same moment: one row each, one email each.

Marked ``services``: on PostgreSQL, two connections really race; the unique constraints decide.
"""

import threading

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification, Reason
from notifications.services import Recipient, notify
from tests.factories.core import CommitteeFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_workers_racing_create_one_notification_and_send_one_email_per_person():
    assert connection.vendor == "postgresql"
    committee = CommitteeFactory()
    users = [UserFactory(committee=committee, email=f"u{i}@example.cn") for i in range(5)]
    recipients = [Recipient(user_id=u.pk) for u in users] + [Recipient(email="unit@example.cn")]
    start = threading.Barrier(2)
    created, errors = [], []

    def worker():
        from django.db import connection as own

        try:
            start.wait()
            created.append(
                notify(
                    reason=Reason.ASSESSMENT_RESULT,
                    period="2024",
                    committee=committee,
                    recipients=recipients,
                    title="2024年度履职考核结果",
                )
            )
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(created) == 6  # each row counted by the one call that created it
    assert Notification.objects.count() == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [u.email for u in users] + ["unit@example.cn"]
    )
