"""Form fields shared by the apps' forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id no row can have because the column cannot hold it
    (``"99999999999999999999"``) with Django's own "not a valid value" message. Django passes
    such an id to the database, and SQLite refuses it with an OverflowError: a server error
    instead of a message next to the field."""

    def _check_values(self, value):
        if not self.to_field_name:
            pk = self.queryset.model._meta.pk
            database = connections[router.db_for_read(self.queryset.model)]
            low, high = database.ops.integer_field_range(pk.get_internal_type())
            for given in value:
                try:
                    number = int(given)
                except (TypeError, ValueError):
                    continue  # Django's own check refuses it with the same message
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": given},
                    )
        return super()._check_values(value)
