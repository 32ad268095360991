"""The list filters' backend: django-filter, with an empty parameter refused.

``?started_before=`` is not a date: a client sending it has a bug it should hear about, and the
schema (a date, an id, a choice) says so. django-filter would drop it silently."""

from django import forms
from django.db.models import BooleanField, IntegerField
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

#: The largest id a database integer key holds; a larger one is a 400, not a server error.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A related object's id: a whole number; an id matching nothing gives an empty list."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(filters.NumberFilter):
    """A calendar year (1–9999): a whole number, so a date lookup never sees a bad year. By
    default the year of a date field; ``lookup_expr="exact"`` for a year stored as a number."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, min_value=1, max_value=9999, **kwargs)


@extend_schema_field({"type": "integer"})
class IntegerFilter(filters.NumberFilter):
    """A whole number (django-filter's default for a number is a decimal)."""

    field_class = forms.IntegerField


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or absent); anything else is refused instead of being ignored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError(self.error_messages["required"], code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput  # not a widget that turns "maybe" into None
        super().__init__(*args, **kwargs)


class IdFilterSet(filters.FilterSet):
    """Foreign keys in ``Meta.fields`` filter by id (no 400 for an id that matches nothing)."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        if field.is_relation and lookup_type == "exact":
            return IdFilter, {}
        if isinstance(field, BooleanField):
            return StrictBooleanFilter, {}
        if isinstance(field, IntegerField) and lookup_type == "exact":
            return IntegerFilter, {}
        return super().filter_for_lookup(field, lookup_type)


class PeriodFilterSet(IdFilterSet):
    """For a record of a term (a membership, a convener's post): when it started, and whether it
    is current (no end date)."""

    started_after = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    started_before = filters.DateFilter(field_name="start_date", lookup_expr="lte")
    current = StrictBooleanFilter(field_name="end_date", lookup_expr="isnull")


def year_filter(field_name: str) -> YearFilter:
    """The year of a date field."""
    return YearFilter(field_name=field_name)


class FilterBackend(DjangoFilterBackend):
    """Filters of a list: ids filter by id (an unknown one matches nothing: no 400 that would
    tell another committee's ids apart), and a filter given empty is refused (a client that does
    not want a filter leaves it out; the schema says so with ``minLength: 1``)."""

    #: For lists declaring only ``filterset_fields``.
    filterset_base = IdFilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            empty = {
                name: [_("This parameter cannot be empty: leave it out instead.")]
                for name in filterset.form.fields
                if name in request.query_params
                and any(value == "" for value in request.query_params.getlist(name))
            }
            if empty:
                raise ValidationError(empty)
        return filterset


#: Query parameters that are not filters: an empty search or ordering means none.
NOT_FILTERS = {"search", "ordering", "page", "page_size", "format"}


def document_non_empty_filters(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing: a filter parameter may not be empty (``FilterBackend``
    refuses ``?state=``), so text filters carry ``minLength: 1``."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            for parameter in operation.get("parameters", ()):
                schema = parameter.get("schema", {})
                if (
                    parameter.get("in") == "query"
                    and parameter["name"] not in NOT_FILTERS
                    and schema.get("type") == "string"
                    and "enum" not in schema
                ):
                    schema["minLength"] = 1
    return result
