from django.urls import path

from . import views

app_name = "calendar_feed"

urlpatterns = [
    path("me/calendar/", views.calendar_feed, name="settings"),
    path("calendar/<str:token>.ics", views.calendar_feed_ics, name="feed"),
]
