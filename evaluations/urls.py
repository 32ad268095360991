from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("thanks/", views.thanks, name="thanks"),
    path("<str:token>/", views.public_evaluation, name="public"),
]
