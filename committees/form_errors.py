"""Showing a service's ValidationError on the browser form that called it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put each message next to the field it names when the form has that field, else at the
    top of the form: a service may name model fields the form does not show."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
