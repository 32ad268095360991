"""Form fields and helpers shared by the apps' forms and admin pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Field


def could_be_stored(model_field: Field, value) -> bool:
    """Whether ``value`` can be looked up in ``model_field``'s column at all: of its type and,
    for whole numbers, inside the column's range. Django passes an id such as "1.5" or
    "99999999999999999999" to the database in some places (``pk__in``), where it fails with a
    ValueError or OverflowError — a server error instead of "not a valid choice"."""
    try:
        value = model_field.to_python(value)
    except ValidationError:
        return False
    if not isinstance(value, int):
        return True
    database = connections[router.db_for_read(model_field.model)]
    low, high = database.ops.integer_field_range(model_field.get_internal_type())
    return (low is None or value >= low) and (high is None or value <= high)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no row can have because the column cannot hold it with
    Django's own "not a valid value" message (SQLite raised OverflowError)."""

    def _check_values(self, value):
        if not self.to_field_name:
            pk = self.queryset.model._meta.pk
            for given in value:
                if not could_be_stored(pk, given):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": given},
                    )
        return super()._check_values(value)
