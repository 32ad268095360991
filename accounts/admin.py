from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout, services, two_factor
from .models import User

# django-otp's own device admins show every person's secret (as a QR code) to whoever may view
# them, across committees; staff reset a person's two-factor with the action below instead.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class SignInLockedFilter(admin.SimpleListFilter):
    title = _("sign-in")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", _("Locked")), ("no", _("Not locked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**lockout.locked_lookup())
        if self.value() == "no":
            return queryset.exclude(**lockout.locked_lookup())
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "name",
        "committee",
        "is_staff",
        "is_active",
        "sign_in_locked",
        "two_factor_on",
        "last_login",
    ]
    list_filter = ["is_staff", "is_active", SignInLockedFilter, "committee"]
    list_select_related = ["committee"]
    search_fields = ["username", "name", "email", "phone"]
    actions = ["unlock_sign_in", "reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email", "phone", "committee")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "name", "password1", "password2")}),
    )

    def get_queryset(self, request):
        qs = lockout.with_sign_in_failures(super().get_queryset(request)).annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        if request.user.is_superuser:
            return qs
        return qs.filter(committee_id=request.user.committee_id, is_superuser=False)

    @admin.display(description=_("sign-in locked"), boolean=True, ordering="sign_in_failures")
    def sign_in_locked(self, obj):
        return obj.sign_in_failures >= settings.AXES_FAILURE_LIMIT

    @admin.display(description=_("two-factor on"), boolean=True, ordering="has_two_factor")
    def two_factor_on(self, obj):
        return obj.has_two_factor

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        # Staff manage their committee's accounts but cannot grant themselves more power.
        return ["committee", "is_staff", "is_superuser", "groups", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.committee_id = request.user.committee_id
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_sessions_end_after_deactivation(user=obj)

    @admin.action(description=_("Unlock sign-in"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        # The queryset is already limited to the staff member's own committee (get_queryset).
        usernames = list(queryset.values_list("username", flat=True))
        services.unlock_sign_in(usernames)
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d account.",
                "Sign-in unlocked for %(count)d accounts.",
                len(usernames),
            )
            % {"count": len(usernames)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset two-factor sign-in"), permissions=["change"])
    def reset_two_factor(self, request, queryset):
        # As above: only the staff member's own committee's accounts reach here.
        reset = two_factor.two_factor_reset(
            users=list(queryset), by=request.user, keep_session=request.session.session_key
        )
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d account; they sign in with their "
                "password and set it up again.",
                "Two-factor sign-in reset for %(count)d accounts; they sign in with their "
                "password and set it up again.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )
