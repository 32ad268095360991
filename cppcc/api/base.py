"""What every API viewset shares: scoping by the one role model, writes only where allowed.

A viewset sets ``scopes`` — for each role that may read its rows, how to narrow the queryset to
that person's part (the ``accounts.roles.scope_*`` helpers, ``committees.access`` for staff) —
and the rows visible are the union over the roles the person holds. A row outside it is a 404
(``get_object`` looks only inside the scoped queryset), never a 403.

Writes: ``write_roles`` names who may create/change/delete at all (403 for anyone else); the
object itself must also be inside the writer's scope (staff: ``committees.access.scope_writable``),
else 404. Workflow moves are ``@action``s calling the app's services, whose ValidationErrors
become 400 responses with the message in the user's language.
"""

from __future__ import annotations

import functools
import operator
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from accounts.roles import STAFF, roles_for
from committees import access
from committees.models import Committee
from committees.submissions import KeyReused, api_create_once

from .negotiation import is_export

#: ``scope(queryset, request) -> queryset`` for one role.
Scope = Callable[[QuerySet, object], QuerySet]


def staff_readable(committee_path: str = "committee") -> Scope:
    """Staff read their committee's rows and those of the committees below it."""
    return lambda qs, request: access.scope_readable(qs, request.user, committee_path)


def staff_writable(committee_path: str = "committee") -> Scope:
    return lambda qs, request: access.scope_writable(qs, request.user, committee_path)


def own_committee(committee_path: str = "committee") -> Scope:
    """Rows of the committee the request's person is a member of."""

    def scope(queryset, request):
        committee_id = roles_for(request).member_committee_id
        if committee_id is None:
            return queryset.none()
        return queryset.filter(**{f"{committee_path}_id": committee_id})

    return scope


#: The request header a client sets on a create to have it run only once.
IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(request) -> uuid.UUID | None:
    """The create's ``Idempotency-Key`` (a UUID the client makes up per record), or None."""
    value = request.headers.get(IDEMPOTENCY_HEADER)
    if value is None:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise exceptions.ValidationError(
            {IDEMPOTENCY_HEADER: [_("The Idempotency-Key header must be a UUID.")]}
        ) from None


class IdempotencyKeyReused(exceptions.APIException):
    status_code = 422
    default_code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used for a different request; use a new key for a "
        "new record."
    )


def _create_once(create, token, request, *args, **kwargs) -> Response:
    try:
        response, replayed = api_create_once(
            request, token, lambda: create(request, *args, **kwargs)
        )
    except KeyReused:
        raise IdempotencyKeyReused from None
    if replayed:
        status, body = response
        return Response(body, status=status, headers={"Idempotent-Replayed": "true"})
    return response


class RoleScopedMixin:
    """``scopes = {role: scope}``; the queryset is the union of the scopes of the roles held."""

    scopes: dict[str, Scope] = {}
    #: Roles that may write (POST/PUT/PATCH/DELETE); empty: read-only endpoint.
    write_roles: tuple[str, ...] = ()
    #: For staff writes: the path to the committee, to refuse other committees' rows (404).
    committee_path: str = "committee"

    def base_queryset(self) -> QuerySet:
        return super().get_queryset()

    def get_queryset(self) -> QuerySet:
        queryset = self.base_queryset()
        roles = roles_for(self.request)
        held = [scope for role, scope in self.scopes.items() if roles.has_any(role)]
        if not held:
            return queryset.none()
        if self.request.method not in permissions.SAFE_METHODS and roles.is_staff:
            if STAFF in self.write_roles:
                held = [staff_writable(self.committee_path)]
        # The rows of each role held, OR-ed into one query (``|`` merges the filters).
        return functools.reduce(operator.or_, (scope(queryset, self.request) for scope in held))

    def get_permissions(self):
        perms = super().get_permissions()
        if self.request.method not in permissions.SAFE_METHODS:
            perms.append(HasRole(self.write_roles))
        return perms

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # After sign-in, permissions and throttles: a signed-in client's create sent with an
        # Idempotency-Key runs once, however often it is sent (committees.submissions).
        if getattr(self, "action", None) == "create" and request.user.is_authenticated:
            token = idempotency_key(request)
            if token is not None:
                self.post = functools.partial(_create_once, self.post, token)


class ActionRolesMixin(RoleScopedMixin):
    """``action_roles = {action: roles}``: who may use each writing action (403 otherwise)."""

    action_roles: dict[str, tuple[str, ...]] = {}

    @property
    def write_roles(self) -> tuple[str, ...]:
        return self.action_roles.get(getattr(self, "action", None), ())


class WritableCommitteeField(serializers.PrimaryKeyRelatedField):
    """A committee the request's staff user may write to (``committees.access``): their own."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Committee.objects.none()
        return access.readable_committees(request.user)

    def to_internal_value(self, data):
        committee = super().to_internal_value(data)
        if not access.can_write_committee(self.context["request"].user, committee.pk):
            raise exceptions.ValidationError(_("You may only record this for your own committee."))
        return committee


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false``, as the schema says a boolean is — not DRF's 1/0, "yes" or "on"."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if data in ("true", "True"):
            return True
        if data in ("false", "False"):
            return False
        self.fail("invalid", input=data)


class StrictTextMixin:
    """Text is a string: not DRF's number turned into one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictTextMixin, serializers.CharField):
    pass


