"""The committee overview in the browser, for committee staff (not under /admin/)."""

from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("", views.overview_index, name="index"),
    path("<int:committee_id>/<int:year>/", views.overview, name="committee"),
]
