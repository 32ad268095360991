from django.urls import path

from . import member_views as views

app_name = "my_meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:meeting_id>/leave/", views.leave_request, name="leave"),
    path("leave/<int:pk>/withdraw/", views.leave_withdraw, name="leave_withdraw"),
    path("<int:meeting_id>/report/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/file/", views.report_attachment, name="report_attachment"),
    path("notes/new/", views.note_create, name="note_create"),
]
