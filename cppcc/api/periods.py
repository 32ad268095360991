"""Ending a dated period (a convener's term, a group membership) through the API.

The body is the admin's "end the selected periods" form (``committees.admin_actions.EndDateForm``),
so the API checks the date as the admin does; a period already ended is a 409: the request was
well-formed, the record has moved on.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from committees.admin_actions import EndDateForm

from .base import checked


class EndDateSerializer(serializers.Serializer):
    """The request body (documentation); ``end_date_of`` checks it with the admin's form."""

    end_date = serializers.DateField(help_text="The last day of the period.")


def end_date_of(request) -> datetime.date:
    return checked(request, EndDateSerializer, EndDateForm)["end_date"]


def check_open(period) -> None:
    """Refuse a move on a period that has already ended (409 ``illegal_transition``)."""
    if period.end_date is not None:
        raise ValidationError(_("This period has already ended."), code="illegal_transition")
