"""Voiding (作废): the way out of every count for a record without a workflow.

A speech, a research report or one of its authors, a study note, a commendation or a member's
part in a supervision topic is evidence an assessment rests on, so it is never deleted (see
``committees.admin_evidence``). When one was entered by mistake — twice, for the wrong member, for
something that did not happen — staff void it with the reason: the row stays, with its history
(who voided it, when, why and what it said), but no count and no score includes it any more.

Models mix in ``Voidable`` and list ``void_constraint(<prefix>)`` among their constraints; the
one service is ``committees.services.record_void``; readers keep ``COUNTED`` rows.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: The rows that count: those not voided.
COUNTED = Q(voided_at__isnull=True)


class Voidable(models.Model):
    """A record staff can void with a reason. Set only through ``record_void``."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_reason = models.TextField(_("reason voided"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


def void_constraint(prefix: str) -> models.CheckConstraint:
    """A voided record has its reason; one that is not has none."""
    return models.CheckConstraint(
        condition=(Q(voided_at__isnull=True) & Q(voided_reason=""))
        | (Q(voided_at__isnull=False) & ~Q(voided_reason="")),
        name=f"{prefix}_voided_has_reason",
        violation_error_message=_("A voided record needs the reason; one not voided has none."),
    )
