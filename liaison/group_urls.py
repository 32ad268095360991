"""A liaison-group leader's pages for their own group's work (under /groups/)."""

from django.urls import path

from . import group_views

app_name = "group_work"

urlpatterns = [
    path("<int:group_id>/<int:year>/plan/", group_views.work_plan, name="work_plan"),
    path("<int:group_id>/<int:year>/report/", group_views.year_end_report, name="year_end_report"),
    path("<int:group_id>/<int:year>/activities/", group_views.activities, name="activities"),
    path("<int:group_id>/activities/new/", group_views.activity_new, name="activity_new"),
    path("<int:group_id>/activities/<int:pk>/", group_views.activity, name="activity"),
]
