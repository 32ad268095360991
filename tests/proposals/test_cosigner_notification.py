"""An invited co-signer gets one email after the invitation is saved, however often the task runs."""

import pytest
from django.core import mail

from proposals import services
from proposals.models import ProposalCoSigner, SubmitterKind
from proposals.tasks import notify_cosigner_invited
from tests.factories.core import StaffUserFactory
from tests.factories.proposals import ProposalFactory, member_of


@pytest.fixture
def joint_proposal(db):
    return ProposalFactory(submitter_kind=SubmitterKind.JOINT, title="关于建设城乡公交一体化的建议")


def invite(proposal, email="wang@example.cn"):
    staff = StaffUserFactory(committee=proposal.committee)
    member = member_of(proposal.committee, email=email, name="王芳")
    return services.proposal_cosigner_invite(proposal=proposal, member=member, by=staff)


def test_it_emails_the_invitation_once_the_invitation_is_committed(
    joint_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cosigner = invite(joint_proposal)
    assert mail.outbox == []  # nothing leaves before the invitation is committed

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang@example.cn"]
    assert "关于建设城乡公交一体化的建议" in message.subject
    assert "王芳" in message.body
    cosigner.refresh_from_db()
    assert cosigner.notified_at is not None


def test_running_the_task_again_sends_nothing_more(
    joint_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cosigner = invite(joint_proposal)

    assert notify_cosigner_invited.apply(args=[cosigner.pk]).get() is False
    assert notify_cosigner_invited.apply(args=[cosigner.pk]).get() is False
    assert len(mail.outbox) == 1


def test_an_invitation_answered_before_the_task_runs_is_not_emailed(
    joint_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cosigner = invite(joint_proposal)
    ProposalCoSigner.objects.filter(pk=cosigner.pk).update(
        status="declined", responded_at="2026-03-01T10:00Z"
    )

    for callback in callbacks:
        callback()

    assert mail.outbox == []


def test_a_member_without_an_address_is_claimed_but_not_emailed(
    joint_proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cosigner = invite(joint_proposal, email="")
    assert mail.outbox == []
    cosigner.refresh_from_db()
    assert cosigner.notified_at is not None
