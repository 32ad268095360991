from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
]
