"""The public pages of the contact points (no sign-in)."""

from django.urls import path

from . import public_views

app_name = "contact_points"

urlpatterns = [
    path("", public_views.point_list, name="list"),
    path("<int:pk>/", public_views.point_detail, name="detail"),
]
