"""Answers the API gives outside its router: a JSON 404 under /api/, the ReDoc page."""

from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView
from rest_framework.exceptions import NotFound


def page_not_found(request, exception):
    """A 404 under /api/ (e.g. an id the router's pattern does not take) is the API's JSON
    error body, not the site's HTML page; elsewhere, the site's page."""
    if request.path.startswith("/api/"):
        error = NotFound()
        return JsonResponse({"detail": str(error.detail), "code": error.default_code}, status=404)
    return defaults.page_not_found(request, exception)


class RedocView(SpectacularRedocView):
    """ReDoc, told by the browser's content security policy to fetch nothing from other hosts.

    Its bundle always shows Redocly's logo from cdn.redoc.ly in the sidebar (no setting turns it
    off); with this policy the browser never asks for it (the link text stays)."""

    CONTENT_SECURITY_POLICY = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",  # the template starts ReDoc inline
            "style-src 'self' 'unsafe-inline'",  # ReDoc styles its components inline
            "img-src 'self' data:",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
        )
    )

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = self.CONTENT_SECURITY_POLICY
        return response
