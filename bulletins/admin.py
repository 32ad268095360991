"""Staff write and publish bulletins here, and see who has read each one (and who has not)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_mixins import CommitteeScopedAdmin

from . import selectors, services
from .models import Bulletin

#: The most names the change page lists as "not read yet"; the count says how many in all.
NOT_READ_SHOWN = 300


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@admin.register(Bulletin)
class BulletinAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "sector", "published_at", "read_display", "committee"]
    list_select_related = ["committee", "sector"]
    list_filter = ["kind", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["sector"]
    fields = [
        "committee",
        "kind",
        "title",
        "body",
        "sector",
        "published_at",
        "read_display",
        "readers",
        "not_read",
    ]
    readonly_fields = ["read_display", "readers", "not_read"]
    actions = ["publish_now"]

    def get_queryset(self, request):
        return selectors.with_read_counts(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("read"))
    def read_display(self, obj: Bulletin) -> str:
        # Only rows of get_queryset() carry the counts (not an old version on a history page).
        if not hasattr(obj, "read_count"):
            return "—"
        return _("%(read)d of %(audience)d") % {
            "read": obj.read_count,
            "audience": obj.audience_count,
        }

    @admin.display(description=_("read by"))
    def readers(self, obj: Bulletin):
        if obj.pk is None:
            return "—"
        reads = selectors.bulletin_readers(obj)
        return (
            format_html_join(
                "、",
                "{} ({})",
                ((r.member.name, _when(r.read_at)) for r in reads),
            )
            or "—"
        )

    @admin.display(description=_("not read yet"))
    def not_read(self, obj: Bulletin):
        if obj.pk is None:
            return "—"
        names = list(
            selectors.bulletin_not_read_by(obj).values_list("name", flat=True)[: NOT_READ_SHOWN + 1]
        )
        if not names:
            return "—"
        shown = "、".join(names[:NOT_READ_SHOWN])
        return shown + (" …" if len(names) > NOT_READ_SHOWN else "")

    @admin.action(description=_("Publish the selected bulletins now"), permissions=["change"])
    def publish_now(self, request, queryset):
        published = 0
        for bulletin in queryset.filter(published_at__isnull=True):
            if self._obj_writable(request, bulletin):
                published += services.bulletin_publish(bulletin=bulletin)
        self.message_user(
            request,
            ngettext("%(count)d bulletin published.", "%(count)d bulletins published.", published)
            % {"count": published},
            messages.SUCCESS,
        )
