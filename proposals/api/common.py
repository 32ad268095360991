"""What the proposals API's views share: the request's fields checked, a service's field errors
under the request's names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError

from cppcc.api.base import request_fields


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """A service's refusal of one of its own fields reported under the request's name for it
    (``fields_named(referred_member="member")``), so a 400 points at what the client sent."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from error


def merged_form(form_class, obj, request):
    """A PATCH checked by the page's whole form: the record's values with the sent ones over them."""
    current = {name: getattr(obj, name) for name in form_class.base_fields}
    incoming = request_fields(request)
    incoming = incoming.dict() if hasattr(incoming, "dict") else dict(incoming)
    return form_class({**current, **incoming})


def checked_input(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
