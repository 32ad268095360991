"""The public's proposal-clue form (no sign-in)."""

from django.urls import path

from . import public_views

app_name = "clues"

urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("thanks/", public_views.thanks, name="thanks"),
]
