"""List filters shared by the back offices."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import access


class YesNoFilter(admin.SimpleListFilter):
    """A two-way filter; subclasses give the title, the parameter and the two querysets."""

    yes_label = _("Yes")
    no_label = _("No")

    def lookups(self, request, model_admin):
        return [("yes", self.yes_label), ("no", self.no_label)]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.yes(queryset)
        if self.value() == "no":
            return self.no(queryset)
        return queryset

    def yes(self, queryset):
        raise NotImplementedError

    def no(self, queryset):
        raise NotImplementedError


class OpenPeriodFilter(YesNoFilter):
    """Periods still open (no end date) or ended."""

    title = _("current")
    parameter_name = "current"
    yes_label = _("Current")
    no_label = _("Ended")

    def yes(self, queryset):
        return queryset.filter(end_date__isnull=True)

    def no(self, queryset):
        return queryset.filter(end_date__isnull=False)


def committee_in_view(request) -> int | None:
    """The committee a list is narrowed to: the one picked in its committee filter (any
    ``…committee__id__exact`` parameter naming a committee the user may read), else the user's
    own."""
    for key, value in request.GET.items():
        if key.endswith("committee__id__exact") and value.isdigit():
            if access.can_read_committee(request.user, int(value)):
                return int(value)
    return request.user.committee_id


class OneCommitteeRelatedFilter(admin.RelatedFieldListFilter):
    """A related-object filter offering one committee's objects (sectors, terms, handling
    units…): those of the committee in view (``committee_in_view``).

    A provincial committee's staff read every committee below them: offering every related
    object met in the list (``RelatedOnlyFieldListFilter``) would render thousands of links and
    cost a pass over every row of the list on each load.
    """

    #: How to reach the committee from the related model.
    committee_path = "committee"

    def field_choices(self, field, request, model_admin):
        committee_id = committee_in_view(request)
        if committee_id is None:
            return []
        related = field.related_model._default_manager.filter(
            **{f"{self.committee_path}_id": committee_id}
        )
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            related = related.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in related]


class ReadableCommitteeFilter(admin.RelatedFieldListFilter):
    """The committee filter of a big list: every committee the user may read, without a pass
    over the list's rows to find which of them have any (``RelatedOnlyFieldListFilter``)."""

    def field_choices(self, field, request, model_admin):
        committees = access.readable_committees(request.user).order_by("path")
        return [(pk, name) for pk, name in committees.values_list("pk", "name")]
