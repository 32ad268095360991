"""Messages the proposal workflow sends people, each sent at most once."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ProposalCoSigner


@transaction.atomic
def proposal_cosigner_notify(*, cosigner_id: int) -> bool:
    """Tell an invited co-signer about the invitation by email. Returns whether a mail went out.

    The conditional UPDATE claims the invitation: of two runs racing (a retry, a duplicated
    delivery) exactly one changes the row, and only that one sends. If sending fails, the claim is
    rolled back with the transaction and the task's retry tries again.
    """
    claimed = ProposalCoSigner.objects.filter(
        pk=cosigner_id, status=ProposalCoSigner.Status.INVITED, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if claimed != 1:
        return False
    cosigner = ProposalCoSigner.objects.select_related(
        "proposal__first_proposer", "member__user"
    ).get(pk=cosigner_id)
    member = cosigner.member
    address = member.email or (member.user.email if member.user_id else "")
    if not address:
        return False
    proposal = cosigner.proposal
    send_mail(
        subject=_("Invitation to co-sign the proposal “%(title)s”") % {"title": proposal.title},
        message=_(
            "Dear %(member)s,\n\n%(proposer)s invites you to co-sign the proposal “%(title)s”. "
            "Please sign in to confirm or decline before it is submitted."
        )
        % {
            "member": member.name,
            "proposer": proposal.first_proposer or proposal.submitter_display,
            "title": proposal.title,
        },
        from_email=None,
        recipient_list=[address],
    )
    return True
