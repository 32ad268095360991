from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .health import healthz

admin.site.site_header = admin.site.site_title = _("CPPCC member performance management")
admin.site.index_title = _("Committee workbench")

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(("cppcc.api.urls", "api"))),
    path("notifications/", include("notifications.urls")),
    path("groups/", include("liaison.group_urls")),
    path("proposals/", include("proposals.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("staff/overview/", include("reports.overview_urls")),
    # Before the admin: its catch-all would answer these URLs with a 404.
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("evaluate/", include("evaluations.urls")),
    # Uploaded files are served by these apps' views after an access check, never from /media/.
    path("me/activities/", include("liaison.member_urls")),
    path("me/meetings/", include("meetings.member_urls")),
    path("contact-points/", include("liaison.public_urls")),
    path("clues/", include("proposals.public_urls")),
    path("", include("opendata.urls")),
]

handler404 = "cppcc.api.views.page_not_found"
