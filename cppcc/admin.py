"""API tokens in the admin: the platform operator's (superusers) only.

A token acts as its person in every API call, so showing or issuing one is acting as that
person. Committee staff may not act as their members on the web (a member drafts and signs
their own proposals), so they do not manage tokens either; people get their own token by
signing in at /api/v1/auth/token/ with their password.
"""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(DRFTokenAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
