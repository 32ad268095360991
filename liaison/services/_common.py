"""Checks and helpers the liaison services share."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member

from ..models import member_serves_on
from ..models.common import not_serving_message


def lock(instance: models.Model) -> models.Model:
    """Re-read a row under a row lock so that concurrent workflow steps queue up."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def check_same_committee(member: Member, committee_id: int) -> None:
    if member.committee_id != committee_id:
        raise ValidationError(
            _("%(member)s is a member of another committee.") % {"member": member},
            code="cross_committee",
        )


def check_serves_on(member: Member, day: datetime.date) -> None:
    if not member_serves_on(member, day):
        raise ValidationError(not_serving_message(member, day), code="not_serving")
