"""Notifications are records of what was sent: staff read them, nobody edits them here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from committees.admin_filters import YesNoFilter
from committees.admin_mixins import CommitteeScopedAdmin

from .models import Notification, NotificationPreference


class ReadFilter(YesNoFilter):
    title = _("read")
    parameter_name = "read"
    yes_label = _("Read")
    no_label = _("Unread")

    def yes(self, queryset):
        return queryset.filter(read_at__isnull=False)

    def no(self, queryset):
        return queryset.filter(read_at__isnull=True)


@admin.register(Notification)
class NotificationAdmin(CommitteeScopedAdmin):
    list_display = [
        "created_at",
        "reason",
        "recipient_display",
        "title",
        "read_at",
        "email_sent_at",
    ]
    list_filter = ["reason", ReadFilter, ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "email", "recipient__username", "recipient__name", "period"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    fields = [
        "committee",
        "reason",
        "period",
        "recipient",
        "email",
        "title",
        "body",
        "url",
        "created_at",
        "read_at",
        "email_sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("recipient"), ordering="recipient__username")
    def recipient_display(self, obj: Notification) -> str:
        return obj.recipient_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(CommitteeScopedAdmin):
    committee_path = "user__committee"
    list_display = ["user", "reason", "muted"]
    list_filter = ["reason", "muted"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user"]
