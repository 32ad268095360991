from django.urls import path

from .views import members, reports, units

app_name = "proposals"

urlpatterns = [
    path("", members.mine, name="mine"),
    path("new/", members.create, name="create"),
    path("<int:pk>/", members.detail, name="detail"),
    path("<int:pk>/edit/", members.edit, name="edit"),
    path("<int:pk>/submit/", members.submit, name="submit"),
    path("<int:pk>/rate/", members.rate, name="rate"),
    path("<int:pk>/cosigners/", members.invite, name="invite"),
    path(
        "<int:pk>/cosigners/<int:cosigner_pk>/remove/",
        members.cosigner_remove,
        name="cosigner_remove",
    ),
    path("cosigning/<int:cosigner_pk>/", members.cosign_respond, name="cosign_respond"),
    path("unit/", units.inbox, name="inbox"),
    path("unit/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("unit/replies/<int:assignment_pk>/", units.reply, name="reply"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
]
