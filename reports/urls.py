from django.contrib import admin
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("figures/", admin.site.admin_view(views.figures_index), name="figures_index"),
    path(
        "figures/<int:committee_id>/<int:year>.pdf",
        admin.site.admin_view(views.figures_pdf),
        name="figures_pdf",
    ),
    path(
        "figures/<int:committee_id>/<int:year>.xlsx",
        admin.site.admin_view(views.figures_xlsx),
        name="figures_xlsx",
    ),
]
