"""/api/v1/ (every app's ``ROUTES``), the OpenAPI schema, Swagger UI and ReDoc, token sign-in."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .auth import TokenSignInView
from .views import RedocView

PROJECT_ROOT = Path(apps.get_app_config("cppcc").path).parent


def project_api_modules():
    """The ``api`` module of every project app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if Path(config.path).parent != PROJECT_ROOT or config.name == "cppcc":
            continue
        try:
            yield import_module(f"{config.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.api":
                raise


# No format suffixes (``/members/1.json``): ``?format=`` is the one way to ask for a format.
class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
for module in project_api_modules():
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/auth/token/", TokenSignInView.as_view(), name="api_token"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api_schema"), name="api_docs"),
    path("redoc/", RedocView.as_view(url_name="api:api_schema"), name="api_redoc"),
]