class StrictEmailField(StrictTextMixin, serializers.EmailField):
    pass


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer that takes the types its schema states: booleans ``true``/``false``,
    text as strings."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
    }


class OwnCommitteeField(serializers.PrimaryKeyRelatedField):
    """A related object of the writer's own committee (another committee's id: "does not exist")."""

    def __init__(self, model, committee_path: str = "committee", **kwargs):
        self.model, self.committee_path = model, committee_path
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        queryset = self.model.objects.order_by("pk")
        if user is None or not user.is_authenticated:
            return queryset.none()
        return access.scope_writable(queryset, user, self.committee_path)


class HasRole(permissions.BasePermission):
    """The request's person holds one of ``roles`` (a 403 otherwise)."""

    def __init__(self, roles: tuple[str, ...]):
        self.roles = roles

    def has_permission(self, request, view) -> bool:
        return bool(self.roles) and roles_for(request).has_any(*self.roles)


def exception_handler(exc, context):
    """Every error body has one of two shapes (documented by ``cppcc.api.schema``).

    A 400 is ``{field: [messages], "non_field_errors": [messages]}`` — Django's ValidationError
    raised by services included; any other error is ``{"detail": message, "code": code}``. A
    delete refused because other records still refer to the row is a 409 (``protected``), and so
    is a workflow move the record's state forbids (``illegal_transition``).
    """
    if isinstance(exc, DjangoValidationError):
        if is_illegal_transition(exc):
            exc = IllegalTransition(" ".join(exc.messages))
        elif _all_codes(exc, "protected"):
            exc = Conflict(" ".join(exc.messages))
        elif hasattr(exc, "error_dict"):
            exc = field_errors(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    elif isinstance(exc, Http404):
        # Not Django's "No Committee matches the given query.": English, and names the model.
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return server_error(exc, context)
    request = context.get("request")
    if request is not None and is_export(getattr(request, "accepted_renderer", None)):
        # An error asked for as a download is still the documented JSON error body.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    if isinstance(exc, exceptions.ValidationError):
        if not isinstance(response.data, dict):
            response.data = {"non_field_errors": response.data}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(response.data["detail"], "code", None) or "error"
        if response.status_code == 400:
            # A body that could not be read (bad JSON): the request as a whole was refused.
            response.data = {"non_field_errors": [response.data["detail"]]}
    return response


def server_error(exc, context):
    """An unexpected exception: logged as Django logs a 500, the transaction rolled back, and the
    client gets the documented ``{detail, code}`` body in JSON, not the site's HTML error page.
    With DEBUG on, Django's technical page still shows (``None`` lets the exception through)."""
    if settings.DEBUG:
        return None
    request = context.get("request")
    set_rollback()
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    response = Response(
        {"detail": str(ServerError.default_detail), "code": ServerError.default_code},
        status=ServerError.status_code,
    )
    log_response(
        "Internal Server Error: %s",
        getattr(request, "path", "?"),
        response=response,
        request=getattr(request, "_request", request),
        exception=exc,
    )
    return response


class ServerError(exceptions.APIException):
    status_code = 500
    default_detail = _("Something went wrong on the server. The error has been recorded.")
    default_code = "server_error"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("Other records still refer to this one, so it cannot be deleted.")
    default_code = "protected"


class IllegalTransition(Conflict):
    """A workflow move the record's state does not allow (``cppcc.workflow``): a 409 saying the
    state and the move, not a 400 — the request was well-formed, the record has moved on."""

    default_code = "illegal_transition"


def is_illegal_transition(error: DjangoValidationError) -> bool:
    return _all_codes(error, "illegal_transition")


def _all_codes(error: DjangoValidationError, code: str) -> bool:
    """A service's refusal as a whole (not per field) for this one reason."""
    return not hasattr(error, "error_dict") and all(e.code == code for e in error.error_list)


def request_fields(request):
    """The request's body, refused (400, DRF's own message) unless it is an object of fields."""
    serializers.Serializer(data=request.data).is_valid(raise_exception=True)
    return request.data


def field_errors(errors: dict) -> exceptions.ValidationError:
    """Django's errors per field as the API's 400 body: what names no field — a form's or a
    model's own check, a constraint — is Django's ``__all__``, here ``non_field_errors``."""
    return exceptions.ValidationError(
        {
            ("non_field_errors" if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
            for field, messages in errors.items()
        }
    )


def form_errors(form) -> exceptions.ValidationError:
    """A Django form's errors as the API's 400 body."""
    return field_errors(form.errors)


def checked(request, body: type[serializers.Serializer], form_class, **form_kwargs) -> dict:
    """The request's body checked for its types by ``body`` (the documented serializer), then
    for the web form's rules by ``form_class``: the form's cleaned data, or a 400."""
    given = body(data=request_fields(request))
    given.is_valid(raise_exception=True)
    return valid(form_class(given.validated_data, **form_kwargs))


def valid(form) -> dict:
    """The form's cleaned data; its errors as a 400 — a write through the API is checked by the
    very form the web page uses."""
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data
