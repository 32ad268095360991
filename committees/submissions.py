"""Forms that create a record create it once, however many times the page is sent.

A member on a slow phone connection taps "save" twice, or resends the page after a timeout: both
requests carry the same form token (``{% submission_token %}``, rendered once with the page and
kept when the page comes back with errors). The first request claims the token with a row whose
``(user, token)`` is unique, in the same transaction as the record it creates; the second waits
for that transaction at the unique index, finds the claim and is shown the record already made
instead of making another. A sending that fails (bad data) rolls its claim back with everything
else, so correcting the form and sending it again works.

A request without a token (an old page, a script) is not protected and creates its record as
before. The API's creates do the same with the client's ``Idempotency-Key`` header
(``api_create_once``): the same key sent again gets the first answer again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

#: The name of the hidden field that carries the token.
TOKEN_FIELD = "submission_token"

#: How long a claim is kept: far longer than any page stays open and is sent again (a session
#: ends after 12 hours at most, accounts/sessions.py), after which it protects nothing.
KEPT_FOR = datetime.timedelta(days=7)

Record = TypeVar("Record", bound=models.Model)


@dataclass(frozen=True)
class Sent(Generic[Record]):
    #: The record the form created, by this sending or an earlier one; None if it was deleted since.
    record: Record | None
    #: False when an earlier sending of the same page had already created it.
    first: bool


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def page_token(request: HttpRequest | None) -> str:
    """The token for a form page: the one sent back with it (the page shown again with its
    errors is the same form), else a new one."""
    token = posted_token(request) if request is not None and request.method == "POST" else None
    return str(token or uuid.uuid4())


def _claim(user, token: uuid.UUID, **fields):
    """Claim ``token`` for ``user``: ``(the new claim, None)``, or ``(None, the earlier claim)``
    when it was claimed before (a claim still being made is waited for at the unique index)."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(user=user, token=token, **fields), None
    except IntegrityError:
        return None, FormSubmission.objects.get(user=user, token=token)


def create_once(request: HttpRequest, create: Callable[[], Record]) -> Sent[Record]:
    """Run ``create`` unless this page's token has already created a record; then return that."""
    token = posted_token(request)
    if token is None:
        return Sent(create(), first=True)
    with transaction.atomic():
        claim, earlier = _claim(request.user, token)
        if earlier is not None:
            return Sent(earlier.record, first=False)
        record = create()
        claim.content_type = ContentType.objects.get_for_model(record)
        claim.object_id = record.pk
        claim.save(update_fields=["content_type", "object_id"])
    return Sent(record, first=True)


class KeyReused(Exception):
    """The ``Idempotency-Key`` was already used by this person for a different request."""


def api_create_once(request, token: uuid.UUID, respond: Callable[[], object]):
    """Answer an API create sent with an ``Idempotency-Key``: run ``respond`` (which creates
    and returns the response) unless this person already sent this key, in which case return
    ``(status, body)`` of the first answer. A create that fails (an exception) claims nothing,
    so the corrected request may use the key again. Raises ``KeyReused`` when the key came with
    a different request before.

    Returns ``(response, replayed)``: the new response, or ``((status, body), True)``."""
    digest = hashlib.sha256(
        json.dumps(
            [request.method, request.path, request.data], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    with transaction.atomic():
        claim, earlier = _claim(request.user, token, request_digest=digest)
        if earlier is not None:
            if earlier.request_digest != digest or earlier.response_status is None:
                raise KeyReused from None
            return (earlier.response_status, earlier.response_body), True
        response = respond()
        claim.response_status = response.status_code
        claim.response_body = response.data
        claim.save(update_fields=["response_status", "response_body"])
    return response, False


def already_sent(
    request: HttpRequest, sent: Sent, *, to: str | None = None, fallback: str
) -> HttpResponse:
    """The answer to a page sent again: the record the first sending made (its page ``to``, or
    ``fallback`` when it has no page or is gone), and why nothing new was saved."""
    messages.info(request, _("This form had already been sent; it was saved only once."))
    if to is None or sent.record is None:
        return redirect(fallback)
    return redirect(to, pk=sent.record.pk)


def forget_old_submissions(*, now: datetime.datetime | None = None) -> int:
    """Delete the claims older than ``KEPT_FOR``, in one statement; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
