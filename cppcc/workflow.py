"""The one way a service moves a record along its django-fsm state machine."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, can_proceed


class StateField(FSMField):
    """A django-fsm state field that migrations record as the plain CharField it is in the table.

    django-fsm's field connects a ``class_prepared`` receiver each time it is attached to a model,
    historical models included: with the field in migrations, every model state rendered during
    ``migrate`` added receivers that every later model class then ran through, which made a
    migration run (each test database, each upgrade) several times slower. The transitions only
    matter on the real models, so migrations get the column without them.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("protected", None)
        return name, "django.db.models.CharField", args, kwargs


def run_transition(
    instance: models.Model, method_name: str, message, message_params=None, **kwargs
) -> None:
    """Apply the transition ``method_name`` (with ``kwargs``), or refuse it with ``message``.

    ``message`` is formatted with ``state`` (the label of the current state) and any
    ``message_params``, so the person reads why the step is not possible now.
    """
    method = getattr(instance, method_name)
    if not can_proceed(method):
        state_field = method._django_fsm.field
        name = state_field if isinstance(state_field, str) else state_field.name
        state = getattr(instance, f"get_{name}_display")()
        raise ValidationError(
            message % {"state": state, **(message_params or {})}, code="illegal_transition"
        )
    method(**kwargs)
