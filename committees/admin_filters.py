"""List filters shared by the back offices."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


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
