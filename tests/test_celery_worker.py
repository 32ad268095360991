"""A real Celery worker, consuming from Redis, runs the work the app enqueues after commit.

Marked ``services``: it runs in the PostgreSQL + Redis pass of ``make test`` and fails there,
never skips, when the broker is unreachable. The worker runs in a thread of this process, against
the same test database, so the test data must be committed (``transaction=True``).
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from cppcc.celery import app
from proposals import services
from proposals.models import ProposalCoSigner, SubmitterKind
from tests.factories.core import StaffUserFactory
from tests.factories.proposals import ProposalFactory, member_of

pytestmark = [
    pytest.mark.services,
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_emails_the_co_signer_invitation_from_the_redis_queue():
    assert app.conf.task_always_eager is False, "this pass must use the real broker"
    proposal = ProposalFactory(submitter_kind=SubmitterKind.JOINT, title="关于改善农村供水的建议")
    staff = StaffUserFactory(committee=proposal.committee)
    member = member_of(proposal.committee, email="li@example.cn")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        cosigner = services.proposal_cosigner_invite(proposal=proposal, member=member, by=staff)
        # Enqueued on commit (the test runs without a wrapping transaction), then consumed.
        assert wait_for(
            lambda: ProposalCoSigner.objects.get(pk=cosigner.pk).notified_at is not None
        ), "the worker did not run the task"
        assert wait_for(lambda: len(mail.outbox) == 1)

    assert mail.outbox[0].to == ["li@example.cn"]
