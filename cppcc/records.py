"""The plain "set these fields, check the model's rules, save" step that services share."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save_fields(instance: M, fields: Mapping[str, Any], *, allowed: Collection[str]) -> M:
    """Set ``fields`` (only names in ``allowed``: a caller's typo is a bug, not a silent no-op),
    run ``full_clean`` and save. Callers wrap it in their own ``transaction.atomic``."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected {type(instance).__name__} fields: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance
