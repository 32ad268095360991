"""The OpenAPI schema documents every error an endpoint can answer, with one body per kind.

Error bodies (``cppcc.api.base.exception_handler`` makes them so):

- 400: ``ValidationError`` — field name → list of messages, ``non_field_errors`` for the whole
  request; messages in the user's language (Chinese by default).
- 401, 403, 404, 409, 415, 429: ``Error`` — ``{"detail": message, "code": machine-readable code}``;
  a 429 carries ``Retry-After`` (seconds).

Which codes an operation gets follows from the view itself, so a new endpoint is documented
without a decorator: 400 for a write or a filtered list, 401 wherever credentials are read, 403
for writes (role, CSRF) or a permission beyond "signed in", 404 for a path with an id or a
paginated list (a page past the end), 409 for a delete (rows still referring to it) or a workflow
move (a POST to an action on one record: its state may forbid it), 415 where a body is read (one
sent without a media type, or in one the endpoint does not read), 429 where a throttle applies.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, get_lib_doc_excludes
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

#: Permissions that never refuse a signed-in person (so a GET with only these has no 403).
SIGNED_IN_ENOUGH = (permissions.AllowAny, permissions.IsAuthenticated)

DESCRIPTIONS = {
    "400": "The request was refused: the messages per field say why.",
    "401": "No credentials, or a wrong or deactivated token.",
    "403": "The person may not do this (a role they do not hold, or a missing CSRF token "
    "with session sign-in).",
    "404": "No such object among those the person may see (another committee's or person's "
    "objects are not found), or no such page.",
    "409": "Other records still refer to this object (a delete), or the record's state does not "
    "allow this step (a workflow move).",
    "415": "The body's media type is missing or not one the endpoint reads (JSON, a form).",
    "422": "The Idempotency-Key was already used by this person for a different request.",
    "429": "Too many requests: try again after Retry-After seconds.",
}


def lib_doc_excludes() -> list[type]:
    """Our mixins' docstrings are for programmers: a viewset without its own is not described
    by them (SPECTACULAR_SETTINGS["GET_LIB_DOC_EXCLUDES"])."""
    from .base import RoleScopedMixin

    return [RoleScopedMixin, *get_lib_doc_excludes()]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.CharField(
        help_text="Machine-readable: not_authenticated, authentication_failed, "
        "permission_denied, not_found, protected, throttled, …"
    )

    class Meta:
        ref_name = "Error"


VALIDATION_ERROR = {
    "type": "object",
    "description": "Field name → messages; `non_field_errors` for the request as a whole. "
    "A nested field gives an object of the same shape.",
    "properties": {"non_field_errors": {"type": "array", "items": {"type": "string"}}},
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    description="A UUID the client makes up for each new record. A signed-in client that sends "
    "the create again with the same key (a retry after a lost answer) gets the first answer "
    "again, with the header `Idempotent-Replayed: true`, and no second record; the same key "
    "with a different request is refused (422). A refused create claims nothing.",
)


class AutoSchema(SpectacularAutoSchema):
    def _is_idempotent_create(self) -> bool:
        from .base import RoleScopedMixin

        return (
            self.method == "POST"
            and getattr(self.view, "action", None) == "create"
            and isinstance(self.view, RoleScopedMixin)
        )

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_idempotent_create():
            parameters = [*parameters, IDEMPOTENCY_KEY]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self.error_codes():
            responses.setdefault(code, self._error_response(code))
        for code, response in responses.items():
            # An error an endpoint documents by hand (a description of its own) still has the
            # shared body.
            if code.startswith(("4", "5")) and not response.get("content"):
                shared = self._error_response(code)
                shared["description"] = response.get("description") or shared["description"]
                responses[code] = {**response, **shared}
        return responses

    def error_codes(self) -> list[str]:
        view, method = self.view, self.method
        unsafe = method not in permissions.SAFE_METHODS
        authenticators = view.get_authenticators()
        refusing = [
            perm for perm in view.get_permissions() if not isinstance(perm, SIGNED_IN_ENOUGH)
        ]
        codes = []
        # A read offering several formats refuses a ``?format=`` it does not know.
        several_formats = method == "GET" and len(view.get_renderers()) > 1
        if unsafe or self._is_filtered_list() or several_formats:
            codes.append("400")
        if authenticators:
            codes.append("401")
        session = any(isinstance(a, SessionAuthentication) for a in authenticators)
        if refusing or (unsafe and session):
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if method == "DELETE" or self._is_workflow_move():
            codes.append("409")
        if unsafe and self.get_request_serializer() is not None:
            codes.append("415")
        if self._is_idempotent_create():
            codes.append("422")
        if view.get_throttles():
            codes.append("429")
        return codes

    def _is_workflow_move(self) -> bool:
        """A POST to an ``@action`` on one record: a move its state may forbid (a viewset names
        the actions that have no state to forbid them in ``stateless_actions``, and other
        actions that do — an edit allowed only in a draft — in ``conflicting_actions``)."""
        action = getattr(self.view, "action", None) or ""
        if action in getattr(self.view, "conflicting_actions", ()):
            return True
        handler = getattr(type(self.view), action, None)
        return (
            self.method == "POST"
            and bool(getattr(handler, "detail", False))
            and action not in getattr(self.view, "stateless_actions", ())
        )

    def _is_filtered_list(self) -> bool:
        view = self.view
        return (
            self.method == "GET"
            and self._is_list_view()
            and any(
                issubclass(b, DjangoFilterBackend) for b in getattr(view, "filter_backends", ())
            )
            and bool(
                getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None)
            )
        )

    def _error_response(self, code: str) -> dict:
        if code == "400":
            component = ResolvedComponent(
                name="ValidationError",
                type=ResolvedComponent.SCHEMA,
                object="ValidationError",
                schema=VALIDATION_ERROR,
            )
            self.registry.register_on_missing(component)
            response = {
                "content": {"application/json": {"schema": component.ref}},
                "description": DESCRIPTIONS[code],
            }
        else:
            response = self._get_response_for_code(ErrorSerializer, code)
            response["description"] = DESCRIPTIONS[code]
        if code == "429":
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "Seconds to wait before the next request.",
                }
            }
        return response
