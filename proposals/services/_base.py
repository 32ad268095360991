"""Helpers every workflow service uses: permission checks and guarded transitions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMFieldMixin, TransitionNotAllowed, can_proceed


def require_perm(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def require_text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def state_error(message) -> ValidationError:
    """A refusal because of the record's state, not its data: the API answers it with a 409."""
    return ValidationError(message, code="illegal_transition")


def _state_field(obj: models.Model) -> FSMFieldMixin:
    return next(f for f in obj._meta.concrete_fields if isinstance(f, FSMFieldMixin))


def transition_label(model: type[models.Model], name: str):
    """The translated name of a transition, as people call the step."""
    meta = getattr(model, name)._django_fsm
    return next(iter(meta.transitions.values())).custom["label"]


def illegal_transition(obj: models.Model, name: str) -> ValidationError:
    field = _state_field(obj)
    return ValidationError(
        obj.illegal_transition_message,
        code="illegal_transition",
        params={
            "state": obj._get_FIELD_display(field),
            "action": transition_label(type(obj), name),
        },
    )


def require_transition(obj: models.Model, name: str) -> None:
    """Refuse, with a clear message, a step the record's current state does not allow."""
    if not can_proceed(getattr(obj, name)):
        raise illegal_transition(obj, name)


def run_transition(obj: models.Model, name: str, **kwargs) -> None:
    require_transition(obj, name)
    try:
        getattr(obj, name)(**kwargs)
    except TransitionNotAllowed as exc:
        raise illegal_transition(obj, name) from exc


def lock(obj: models.Model) -> None:
    """Re-read the row under a lock, so two people cannot move it at the same time."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())


def save(obj: models.Model, *, by=None) -> None:
    """Validate, then save; ``by`` is recorded as the author of the history entry."""
    obj.full_clean()
    if by is not None and getattr(by, "is_authenticated", False):
        # Outside a request (a task, a command) the history middleware knows no user.
        obj._history_user = by
    obj.save()
