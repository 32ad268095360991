"""Public evaluation: staff issue single-use links; a person rates once through their link."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from liaison.models import LiaisonGroup
from members.models import Member

from ..models import PublicInvitation, PublicRating
from ..selectors import InvitationUnavailable, invitation_for_token, token_hash


@transaction.atomic
def public_invitation_issue(
    *,
    committee: Committee,
    year: int,
    label: str,
    expires_at: datetime.datetime,
    group: LiaisonGroup | None = None,
    member: Member | None = None,
    by=None,
) -> tuple[PublicInvitation, str]:
    """Create an invitation and return it with its token, which is never stored nor shown again
    (only its SHA-256 is kept)."""
    for target in (group, member):
        if target is not None and target.committee_id != committee.pk:
            raise ValidationError(
                _("%(target)s belongs to another committee.") % {"target": target},
                code="cross_committee",
            )
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The link must expire in the future.")})
    token = secrets.token_urlsafe(32)
    invitation = PublicInvitation(
        committee=committee,
        year=year,
        group=group,
        member=member,
        label=label.strip(),
        expires_at=expires_at,
        token_hash=token_hash(token),
        created_by=by,
    )
    invitation.full_clean()
    invitation.save()
    return invitation, token


@transaction.atomic
def public_rating_submit(*, token: str, stars: int, comment: str = "") -> PublicRating:
    """Use the link once: claim the invitation, then store a rating that does not point back.

    The claim is a conditional update that only an unused, unexpired invitation passes; of two
    simultaneous submissions the second finds it used.
    """
    invitation = invitation_for_token(token)
    rating = PublicRating(
        committee_id=invitation.committee_id,
        year=invitation.year,
        group_id=invitation.group_id,
        member_id=invitation.member_id,
        stars=stars,
        comment=comment.strip(),
    )
    rating.full_clean()  # before the claim, so a bad form does not use up the link
    now = timezone.now()
    claimed = PublicInvitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise InvitationUnavailable("used")
    rating.save()
    return rating
